// A bump allocator of Value cells for lists and records built during one evaluation.
// Chunks are kept across evaluations, so a session in steady state allocates nothing.
#pragma once
#include <memory>
#include <vector>

#include "runtime/value/value.hpp"

namespace edict::vm {

class Arena {
public:
    Value* alloc(size_t n);
    void reset() { chunk_ = 0; used_ = 0; }

private:
    static constexpr size_t kChunk = 1024;
    std::vector<std::unique_ptr<Value[]>> chunks_;
    std::vector<size_t> sizes_;
    size_t chunk_ = 0;
    size_t used_ = 0;
};

}  // namespace edict::vm
