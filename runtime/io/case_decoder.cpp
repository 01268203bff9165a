// The streaming case decoder: nlohmann's SAX events → input values. One frame per open JSON
// container says where the values read in it go:
//   Case    the case object: each key names an input, its value decodes to the input's type
//   List    a list input (or a list inside one): items collect on `pending`, then move to the store
//   Record  a record: each key names a field, its value goes to the field's cell
//   Skip    a value that is not decoded (unknown key with --allow-extra, a value already wrong, a
//           case already refused): only read through, so that a JSON error later still wins
// Scalars are decoded by decode_value itself (through a one-node io::Json reused for each), so
// every message about a value is the tree decoder's own. What the tree decoder decides by looking
// at a whole container (a list too long, an unknown record field, the first wrong field in
// declaration order) is decided here when the container closes.
#include "runtime/io/case_decoder.hpp"

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "runtime/io/case_fast_decoder.hpp"
#include "runtime/io/json_sax.hpp"

namespace edict::io {

namespace {

enum class FrameKind : uint8_t { Case, List, Record, Skip };

struct Frame {
    FrameKind kind = FrameKind::Skip;
    bool array = false;
    size_t count = 0;  // arrays: values begun so far (the one being read is count - 1)
    std::string key;   // objects: the current key
    // Case: the input the current key names, or -1 (skip it).
    // Record: the field the current key names, or -1 (unknown or given twice: skip it).
    int slot = -1;
    TypeId type = 0;          // List: its item type; Record: its own type
    size_t base = 0;          // List: its first item on `pending`; Record: its seen flags on `flags`
    Value* block = nullptr;   // Record: its field cells
    size_t wrong_field = SIZE_MAX;  // Record: the first field, in declaration order, that is wrong
    std::string why;          // List: the first wrong item; Record: that field's, or an unknown key
    bool unknown = false;     // Record: `why` names a key that is not a field
};

class CaseReader final : public nlohmann::json_sax<nlohmann::json> {
public:
    CaseReader(const Program& p, bool allow_extra, DecodedCase& out) : p_(p), allow_extra_(allow_extra), out_(out) {
        out_.pending.clear();
    }
    std::string error;       // set when the reader stops the parse
    CaseError case_error;    // the case as a whole is wrong (reported if the text is JSON)
    bool refused = false;

    bool null() override {
        Json& j = scalar(Json::Type::Null);
        if (depth_ > 0 && top().kind == FrameKind::Case) { begin(); return true; }  // null means absent
        return value(j);
    }
    bool boolean(bool v) override { scalar(Json::Type::Bool).boolean = v; return value(scalar_); }
    bool number_integer(number_integer_t v) override { return integer(v, [&] { return std::to_string(v); }); }
    bool number_unsigned(number_unsigned_t v) override { return integer(v, [&] { return std::to_string(v); }); }
    bool number_float(number_float_t, const string_t& s) override {
        scalar(Json::Type::Number).text = s;
        return value(scalar_);
    }
    bool string(string_t& s) override {
        scalar(Json::Type::String).text = s;
        return value(scalar_);
    }
    bool binary(binary_t&) override { error = "binary values are not JSON"; return false; }
    bool start_object(std::size_t) override { return open(false); }
    bool key(string_t& k) override {
        Frame& f = top();
        f.key = k;
        if (f.kind == FrameKind::Case) f.slot = input_slot(f.key);
        else if (f.kind == FrameKind::Record) f.slot = field_slot(f);
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(true); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t pos, const std::string& token, const nlohmann::detail::exception& ex) override {
        error = sax::parse_error(pos, token, ex, [&] { return where(); });
        return false;
    }

private:
    // Where a value goes: decoded to `type`, or skipped.
    struct Target {
        bool skip = true;
        TypeId type = 0;
    };

    Frame& top() { return frames_[depth_ - 1]; }

    Json& scalar(Json::Type t) {
        scalar_.type = t;
        return scalar_;
    }

    // Starts a value in the frame on top (or at the top of the text): where it goes.
    Target begin() {
        if (depth_ == 0) return {true, 0};
        Frame& f = top();
        if (f.array) ++f.count;
        switch (f.kind) {
            case FrameKind::Case:
                if (refused || f.slot < 0) return {};
                return {false, p_.inputs[static_cast<size_t>(f.slot)].type};
            case FrameKind::List:
                if (!f.why.empty() || f.count > kMaxListItems) return {};
                return {false, f.type};
            case FrameKind::Record:  // past the first wrong field nothing can change the record's error
                if (f.slot < 0 || f.unknown || static_cast<size_t>(f.slot) > f.wrong_field) return {};
                return {false, p_.types.record_at(p_.types.at(f.type).ref).fields[static_cast<size_t>(f.slot)].type};
            case FrameKind::Skip: return {};
        }
        return {};
    }

