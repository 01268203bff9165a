// Writing and reading .edictc artifacts (layout in artifact.hpp). The payload lists the
// program's tables in the order of Program's members; each value is tagged, texts and lists are
// written inline and re-pooled on load so the loaded Program owns every byte it points at.
#include "runtime/bytecode/artifact.hpp"

#include <cstring>
#include <fstream>
#include <sstream>

#include <boost/crc.hpp>
#include <fmt/format.h>

#include "runtime/bytecode/verify.hpp"

namespace edict {

namespace {

constexpr char kMagic[8] = {'\x89', 'E', 'D', 'I', 'C', 'T', 'C', '\n'};
constexpr int kMaxListNesting = 32;
constexpr uint32_t kMaxTypes = 4096;

uint32_t crc32(std::string_view s) {
    boost::crc_32_type crc;
    crc.process_bytes(s.data(), s.size());
    return crc.checksum();
}

// --- the one list of what a payload holds ---

// The payload, in order. Writer, Reader and Sizer all walk this one list, so what is written and
// what is read cannot drift apart; each table's count is checked on reading against the bytes an
// item takes at least, which the Sizer measures by walking a default item (not a hand-kept figure).
// IO: u8/u16/u32/i64/flag/str/loc/op/kind/value for fields (references: read into, or written
// from); table(vector, what, fn) for a count and its items; enums/records/types for the type table.
template <class IO, class Prog>  // Prog: const Program (writing) or Program (reading)
void payload(IO& io, Prog& p) {
    auto citations = [](auto& io, auto& cs) {
        io.table(cs, "citations", [](auto& io, auto& c) { io.str(c.notice); io.str(c.clause); io.str(c.quote); io.loc(c.loc); });
    };
    auto u32s = [](auto& io, auto& v, const char* what) { io.table(v, what, [](auto& io, auto& x) { io.u32(x); }); };
    auto i64s = [](auto& io, auto& v, const char* what) { io.table(v, what, [](auto& io, auto& x) { io.i64(x); }); };
    io.table(p.code, "instructions", [](auto& io, auto& in) {
        io.op(in.op); io.u8(in.a); io.u16(in.b); io.u32(in.c); io.u32(in.x); io.u32(in.y);
    });
    io.table(p.constants, "constants", [](auto& io, auto& v) { io.value(v); });
    io.enums(p.types, [](auto& io, auto& e) {
        io.str(e.name);
        io.table(e.cases, "enum cases", [](auto& io, auto& c) { io.str(c); });
    });
    io.records(p.types, [](auto& io, auto& r) {
        io.str(r.name);
        io.table(r.fields, "record fields", [](auto& io, auto& f) { io.str(f.name); io.u32(f.type); });
    });
    io.types(p.types, [](auto& io, auto& d) { io.kind(d.kind); io.flag(d.optional); io.u32(d.ref); });
    io.table(p.files, "file names", [](auto& io, auto& f) { io.str(f); });
    io.table(p.inputs, "inputs", [](auto& io, auto& i) {
        io.str(i.name); io.u32(i.type); io.flag(i.has_default); io.u32(i.default_const); io.str(i.doc); io.loc(i.loc);
    });
    io.table(p.rules, "rules", [&](auto& io, auto& r) {
        io.str(r.name); io.u32(r.type); io.u32(r.entry); io.u32(r.locals); io.loc(r.loc); io.str(r.doc);
        citations(io, r.citations);
        u32s(io, r.inputs, "rule inputs");
    });
    io.table(p.definitions, "definitions", [&](auto& io, auto& d) {
        io.str(d.label); io.u32(d.rule); io.loc(d.loc); citations(io, d.citations);
    });
    io.table(p.outputs, "outputs", [](auto& io, auto& o) { io.str(o.name); io.u32(o.rule); });
    io.table(p.params, "parameters", [](auto& io, auto& pa) {
        io.str(pa.name); io.u32(pa.type);
        io.table(pa.values, "parameter values", [](auto& io, auto& v) { io.i64(v.from_day); io.u32(v.constant); });
    });
    io.table(p.calendars, "calendars", [&](auto& io, auto& c) {
        io.str(c.name); i64s(io, c.holidays, "holidays"); i64s(io, c.workdays, "working days");
        io.table(c.covers, "covered year spans", [](auto& io, auto& y) { io.i32(y.first); io.i32(y.last); });
        io.flag(c.weekends_beyond);
    });
    io.table(p.tables, "tables", [&](auto& io, auto& t) {
        io.str(t.name); u32s(io, t.keys, "table keys"); u32s(io, t.values, "table values"); io.u8(t.key_class);
    });
    io.table(p.pc_locs, "source positions", [](auto& io, auto& l) { io.u32(l.pc); io.loc(l.loc); });
    io.table(p.operand_locs, "operand positions", [](auto& io, auto& l) { io.u32(l.pc); io.u8(l.operand); io.loc(l.loc); });
    io.u32(p.max_stack);
}

// The fewest bytes an item of a table takes: a default item walked with this counter (strings
// and tables count their length field only, a value its tag).
struct Sizer {
    size_t n = 0;
    template <class T> void u8(const T&) { n += 1; }
    template <class T> void flag(const T&) { n += 1; }
    template <class T> void op(const T&) { n += 1; }
    template <class T> void kind(const T&) { n += 1; }
    template <class T> void u16(const T&) { n += 4; }
    template <class T> void u32(const T&) { n += 4; }
    template <class T> void i32(const T&) { n += 4; }
    template <class T> void i64(const T&) { n += 8; }
    template <class T> void str(const T&) { n += 4; }
    template <class T> void loc(const T&) { n += 12; }
    template <class T> void value(const T&) { n += 1; }
    template <class V, class F> void table(const V&, const char*, F&&) { n += 4; }
};

template <class T, class F>
size_t min_bytes(F&& item) {
    Sizer s;
    T x{};
    item(s, x);
    return s.n;
}

// --- writing ---

class Writer {
public:
    std::string out;
    std::string error;
    void u8(uint8_t v) { out += static_cast<char>(v); }
    void flag(bool v) { u8(v ? 1 : 0); }
    void op(Op v) { u8(static_cast<uint8_t>(v)); }
    void kind(Kind v) { u8(static_cast<uint8_t>(v)); }
    void u16(uint16_t v) { u32(v); }  // held in 32 bits in the file
    void u32(uint32_t v) { for (int i = 0; i < 4; ++i) u8(static_cast<uint8_t>(v >> (8 * i))); }
    void i32(int32_t v) { u32(static_cast<uint32_t>(v)); }
    void u64(uint64_t v) { for (int i = 0; i < 8; ++i) u8(static_cast<uint8_t>(v >> (8 * i))); }
    void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
    void str(std::string_view s) { u32(static_cast<uint32_t>(s.size())); out.append(s); }
    void loc(const SourceLoc& l) { u32(l.file); u32(l.line); u32(l.column); }
    void value(const Value& v);
    template <class V, class F>
    void table(const V& items, const char*, F&& item) {
        u32(static_cast<uint32_t>(items.size()));
        for (const auto& x : items) item(*this, x);
    }
    template <class F>
    void enums(const TypeTable& t, F&& item) {
        std::vector<EnumDesc> v;
        for (size_t i = 0; i < t.enum_count(); ++i) v.push_back(t.enum_at(static_cast<uint32_t>(i)));
        table(v, "enums", item);
    }
    template <class F>
    void records(const TypeTable& t, F&& item) {
        std::vector<RecordDesc> v;
        for (size_t i = 0; i < t.record_count(); ++i) v.push_back(t.record_at(static_cast<uint32_t>(i)));
        table(v, "records", item);
    }
    // Id 0 is the error type every table starts with, so ids 1.. are written.
    template <class F>
    void types(const TypeTable& t, F&& item) {
        std::vector<TypeDesc> v;
        for (TypeId id = 1; id < t.size(); ++id) v.push_back(t.at(id));
        table(v, "types", item);
    }
};

void Writer::value(const Value& v) {
    u8(static_cast<uint8_t>(v.tag));
    switch (v.tag) {
        case Tag::Null: case Tag::Empty: return;
        case Tag::Bool: case Tag::Int: case Tag::Date: case Tag::Month: i64(v.i); return;
        case Tag::Enum: u32(v.aux); i64(v.i); return;
        case Tag::Dec: {
            auto m = static_cast<unsigned __int128>(v.mant);
            u64(static_cast<uint64_t>(m)); u64(static_cast<uint64_t>(m >> 64)); u8(v.scale);
            return;
        }
        case Tag::Text: str(v.text_view()); return;
        case Tag::List:
            u32(v.aux);
            for (uint32_t i = 0; i < v.aux; ++i) value(v.items[i]);
            return;
        case Tag::Record:
            // The compiler never makes record constants; refusing keeps the format honest.
            if (error.empty()) error = "a record constant cannot be written to an artifact";
            return;
    }
}

// --- reading ---

// Reads the payload; the first problem is kept and every later read returns zeros, so the
// decoding functions stay straight-line and check `ok()` only where a count drives a loop.
class Reader {
public:
    Reader(std::string_view b, Program& p) : bytes(b), prog(p) {}
    std::string error;
    bool ok() const { return error.empty(); }

