// A C++ host of Edict: loads a policy (folder, .edict file or .edictc artifact), lists what
// the requested outputs need, evaluates one case given as typed values and one given as JSON,
// and shows a structured error. Built outside the Edict tree against the installed package.
//
//   cpp_host POLICY CASE.json [OUTPUTS]    exit 0 ok, 1 the case failed, 2 usage or load error
#include <fstream>
#include <iostream>
#include <sstream>

#include <edict/edict.hpp>

namespace api = edict::api;

static std::vector<std::string> split(const std::string& csv) {
    std::vector<std::string> out;
    std::stringstream ss(csv);
    for (std::string name; std::getline(ss, name, ',');)
        if (!name.empty()) out.push_back(name);
    return out;
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: " << argv[0] << " POLICY CASE.json [OUTPUT,OUTPUT,...]\n";
        return 2;
    }
    api::LoadResult loaded = api::load(argv[1]);
    if (!loaded) {
        std::cerr << "cannot load " << argv[1] << ":\n" << loaded.error;
        return 2;
    }
    std::vector<std::string> outputs = argc > 3 ? split(argv[3]) : std::vector<std::string>{};
    std::ifstream in(argv[2]);
    std::stringstream case_json;
    case_json << in.rdbuf();
    if (!in) {
        std::cerr << "cannot read " << argv[2] << "\n";
        return 2;
    }
    try {
        // What the host must supply: inputs of the requested outputs, with their types.
        for (const api::InputInfo& i : loaded.program->inputs_for(outputs))
            std::cerr << "needs " << i.name << ": " << i.type.name << (i.required ? "" : " (may be absent)") << "\n";

        api::Evaluator evaluator(loaded.program, outputs);  // one per thread; reused between cases
        api::Result r = evaluator.evaluate_json(case_json.str());
        if (!r.ok) {
            std::cerr << r.error.to_json() << "\n";
            return 1;
        }
        std::cout << r.to_json() << "\n";

        // The same policy on typed values: a retirement date computed without any JSON.
        if (loaded.program->output("retirement_date")) {
            api::Evaluator typed(loaded.program, {"retirement_date"});
            api::Result t = typed.evaluate({{"birth_date", api::Value::date("1964-02-29")},
                                            {"sex", api::Value::enumeration("female")},
                                            {"scheme", api::Value::enumeration("urban_rural_resident")}});
            if (t.ok) std::cerr << "typed: retirement_date = " << t.get("retirement_date")->as_text() << "\n";
            else std::cerr << "typed: " << t.error.message << " (input " << t.error.input << ")\n";
        }
    } catch (const api::UsageError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
