// The Fujian decisions (contract shared/contracts/fujian-2020-14.md) written by hand in plain C++,
// as a programmer would without Edict: the floor the benchmark measures Edict against. Takes: a
// case already decoded into NativeCase (dates as day numbers, months as year*12+month-1, money as
// integer fen). Produces: the 24 outputs of the contract as NativeValue cells, in the policy's
// output order. Also decodes a JSON case into NativeCase and prints a NativeValue as wire JSON,
// which the Lua peers share, so that every peer's outputs are compared as the same text.
#pragma once
#include <cstdint>
#include <string>

namespace edict::io { struct Json; }

namespace bench {

constexpr int64_t kNull = INT64_MIN;  // an absent optional date / money
constexpr int kOutputs = 24;
extern const char* const kOutputNames[kOutputs];

enum class Kind : uint8_t { Null, Bool, Int, Money, Date, Month, Enum };
struct NativeValue {
    Kind kind = Kind::Null;
    int64_t v = 0;
    const char* e = nullptr;  // Enum: its name
};

struct NativeCase {
    int64_t epidemic_start, epidemic_end, level1_end, onsite_suspension_start;
    int64_t payment_month, certification_due, certified_on;
    bool missed_due_to_epidemic;
    int64_t birth_date;
    int sex, scheme, female_position;  // female_position -1: absent
    int64_t monthly_pension, first_payment_month, approved_standard, computed_monthly_pension;
    int64_t prepaid_months, settlement_month;
    bool contribution_deferred, backpay_all_staff;
    int64_t injury_date, backpay_completed_on;
    int64_t ui_2019_backpay_declared_on, ui_eligible_since, ui_applied_on;
    bool ui_late_due_to_epidemic;
    int occupation;
    bool infected, infected_in_duty, dispatched_to_epidemic_area;
    int64_t employment_start, registered_on;
    int payer_type;
    int64_t due_date, paid_on;
    int64_t appraisal_received_on, appraisal_statutory_deadline;
    bool appraisal_affected_by_epidemic;
    int64_t appraisal_phone_on, appraisal_postmark_on, appraisal_online_on, appraisal_window_on;
};

// false with `why` when the case lacks a field or holds one this baseline does not read.
bool decode_native(const edict::io::Json& object, NativeCase& out, std::string& why);
// false when a needed input is absent (female_position / approved_standard).
bool evaluate_native(const NativeCase& c, NativeValue* out);
std::string native_json(const NativeValue& v);  // "null", "true", "60", "\"1800.00\"", "\"2020-03-02\""

// Calendar helpers, shared with the decoders.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
bool parse_date(const std::string& s, int64_t& day);
bool parse_month(const std::string& s, int64_t& month);

}  // namespace bench
