// The C++ API in one page. docs/embedding.md shows the lines between the two `api` markers word for
// word (the docs runner, tests/docs, checks that they are this file's), and runs the program built
// from it. Takes a policy (folder, .edict file or .edictc artifact); prints the inputs two outputs
// need, then those outputs for one case given as typed values, or the structured error.
//
//   api_tour POLICY    exit 0 ok, 1 the case failed, 2 usage or load error
#include <iostream>
#include <memory>

#include <edict/edict.hpp>

static int tour(const char* path) {
    // [api]
    namespace api = edict::api;

    api::LoadResult loaded = api::load(path);              // folder, .edict or .edictc
    if (!loaded) { std::cerr << loaded.error; return 2; }  // diagnostics with carets
    std::shared_ptr<const api::Program> program = loaded.program;  // immutable, shareable

    // What the chosen outputs need, with types (also as JSON Schema: program->input_schema({...})).
    for (const api::InputInfo& i : program->inputs_for({"retirement_date", "back_pay"}))
        std::cout << "needs " << i.name << ": " << i.type.name << "\n";

    api::Evaluator ev(program, {"retirement_date", "back_pay"});  // one per thread, reused per case
    api::Result r = ev.evaluate({{"birth_date", api::Value::date("1960-01-10")},
                                 {"sex", api::Value::enumeration("male")},
                                 {"scheme", api::Value::enumeration("enterprise_employee")},
                                 {"monthly_pension", api::Value::decimal("1765.43")},
                                 {"first_payment_month", api::Value::month("2020-05")}});
    if (!r.ok) {
        std::cerr << r.error.input << ": " << r.error.message << " in rule " << r.error.rule << " at "
                  << r.error.location.file << ":" << r.error.location.line << "\n";
        return 1;
    }
    std::cout << "retirement_date = " << r.get("retirement_date")->as_text() << "\n"   // 2020-01-10
              << "back_pay = " << r.get("back_pay")->as_text() << "\n";               // 5296.29
    return 0;
    // [/api]
}

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: " << argv[0] << " POLICY\n";
        return 2;
    }
    try {
        return tour(argv[1]);
    } catch (const edict::api::UsageError& e) {  // an unknown output name: a mistake in this program
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    }
}
