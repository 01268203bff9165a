// Loading programs (compile a folder, file or sources; or read an artifact) and describing what
// they take and give: typed inputs per output, and JSON Schema for cases and results.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "runtime/bytecode/artifact.hpp"
#include "compiler/driver/compile.hpp"
#include "api/internal.hpp"

namespace edict::api {

const char* version() { return "0.1.0"; }

// ---- public descriptions --------------------------------------------------------------------

Type public_type(const edict::Program& p, TypeId t) {
    const TypeDesc& d = p.types.at(t);
    Type out;
    out.optional = d.optional;
    out.name = p.types.name(t);
    switch (d.kind) {
        case edict::Kind::Bool: out.kind = Kind::Bool; break;
        case edict::Kind::Int: out.kind = Kind::Int; break;
        case edict::Kind::Decimal: out.kind = Kind::Decimal; break;
        case edict::Kind::Money: out.kind = Kind::Money; break;
        case edict::Kind::Date: out.kind = Kind::Date; break;
        case edict::Kind::Month: out.kind = Kind::Month; break;
        case edict::Kind::Days: out.kind = Kind::Days; break;
        case edict::Kind::Months: out.kind = Kind::Months; break;
        case edict::Kind::Years: out.kind = Kind::Years; break;
        case edict::Kind::Text: out.kind = Kind::Text; break;
        case edict::Kind::Enum: out.kind = Kind::Enum; out.cases = p.types.enum_at(d.ref).cases; break;
        case edict::Kind::Record:
            out.kind = Kind::Record;
            for (const RecordField& f : p.types.record_at(d.ref).fields) out.fields.push_back({f.name, public_type(p, f.type)});
            break;
        case edict::Kind::List: out.kind = Kind::List; out.element.push_back(public_type(p, d.ref)); break;
        default: out.kind = Kind::Other;
    }
    return out;
}

Location public_location(const edict::Program& p, const SourceLoc& loc) {
    Location l;
    if (loc.file < p.files.size()) l.file = p.files[loc.file];
    l.line = loc.line;
    l.column = loc.column;
    return l;
}

std::shared_ptr<const Program> wrap(std::shared_ptr<const edict::Program> p) {
    auto impl = std::make_unique<Program::Impl>();
    for (const edict::InputInfo& i : p->inputs) {
        InputInfo info{i.name, public_type(*p, i.type), true, i.has_default, i.doc};
        info.required = !i.has_default && !p->types.at(i.type).optional;
        impl->inputs.push_back(std::move(info));
    }
    for (const edict::OutputInfo& o : p->outputs) {
        const RuleInfo& r = p->rules.at(o.rule);
        OutputInfo info{o.name, public_type(*p, r.type), r.doc, {}, public_location(*p, r.loc)};
        std::vector<uint32_t> ins = r.inputs;
        std::sort(ins.begin(), ins.end());
        for (uint32_t i : ins) info.inputs.push_back(p->inputs.at(i).name);
        impl->outputs.push_back(std::move(info));
    }
    impl->program = std::move(p);
    return std::make_shared<const Program>(std::move(impl));
}

Program::Program(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Program::~Program() = default;

const std::vector<OutputInfo>& Program::outputs() const { return impl_->outputs; }
const std::vector<InputInfo>& Program::inputs() const { return impl_->inputs; }

const OutputInfo* Program::output(std::string_view name) const {
    for (const OutputInfo& o : impl_->outputs)
        if (o.name == name) return &o;
    return nullptr;
}

const InputInfo* Program::input(std::string_view name) const {
    for (const InputInfo& i : impl_->inputs)
        if (i.name == name) return &i;
    return nullptr;
}

std::vector<uint32_t> resolve_outputs(const edict::Program& p, const std::vector<std::string>& names) {
    std::vector<uint32_t> rules;
    if (names.empty()) {
        for (const edict::OutputInfo& o : p.outputs) rules.push_back(o.rule);
        if (rules.empty()) throw UsageError("this policy declares no outputs; name the rules to evaluate");
        return rules;
    }
    for (const std::string& name : names) {
        int o = p.find_output(name);
        const RuleInfo* r = p.find_rule(name);
        // A policy without an `output` declaration exposes its rules, as `edict eval` does.
        if (o < 0 && !(p.outputs.empty() && r)) {
            std::string all;
            for (const edict::OutputInfo& out : p.outputs) all += (all.empty() ? "" : ", ") + out.name;
            throw UsageError(fmt::format("`{}` is not an output of this policy; its outputs are: {}", name, all));
        }
        rules.push_back(o >= 0 ? p.outputs[static_cast<size_t>(o)].rule : static_cast<uint32_t>(r - p.rules.data()));
    }
    return rules;
}

std::vector<std::string> split_csv(const char* csv) {
    std::vector<std::string> out;
    if (!csv) return out;
    std::string s = csv;
    size_t start = 0;
    while (start <= s.size()) {
        size_t end = std::min(s.find(',', start), s.size());
        std::string name = s.substr(start, end - start);
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        if (!name.empty()) out.push_back(name);
        start = end + 1;
    }
    return out;
}

std::vector<InputInfo> Program::inputs_for(const std::vector<std::string>& outputs) const {
    const edict::Program& p = *impl_->program;
    std::vector<bool> used(p.inputs.size());
    for (uint32_t r : resolve_outputs(p, outputs))
        for (uint32_t i : p.rules.at(r).inputs) used.at(i) = true;
    std::vector<InputInfo> out;
    for (size_t i = 0; i < used.size(); ++i)
        if (used[i]) out.push_back(impl_->inputs[i]);
    return out;
}

// ---- JSON Schema --------------------------------------------------------------------------------

namespace {

std::string json_quoted(std::string_view s) {
    std::string out;
    io::append_json_string(out, s);
    return out;
}

// `wire_out`: the schema of what edict writes (money always "0.00"), else of what it reads.
std::string schema_of(const Type& t, bool wire_out) {
    std::string s;
    switch (t.kind) {
        case Kind::Bool: s = R"({"type":"boolean"})"; break;
        case Kind::Int: case Kind::Days: case Kind::Months: case Kind::Years: s = R"({"type":"integer"})"; break;
        case Kind::Money:
            s = wire_out ? R"({"type":"string","pattern":"^-?[0-9]+\\.[0-9]{2}$"})"
                         : R"({"type":["string","number"],"pattern":"^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$"})";
            break;
        case Kind::Decimal:
            s = wire_out ? R"({"type":"string","pattern":"^-?[0-9]+(\\.[0-9]+)?$"})"
                         : R"({"type":["string","number"],"pattern":"^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$"})";
            break;
        case Kind::Date: s = R"({"type":"string","format":"date","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})"; break;
        case Kind::Month: s = R"({"type":"string","pattern":"^[0-9]{4}-(0[1-9]|1[0-2])$"})"; break;
        case Kind::Text: s = R"({"type":"string"})"; break;
        case Kind::Enum: {
            s = R"({"enum":[)";
            for (size_t i = 0; i < t.cases.size(); ++i) s += (i ? "," : "") + json_quoted(t.cases[i]);
            s += "]}";
            break;
        }
        case Kind::List: s = R"({"type":"array","items":)" + schema_of(t.element.at(0), wire_out) + "}"; break;
        case Kind::Record: {
            s = R"({"type":"object","additionalProperties":false,"properties":{)";
            for (size_t i = 0; i < t.fields.size(); ++i)
                s += (i ? "," : "") + json_quoted(t.fields[i].name) + ":" + schema_of(t.fields[i].type, wire_out);
            s += "}}";
            break;
        }
        default: s = "{}";
    }
    if (t.optional) s = R"({"anyOf":[)" + s + R"(,{"type":"null"}]})";
    return s;
}

// `"x-edict-type"` keeps the analyst's name of the type ("money?") beside the schema.
std::string property(const std::string& name, const Type& t, const std::string& doc, bool wire_out) {
    std::string s = schema_of(t, wire_out);
    s.pop_back();
    s += ",\"x-edict-type\":" + json_quoted(t.name);
    if (!doc.empty()) s += ",\"description\":" + json_quoted(doc);
    return json_quoted(name) + ":" + s + "}";
}

}  // namespace

