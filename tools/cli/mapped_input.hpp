// A batch's input read in place: a regular file mapped read-only, so its cases are decoded where
// the kernel keeps them (no copy into a read buffer, none into each record). Takes: an open file.
// Produces: its bytes, or "not mapped" (a pipe, a terminal, an empty file, a failed mmap), when the
// caller reads it with read(2) as before (docs/performance.md, "fourth pass").
// A file cut short while mapped would raise SIGBUS on the first read past its new end; while an
// input is mapped a SIGBUS handler maps zero pages over the rest of it instead and records the
// cut (shrank()), so the batch stops with an error rather than a crash. One mapping at a time.
#pragma once
#include <cstddef>
#include <cstdio>
#include <string_view>

namespace edict::cli {

class MappedInput {
public:
    MappedInput() = default;
    ~MappedInput();
    MappedInput(const MappedInput&) = delete;
    MappedInput& operator=(const MappedInput&) = delete;

    // Maps `f` from its current position to its end when it is a regular file with bytes left and
    // no other input is mapped; false otherwise (nothing changed: read `f` as usual).
    bool map(std::FILE* f);
    bool mapped() const { return data_ != nullptr; }
    std::string_view bytes() const { return {data_, size_}; }
    // The bytes before `offset` will not be read again: their pages leave this process's memory
    // (the file stays in the page cache), so a batch's footprint is the cases in flight, not the file.
    void release_before(size_t offset);
    // The file was cut short while mapped: every byte from the first page read past its new end
    // reads as zero. Set before any such byte is read (by the thread that reads it).
    static bool shrank();
    // Whether the bytes before `offset` may have read as zeros because the file was cut: shrank(),
    // or the file now ends before `offset` (a cut inside the last page raises no SIGBUS: the rest of
    // that page reads as zeros). Asked after those bytes were read, before their results are written.
    bool cut_before(size_t offset) const;

private:
    int fd_ = -1;
    long long file_at_ = 0;  // the file offset of data_
    char* data_ = nullptr;
    size_t size_ = 0;      // the bytes mapped: from the position at map() to the end of the file then
    char* base_ = nullptr; // the mapping's start (page-aligned, at or before data_)
    size_t length_ = 0;    // the mapping's length from base_
    size_t released_ = 0;  // bytes from base_ already given back
};

}  // namespace edict::cli
