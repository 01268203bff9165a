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
    absent_filled_.push_back(from.absent_filled);
    if (!ill_typed) {
        message_set_.push_back(0);
        return;
    }
    messages_.emplace_back(from.messages, from.messages + width_);
    message_set_.push_back(static_cast<uint32_t>(messages_.size()));
}

vm::CaseView CaseRows::view(size_t row) const {
    const uint32_t m = message_set_[row];
    return {values_.data() + row * width_, states_.data() + row * width_, m ? messages_[m - 1].data() : nullptr,
            absent_filled_[row]};
}

}  // namespace edict::io
