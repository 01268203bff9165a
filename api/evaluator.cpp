// Evaluation through the public API: typed inputs or JSON in, typed results or the wire format
// out, structured errors; and ProgramHandle, the atomically swappable current program.
#include <atomic>
#include <mutex>

#include <fmt/format.h>

#include "api/internal.hpp"
#include "runtime/io/case_codec.hpp"
#include "runtime/io/case_decoder.hpp"
#include "runtime/io/runner.hpp"
#include "runtime/vm/vm.hpp"

namespace edict::api {

// ---- errors and results -----------------------------------------------------------------------

std::string error_message(const EvalError& e) {
    // The message reads as `edict eval` prints it: what went wrong, the rule, where.
    std::string m = e.message;
    m += vm::while_computing(e.rule_chain);
    if (e.has_location)
        m += fmt::format(" ({}:{}:{})", e.location.file.empty() ? "<unknown>" : e.location.file, e.location.line,
                         e.location.column);
    return m;
}

std::string EvalError::to_json() const {
    io::CaseError e{input, error_message(*this)};
    return io::error_line(e);
}

const Value* Result::get(std::string_view name) const {
    for (const auto& [n, v] : outputs)
        if (n == name) return &v;
    return nullptr;
}

std::string Result::to_json() const {
    if (!ok) return error.to_json();
    std::string out = "{";
    for (size_t i = 0; i < outputs.size(); ++i) {
        if (i) out += ',';
        io::append_json_string(out, outputs[i].first);
        out += ':' + outputs[i].second.to_json();
    }
    return out + '}';
}

// ---- the evaluator ----------------------------------------------------------------------------

struct Evaluator::State {
    State(std::shared_ptr<const Program> p, std::vector<uint32_t> r, EvalOptions o)
        : holder(std::move(p)), program(*holder->impl().program), rules(std::move(r)), options(o), session(program),
          results(rules.size()) {
        if (o.step_budget) session.set_step_budget(o.step_budget);
    }
    std::shared_ptr<const Program> holder;  // keeps `program` alive while this evaluator lives
    const edict::Program& program;
    std::vector<uint32_t> rules;
    EvalOptions options;
    vm::Session session;
    io::DecodedCase decoded;
    std::vector<edict::Value> results;

    // Decodes and runs one case (a tree of values, or JSON text decoded straight into values);
    // false leaves the structured error in `error`.
    bool run(const io::Json& input, EvalError& error) {
        io::CaseError ce;
        if (!io::decode_case(program, input, options.allow_extra, decoded, ce)) {
            error = {ce.message, ce.input, {}, {}, false, {}};
            return false;
        }
        return execute(error);
    }
    bool run(std::string_view case_json, EvalError& error) {
        io::CaseError ce;
        if (!io::decode_case_text(program, case_json, options.allow_extra, decoded, ce)) {
            error = {ce.message, ce.input, {}, {}, false, {}};
            return false;
        }
        return execute(error);
    }
    bool execute(EvalError& error) {
        vm::RuntimeError rt;
        vm::CaseView view = decoded.view();
        if (session.evaluate(view, rules.data(), rules.size(), results.data(), rt)) return true;
        error = {rt.message, rt.input, rt.rule, public_location(program, rt.loc), rt.has_loc, rt.chain};
        return false;
    }

    template <class Input>
    Result finish(const Input& input) {
        Result r;
        r.ok = run(input, r.error);
        if (!r.ok) return r;
        for (size_t i = 0; i < rules.size(); ++i) {
            const RuleInfo& info = program.rules[rules[i]];
            r.outputs.emplace_back(info.name, from_runtime(program, info.type, results[i]));
        }
        return r;
    }
};

Evaluator::Evaluator(std::shared_ptr<const Program> program, const std::vector<std::string>& outputs, EvalOptions options) {
    if (!program) throw UsageError("edict::api::Evaluator needs a program, not null");
    auto rules = resolve_outputs(*program->impl().program, outputs);
    state_ = std::make_unique<State>(std::move(program), std::move(rules), options);
}

Evaluator::~Evaluator() = default;
Evaluator::Evaluator(Evaluator&&) noexcept = default;
Evaluator& Evaluator::operator=(Evaluator&&) noexcept = default;

const std::shared_ptr<const Program>& Evaluator::program() const { return state_->holder; }

Result Evaluator::evaluate(const Inputs& inputs) {
    io::Json object;
    object.type = io::Json::Type::Object;
    for (const auto& [name, v] : inputs) object.members.emplace_back(name, to_case_json(v));
    return state_->finish(object);
}

Result Evaluator::evaluate_json(std::string_view case_json) { return state_->finish(case_json); }

bool Evaluator::evaluate_json(std::string_view case_json, std::string& out) {
    EvalError error;
    out.clear();
    if (state_->run(case_json, error)) {
        // Straight from runtime values to text: the batch and C paths skip the public Value tree.
        State& s = *state_;
        out += '{';
        for (size_t i = 0; i < s.rules.size(); ++i) {
            if (i) out += ',';
            const RuleInfo& r = s.program.rules[s.rules[i]];
            io::append_json_string(out, r.name);
            out += ':';
            io::encode_value(s.program, r.type, s.results[i], out);
        }
        out += '}';
        return true;
    }
    out = error.to_json();
    return false;
}

// ---- atomic reload ----------------------------------------------------------------------------

// A mutex around a shared_ptr rather than std::atomic<std::shared_ptr>: libstdc++ 12 implements
// the latter with a lock bit ThreadSanitizer cannot see, so every reload test would report a race.
// The critical section is one pointer copy; the previous program is released outside it.
struct ProgramHandle::State {
    mutable std::mutex mutex;
    std::shared_ptr<const Program> current;
    std::atomic<uint64_t> generation{0};
};

ProgramHandle::ProgramHandle(std::shared_ptr<const Program> initial) : state_(std::make_unique<State>()) {
    state_->current = std::move(initial);
}

ProgramHandle::~ProgramHandle() = default;

std::shared_ptr<const Program> ProgramHandle::get() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->current;
}

uint64_t ProgramHandle::generation() const { return state_->generation.load(); }

std::shared_ptr<const Program> ProgramHandle::swap(std::shared_ptr<const Program> next) {
    {
        std::lock_guard<std::mutex> lock(state_->mutex);
        state_->current.swap(next);
    }
    state_->generation.fetch_add(1);
    return next;  // the program it replaced
}

LoadResult ProgramHandle::reload(const std::string& path) {
    LoadResult r = load(path);
    if (r) swap(r.program);
    return r;
}

}  // namespace edict::api