    template <class N, class Text>
    bool integer(N v, Text text) {
        // The common case, an int input given a JSON integer, skips the round trip through text.
        if (depth_ > 0 && !(std::is_unsigned_v<N> && v > static_cast<N>(INT64_MAX))) {
            Target t = peek();
            if (!t.skip) {
                Kind k = p_.types.at(t.type).kind;
                if (k == Kind::Int || k == Kind::Days || k == Kind::Months || k == Kind::Years) {
                    begin();
                    deliver(Value::integer(static_cast<int64_t>(v)));
                    return true;
                }
            }
        }
        scalar(Json::Type::Number).text = text();
        return value(scalar_);
    }

    // Where the next value would go, without starting it.
    Target peek() {
        Frame& f = top();
        size_t count = f.count;
        Target t = begin();
        f.count = count;
        return t;
    }

    // A scalar JSON value.
    bool value(const Json& j) {
        if (depth_ == 0) {
            refuse_top(j);
            return true;
        }
        Target t = begin();
        if (t.skip) return true;
        Value v;
        std::string why;
        if (decode_value(p_, t.type, j, out_, v, why)) deliver(v);
        else fail(why);
        return true;
    }

    // The top of the text is not an object: decode_case says so.
    void refuse_top(const Json& j) {
        refused = true;
        DecodedCase scratch;
        decode_case(p_, j, allow_extra_, scratch, case_error);
    }

    bool open(bool array) {
        if (depth_ >= kMaxJsonDepth) { error = sax::too_deep(); return false; }
        FrameKind kind = FrameKind::Skip;
        TypeId type = 0;
        if (depth_ == 0) {
            if (array) refuse_top(Json(empty(Json::Type::Array)));
            else kind = FrameKind::Case;
        } else if (Target t = begin(); !t.skip) {
            Kind k = p_.types.at(t.type).kind;
            if (array && k == Kind::List) kind = FrameKind::List, type = p_.types.at(t.type).ref;
            else if (!array && k == Kind::Record) kind = FrameKind::Record, type = t.type;
            else fail_shape(t.type, array);
        }
        if (frames_.size() == depth_) frames_.emplace_back();
        Frame& f = frames_[depth_++];
        f.kind = kind;
        f.array = array;
        f.count = 0;
        f.slot = -1;
        f.type = type;
        f.why.clear();
        f.unknown = false;
        if (kind == FrameKind::List) f.base = out_.pending.size();
        if (kind == FrameKind::Record) start_record(f);
        return true;
    }

    static Json empty(Json::Type t) {
        Json j;
        j.type = t;
        return j;
    }

    // A container where the type wants something else: decode_value's "must be T, not an array".
    void fail_shape(TypeId t, bool array) {
        Value v;
        std::string why;
        decode_value(p_, t, empty(array ? Json::Type::Array : Json::Type::Object), out_, v, why);
        fail(why);
    }

    void start_record(Frame& f) {
        size_t n = p_.types.record_at(p_.types.at(f.type).ref).fields.size();
        f.block = out_.store.values(n);
        f.base = flags_.size();
        flags_.resize(flags_.size() + n, 0);
        f.wrong_field = SIZE_MAX;
    }

    int input_slot(const std::string& key) {
        if (refused) return -1;
        const InputInfo* info = p_.find_input(key);
        if (!info) {
            if (allow_extra_) return -1;
            refuse({key, message::not_an_input(key)});
            return -1;
        }
        size_t i = static_cast<size_t>(info - p_.inputs.data());
        if (!out_.give(i)) {
            refuse({key, message::given_twice(key)});
            return -1;
        }
        return static_cast<int>(i);
    }

    void refuse(CaseError e) {
        refused = true;
        case_error = std::move(e);
    }

    // The field a record's key names; a key given twice keeps its first value, as the tree does.
    int field_slot(Frame& f) {
        const RecordDesc& rd = p_.types.record_at(p_.types.at(f.type).ref);
        for (size_t i = 0; i < rd.fields.size(); ++i) {
            if (rd.fields[i].name != f.key) continue;
            if (flags_[f.base + i]) return -1;
            flags_[f.base + i] = 1;
            return static_cast<int>(i);
        }
        if (!f.unknown) {
            f.unknown = true;
            f.why = message::no_such_field(rd, f.key);
        }
        return -1;
    }

    bool close() {
        Frame& f = frames_[--depth_];
        switch (f.kind) {
            case FrameKind::List: close_list(f); break;
            case FrameKind::Record: close_record(f); break;
            default: break;
        }
        return true;
    }