    bool need(size_t n, const char* what) {
        if (!ok()) return false;
        if (bytes.size() - pos < n) {
            error = fmt::format("truncated: {} needs {} more bytes at offset {}", what, n, pos + kArtifactHeaderBytes);
            return false;
        }
        return true;
    }
    uint8_t u8() { return need(1, "a byte") ? static_cast<uint8_t>(bytes[pos++]) : 0; }
    uint32_t u32() {
        if (!need(4, "a 32-bit integer")) return 0;
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v |= uint32_t{static_cast<uint8_t>(bytes[pos++])} << (8 * i);
        return v;
    }
    uint64_t u64() {
        if (!need(8, "a 64-bit integer")) return 0;
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<uint8_t>(bytes[pos++])} << (8 * i);
        return v;
    }
    int64_t i64() { return static_cast<int64_t>(u64()); }
    std::string str() {
        uint32_t n = u32();
        if (!need(n, "a string")) return {};
        std::string s(bytes.substr(pos, n));
        pos += n;
        return s;
    }
    // A count of items that each take at least `min_bytes`: refused before anything is allocated
    // when the remaining bytes cannot hold that many.
    uint32_t count(size_t min_bytes, const char* what) {
        uint32_t n = u32();
        if (ok() && uint64_t{n} * min_bytes > bytes.size() - pos) {
            error = fmt::format("corrupt: {} {} cannot fit in the {} bytes left", n, what, bytes.size() - pos);
            return 0;
        }
        return ok() ? n : 0;
    }

