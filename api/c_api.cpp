// The C ABI (include/edict/edict.h) over the C++ API. Every entry point catches every exception:
// a C host, or a JVM/Go runtime behind an FFI, must get NULL and a message, never an abort.
#include <cstdlib>
#include <cstring>
#include <new>

#include "edict/edict.h"
#include "api/internal.hpp"

struct edict_program {
    std::shared_ptr<const edict::api::Program> program;
};

namespace {

// malloc'd so that edict_string_free can release it whichever allocator the host uses.
char* c_string(const std::string& s) {
    char* out = static_cast<char*>(std::malloc(s.size() + 1));
    if (out) std::memcpy(out, s.c_str(), s.size() + 1);
    return out;
}

void set_error(char** error, const std::string& message) {
    if (error) *error = c_string(message);
}

// Failures of evaluation are reported in the wire format, whatever caused them.
void set_eval_error(char** error, const std::string& message) {
    edict::api::EvalError e;
    e.message = message;
    set_error(error, e.to_json());
}

}  // namespace

extern "C" {

edict_program* edict_program_load(const char* path, char** error) {
    if (error) *error = nullptr;
    try {
        if (!path) { set_error(error, "edict_program_load: path is NULL"); return nullptr; }
        edict::api::LoadResult r = edict::api::load(path);
        if (!r) { set_error(error, r.error); return nullptr; }
        return new edict_program{std::move(r.program)};
    } catch (const std::bad_alloc&) {
        set_error(error, "out of memory while loading the policy");
    } catch (const std::exception& e) {
        set_error(error, std::string("edict_program_load: ") + e.what());
    } catch (...) {
        set_error(error, "edict_program_load: unknown failure");
    }
    return nullptr;
}

char* edict_program_eval_json(const edict_program* p, const char* case_json, const char* outputs_csv, char** error) {
    if (error) *error = nullptr;
    try {
        if (!p || !p->program) { set_eval_error(error, "edict_program_eval_json: program is NULL"); return nullptr; }
        if (!case_json) { set_eval_error(error, "edict_program_eval_json: case_json is NULL"); return nullptr; }
        edict::api::Evaluator ev(p->program, edict::api::split_csv(outputs_csv));
        std::string out;
        if (!ev.evaluate_json(case_json, out)) { set_error(error, out); return nullptr; }
        char* s = c_string(out);
        if (!s) set_eval_error(error, "out of memory");
        return s;
    } catch (const std::bad_alloc&) {
        set_eval_error(error, "out of memory while evaluating");
    } catch (const std::exception& e) {
        set_eval_error(error, e.what());
    } catch (...) {
        set_eval_error(error, "edict_program_eval_json: unknown failure");
    }
    return nullptr;
}

char* edict_program_input_schema(const edict_program* p, const char* outputs_csv, char** error) {
    if (error) *error = nullptr;
    try {
        if (!p || !p->program) { set_error(error, "edict_program_input_schema: program is NULL"); return nullptr; }
        return c_string(p->program->input_schema(edict::api::split_csv(outputs_csv)));
    } catch (const std::exception& e) {
        set_error(error, e.what());
    } catch (...) {
        set_error(error, "edict_program_input_schema: unknown failure");
    }
    return nullptr;
}

const char* edict_version(void) { return edict::api::version(); }

void edict_program_free(edict_program* p) { delete p; }

void edict_string_free(char* s) { std::free(s); }

}  // extern "C"
