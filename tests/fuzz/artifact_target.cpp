// Fuzz target: arbitrary bytes → the artifact loader (runtime/bytecode/artifact.hpp) and its
// structural verifier; a program that loads must then be safe to run, so every rule is evaluated
// on an empty case under a step budget. Takes: bytes. Produces: nothing; a crash, a sanitizer
// report or a hang is a finding. The loader checks a CRC-32 before it reads the payload, so each
// input is tried twice: as given (the header checks), and with the size and CRC fields rewritten
// to match the bytes (so mutations reach the payload decoder and the verifier).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/crc.hpp>

#include "bytecode/artifact.hpp"
#include "vm/vm.hpp"

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
        const uint64_t payload = bytes.size() - edict::kArtifactHeaderBytes;
        put_u32(bytes, 16, static_cast<uint32_t>(payload));
        put_u32(bytes, 20, static_cast<uint32_t>(payload >> 32));
        boost::crc_32_type crc;
        crc.process_bytes(bytes.data() + edict::kArtifactHeaderBytes, payload);
        put_u32(bytes, 24, crc.checksum());
        p = edict::load_artifact(bytes, error);
    }
    if (!p) return 0;
    edict::vm::Session session(*p);
    session.set_step_budget(200000);
    std::vector<uint8_t> present(p->inputs.size(), 0);
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