    // The fields `payload` names, read into place.
    void u8(uint8_t& v) { v = u8(); }
    void flag(bool& v) { v = u8() != 0; }
    void op(Op& v) {
        const uint8_t o = u8();
        if (ok() && o >= kOpCount) error = fmt::format("corrupt: bad instruction (opcode {})", o);
        v = ok() ? static_cast<Op>(o) : Op::RET;
    }
    void kind(Kind& v) {
        const uint8_t k = u8();
        if (ok() && k > static_cast<uint8_t>(Kind::Calendar)) error = fmt::format("corrupt: unknown type kind {}", k);
        v = ok() ? static_cast<Kind>(k) : Kind::Int;
    }
    void u16(uint16_t& v) {
        const uint32_t b = u32();
        if (ok() && b > UINT16_MAX) error = fmt::format("corrupt: bad instruction (operand b {})", b);
        v = static_cast<uint16_t>(b);
    }
    void u32(uint32_t& v) { v = u32(); }
    void i32(int32_t& v) { v = static_cast<int32_t>(u32()); }
    void i64(int64_t& v) { v = i64(); }
    void str(std::string& v) { v = str(); }
    void loc(SourceLoc& l) { l.file = u32(); l.line = u32(); l.column = u32(); }
    void value(Value& v) { v = value(0); }
    template <class V, class F>
    void table(V& items, const char* what, F&& item) {
        items.resize(count(min_bytes<typename V::value_type>(item), what));
        for (auto& x : items) item(*this, x);
    }
    template <class F>
    void enums(TypeTable& t, F&& item) {
        std::vector<EnumDesc> v;
        table(v, "enums", item);
        for (EnumDesc& e : v) t.add_enum(std::move(e));
    }
    template <class F>
    void records(TypeTable& t, F&& item) {
        std::vector<RecordDesc> v;
        table(v, "records", item);
        for (RecordDesc& r : v) t.add_record(std::move(r));
    }
    template <class F>
    void types(TypeTable& t, F&& item) {
        const uint32_t n = count(min_bytes<TypeDesc>(item), "types");
        // Interning scans the table, so the count is capped far above any policy's (Fujian: about 30).
        if (n > kMaxTypes) { error = fmt::format("corrupt: {} types, more than any policy has", n); return; }
        for (uint32_t id = 1; id <= n && ok(); ++id) {
            TypeDesc d;
            item(*this, d);
            // Interning must give back the id the compiler gave, or every TypeId after it would shift.
            if (ok() && t.intern(d) != id) { error = fmt::format("corrupt: type {} repeats an earlier type", id); return; }
        }
    }
    bool at_end() const { return pos == bytes.size(); }

private:
    Value value(int depth);
    std::string_view bytes;
    size_t pos = 0;
    Program& prog;
};

Value Reader::value(int depth) {
    uint8_t tag = u8();
    if (!ok()) return Value::null();
    switch (static_cast<Tag>(tag)) {
        case Tag::Null: return Value::null();
        case Tag::Empty: return Value::empty();
        case Tag::Bool: return Value::boolean(i64() != 0);
        case Tag::Int: return Value::integer(i64());
        case Tag::Date: return Value::date(i64());
        case Tag::Month: return Value::month(i64());
        case Tag::Enum: { uint32_t e = u32(); return Value::enum_case(e, i64()); }
        case Tag::Dec: {
            uint64_t lo = u64(), hi = u64();
            Decimal d;
            d.mant = static_cast<__int128>((static_cast<unsigned __int128>(hi) << 64) | lo);
            d.scale = u8();
            if (ok() && d.scale > kMaxDecimalScale) error = fmt::format("corrupt: a decimal constant has scale {}", d.scale);
            return Value::decimal(d);
        }
        case Tag::Text:
            prog.text_pool.push_back(str());
            return Value::text(prog.text_pool.back());
        case Tag::List: {
            if (depth >= kMaxListNesting) { error = "corrupt: list constants nested too deeply"; return Value::null(); }
            std::vector<Value> items(count(1, "list elements"));
            for (Value& v : items) v = value(depth + 1);
            prog.list_pool.push_back(std::move(items));
            return Value::list(prog.list_pool.back().data(), static_cast<uint32_t>(prog.list_pool.back().size()));
        }
        default: break;
    }
    error = fmt::format("corrupt: unknown value tag {}", tag);
    return Value::null();
}

uint32_t read_u32(std::string_view b, size_t at) {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t{static_cast<uint8_t>(b[at + i])} << (8 * i);
    return v;
}

uint64_t read_u64(std::string_view b, size_t at) {
    return uint64_t{read_u32(b, at)} | (uint64_t{read_u32(b, at + 4)} << 32);
}

// Checks the header; on success `payload` is the checksummed bytes after it.
bool check_header(std::string_view bytes, std::string_view& payload, std::string& error) {
    if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
        error = "not an Edict artifact (the file does not start with the .edictc signature)";
        return false;
    }
    if (bytes.size() < kArtifactHeaderBytes) {
        error = fmt::format("truncated: the artifact header needs {} bytes, the file has {}", kArtifactHeaderBytes, bytes.size());
        return false;
    }
    if (uint32_t v = read_u32(bytes, 8); v != kArtifactVersion) {
        // Version 1 calendars did not record the years their data covers, so days beyond the
        // data would be answered as plain weekdays: such an artifact must be rebuilt, not run.
        // Versions 2 and 3 code is an earlier instruction set: refused by its version first, so
        // the message names the cause rather than a fingerprint mismatch.
        const char* why = v == 1   ? ": its calendars do not record the years their holiday data covers"
                          : v == 2 ? ": it was compiled for the instruction set before compare-and-jump instructions"
                          : v == 3 ? ": it was compiled for the instruction set before operand references (instructions that read inputs, locals, constants and rules in place)"
                                   : "";
        error = fmt::format("artifact format version {} is not supported (this edict reads version {}){}; rebuild it with `edict build`",
                            v, kArtifactVersion, why);
        return false;
    }
    if (read_u32(bytes, 12) != instruction_set_fingerprint()) {
        error = "the artifact was built by an edict with a different instruction set; rebuild it with this edict's `edict build`";
        return false;
    }
    uint64_t size = read_u64(bytes, 16);
    if (size != bytes.size() - kArtifactHeaderBytes) {
        error = size > bytes.size() - kArtifactHeaderBytes
                    ? fmt::format("truncated: the header announces {} payload bytes, the file has {}", size,
                                  bytes.size() - kArtifactHeaderBytes)
                    : fmt::format("corrupt: {} bytes follow the announced payload", bytes.size() - kArtifactHeaderBytes - size);
        return false;
    }
    payload = bytes.substr(kArtifactHeaderBytes);
    if (crc32(payload) != read_u32(bytes, 24)) {
        error = "corrupt: checksum mismatch (the artifact was damaged after it was written)";
        return false;
    }
    if (read_u32(bytes, 28) != 0) {
        error = "corrupt: reserved header field is not zero";
        return false;
    }
    return true;
}

}  // namespace

