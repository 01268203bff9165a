// Fuzz target: one JSON case for the Fujian policy → JSON parser → case decoder → VM → encoder,
// for every output of the policy, with and without --allow-extra. Takes: arbitrary bytes as the
// case's JSON text. Produces: nothing; a crash, a sanitizer report or a hang is a finding, and so
// is a result line that is not itself valid JSON (abort()).
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "compiler/driver/compile.hpp"
#include "runtime/io/json.hpp"
#include "runtime/io/runner.hpp"

namespace {
const edict::Program& fujian() {
    static std::unique_ptr<edict::Compilation> c = edict::compile_path(EDICT_SOURCE_DIR "/policies/fujian/2020-14");
    if (!c->ok()) std::abort();
    return *c->program;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const edict::Program& p = fujian();
    static std::vector<uint32_t> rules = [&] {
        std::vector<uint32_t> r;
        for (const auto& o : p.outputs) r.push_back(o.rule);
        return r;
    }();
    edict::io::Json j;
    std::string error;
    if (!edict::io::parse_json(std::string_view(reinterpret_cast<const char*>(data), size), j, error)) return 0;
    if (j.type != edict::io::Json::Type::Object) return 0;
    for (bool allow_extra : {false, true}) {
        edict::io::CaseRunner runner(p, rules, allow_extra);
        runner.set_step_budget(1000000);
        std::string out;
        edict::io::CaseError ce;
        if (!runner.run(j, out, ce)) out = edict::io::error_line(ce);
        edict::io::Json back;
        if (!edict::io::parse_json(out, back, error)) std::abort();
    }
    return 0;
}
