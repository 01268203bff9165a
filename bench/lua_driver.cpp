// One Lua peer of the benchmark, built twice as a loadable module: against Lua 5.4 and against
// LuaJIT, which export the same C symbols and so cannot share a process image; the benchmark
// dlopens each module (RTLD_LOCAL) and calls the C functions below. Takes: bench/fujian.lua and
// decoded cases. Produces: each case as a Lua table (built once, untimed), evaluate(case, out)
// called through lua_pcall, and the out table read back as NativeValues for the agreement check.
#include <cstdio>
#include <cstring>
#include <string>

extern "C" {
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
}

#include "bench/fujian_native.hpp"

namespace {

using bench::Kind;
constexpr Kind kKinds[bench::kOutputs] = {
    Kind::Bool, Kind::Int, Kind::Date, Kind::Month, Kind::Int, Kind::Money, Kind::Money, Kind::Money,
    Kind::Enum, Kind::Date, Kind::Bool, Kind::Bool, Kind::Month, Kind::Bool, Kind::Bool, Kind::Date,
    Kind::Bool, Kind::Date, Kind::Bool, Kind::Bool, Kind::Date, Kind::Date, Kind::Date, Kind::Bool};

struct State {
    lua_State* L = nullptr;
    int fn = LUA_NOREF, cases = LUA_NOREF, out = LUA_NOREF;
    int n = 0;
    std::string error;
};

void set_int(lua_State* L, const char* k, int64_t v) {
    if (v == bench::kNull) return;  // absent: nil
    lua_pushinteger(L, static_cast<lua_Integer>(v));
    lua_setfield(L, -2, k);
}
void set_bool(lua_State* L, const char* k, bool v) {
    lua_pushboolean(L, v);
    lua_setfield(L, -2, k);
}
void set_str(lua_State* L, const char* k, const char* v) {
    if (!v) return;
    lua_pushstring(L, v);
    lua_setfield(L, -2, k);
}
const char* pick(int i, std::initializer_list<const char*> names) {
    return i < 0 ? nullptr : names.begin()[i];
}

}  // namespace