uint32_t instruction_set_fingerprint() {
    boost::crc_32_type crc;
    for (uint32_t i = 0; i < kOpCount; ++i) {
        crc.process_bytes(kOpNames[i], std::strlen(kOpNames[i]) + 1);
        crc.process_bytes(kOpOperands[i], std::strlen(kOpOperands[i]) + 1);
        crc.process_bytes(kOpEffects[i], std::strlen(kOpEffects[i]) + 1);
    }
    return crc.checksum();
}

bool looks_like_artifact(std::string_view bytes) {
    return bytes.size() >= sizeof kMagic && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0;
}

bool save_artifact(const Program& p, std::string& bytes, std::string& error) {
    Writer w;
    payload(w, p);
    if (!w.error.empty()) { error = w.error; return false; }
    Writer h;
    h.out.append(kMagic, sizeof kMagic);
    h.u32(kArtifactVersion);
    h.u32(instruction_set_fingerprint());
    h.u64(w.out.size());
    h.u32(crc32(w.out));
    h.u32(0);
    bytes = std::move(h.out);
    bytes += w.out;
    return true;
}

std::shared_ptr<const Program> load_artifact(std::string_view bytes, std::string& error) {
    std::string_view payload_bytes;
    if (!check_header(bytes, payload_bytes, error)) return nullptr;
    auto p = std::make_shared<Program>();
    Reader r(payload_bytes, *p);
    payload(r, *p);
    if (r.ok() && !r.at_end()) r.error = "corrupt: bytes left over after the program";
    if (!r.ok()) { error = r.error; return nullptr; }
    if (!verify_program(*p, error)) { error = "corrupt: " + error; return nullptr; }
    p->from_artifact = true;
    return p;
}

std::shared_ptr<const Program> load_artifact_file(const std::string& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) { error = fmt::format("{}: cannot open", path); return nullptr; }
    std::string bytes;
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        bytes.append(buf, static_cast<size_t>(in.gcount()));
        if (bytes.size() > kMaxArtifactBytes) { error = fmt::format("{}: larger than any artifact ({} bytes)", path, kMaxArtifactBytes); return nullptr; }
    }
    if (in.bad()) { error = fmt::format("{}: cannot read", path); return nullptr; }
    auto p = load_artifact(bytes, error);
    if (!p) error = fmt::format("{}: {}", path, error);
    return p;
}

}  // namespace edict
