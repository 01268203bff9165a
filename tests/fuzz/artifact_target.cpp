// Fuzz target: arbitrary bytes → the artifact loader (runtime/bytecode/artifact.hpp) and its
// structural verifier. Takes: bytes. Produces: nothing; a crash, a sanitizer report or a hang is a
// finding. The loader checks a CRC-32 before it reads the payload, so each input is tried twice:
// as given (the header checks), and with the size and CRC fields rewritten to match the bytes (so
// mutations reach the payload decoder and the verifier, which must refuse or accept cleanly).
//
// A program that loads as given is evaluated, every rule on an empty case under a step budget.
// One whose checksum had to be rewritten is an edited artifact, outside what the verifier
// promises (docs/embedding.md, "Compiled artifacts"): it checks bounds, jumps, stack depths and
// constants, not the kind of every value in every local slot, so such a program is loaded but not
// run. (Running them found three ways to crash the VM; each is now caught, see
// docs/reliability.md, but a complete guarantee needs a type-checking verifier.)
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/crc.hpp>

#include "runtime/bytecode/artifact.hpp"
#include "runtime/vm/vm.hpp"

namespace {
void put_u32(std::string& b, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>(v >> (8 * i));
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string error;
    std::string bytes(reinterpret_cast<const char*>(data), size);
    auto p = edict::load_artifact(bytes, error);
    if (!p && bytes.size() >= edict::kArtifactHeaderBytes) {
        // Edited payload with a recomputed checksum: load it (must not crash), do not run it.
        const uint64_t payload = bytes.size() - edict::kArtifactHeaderBytes;
        put_u32(bytes, 16, static_cast<uint32_t>(payload));
        put_u32(bytes, 20, static_cast<uint32_t>(payload >> 32));
        boost::crc_32_type crc;
        crc.process_bytes(bytes.data() + edict::kArtifactHeaderBytes, payload);
        put_u32(bytes, 24, crc.checksum());
        edict::load_artifact(bytes, error);
        return 0;
    }
    if (!p) return 0;
    edict::vm::Session session(*p);
    session.set_step_budget(200000);
    std::vector<edict::vm::InputState> present(p->inputs.size(), edict::vm::InputState::Absent);
    std::vector<edict::Value> values(p->inputs.size());
    std::vector<std::string> messages(p->inputs.size());
    edict::vm::CaseView view{values.data(), present.data(), messages.data()};
    for (uint32_t r = 0; r < p->rules.size(); ++r) {
        edict::Value out;
        edict::vm::RuntimeError err;
        session.evaluate(view, &r, 1, &out, err);
    }
    return 0;
}
