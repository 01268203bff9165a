// Request handling for `edict serve`; see service.hpp.
#include "tools/service/service.hpp"

#include <unordered_map>

#include <fmt/format.h>

#include "runtime/io/json.hpp"

namespace edict::service {

namespace {

// A request that cannot be served; thrown by the parsing helpers and turned into a reply.
struct RequestError {
    int status;
    std::string field, message;
};

// The body as JSON (400 if it is not), an object whose keys are all among `allowed` (422).
io::Json parse_body(std::string_view text, std::initializer_list<std::string_view> allowed) {
    io::Json body;
    std::string error;
    if (!io::parse_json(text, body, error)) throw RequestError{400, "", "the body is not JSON: " + error};
    if (body.type != io::Json::Type::Object) throw RequestError{422, "", "the body must be a JSON object"};
    for (size_t i = 0; i < body.members.size(); ++i) {
        const std::string& key = body.members[i].first;
        bool known = false;
        for (std::string_view a : allowed) known |= key == a;
        if (!known) throw RequestError{422, key, fmt::format("\"{}\" is not a field of this request", key)};
        // The JSON text allows a member twice; which one counts would be a guess (find() sees one).
        for (size_t k = 0; k < i; ++k)
            if (body.members[k].first == key)
                throw RequestError{400, key, fmt::format("\"{}\" is given twice in the body; send it once", key)};
    }
    return body;
}

bool wants_explanation(const io::Json& body) {
    const io::Json* e = body.find("explain");
    if (!e || e->type == io::Json::Type::Null) return false;
    if (e->type != io::Json::Type::Bool) throw RequestError{422, "explain", "\"explain\" must be true or false"};
    return e->boolean;
}

Reply error_reply(const RequestError& e) { return {e.status, error_body(e.field, e.message)}; }

// {"outputs": [{"name", "type", "inputs": [names]}], "inputs": [{"name", "type", "optional",
//  "has_default", "values"?}]}: what a client must send for the outputs it asks for.
std::string make_schema(const Program& p) {
    std::string out = "{\"outputs\":[";
    for (size_t i = 0; i < p.outputs.size(); ++i) {
        const RuleInfo& r = p.rules[p.outputs[i].rule];
        if (i) out += ',';
        out += "{\"name\":";
        io::append_json_string(out, p.outputs[i].name);
        out += ",\"type\":";
        io::append_json_string(out, p.types.name(r.type));
        out += ",\"inputs\":[";
        for (size_t k = 0; k < r.inputs.size(); ++k) {
            if (k) out += ',';
            io::append_json_string(out, p.inputs[r.inputs[k]].name);
        }
        out += "]}";
    }
    out += "],\"inputs\":[";
    for (size_t i = 0; i < p.inputs.size(); ++i) {
        const InputInfo& in = p.inputs[i];
        const TypeDesc& d = p.types.at(in.type);
        if (i) out += ',';
        out += "{\"name\":";
        io::append_json_string(out, in.name);
        out += ",\"type\":";
        io::append_json_string(out, p.types.name(in.type));
        out += fmt::format(",\"optional\":{},\"has_default\":{}", d.optional, in.has_default);
        if (d.kind == Kind::Enum) {
            out += ",\"values\":[";
            const EnumDesc& e = p.types.enum_at(d.ref);
            for (size_t k = 0; k < e.cases.size(); ++k) {
                if (k) out += ',';
                io::append_json_string(out, e.cases[k]);
            }
            out += ']';
        }
        out += '}';
    }
    out += "]}";
    return out;
}

}  // namespace

std::string error_body(std::string_view field, std::string_view message) {
    std::string out = "{\"error\":{\"field\":";
    if (field.empty()) out += "null";
    else io::append_json_string(out, field);
    out += ",\"message\":";
    io::append_json_string(out, message);
    out += "}}";
    return out;
}

// A runner lent to one request and returned to the pool when the request is done (or throws).
struct Service::Lease {
    Service& service;
    const std::vector<uint32_t>& rules;
    std::unique_ptr<io::CaseRunner> runner;
    Lease(Service& s, const std::vector<uint32_t>& r) : service(s), rules(r), runner(s.take_runner(r)) {}
    ~Lease() { service.give_back(rules, std::move(runner)); }
};

Service::Service(std::shared_ptr<const Program> program, const Compilation* compilation, Limits limits)
    : holder_(std::move(program)), compilation_(compilation), program_(*holder_), limits_(limits),
      schema_(make_schema(program_)) {}

Service::Service(const Compilation& compilation, Limits limits)
    : Service(compilation.program, &compilation, limits) {}

std::vector<std::string> Service::names_of(const std::vector<uint32_t>& rules) const {
    std::vector<std::string> names;
    for (uint32_t r : rules) names.push_back(program_.rules[r].name);
    return names;
}

Service::~Service() = default;

Reply Service::eval(std::string_view text, const DecisionSink& sink) {
    try {
        io::Json body = parse_body(text, {"input", "outputs", "explain"});
        const io::Json* input = body.find("input");
        if (!input) throw RequestError{422, "input", "the body needs \"input\": an object of the case's inputs"};
        if (input->type != io::Json::Type::Object)
            throw RequestError{422, "input", "\"input\" must be a JSON object of inputs"};
        bool explain_it = wants_explanation(body);
        std::vector<uint32_t> rules = outputs_of(body);
        std::string out;
        {
            Lease lease(*this, rules);
            io::CaseError ce;
            bool ok = lease.runner->run(*input, out, ce);
            std::string field = ok ? "" : ce.input.empty() ? "input" : "input." + ce.input;
            if (sink) sink({*input, 0, names_of(rules), ok ? std::string_view(out) : "", field, ce.message});
            if (!ok) throw RequestError{422, field, ce.message};
        }
        std::string reply = "{\"output\":" + out;
        if (explain_it) reply += ",\"explain\":" + explain(*input, rules);
        reply += '}';
        return {200, std::move(reply)};
    } catch (const RequestError& e) {
        return error_reply(e);
    }
}

Reply Service::batch(std::string_view text, const DecisionSink& sink) {
    try {
        io::Json body = parse_body(text, {"cases", "outputs"});
        const io::Json* cases = body.find("cases");
        if (!cases || cases->type != io::Json::Type::Array)
            throw RequestError{422, "cases", "the body needs \"cases\": an array of input objects"};
        if (cases->items.size() > limits_.max_cases)
            throw RequestError{422, "cases", fmt::format("{} cases; at most {} per request (--max-cases)",
                                                         cases->items.size(), limits_.max_cases)};
        std::vector<uint32_t> rules = outputs_of(body);
        Lease lease(*this, rules);
        std::string out = "{\"results\":[", one;
        size_t failed = 0;
        io::CaseError ce;
        std::vector<std::string> names = sink ? names_of(rules) : std::vector<std::string>{};
        for (size_t i = 0; i < cases->items.size(); ++i) {
            if (i) out += ',';
            if (lease.runner->run(cases->items[i], one, ce)) {
                out += "{\"output\":" + one + "}";
                if (sink) sink({cases->items[i], i, names, one, "", ""});
            } else {
                ++failed;
                std::string field = fmt::format("cases[{}]", i);
                if (!ce.input.empty()) field += "." + ce.input;
                out += error_body(field, ce.message);
                if (sink) sink({cases->items[i], i, names, "", field, ce.message});
            }
        }
        out += fmt::format("],\"failed\":{}}}", failed);
        return {200, std::move(out)};
    } catch (const RequestError& e) {
        return error_reply(e);
    }
}

// The rules named by "outputs" (every output when it is absent); 422 naming a bad entry.
std::vector<uint32_t> Service::outputs_of(const io::Json& body) const {
    const Program& p = program_;
    std::vector<uint32_t> rules;
    const io::Json* outputs = body.find("outputs");
    if (!outputs || outputs->type == io::Json::Type::Null) {
        for (const OutputInfo& o : p.outputs) rules.push_back(o.rule);
        if (rules.empty()) throw RequestError{422, "outputs", "this policy declares no outputs; name rules"};
        return rules;
    }
    if (outputs->type != io::Json::Type::Array || outputs->items.empty())
        throw RequestError{422, "outputs", "\"outputs\" must be a non-empty array of output names"};
    std::unordered_map<std::string_view, size_t> seen;  // name -> its first index
    for (size_t i = 0; i < outputs->items.size(); ++i) {
        const io::Json& n = outputs->items[i];
        std::string field = fmt::format("outputs[{}]", i);
        if (n.type != io::Json::Type::String) throw RequestError{422, field, "an output name must be a string"};
        auto [first, fresh] = seen.emplace(n.text, i);
        if (!fresh)
            throw RequestError{422, field, fmt::format("`{}` is named twice in \"outputs\" (also outputs[{}])",
                                                       n.text, first->second)};
        int o = p.find_output(n.text);
        const RuleInfo* r = p.find_rule(n.text);
        if (o < 0 && !(p.outputs.empty() && r)) {
            std::string names;
            for (const OutputInfo& out : p.outputs) names += (names.empty() ? "" : ", ") + out.name;
            throw RequestError{422, field,
                               fmt::format("`{}` is not an output of this policy; its outputs are: {}", n.text, names)};
        }
        rules.push_back(o >= 0 ? p.outputs[o].rule : static_cast<uint32_t>(r - p.rules.data()));
    }
    return rules;
}

// The trace of docs/explain.md for a case the runner has already evaluated without error. The
// explainer runs a second, traced build of the program; building it costs a compile, so explainers
// are pooled like runners.
std::string Service::explain(const io::Json& input, const std::vector<uint32_t>& rules) {
    std::unique_ptr<explain::Explainer> explainer;
    {
        std::lock_guard lock(mutex_);
        if (!explainers_.empty()) {
            explainer = std::move(explainers_.back());
            explainers_.pop_back();
        }
    }
    std::string error;
    if (!compilation_)
        throw RequestError{422, "explain",
                           "this policy is served from a compiled artifact (.edictc), which keeps no source to "
                           "explain from; serve the policy folder to get explanations"};
    if (!explainer) explainer = explain::Explainer::create(*compilation_, error);
    if (!explainer) throw RequestError{500, "explain", "cannot build the traced program: " + error};
    std::vector<std::string> names = names_of(rules);
    explain::Explanation e;
    bool ok = explainer->run(input, names, limits_.allow_extra, e, error);
    {
        std::lock_guard lock(mutex_);
        explainers_.push_back(std::move(explainer));
    }
    if (!ok) throw RequestError{422, "input", error};
    return explain::to_json(e);
}

std::unique_ptr<io::CaseRunner> Service::take_runner(const std::vector<uint32_t>& rules) {
    {
        std::lock_guard lock(mutex_);
        auto it = runners_.find(rules);
        if (it != runners_.end() && !it->second.empty()) {
            auto runner = std::move(it->second.back());
            it->second.pop_back();
            --pooled_;
            return runner;
        }
    }
    auto runner = std::make_unique<io::CaseRunner>(program_, rules, limits_.allow_extra);
    runner->set_step_budget(limits_.step_budget);
    return runner;
}

// Few distinct output lists occur in practice; a client that sends many only empties the pool.
void Service::give_back(const std::vector<uint32_t>& rules, std::unique_ptr<io::CaseRunner> runner) {
    std::lock_guard lock(mutex_);
    if (pooled_ >= 256) {
        runners_.clear();
        pooled_ = 0;
    }
    runners_[rules].push_back(std::move(runner));
    ++pooled_;
}

}  // namespace edict::service