std::string Program::input_schema(const std::vector<std::string>& outputs) const {
    std::string props, needed;
    for (const InputInfo& i : inputs_for(outputs)) {
        if (!props.empty()) props += ',';
        props += property(i.name, i.type, i.doc, false);
        if (!i.required) continue;
        if (!needed.empty()) needed += ',';
        needed += json_quoted(i.name);
    }
    // Inputs without a default are listed under x-edict-needed, not "required": a case may omit
    // one when the branch that reads it is not taken, and JSON Schema cannot say "sometimes".
    return R"({"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":false,)"
           R"("properties":{)" + props + R"(},"x-edict-needed":[)" + needed + "]}";
}

std::string Program::output_schema(const std::vector<std::string>& outputs) const {
    const edict::Program& p = *impl_->program;
    std::string props, names;
    for (uint32_t r : resolve_outputs(p, outputs)) {
        const RuleInfo& rule = p.rules[r];
        if (!props.empty()) props += ',';
        props += property(rule.name, public_type(p, rule.type), rule.doc, true);
        if (!names.empty()) names += ',';
        names += json_quoted(rule.name);
    }
    return R"({"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":false,)"
           R"("properties":{)" + props + R"(},"required":[)" + names + "]}";
}

std::string Program::to_artifact() const {
    std::string bytes, error;
    if (!save_artifact(*impl_->program, bytes, error)) throw UsageError(error);
    return bytes;
}

