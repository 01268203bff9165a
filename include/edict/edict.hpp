// Edict's C++ API for host services. Takes: a policy folder, an .edict file, in-memory sources or
// a compiled artifact (.edictc); cases as typed values or JSON. Produces: an immutable Program
// that any number of threads share, typed results, and structured errors (rule, location,
// message, input). This header includes only the standard library; link Edict::edict.
//
//   auto loaded = edict::api::load("policies/fujian/2020-14");
//   if (!loaded) { std::cerr << loaded.error; return 1; }
//   edict::api::Evaluator ev(loaded.program, {"retirement_date"});   // one per thread
//   edict::api::Result r = ev.evaluate({{"birth_date", edict::api::Value::date("1960-01-10")},
//                                       {"sex", edict::api::Value::enumeration("male")}});
//   if (r.ok) std::cout << r.get("retirement_date")->as_text();
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edict::api {

// The library's version, "0.1.0".
const char* version();

// ---- types -------------------------------------------------------------------------------------

enum class Kind { Bool, Int, Decimal, Money, Date, Month, Days, Months, Years, Text, Enum, Record, List, Other };

struct Field;

// A policy type as hosts see it: `name` as analysts write it ("money?", "list[date]", "Sex").
struct Type {
    Kind kind = Kind::Other;
    bool optional = false;  // null (or an absent key) is a legal value
    std::string name;
    std::vector<std::string> cases;  // Enum: the case names
    std::vector<Field> fields;       // Record: the fields
    std::vector<Type> element;       // List: exactly one element type
};

struct Field {
    std::string name;
    Type type;
};

// ---- values ------------------------------------------------------------------------------------

// An exact value. Decimals and money are decimal text ("1765.43"), dates "YYYY-MM-DD", months
// "YYYY-MM", enum cases their name: nothing passes through binary floating point.
class Value {
public:
    enum class Tag { Null, Bool, Int, Decimal, Date, Month, Text, Enum, List, Record };

    Value() = default;  // null
    static Value null() { return Value(); }
    static Value boolean(bool b);
    static Value integer(int64_t i);
    static Value decimal(std::string exact_text);  // money too: "1765.43", "-0.5"
    static Value date(std::string iso);            // "2020-01-10"
    static Value month(std::string iso);           // "2020-05"
    static Value text(std::string s);
    static Value enumeration(std::string case_name);
    static Value list(std::vector<Value> items);
    static Value record(std::vector<std::pair<std::string, Value>> fields);

    Tag tag() const { return tag_; }
    bool is_null() const { return tag_ == Tag::Null; }
    bool as_bool() const;                // Bool; throws std::logic_error otherwise
    int64_t as_int() const;              // Int (also days, months, years counts)
    const std::string& as_text() const;  // Decimal, Date, Month, Text, Enum: the exact text
    const std::vector<Value>& items() const { return items_; }
    const std::vector<std::pair<std::string, Value>>& fields() const { return fields_; }
    std::string to_json() const;  // the contract's wire format ("1800.00" as a JSON string)

    bool operator==(const Value& o) const;

private:
    Tag tag_ = Tag::Null;
    bool b_ = false;
    int64_t i_ = 0;
    std::string s_;
    std::vector<Value> items_;
    std::vector<std::pair<std::string, Value>> fields_;
};

using Inputs = std::vector<std::pair<std::string, Value>>;

// ---- compile and load --------------------------------------------------------------------------

enum class Severity { Error, Warning, Note };

struct Location {
    std::string file;  // as the compiler saw it, relative to the working directory when it can be
    uint32_t line = 0;
    uint32_t column = 0;
};

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string code;  // "E0101"
    Location location;
    std::string message;
    std::string rendered;  // with the source line and a caret, as `edict check` prints it
};

class Program;

struct LoadResult {
    std::shared_ptr<const Program> program;  // null on failure
    std::vector<Diagnostic> diagnostics;     // compile diagnostics (warnings even on success)
    std::string error;                       // on failure: every diagnostic rendered, or why an artifact was refused
    explicit operator bool() const { return program != nullptr; }
};

struct SourceText {
    std::string name;  // shown in diagnostics
    std::string text;
};

// A policy folder, a single .edict file, or a .edictc artifact (recognised by its signature).
LoadResult load(const std::string& path);
LoadResult compile_path(const std::string& path);
// In-memory rules; imports resolve from `import_base` upward, then EDICT_PATH, then the installed stdlib.
LoadResult compile_sources(const std::vector<SourceText>& files, const std::string& import_base = {});
// Compiled artifacts: loading needs no compiler. load_artifact never throws on bad bytes.
LoadResult load_artifact(std::string_view bytes);
LoadResult load_artifact_file(const std::string& path);

