// Storage for the values of one decoded case: list items, record fields and text. Takes: requests
// for n Value cells or a copy of some text. Produces: pointers that stay valid until reset().
// Chunks are kept across cases (reset() only rewinds), so a batch of cases decodes into the same
// memory over and over: its footprint is that of the largest case, not the sum of them.
#pragma once
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "runtime/value/value.hpp"

namespace edict::io {

class CaseStore {
public:
    Value* values(size_t n);
    std::string_view text(std::string_view s);
    // Keeps `items` whole and gives its cells: a long list read into a vector of its own is not
    // copied (a copy would hold the list twice at the peak).
    const Value* adopt(std::vector<Value>&& items);
    void reset();

private:
    // One bump region of T; a new chunk doubles the previous one up to kMaxChunk bytes, so the
    // space wasted at chunk ends stays a small fraction of what is stored.
    template <class T>
    struct Chunks {
        std::vector<std::unique_ptr<T[]>> chunks;
        std::vector<size_t> sizes;
        size_t chunk = 0, used = 0;
        T* take(size_t n);
        void rewind() { chunk = 0; used = 0; }
    };
    Chunks<Value> cells_;
    Chunks<char> chars_;
    std::vector<std::vector<Value>> adopted_;
};

}  // namespace edict::io