// ---- loading ------------------------------------------------------------------------------------

Diagnostic public_diagnostic(const edict::Diagnostic& d, const SourceMap& sources) {
    Diagnostic pd;
    pd.severity = d.severity == edict::Severity::Error ? Severity::Error
                  : d.severity == edict::Severity::Warning ? Severity::Warning : Severity::Note;
    pd.code = d.code;
    pd.message = d.message;
    if (d.span.file < sources.size()) {
        const SourceFile& f = sources.file(d.span.file);
        LineCol lc = f.line_col(d.span.begin);
        pd.location = {f.path(), lc.line, lc.column};
    }
    pd.rendered = render(d, sources, false);
    return pd;
}

namespace {

LoadResult from_compilation(const Compilation& c) {
    LoadResult out;
    for (const edict::Diagnostic& d : c.diags.items()) out.diagnostics.push_back(public_diagnostic(d, c.sources));
    if (c.ok()) out.program = wrap(c.program);
    else out.error = render_all(c.diags, c.sources, false);
    return out;
}

LoadResult artifact_result(std::shared_ptr<const edict::Program> p, std::string error) {
    LoadResult out;
    if (p) out.program = wrap(std::move(p));
    else out.error = std::move(error);
    return out;
}

bool file_has_artifact_signature(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char head[8] = {};
    in.read(head, sizeof head);
    return looks_like_artifact(std::string_view(head, static_cast<size_t>(in.gcount())));
}

}  // namespace

LoadResult compile_path(const std::string& path) { return from_compilation(*edict::compile_path(path)); }

LoadResult compile_sources(const std::vector<SourceText>& files, const std::string& import_base) {
    std::vector<std::pair<std::string, std::string>> in;
    for (const SourceText& f : files) in.emplace_back(f.name, f.text);
    return from_compilation(*edict::compile_sources(in, import_base));
}

LoadResult load_artifact(std::string_view bytes) {
    std::string error;
    auto p = edict::load_artifact(bytes, error);
    return artifact_result(std::move(p), std::move(error));
}

LoadResult load_artifact_file(const std::string& path) {
    std::string error;
    auto p = edict::load_artifact_file(path, error);
    return artifact_result(std::move(p), std::move(error));
}

bool is_artifact_path(const std::string& path) {
    std::error_code ec;
    bool is_file = std::filesystem::is_regular_file(path, ec);
    // A name ending in .edictc is an artifact even when its signature is wrong, so the error
    // says "not an Edict artifact" rather than a parse error on binary bytes.
    return is_file && (std::filesystem::path(path).extension() == ".edictc" || file_has_artifact_signature(path));
}

LoadResult load(const std::string& path) {
    if (is_artifact_path(path)) return load_artifact_file(path);
    return compile_path(path);
}

}  // namespace edict::api
