#include "runtime/io/case_store.hpp"

#include <algorithm>
#include <cstring>

namespace edict::io {

namespace {
constexpr size_t kFirstChunkBytes = 4u << 10;
constexpr size_t kMaxChunkBytes = 1u << 20;
}  // namespace

template <class T>
T* CaseStore::Chunks<T>::take(size_t n) {
    if (n == 0) n = 1;
    while (chunk < chunks.size() && used + n > sizes[chunk]) { ++chunk; used = 0; }
    if (chunk == chunks.size()) {
        size_t grown = sizes.empty() ? kFirstChunkBytes / sizeof(T) : std::min(2 * sizes.back(), kMaxChunkBytes / sizeof(T));
        size_t size = std::max(n, grown);
        chunks.push_back(std::make_unique_for_overwrite<T[]>(size));
        sizes.push_back(size);
        used = 0;
    }
    T* p = chunks[chunk].get() + used;
    used += n;
    return p;
}

Value* CaseStore::values(size_t n) { return cells_.take(n); }

std::string_view CaseStore::text(std::string_view s) {
    if (s.empty()) return {};
    char* p = chars_.take(s.size());
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
}

const Value* CaseStore::adopt(std::vector<Value>&& items) {
    adopted_.push_back(std::move(items));
    return adopted_.back().data();
}

void CaseStore::reset() {
    cells_.rewind();
    chars_.rewind();
    adopted_.clear();
}

}  // namespace edict::io
