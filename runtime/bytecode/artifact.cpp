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

// --- writing ---

class Writer {
public:
    std::string out;
    std::string error;
    void u8(uint8_t v) { out += static_cast<char>(v); }
    void u32(uint32_t v) { for (int i = 0; i < 4; ++i) u8(static_cast<uint8_t>(v >> (8 * i))); }
    void u64(uint64_t v) { for (int i = 0; i < 8; ++i) u8(static_cast<uint8_t>(v >> (8 * i))); }
    void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
    void str(std::string_view s) { u32(static_cast<uint32_t>(s.size())); out.append(s); }
    void loc(const SourceLoc& l) { u32(l.file); u32(l.line); u32(l.column); }
    void value(const Value& v);
    void citations(const std::vector<Citation>& cs) {
        u32(static_cast<uint32_t>(cs.size()));
        for (const Citation& c : cs) { str(c.notice); str(c.clause); str(c.quote); loc(c.loc); }
    }
    void u32s(const std::vector<uint32_t>& v) { u32(static_cast<uint32_t>(v.size())); for (uint32_t x : v) u32(x); }
    void i64s(const std::vector<int64_t>& v) { u32(static_cast<uint32_t>(v.size())); for (int64_t x : v) i64(x); }
    void program(const Program& p);
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

void Writer::program(const Program& p) {
    u32(static_cast<uint32_t>(p.code.size()));
    for (const Instr& in : p.code) { u8(static_cast<uint8_t>(in.op)); u8(in.a); u32(in.b); u32(in.c); u32(in.x); u32(in.y); }
    u32(static_cast<uint32_t>(p.constants.size()));
    for (const Value& v : p.constants) value(v);
    // Types: id 0 is the error type every table starts with, so ids 1.. are written.
    u32(static_cast<uint32_t>(p.types.enum_count()));
    for (size_t i = 0; i < p.types.enum_count(); ++i) {
        const EnumDesc& e = p.types.enum_at(static_cast<uint32_t>(i));
        str(e.name);
        u32(static_cast<uint32_t>(e.cases.size()));
        for (const std::string& c : e.cases) str(c);
    }
    u32(static_cast<uint32_t>(p.types.record_count()));
    for (size_t i = 0; i < p.types.record_count(); ++i) {
        const RecordDesc& r = p.types.record_at(static_cast<uint32_t>(i));
        str(r.name);
        u32(static_cast<uint32_t>(r.fields.size()));
        for (const RecordField& f : r.fields) { str(f.name); u32(f.type); }
    }
    u32(static_cast<uint32_t>(p.types.size() - 1));
    for (TypeId t = 1; t < p.types.size(); ++t) {
        const TypeDesc& d = p.types.at(t);
        u8(static_cast<uint8_t>(d.kind)); u8(d.optional); u32(d.ref);
    }
    u32(static_cast<uint32_t>(p.files.size()));
    for (const std::string& f : p.files) str(f);
    u32(static_cast<uint32_t>(p.inputs.size()));
    for (const InputInfo& i : p.inputs) { str(i.name); u32(i.type); u8(i.has_default); u32(i.default_const); str(i.doc); loc(i.loc); }
    u32(static_cast<uint32_t>(p.rules.size()));
    for (const RuleInfo& r : p.rules) {
        str(r.name); u32(r.type); u32(r.entry); u32(r.locals); loc(r.loc); str(r.doc); citations(r.citations); u32s(r.inputs);
    }
    u32(static_cast<uint32_t>(p.definitions.size()));
    for (const DefinitionInfo& d : p.definitions) { str(d.label); u32(d.rule); loc(d.loc); citations(d.citations); }
    u32(static_cast<uint32_t>(p.outputs.size()));
    for (const OutputInfo& o : p.outputs) { str(o.name); u32(o.rule); }
    u32(static_cast<uint32_t>(p.params.size()));
    for (const ParamInfo& pa : p.params) {
        str(pa.name); u32(pa.type);
        u32(static_cast<uint32_t>(pa.values.size()));
        for (const DatedValue& v : pa.values) { i64(v.from_day); u32(v.constant); }
    }
    u32(static_cast<uint32_t>(p.calendars.size()));
    for (const CalendarInfo& c : p.calendars) {
        str(c.name); i64s(c.holidays); i64s(c.workdays);
        u32(static_cast<uint32_t>(c.covers.size()));
        for (const YearSpan& y : c.covers) { u32(static_cast<uint32_t>(y.first)); u32(static_cast<uint32_t>(y.last)); }
        u8(c.weekends_beyond);
    }
    u32(static_cast<uint32_t>(p.tables.size()));
    for (const TableInfo& t : p.tables) { str(t.name); u32s(t.keys); u32s(t.values); u8(t.key_class); }
    u32(static_cast<uint32_t>(p.pc_locs.size()));
    for (const PcLoc& l : p.pc_locs) { u32(l.pc); loc(l.loc); }
    u32(static_cast<uint32_t>(p.operand_locs.size()));
    for (const OperandLoc& l : p.operand_locs) { u32(l.pc); u8(l.operand); loc(l.loc); }
    u32(p.max_stack);
}

// --- reading ---

// Reads the payload; the first problem is kept and every later read returns zeros, so the
// decoding functions stay straight-line and check `ok()` only where a count drives a loop.
class Reader {
public:
    explicit Reader(std::string_view b) : bytes(b) {}
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
    SourceLoc loc() { SourceLoc l; l.file = u32(); l.line = u32(); l.column = u32(); return l; }
    std::vector<uint32_t> u32s(const char* what) {
        std::vector<uint32_t> v(count(4, what));
        for (auto& x : v) x = u32();
        return v;
    }
    std::vector<int64_t> i64s(const char* what) {
        std::vector<int64_t> v(count(8, what));
        for (auto& x : v) x = i64();
        return v;
    }
    std::vector<Citation> citations() {
        std::vector<Citation> cs(count(24, "citations"));
        for (Citation& c : cs) { c.notice = str(); c.clause = str(); c.quote = str(); c.loc = loc(); }
        return cs;
    }
    Value value(Program& p, int depth);
    void program(Program& p);
    bool at_end() const { return pos == bytes.size(); }

private:
    std::string_view bytes;
    size_t pos = 0;
};

Value Reader::value(Program& p, int depth) {
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
            p.text_pool.push_back(str());
            return Value::text(p.text_pool.back());
        case Tag::List: {
            if (depth >= kMaxListNesting) { error = "corrupt: list constants nested too deeply"; return Value::null(); }
            std::vector<Value> items(count(1, "list elements"));
            for (Value& v : items) v = value(p, depth + 1);
            p.list_pool.push_back(std::move(items));
            return Value::list(p.list_pool.back().data(), static_cast<uint32_t>(p.list_pool.back().size()));
        }
        default: break;
    }
    error = fmt::format("corrupt: unknown value tag {}", tag);
    return Value::null();
}