    void close_list(Frame& f) {
        // Its items leave `pending` before the list itself goes to the frame below (maybe a list
        // whose items sit on `pending` just under them).
        size_t n = out_.pending.size() - f.base;
        if (f.count > kMaxListItems || !f.why.empty()) {
            out_.pending.resize(f.base);
            if (f.count > kMaxListItems) fail(message::list_too_long(f.count));
            else fail(f.why);
            return;
        }
        const Value* items = store_pending_list(out_.pending, f.base, out_.store);
        deliver(Value::list(items, static_cast<uint32_t>(n)));
    }

    void close_record(Frame& f) {
        const TypeDesc& d = p_.types.at(f.type);
        const RecordDesc& rd = p_.types.record_at(d.ref);
        // As the tree decoder: an unknown key first, then the first field in declaration order
        // that is wrong or missing and not optional.
        bool wrong = f.unknown;
        for (size_t i = 0; i < rd.fields.size() && !wrong; ++i) {
            if (i == f.wrong_field) { wrong = true; break; }
            if (flags_[f.base + i]) continue;
            std::string inner;  // a missing field is null: fine if it is optional
            if (!decode_value(p_, rd.fields[i].type, empty(Json::Type::Null), out_, f.block[i], inner)) {
                f.why = message::field(rd.fields[i].name, inner);
                wrong = true;
            }
        }
        flags_.resize(f.base);
        if (wrong) fail(f.why);
        else deliver(Value::record(f.block, d.ref));
    }

    // The value just read in the frame on top decoded to v.
    void deliver(const Value& v) {
        Frame& f = top();
        switch (f.kind) {
            case FrameKind::Case: out_.set(static_cast<size_t>(f.slot), v); break;
            case FrameKind::List: out_.pending.push_back(v); break;
            case FrameKind::Record: f.block[static_cast<size_t>(f.slot)] = v; break;
            case FrameKind::Skip: break;
        }
    }

    // The value just read in the frame on top does not fit its type.
    void fail(const std::string& why) {
        Frame& f = top();
        switch (f.kind) {
            case FrameKind::Case: out_.set_ill_typed(static_cast<size_t>(f.slot), message::input(f.key, why)); break;
            case FrameKind::List: f.why = message::element(f.count - 1, why); break;
            case FrameKind::Record:
                if (static_cast<size_t>(f.slot) < f.wrong_field) {
                    f.wrong_field = static_cast<size_t>(f.slot);
                    f.why = message::field(p_.types.record_at(p_.types.at(f.type).ref).fields[f.wrong_field].name, why);
                }
                break;
            case FrameKind::Skip: break;
        }
    }

    // The path of the value being read, as the tree builder gives it: "children[3].born".
    std::string where() const {
        std::string path;
        for (size_t k = 0; k < depth_; ++k) {
            const Frame& f = frames_[k];
            bool last = k + 1 == depth_;  // its value is not begun yet
            if (f.array) {
                path += fmt::format("[{}]", last ? f.count : f.count - 1);
            } else {
                if (!path.empty()) path += '.';
                path += f.key;
            }
        }
        return path;
    }

    const Program& p_;
    bool allow_extra_;
    DecodedCase& out_;
    std::vector<Frame> frames_;  // frames_[0, depth_) are open; the rest keep their buffers
    size_t depth_ = 0;
    std::vector<uint8_t> flags_;  // the open records' fields seen so far
    Json scalar_;
};

}  // namespace

bool decode_case_text(const Program& p, std::string_view text, bool allow_extra, DecodedCase& out, CaseError& error) {
    // The text is read once, front to back. Its cache lines asked for here arrive together, while
    // start() clears the inputs, rather than one miss at a time as the reader reaches each (a line
    // of a batch, or a request's body, is rarely in cache: the profile had a third of decoding's
    // time on loads of the text). Up to 4 KiB: a longer case is rare, and its own reading is long.
    for (size_t at = 0; at < std::min<size_t>(text.size(), 4096); at += 64) __builtin_prefetch(text.data() + at);
    out.start(p);
    // Plain valid cases (nearly all of them) take the fast path; anything else is decoded again
    // here, from scratch, by the SAX reader, which words every error (case_fast_decoder.hpp).
    if (decode_case_fast(p, text, allow_extra, out)) return true;
    return decode_case_text_sax(p, text, allow_extra, out, error);
}

bool decode_case_text_sax(const Program& p, std::string_view text, bool allow_extra, DecodedCase& out, CaseError& error) {
    out.start(p);
    CaseReader reader(p, allow_extra, out);
    std::string why;
    if (!sax::parse(text, reader, why)) {
        error = {"", why, true};
        return false;
    }
    if (reader.refused) {
        error = std::move(reader.case_error);
        return false;
    }
    return true;
}

}  // namespace edict::io
