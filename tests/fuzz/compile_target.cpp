// Fuzz target: one .edict source file → parse → check → compile; when it compiles, every rule is
// evaluated on an empty case (bounded by a step budget) and the program must survive a round trip
// through the artifact format. Takes: arbitrary bytes as the file's text. Produces: nothing;
// a crash, a sanitizer report, a hang or an abort() on a broken invariant is a finding.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "runtime/bytecode/artifact.hpp"
#include "compiler/driver/compile.hpp"
#include "runtime/vm/vm.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    auto c = edict::compile_sources({{"fuzz.edict", text}});
    if (!c->ok()) {
        if (!c->diags.has_errors()) std::abort();  // no program must mean an error was reported
        return 0;
    }
    const edict::Program& p = *c->program;
    edict::vm::Session session(p);
    session.set_step_budget(200000);
    std::vector<edict::vm::InputState> present(p.inputs.size(), edict::vm::InputState::Absent);
    std::vector<edict::Value> values(p.inputs.size());
    std::vector<std::string> messages(p.inputs.size());
    edict::vm::CaseView view{values.data(), present.data(), messages.data()};
    for (uint32_t r = 0; r < p.rules.size(); ++r) {
        edict::Value out;
        edict::vm::RuntimeError err;
        session.evaluate(view, &r, 1, &out, err);
    }
    std::string bytes, error;
    if (edict::save_artifact(p, bytes, error) && !edict::load_artifact(bytes, error)) std::abort();
    return 0;
}
