// Fuzz target: HTTP request bodies for `edict serve` on the Fujian policy. Takes: arbitrary bytes;
// the first selects the route (even: POST /v1/eval, odd: POST /v1/eval/batch), the rest is the
// body. Produces: nothing; a crash, a sanitizer report or a hang is a finding, and so is a reply
// that is not JSON, has a status other than 200/400/422, or (200) lacks its "output"/"results".
// The HTTP framing itself is cpp-httplib's; this reaches everything of ours behind it, "explain"
// included.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "compiler/driver/compile.hpp"
#include "runtime/io/json.hpp"
#include "tools/service/service.hpp"

namespace {
edict::service::Service& fujian_service() {
    static std::unique_ptr<edict::Compilation> c = edict::compile_path(EDICT_SOURCE_DIR "/policies/fujian/2020-14");
    if (!c->ok()) std::abort();
    static edict::service::Service s(*c, {100, 1'000'000, false});
    return s;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    edict::service::Service& s = fujian_service();
    std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
    bool batch = data[0] & 1;
    edict::service::Reply r = batch ? s.batch(body) : s.eval(body);
    edict::io::Json j;
    std::string error;
    bool ok = (r.status == 200 || r.status == 400 || r.status == 422) && edict::io::parse_json(r.body, j, error) &&
              j.type == edict::io::Json::Type::Object && j.find(r.status == 200 ? (batch ? "results" : "output") : "error");
    if (!ok) {
        std::fprintf(stderr, "bad reply %d: %s\n%s\n", r.status, r.body.c_str(), error.c_str());
        std::abort();
    }
    return 0;
}
