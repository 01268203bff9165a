#include "runtime/vm/arena.hpp"

namespace edict::vm {

Value* Arena::alloc(size_t n) {
    if (n == 0) n = 1;
    while (chunk_ < chunks_.size() && used_ + n > sizes_[chunk_]) { ++chunk_; used_ = 0; }
    if (chunk_ == chunks_.size()) {
        size_t size = n > kChunk ? n : kChunk;
        chunks_.push_back(std::make_unique<Value[]>(size));
        sizes_.push_back(size);
        used_ = 0;
    }
    Value* p = chunks_[chunk_].get() + used_;
    used_ += n;
    return p;
}

}  // namespace edict::vm
