#include "runtime/io/case_rows.hpp"

namespace edict::io {

Value CaseRows::own(const Value& v) {
    Value out = v;
    switch (v.tag) {
        case Tag::Text: {
            const std::string_view t = store_.text(v.text_view());
            out.str = t.data();
            break;
        }
        case Tag::List:
        case Tag::Record: {
            // A record's fields are as many as its description says; a list's items its length.
            const size_t n = v.tag == Tag::List ? v.aux : program_.types.record_at(v.aux).fields.size();
            Value* items = store_.values(n);
            for (size_t i = 0; i < n; ++i) items[i] = own(v.items[i]);
            out.items = items;
            break;
        }
        default: break;  // scalars, decimals and enums hold their whole value
    }
    return out;
}

void CaseRows::append(const DecodedCase& c) {
    const vm::CaseView from = c.view();
    bool ill_typed = false;
    for (size_t i = 0; i < width_; ++i) {
        values_.push_back(own(from.values[i]));
        states_.push_back(from.present[i]);
        ill_typed |= from.present[i] == vm::InputState::IllTyped;
    }
    Row r{from.absent_filled};
    if (ill_typed) {
        messages_.emplace_back(from.messages, from.messages + width_);
        r.messages = static_cast<uint32_t>(messages_.size());
    }
    rows_.push_back(r);
}

vm::CaseView CaseRows::view(size_t row) const {
    const Row& r = rows_[row];
    return {values_.data() + row * width_, states_.data() + row * width_,
            r.messages ? messages_[r.messages - 1].data() : nullptr, r.absent_filled};
}

}  // namespace edict::io