void Reader::program(Program& p) {
    p.code.resize(count(18, "instructions"));
    for (Instr& in : p.code) {
        uint8_t op = u8();
        in.a = u8();
        uint32_t b = u32();
        in.c = u32();
        in.x = u32();
        in.y = u32();
        if (ok() && (op >= kOpCount || b > UINT16_MAX)) { error = fmt::format("corrupt: bad instruction (opcode {})", op); return; }
        in.op = static_cast<Op>(op);
        in.b = static_cast<uint16_t>(b);
    }
    p.constants.resize(count(1, "constants"));
    for (Value& v : p.constants) v = value(p, 0);
    for (uint32_t n = count(8, "enums"); n-- && ok();) {
        EnumDesc e;
        e.name = str();
        e.cases.resize(count(4, "enum cases"));
        for (std::string& c : e.cases) c = str();
        p.types.add_enum(std::move(e));
    }
    for (uint32_t n = count(8, "records"); n-- && ok();) {
        RecordDesc r;
        r.name = str();
        r.fields.resize(count(8, "record fields"));
        for (RecordField& f : r.fields) { f.name = str(); f.type = u32(); }
        p.types.add_record(std::move(r));
    }
    uint32_t type_count = count(6, "types");
    // Interning scans the table, so the count is capped far above any policy's (Fujian: about 30).
    if (type_count > kMaxTypes) { error = fmt::format("corrupt: {} types, more than any policy has", type_count); return; }
    for (uint32_t n = type_count, id = 1; n-- && ok(); ++id) {
        TypeDesc d;
        uint8_t kind = u8();
        d.optional = u8() != 0;
        d.ref = u32();
        if (kind > static_cast<uint8_t>(Kind::Calendar)) { error = fmt::format("corrupt: unknown type kind {}", kind); return; }
        d.kind = static_cast<Kind>(kind);
        // Interning must give back the id the compiler gave, or every TypeId after it would shift.
        if (ok() && p.types.intern(d) != id) { error = fmt::format("corrupt: type {} repeats an earlier type", id); return; }
    }
    p.files.resize(count(4, "file names"));
    for (std::string& f : p.files) f = str();
    p.inputs.resize(count(29, "inputs"));
    for (InputInfo& i : p.inputs) {
        i.name = str(); i.type = u32(); i.has_default = u8() != 0; i.default_const = u32(); i.doc = str(); i.loc = loc();
    }
    p.rules.resize(count(36, "rules"));
    for (RuleInfo& r : p.rules) {
        r.name = str(); r.type = u32(); r.entry = u32(); r.locals = u32(); r.loc = loc(); r.doc = str();
        r.citations = citations(); r.inputs = u32s("rule inputs");
    }
    p.definitions.resize(count(24, "definitions"));
    for (DefinitionInfo& d : p.definitions) { d.label = str(); d.rule = u32(); d.loc = loc(); d.citations = citations(); }
    p.outputs.resize(count(8, "outputs"));
    for (OutputInfo& o : p.outputs) { o.name = str(); o.rule = u32(); }
    p.params.resize(count(12, "parameters"));
    for (ParamInfo& pa : p.params) {
        pa.name = str(); pa.type = u32();
        pa.values.resize(count(12, "parameter values"));
        for (DatedValue& v : pa.values) { v.from_day = i64(); v.constant = u32(); }
    }
    p.calendars.resize(count(17, "calendars"));
    for (CalendarInfo& c : p.calendars) {
        c.name = str(); c.holidays = i64s("holidays"); c.workdays = i64s("working days");
        c.covers.resize(count(8, "covered year spans"));
        for (YearSpan& y : c.covers) { y.first = static_cast<int32_t>(u32()); y.last = static_cast<int32_t>(u32()); }
        c.weekends_beyond = u8() != 0;
    }
    p.tables.resize(count(13, "tables"));
    for (TableInfo& t : p.tables) { t.name = str(); t.keys = u32s("table keys"); t.values = u32s("table values"); t.key_class = u8(); }
    p.pc_locs.resize(count(16, "source positions"));
    for (PcLoc& l : p.pc_locs) { l.pc = u32(); l.loc = loc(); }
    p.operand_locs.resize(count(17, "operand positions"));
    for (OperandLoc& l : p.operand_locs) { l.pc = u32(); l.operand = u8(); l.loc = loc(); }
    p.max_stack = u32();
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
    }
    return crc.checksum();
}

bool looks_like_artifact(std::string_view bytes) {
    return bytes.size() >= sizeof kMagic && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0;
}

bool save_artifact(const Program& p, std::string& bytes, std::string& error) {
    Writer w;
    w.program(p);
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
    std::string_view payload;
    if (!check_header(bytes, payload, error)) return nullptr;
    auto p = std::make_shared<Program>();
    Reader r(payload);
    r.program(*p);
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