extern "C" {

// `setup`: Lua run before the script (the tuned LuaJIT peer's jit.opt.start), or empty.
__attribute__((visibility("default"))) void* lb_open(const char* script, const char* setup) {
    auto* s = new State;
    s->L = luaL_newstate();
    luaL_openlibs(s->L);
    if (*setup && luaL_dostring(s->L, setup) != 0) {
        s->error = lua_tostring(s->L, -1);
        return s;
    }
    if (luaL_dofile(s->L, script) != 0) {
        s->error = lua_tostring(s->L, -1);
        return s;
    }
    lua_getglobal(s->L, "evaluate");
    s->fn = luaL_ref(s->L, LUA_REGISTRYINDEX);
    lua_newtable(s->L);
    s->cases = luaL_ref(s->L, LUA_REGISTRYINDEX);
    lua_createtable(s->L, bench::kOutputs, 0);
    s->out = luaL_ref(s->L, LUA_REGISTRYINDEX);
    return s;
}

__attribute__((visibility("default"))) const char* lb_error(void* h) {
    auto* s = static_cast<State*>(h);
    return s->error.empty() ? nullptr : s->error.c_str();
}

__attribute__((visibility("default"))) const char* lb_version(void* h) {
    auto* s = static_cast<State*>(h);
    lua_getglobal(s->L, "jit");
    if (lua_istable(s->L, -1)) {
        lua_getfield(s->L, -1, "version");
        static std::string v;
        v = lua_tostring(s->L, -1);
        lua_pop(s->L, 2);
        return v.c_str();
    }
    lua_pop(s->L, 1);
    lua_getglobal(s->L, "_VERSION");
    static std::string v;
    v = lua_tostring(s->L, -1);
    lua_pop(s->L, 1);
    return v.c_str();
}

// Appends one case as a Lua table (untimed setup).
__attribute__((visibility("default"))) void lb_add_case(void* h, const bench::NativeCase* cp) {
    auto* s = static_cast<State*>(h);
    lua_State* L = s->L;
    const bench::NativeCase& c = *cp;
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->cases);
    lua_createtable(L, 0, 48);
    set_int(L, "epidemic_start", c.epidemic_start);
    set_int(L, "epidemic_end", c.epidemic_end);
    set_int(L, "level1_end", c.level1_end);
    set_int(L, "onsite_suspension_start", c.onsite_suspension_start);
    set_int(L, "payment_month", c.payment_month);
    set_int(L, "certification_due", c.certification_due);
    set_int(L, "certified_on", c.certified_on);
    set_bool(L, "missed_due_to_epidemic", c.missed_due_to_epidemic);
    set_int(L, "birth_date", c.birth_date);
    set_str(L, "sex", pick(c.sex, {"male", "female"}));
    set_str(L, "scheme", pick(c.scheme, {"enterprise_employee", "public_institution", "urban_rural_resident"}));
    set_str(L, "female_position", pick(c.female_position, {"cadre", "worker"}));
    set_int(L, "monthly_pension", c.monthly_pension);
    set_int(L, "first_payment_month", c.first_payment_month);
    set_int(L, "approved_standard", c.approved_standard);
    set_int(L, "computed_monthly_pension", c.computed_monthly_pension);
    set_int(L, "prepaid_months", c.prepaid_months);
    set_int(L, "settlement_month", c.settlement_month);
    set_bool(L, "contribution_deferred", c.contribution_deferred);
    set_int(L, "injury_date", c.injury_date);
    set_bool(L, "backpay_all_staff", c.backpay_all_staff);
    set_int(L, "backpay_completed_on", c.backpay_completed_on);
    set_int(L, "ui_2019_backpay_declared_on", c.ui_2019_backpay_declared_on);
    set_int(L, "ui_eligible_since", c.ui_eligible_since);
    set_int(L, "ui_applied_on", c.ui_applied_on);
    set_bool(L, "ui_late_due_to_epidemic", c.ui_late_due_to_epidemic);
    set_str(L, "occupation", pick(c.occupation, {"medical", "related_staff", "other"}));
    set_bool(L, "infected", c.infected);
    set_bool(L, "infected_in_duty", c.infected_in_duty);
    set_bool(L, "dispatched_to_epidemic_area", c.dispatched_to_epidemic_area);
    set_int(L, "employment_start", c.employment_start);
    set_int(L, "registered_on", c.registered_on);
    set_str(L, "payer_type", pick(c.payer_type, {"flexible_employee", "urban_rural_resident", "employer"}));
    set_int(L, "due_date", c.due_date);
    set_int(L, "paid_on", c.paid_on);
    set_int(L, "appraisal_received_on", c.appraisal_received_on);
    set_int(L, "appraisal_statutory_deadline", c.appraisal_statutory_deadline);
    set_bool(L, "appraisal_affected_by_epidemic", c.appraisal_affected_by_epidemic);
    set_int(L, "appraisal_phone_on", c.appraisal_phone_on);
    set_int(L, "appraisal_postmark_on", c.appraisal_postmark_on);
    set_int(L, "appraisal_online_on", c.appraisal_online_on);
    set_int(L, "appraisal_window_on", c.appraisal_window_on);
    lua_rawseti(L, -2, ++s->n);
    lua_pop(L, 1);
}

// Evaluates cases [first, first+count) (0-based) into the shared out table; false on a Lua error.
__attribute__((visibility("default"))) bool lb_run(void* h, int first, int count) {
    auto* s = static_cast<State*>(h);
    lua_State* L = s->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->cases);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->out);
    for (int i = first; i < first + count; ++i) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, s->fn);
        lua_rawgeti(L, -3, i + 1);
        lua_pushvalue(L, -3);
        if (lua_pcall(L, 2, 0, 0) != 0) {
            s->error = lua_tostring(L, -1);
            lua_pop(L, 3);
            return false;
        }
    }
    lua_pop(L, 2);
    return true;
}

// The out table of the last case evaluated, as NativeValues.
__attribute__((visibility("default"))) void lb_read(void* h, bench::NativeValue* out) {
    auto* s = static_cast<State*>(h);
    lua_State* L = s->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->out);
    for (int i = 0; i < bench::kOutputs; ++i) {
        lua_rawgeti(L, -1, i + 1);
        bench::NativeValue v;
        if (!lua_isnil(L, -1)) {
            v.kind = kKinds[i];
            if (v.kind == Kind::Bool) v.v = lua_toboolean(L, -1);
            else if (v.kind == Kind::Enum) {
                const char* e = lua_tostring(L, -1);
                v.e = !std::strcmp(e, "supplement") ? "supplement" : !std::strcmp(e, "deduct") ? "deduct" : "none";
            } else v.v = static_cast<int64_t>(lua_tonumber(L, -1));
        }
        out[i] = v;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

__attribute__((visibility("default"))) void lb_close(void* h) {
    auto* s = static_cast<State*>(h);
    if (s->L) lua_close(s->L);
    delete s;
}

}  // extern "C"