// ---- what a program takes and gives ------------------------------------------------------------

struct InputInfo {
    std::string name;
    Type type;
    bool required = true;  // false when optional or defaulted
    bool has_default = false;
    std::string doc;
};

struct OutputInfo {
    std::string name;
    Type type;
    std::string doc;
    std::vector<std::string> inputs;  // every input this output may read, in declaration order
    Location location;
};

// A compiled policy. Immutable: share one std::shared_ptr<const Program> across threads.
class Program {
public:
    ~Program();
    Program(const Program&) = delete;
    Program& operator=(const Program&) = delete;

    const std::vector<OutputInfo>& outputs() const;
    const std::vector<InputInfo>& inputs() const;
    const OutputInfo* output(std::string_view name) const;
    const InputInfo* input(std::string_view name) const;
    // The inputs the named outputs may read (all outputs when empty). Throws UsageError for an
    // unknown output name.
    std::vector<InputInfo> inputs_for(const std::vector<std::string>& outputs) const;
    // JSON Schema (draft 2020-12) of a case for these outputs, and of their result object.
    std::string input_schema(const std::vector<std::string>& outputs = {}) const;
    std::string output_schema(const std::vector<std::string>& outputs = {}) const;
    // The artifact bytes of this program (what `edict build` writes).
    std::string to_artifact() const;

    struct Impl;
    const Impl& impl() const { return *impl_; }
    explicit Program(std::unique_ptr<Impl> impl);

private:
    std::unique_ptr<Impl> impl_;
};

// ---- evaluation --------------------------------------------------------------------------------

// A case that cannot be decided: what is wrong, the input at fault (when the case is to blame),
// the rule being evaluated, the chain of rules that led to it, and its source location (when
// evaluation had started).
struct EvalError {
    std::string message;
    std::string input;
    std::string rule;
    Location location;
    bool has_location = false;
    std::vector<std::string> rule_chain;  // the rule asked for first, then each rule it needed, down to `rule`
    std::string to_json() const;  // the contract's {"error": {"input": ..., "message": ...}}
};

struct Result {
    bool ok = false;
    std::vector<std::pair<std::string, Value>> outputs;  // in the order they were asked for
    EvalError error;                                      // when !ok
    const Value* get(std::string_view name) const;
    std::string to_json() const;  // the result object, or the error object
};

// A host mistake (unknown output name, null program): thrown, unlike case errors, which are results.
class UsageError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

struct EvalOptions {
    bool allow_extra = false;      // ignore keys that are not inputs instead of refusing the case
    uint64_t step_budget = 0;      // 0: the VM's default budget
};

// Evaluates one program for a fixed set of outputs (all outputs when empty). Holds per-thread
// state (VM stack, rule cache) that it reuses between cases: make one per thread, not per case.
class Evaluator {
public:
    Evaluator(std::shared_ptr<const Program> program, const std::vector<std::string>& outputs = {},
              EvalOptions options = {});
    ~Evaluator();
    Evaluator(Evaluator&&) noexcept;
    Evaluator& operator=(Evaluator&&) noexcept;

    Result evaluate(const Inputs& inputs);
    Result evaluate_json(std::string_view case_json);
    // The wire format directly: the result object's JSON, or false with the error object's JSON.
    bool evaluate_json(std::string_view case_json, std::string& out);
    const std::shared_ptr<const Program>& program() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// ---- atomic reload -----------------------------------------------------------------------------

// The program a service currently runs. get() hands out a snapshot that stays valid (and
// unchanged) for as long as the caller holds it; swap() publishes a new one to later get()s.
// Evaluations in flight finish on the program they started with.
class ProgramHandle {
public:
    explicit ProgramHandle(std::shared_ptr<const Program> initial = nullptr);
    ~ProgramHandle();
    ProgramHandle(const ProgramHandle&) = delete;
    ProgramHandle& operator=(const ProgramHandle&) = delete;
    std::shared_ptr<const Program> get() const;
    // Returns the program it replaced.
    std::shared_ptr<const Program> swap(std::shared_ptr<const Program> next);
    // Loads `path` (folder, file or artifact); installs it only when it loads. The result says why not.
    LoadResult reload(const std::string& path);
    uint64_t generation() const;  // counts swaps

private:
    // The synchronisation lives in the library (api/evaluator.cpp), so this header needs nothing
    // beyond <memory>.
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace edict::api
