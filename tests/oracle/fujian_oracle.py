#!/usr/bin/env python3
"""Independent oracle for the decision contract of 闽人社办[2020]14号.

Written from /work/shared/contracts/fujian-2020-14.md,
/work/shared/contracts/cn-holidays-2019-2021.md and cn-holidays-2022-2026.md alone (no
Edict rule files or C++ sources were read), so that it can be used to check the Edict
policy policies/fujian/2020-14 differentially.

Takes in
    JSON case objects (one per line of a .jsonl file, or one object in a .json file)
    whose keys are inputs of the policy (clause inputs and the four parameters).
Produces
    one compact JSON line per case holding the requested outputs, in the contract's
    output order, or {"error": {"input": <name or null>, "message": ...}} for a case
    that fails.  Exit status 1 when any case failed, 0 otherwise, 2 on usage errors.

CLI
    python3 fujian_oracle.py --input CASES.jsonl [--output a,b,...] [--allow-extra]
    python3 fujian_oracle.py --input CASE.json ...   (single case: an error goes to
                                                        stderr, nothing on stdout)
    python3 fujian_oracle.py --self-test [--examples FILE] [--boundary FILE]

Module use
    evaluate_text(raw_json_text, outputs=None, allow_extra=False) -> dict
    evaluate(case_dict, outputs=None, allow_extra=False)          -> dict
    (both raise CaseError(input_name, message) for a failing case; a case dict for
    evaluate() must come from json.loads(..., parse_float=decimal.Decimal)).

How the contract is read here (points where it leaves room)
    * Need.  Each output needs the inputs its formula names, statically, plus what the
      outputs it is defined from need.  The only conditional needs are the two the
      contract states: female_position only for a woman outside urban_rural_resident,
      approved_standard only for public_institution.  No short-circuiting beyond that:
      e.g. covid_work_injury needs occupation even when infected is false, and
      settlement_amount needs computed_monthly_pension etc. even for
      urban_rural_resident (where it is null).  injury_backpay_deadline and
      late_payment_deadline need no case input (only the epidemic_end parameter).
    * Parameters are read (and a bad override reported) whenever the output's formula
      names them, regardless of which branch is taken.
    * Only needed inputs are read and type-checked; a present but unneeded input with
      a bad value is not an error (it is never evaluated).  Unknown keys are always an
      error (unless allow_extra), checked before anything else, the first unknown key
      in the object's order being named.
    * A needed input that is null counts as absent: an error for a non-nullable input,
      null for an "X or null" input.  For the parameters that carry a non-null
      default (epidemic_start, level1_end, onsite_suspension_start) null or missing
      means the default; epidemic_end null means "not over".
    * Without --output every output is evaluated; if any of them fails (a missing or
      ill-typed input) the whole case prints an error line naming the input of the
      first failing output in contract order (within an output, inputs are checked in
      the order the contract lists them).  With --output only the named outputs are
      evaluated, in contract order, and the object holds them in contract order.
    * Money: a JSON string matching -?DIGITS[.DIGITS] or a JSON number (read from its
      decimal text); anything else (bool, "1,800", "") is ill-typed.  Results are
      printed with exactly two decimals, rounding half up (away from zero) if an input
      had more than two decimals (the contract does not say; inputs with two decimals
      never need rounding).
    * int: a JSON number without a fraction or exponent in its text (3, not 3.0,
      not true).  bool: true/false only.  date: exactly "YYYY-MM-DD" and a real date.
      month: exactly "YYYY-MM", month 01..12.  enum: one of the names, as a string.
    * settlement_amount uses months_between(pension_start_month, settlement_month) as
      is, even when negative (no max(0, ...) is written there).
    * A line that is not a JSON object is an error with input null.  Blank lines in a
      .jsonl file are skipped.
    * Calendar (amended contract, 2026-11-30): the holiday data covers 2019-2026.  Asking
      whether a day outside those years is a working day (directly or by roll) is an error
      with input null whose message names the calendar and the years covered:
      "中国工作日 has no holiday data for 2027: it covers 2019–2026".  roll walks forward day
      by day, so roll(2026-12-31) errs only if it has to look at 2027.  An output needs a
      day only where its value depends on it: the roll of 六.2 only when affected; the
      deadline inside injury_benefit_eligible / late_payment_accepted only when the
      conditions before it in the contract's formula leave the answer open;
      appraisal_application_timely not when the application date is null.
"""

import argparse
import datetime as dt
import decimal
import json
import os
import re
import sys

D = decimal.Decimal

# --------------------------------------------------------------------------------------
# Calendar
# --------------------------------------------------------------------------------------


def _day(y, text):
    """'MM-DD' in year y, or a full 'YYYY-MM-DD' (a range may start in the year before)."""
    if len(text) == 10:
        return dt.date.fromisoformat(text)
    return dt.date(y, int(text[:2]), int(text[3:]))


def _days(y, spec):
    """'MM-DD' or 'MM-DD..MM-DD' (';' or ',' separated) -> list of dates in year y."""
    out = []
    for part in spec.replace(",", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        if ".." in part:
            a, b = part.split("..")
        else:
            a = b = part
        d0 = _day(y, a)
        d1 = _day(y, b)
        while d0 <= d1:
            out.append(d0)
            d0 += dt.timedelta(days=1)
    return out


# In effect after the amendments (cn-holidays-2019-2021.md).
HOLIDAYS = set()
WORKING_WEEKENDS = set()
# 2019: 国办发明电〔2018〕15号, Labour Day amended 2019-03-22 to 05-01..05-04, +04-28, 05-05
HOLIDAYS.update(_days(2019, "01-01; 02-04..02-10; 04-05; 05-01..05-04; 06-07; 09-13; 10-01..10-07"))
WORKING_WEEKENDS.update(_days(2019, "02-02; 02-03; 09-29; 10-12; 04-28; 05-05"))
# 2020: 国办发明电〔2019〕16号 amended by 国办发明电〔2020〕1号 (01-31..02-02 off, 02-01 not working)
HOLIDAYS.update(_days(2020, "01-01; 01-24..02-02; 04-04..04-06; 05-01..05-05; 06-25..06-27; 10-01..10-08"))
WORKING_WEEKENDS.update(_days(2020, "01-19; 04-26; 05-09; 06-28; 09-27; 10-10"))
# 2021: 国办发明电〔2020〕27号
HOLIDAYS.update(_days(2021, "01-01..01-03; 02-11..02-17; 04-03..04-05; 05-01..05-05; "
                            "06-12..06-14; 09-19..09-21; 10-01..10-07"))
WORKING_WEEKENDS.update(_days(2021, "02-07; 02-20; 04-25; 05-08; 09-18; 09-26; 10-09"))
# 2022-2026 (cn-holidays-2022-2026.md), the table's rows as written there.
for _y, _off, _work in (
    (2022, "01-01..01-03; 01-31..02-06; 04-03..04-05; 04-30..05-04; 06-03..06-05; 09-10..09-12; "
           "10-01..10-07", "01-29, 01-30, 04-02, 04-24, 05-07, 10-08, 10-09"),
    (2023, "2022-12-31..01-02; 01-21..01-27; 04-05; 04-29..05-03; 06-22..06-24; 09-29..10-06",
           "01-28, 01-29, 04-23, 05-06, 06-25, 10-07, 10-08"),
    (2024, "01-01; 02-10..02-17; 04-04..04-06; 05-01..05-05; 06-10; 09-15..09-17; 10-01..10-07",
           "02-04, 02-18, 04-07, 04-28, 05-11, 09-14, 09-29, 10-12"),
    (2025, "01-01; 01-28..02-04; 04-04..04-06; 05-01..05-05; 05-31..06-02; 10-01..10-08",
           "01-26, 02-08, 04-27, 09-28, 10-11"),
    (2026, "01-01..01-03; 02-15..02-23; 04-04..04-06; 05-01..05-05; 06-19..06-21; 09-25..09-27; "
           "10-01..10-07", "01-04, 02-14, 02-28, 05-09, 09-20, 10-10"),
):
    HOLIDAYS.update(_days(_y, _off))
    WORKING_WEEKENDS.update(_days(_y, _work))

CALENDAR = "中国工作日"
COVERED_YEARS = (2019, 2026)  # first and last year the holiday data covers


class CalendarError(Exception):
    """A day outside the calendar's data was asked about (reported as a CaseError)."""

    def __init__(self, year):
        Exception.__init__(self, "%s has no holiday data for %d: it covers %d–%d"
                           % (CALENDAR, year, COVERED_YEARS[0], COVERED_YEARS[1]))
        self.message = self.args[0]


def is_working_day(d):
    if not COVERED_YEARS[0] <= d.year <= COVERED_YEARS[1]:
        raise CalendarError(d.year)
    if d in WORKING_WEEKENDS:
        return True
    if d in HOLIDAYS:
        return False
    return d.weekday() < 5


def roll(d):
    while not is_working_day(d):
        d += dt.timedelta(days=1)
    return d


def add_days(d, n):
    return d + dt.timedelta(days=n)


def _last_day(y, m):
    if m == 12:
        return 31
    return (dt.date(y, m + 1, 1) - dt.timedelta(days=1)).day


def add_months(d, n):
    """Same day-of-month n months on, clamped to that month's last day; one step."""
    k = d.year * 12 + (d.month - 1) + n
    y, m = divmod(k, 12)
    m += 1
    return dt.date(y, m, min(d.day, _last_day(y, m)))


def add_years(d, n):
    return add_months(d, 12 * n)


# Months are represented as (year, month) tuples, which order correctly.
def month_of(d):
    return (d.year, d.month)


def month_add(m, n):
    y, mm = divmod(m[0] * 12 + (m[1] - 1) + n, 12)
    return (y, mm + 1)


def months_between(a, b):
    return (b[0] * 12 + b[1]) - (a[0] * 12 + a[1])


def first_day(m):
    return dt.date(m[0], m[1], 1)


# --------------------------------------------------------------------------------------
# Wire formats
# --------------------------------------------------------------------------------------


class CaseError(Exception):
    def __init__(self, input_name, message):
        super().__init__(message)
        self.input = input_name
        self.message = message


_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_MONEY_RE = re.compile(r"^-?\d+(\.\d+)?$")
_INT_TEXT_RE = re.compile(r"^-?\d+$")


def parse_date(name, v):
    if not isinstance(v, str):
        raise CaseError(name, "%s: expected a date \"YYYY-MM-DD\", got %s" % (name, json_repr(v)))
    m = _DATE_RE.match(v)
    if not m:
        raise CaseError(name, "%s: expected a date \"YYYY-MM-DD\", got %s" % (name, json_repr(v)))
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise CaseError(name, "%s: impossible date %s" % (name, json_repr(v)))


def parse_month(name, v):
    m = _MONTH_RE.match(v) if isinstance(v, str) else None
    if not m or not (1 <= int(m.group(2)) <= 12) or int(m.group(1)) < 1:
        raise CaseError(name, "%s: expected a month \"YYYY-MM\", got %s" % (name, json_repr(v)))
    return (int(m.group(1)), int(m.group(2)))


def parse_money(name, v):
    if isinstance(v, bool):
        raise CaseError(name, "%s: expected money, got %s" % (name, json_repr(v)))
    if isinstance(v, int):
        return D(v)
    if isinstance(v, D):
        if not v.is_finite():
            raise CaseError(name, "%s: expected money, got %s" % (name, v))
        return v
    if isinstance(v, float):  # only if the caller did not use parse_float=Decimal
        raise CaseError(name, "%s: money must be read from decimal text" % name)
    if isinstance(v, str) and _MONEY_RE.match(v):
        return D(v)
    raise CaseError(name, "%s: expected money, got %s" % (name, json_repr(v)))


def parse_int(name, v):
    if isinstance(v, bool) or not isinstance(v, int):
        raise CaseError(name, "%s: expected an integer, got %s" % (name, json_repr(v)))
    return v


def parse_bool(name, v):
    if not isinstance(v, bool):
        raise CaseError(name, "%s: expected true or false, got %s" % (name, json_repr(v)))
    return v


def json_repr(v):
    if isinstance(v, D):
        return str(v)
    try:
        return json.dumps(v, ensure_ascii=False)
    except TypeError:
        return repr(v)


def fmt_date(d):
    return None if d is None else "%04d-%02d-%02d" % (d.year, d.month, d.day)


def fmt_month(m):
    return None if m is None else "%04d-%02d" % m


def fmt_money(x):
    if x is None:
        return None
    q = x.quantize(D("0.01"), rounding=decimal.ROUND_HALF_UP)
    if q == 0:
        q = abs(q)  # no "-0.00"
    return "%s" % q


# --------------------------------------------------------------------------------------
# Inputs of the policy
# --------------------------------------------------------------------------------------

ENUMS = {
    "sex": ("male", "female"),
    "scheme": ("enterprise_employee", "public_institution", "urban_rural_resident"),
    "female_position": ("cadre", "worker"),
    "occupation": ("medical", "related_staff", "other"),
    "payer_type": ("flexible_employee", "urban_rural_resident", "employer"),
}

# name -> (type, nullable)
INPUTS = {
    # 一.1
    "payment_month": ("month", False),
    "certification_due": ("date", False),
    "certified_on": ("date", True),
    "missed_due_to_epidemic": ("bool", False),
    # 一.2
    "birth_date": ("date", False),
    "sex": ("enum", False),
    "scheme": ("enum", False),
    "female_position": ("enum", False),
    "monthly_pension": ("money", False),
    "first_payment_month": ("month", False),
    # 一.3
    "approved_standard": ("money", False),
    "computed_monthly_pension": ("money", False),
    "prepaid_months": ("int", False),
    "settlement_month": ("month", False),
    # 一.4
    "contribution_deferred": ("bool", False),
    "injury_date": ("date", False),
    "backpay_all_staff": ("bool", False),
    "backpay_completed_on": ("date", True),
    # 一.5
    "ui_2019_backpay_declared_on": ("date", False),
    # 一.6
    "ui_eligible_since": ("date", False),
    "ui_applied_on": ("date", False),
    "ui_late_due_to_epidemic": ("bool", False),
    # 四
    "occupation": ("enum", False),
    "infected": ("bool", False),
    "infected_in_duty": ("bool", False),
    "dispatched_to_epidemic_area": ("bool", False),
    # 五.1
    "employment_start": ("date", False),
    "registered_on": ("date", False),
    # 五.2
    "payer_type": ("enum", False),
    "due_date": ("date", False),
    "paid_on": ("date", False),
    # 六.1
    "appraisal_received_on": ("date", False),
    # 六.2
    "appraisal_statutory_deadline": ("date", False),
    "appraisal_affected_by_epidemic": ("bool", False),
    # 六.3
    "appraisal_phone_on": ("date", True),
    "appraisal_postmark_on": ("date", True),
    "appraisal_online_on": ("date", True),
    "appraisal_window_on": ("date", True),
}

PARAMETERS = {
    "epidemic_start": dt.date(2020, 1, 24),
    "epidemic_end": None,
    "level1_end": dt.date(2020, 2, 26),
    "onsite_suspension_start": dt.date(2020, 2, 1),
}

ALL_KEYS = set(INPUTS) | set(PARAMETERS)

OUTPUTS = [
    "benefit_suspended", "retirement_age", "retirement_date", "pension_start_month",
    "back_pay_months", "back_pay", "prepaid_monthly_pension", "settlement_amount",
    "settlement_direction", "injury_backpay_deadline", "injury_benefit_eligible",
    "ui_2019_backpay_declaration_timely", "ui_benefit_start_month", "covid_work_injury",
    "backdate_allowed", "first_insured_date", "remark_required", "late_payment_deadline",
    "late_payment_accepted", "late_payment_flagged", "appraisal_conclusion_deadline",
    "appraisal_application_deadline", "appraisal_application_date",
    "appraisal_application_timely",
]

# Output wire types, for formatting.
OUTPUT_TYPES = {
    "benefit_suspended": "bool", "retirement_age": "int", "retirement_date": "date",
    "pension_start_month": "month", "back_pay_months": "int", "back_pay": "money",
    "prepaid_monthly_pension": "money", "settlement_amount": "money",
    "settlement_direction": "enum", "injury_backpay_deadline": "date",
    "injury_benefit_eligible": "bool", "ui_2019_backpay_declaration_timely": "bool",
    "ui_benefit_start_month": "month", "covid_work_injury": "bool",
    "backdate_allowed": "bool", "first_insured_date": "date", "remark_required": "bool",
    "late_payment_deadline": "date", "late_payment_accepted": "bool",
    "late_payment_flagged": "bool", "appraisal_conclusion_deadline": "date",
    "appraisal_application_deadline": "date", "appraisal_application_date": "date",
    "appraisal_application_timely": "bool",
}

# Which clause each output belongs to (used by tests and notes).
CLAUSE_OUTPUTS = {
    "一.1": ["benefit_suspended"],
    "一.2": ["retirement_age", "retirement_date", "pension_start_month", "back_pay_months", "back_pay"],
    "一.3": ["prepaid_monthly_pension", "settlement_amount", "settlement_direction"],
    "一.4": ["injury_backpay_deadline", "injury_benefit_eligible"],
    "一.5": ["ui_2019_backpay_declaration_timely"],
    "一.6": ["ui_benefit_start_month"],
    "四": ["covid_work_injury"],
    "五.1": ["backdate_allowed", "first_insured_date", "remark_required"],
    "五.2": ["late_payment_deadline", "late_payment_accepted", "late_payment_flagged"],
    "六.1": ["appraisal_conclusion_deadline"],
    "六.2": ["appraisal_application_deadline"],
    "六.3": ["appraisal_application_deadline", "appraisal_application_date",
             "appraisal_application_timely"],
}


# --------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------


class Case:
    """Lazy, memoising view of one case: inputs are read (and checked) when needed."""

    def __init__(self, raw):
        self.raw = raw
        self.memo = {}

    def get(self, name):
        if name in self.memo:
            return self.memo[name]
        if name in PARAMETERS:
            v = self.raw.get(name)
            val = PARAMETERS[name] if v is None else parse_date(name, v)
        else:
            typ, nullable = INPUTS[name]
            v = self.raw.get(name)
            if v is None:
                if not nullable:
                    raise CaseError(name, "missing input %s" % name)
                val = None
            elif typ == "date":
                val = parse_date(name, v)
            elif typ == "month":
                val = parse_month(name, v)
            elif typ == "money":
                val = parse_money(name, v)
            elif typ == "int":
                val = parse_int(name, v)
            elif typ == "bool":
                val = parse_bool(name, v)
            elif typ == "enum":
                if not (isinstance(v, str) and v in ENUMS[name]):
                    raise CaseError(name, "%s: expected one of %s, got %s"
                                    % (name, "|".join(ENUMS[name]), json_repr(v)))
                val = v
            else:  # pragma: no cover
                raise AssertionError(typ)
        self.memo[name] = val
        return val

    def __getitem__(self, name):
        return self.get(name)

    # -- helpers -----------------------------------------------------------------------

    def in_epidemic(self, d):
        end = self["epidemic_end"]
        return self["epidemic_start"] <= d and (end is None or d <= end)

    def on_or_before_end(self, d):
        end = self["epidemic_end"]
        return end is None or d <= end


def _out(case, name):
    """Value of output `name` (internal representation), memoised on the case."""
    key = "out:" + name
    if key not in case.memo:
        case.memo[key] = RULES[name](case)
    return case.memo[key]


# 一.1 -------------------------------------------------------------------------------
def r_benefit_suspended(c):
    pm = c["payment_month"]
    due = c["certification_due"]
    certified = c["certified_on"]
    missed = c["missed_due_to_epidemic"]
    c["epidemic_end"]
    standing = pm > month_of(due) and (certified is None or certified >= first_day(pm))
    if missed and c.on_or_before_end(first_day(pm)):
        return False
    return standing


# 一.2 -------------------------------------------------------------------------------
def r_retirement_age(c):
    sex = c["sex"]
    scheme = c["scheme"]
    if scheme == "urban_rural_resident" or sex == "male":
        return 60
    pos = c["female_position"]
    return 55 if pos == "cadre" else 50


def r_retirement_date(c):
    birth = c["birth_date"]
    return add_years(birth, _out(c, "retirement_age"))


def r_pension_start_month(c):
    return month_add(month_of(_out(c, "retirement_date")), 1)


def r_back_pay_months(c):
    psm = _out(c, "pension_start_month")
    return max(0, months_between(psm, c["first_payment_month"]))


def r_back_pay(c):
    mp = c["monthly_pension"]
    return mp * _out(c, "back_pay_months")


# 一.3 -------------------------------------------------------------------------------
def r_prepaid_monthly_pension(c):
    scheme = c["scheme"]
    if scheme == "enterprise_employee":
        return D("1800.00")
    if scheme == "public_institution":
        return c["approved_standard"]
    return None


def r_settlement_amount(c):
    # inputs in the contract's order: scheme (+approved_standard), computed, prepaid_months,
    # settlement_month, then what pension_start_month needs
    prepaid = _out(c, "prepaid_monthly_pension")
    computed = c["computed_monthly_pension"]
    n_prepaid = c["prepaid_months"]
    sm = c["settlement_month"]
    psm = _out(c, "pension_start_month")
    if prepaid is None:
        return None
    return computed * months_between(psm, sm) - prepaid * n_prepaid


def r_settlement_direction(c):
    amt = _out(c, "settlement_amount")
    if amt is None:
        return None
    if amt > 0:
        return "supplement"
    if amt < 0:
        return "deduct"
    return "none"


# 一.4 -------------------------------------------------------------------------------
def _deadline_from_end(c):
    end = c["epidemic_end"]
    return None if end is None else roll(add_months(end, 3))


def r_injury_backpay_deadline(c):
    return _deadline_from_end(c)


def r_injury_benefit_eligible(c):
    deferred = c["contribution_deferred"]
    injury = c["injury_date"]
    all_staff = c["backpay_all_staff"]
    done = c["backpay_completed_on"]
    c["epidemic_end"]
    if not (deferred and c.in_epidemic(injury) and all_staff and done is not None):
        return False
    deadline = _out(c, "injury_backpay_deadline")
    return deadline is None or done <= deadline


# 一.5 -------------------------------------------------------------------------------
def r_ui_2019_timely(c):
    return c["ui_2019_backpay_declared_on"] <= dt.date(2020, 2, 29)


# 一.6 -------------------------------------------------------------------------------
def r_ui_benefit_start_month(c):
    since = c["ui_eligible_since"]
    applied = c["ui_applied_on"]
    late = c["ui_late_due_to_epidemic"]
    c["epidemic_end"]
    standing = month_of(applied)
    if late and c.on_or_before_end(since):
        return min(standing, month_add(month_of(since), 1))
    return standing


# 四 ---------------------------------------------------------------------------------
def r_covid_work_injury(c):
    occ = c["occupation"]
    infected = c["infected"]
    in_duty = c["infected_in_duty"]
    dispatched = c["dispatched_to_epidemic_area"]
    return infected and ((occ in ("medical", "related_staff") and in_duty) or dispatched)


# 五.1 -------------------------------------------------------------------------------
def r_backdate_allowed(c):
    start = c["employment_start"]
    reg = c["registered_on"]
    return c.in_epidemic(start) and reg > start


def r_first_insured_date(c):
    allowed = _out(c, "backdate_allowed")
    return c["employment_start"] if allowed else c["registered_on"]


def r_remark_required(c):
    return _out(c, "backdate_allowed")


# 五.2 -------------------------------------------------------------------------------
def r_late_payment_deadline(c):
    return _deadline_from_end(c)


def r_late_payment_accepted(c):
    payer = c["payer_type"]
    due = c["due_date"]
    paid = c["paid_on"]
    c["epidemic_end"]
    start = c["epidemic_start"]
    if paid <= due:
        return True
    if not (payer != "employer" and due >= start):
        return False
    deadline = _out(c, "late_payment_deadline")
    return deadline is None or paid <= deadline


def r_late_payment_flagged(c):
    accepted = _out(c, "late_payment_accepted")
    return accepted and c["paid_on"] > c["due_date"]


# 六.1 -------------------------------------------------------------------------------
def r_appraisal_conclusion_deadline(c):
    r = c["appraisal_received_on"]
    a = max(add_days(r, 1), c["onsite_suspension_start"])
    b = c["level1_end"]
    stopped = 0
    if a <= b and a <= add_days(r, 60):
        stopped = (b - a).days + 1
    return roll(add_days(r, 60 + stopped))


# 六.2 -------------------------------------------------------------------------------
def r_appraisal_application_deadline(c):
    statutory = c["appraisal_statutory_deadline"]
    affected = c["appraisal_affected_by_epidemic"]
    level1_end = c["level1_end"]
    if affected:
        return max(statutory, roll(add_days(level1_end, 15)))
    return statutory


# 六.3 -------------------------------------------------------------------------------
def r_appraisal_application_date(c):
    lo, hi = c["epidemic_start"], c["level1_end"]
    remote = [c[n] for n in ("appraisal_phone_on", "appraisal_postmark_on", "appraisal_online_on")]
    window = c["appraisal_window_on"]
    inside = [d for d in remote if d is not None and lo <= d <= hi]
    return min(inside) if inside else window


def r_appraisal_application_timely(c):
    date = _out(c, "appraisal_application_date")
    for name in ("appraisal_statutory_deadline", "appraisal_affected_by_epidemic", "level1_end"):
        c[name]  # what the deadline needs is read even where the date is null
    if date is None:
        return None
    return date <= _out(c, "appraisal_application_deadline")


RULES = {
    "benefit_suspended": r_benefit_suspended,
    "retirement_age": r_retirement_age,
    "retirement_date": r_retirement_date,
    "pension_start_month": r_pension_start_month,
    "back_pay_months": r_back_pay_months,
    "back_pay": r_back_pay,
    "prepaid_monthly_pension": r_prepaid_monthly_pension,
    "settlement_amount": r_settlement_amount,
    "settlement_direction": r_settlement_direction,
    "injury_backpay_deadline": r_injury_backpay_deadline,
    "injury_benefit_eligible": r_injury_benefit_eligible,
    "ui_2019_backpay_declaration_timely": r_ui_2019_timely,
    "ui_benefit_start_month": r_ui_benefit_start_month,
    "covid_work_injury": r_covid_work_injury,
    "backdate_allowed": r_backdate_allowed,
    "first_insured_date": r_first_insured_date,
    "remark_required": r_remark_required,
    "late_payment_deadline": r_late_payment_deadline,
    "late_payment_accepted": r_late_payment_accepted,
    "late_payment_flagged": r_late_payment_flagged,
    "appraisal_conclusion_deadline": r_appraisal_conclusion_deadline,
    "appraisal_application_deadline": r_appraisal_application_deadline,
    "appraisal_application_date": r_appraisal_application_date,
    "appraisal_application_timely": r_appraisal_application_timely,
}
assert list(RULES) == OUTPUTS


def _to_wire(name, v):
    t = OUTPUT_TYPES[name]
    if v is None:
        return None
    if t == "date":
        return fmt_date(v)
    if t == "month":
        return fmt_month(v)
    if t == "money":
        return fmt_money(v)
    return v


def resolve_outputs(names):
    """None -> all outputs; else validate and put into contract order (deduplicated)."""
    if names is None:
        return list(OUTPUTS)
    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise ValueError("unknown output %s" % ", ".join(unknown))
    wanted = set(names)
    return [n for n in OUTPUTS if n in wanted]


def evaluate(raw, outputs=None, allow_extra=False):
    """Evaluate one case (a dict parsed with parse_float=Decimal); returns an ordered
    dict of wire values.  Raises CaseError."""
    outs = resolve_outputs(outputs)
    if not isinstance(raw, dict):
        raise CaseError(None, "a case must be a JSON object")
    if not allow_extra:
        for k in raw:
            if k not in ALL_KEYS:
                raise CaseError(k, "%s is not an input of the policy" % k)
    case = Case(raw)
    result = {}
    for name in outs:
        try:
            result[name] = _to_wire(name, _out(case, name))
        except CalendarError as e:
            raise CaseError(None, e.message)
    return result


def _reject_constant(s):
    raise ValueError("non-standard JSON constant %s" % s)


def loads(text):
    return json.loads(text, parse_float=D, parse_constant=_reject_constant)


def evaluate_text(text, outputs=None, allow_extra=False):
    try:
        raw = loads(text)
    except ValueError as e:
        raise CaseError(None, "invalid JSON: %s" % e)
    return evaluate(raw, outputs, allow_extra)


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def error_obj(e):
    return {"error": {"input": e.input, "message": e.message}}


def run_lines(lines, outputs=None, allow_extra=False):
    """Yield (ok, json_obj) per non-blank line."""
    for line in lines:
        if not line.strip():
            continue
        try:
            yield True, evaluate_text(line, outputs, allow_extra)
        except CaseError as e:
            yield False, error_obj(e)


# --------------------------------------------------------------------------------------
# Self-test
# --------------------------------------------------------------------------------------

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_EXAMPLES = "/work/shared/contracts/fujian-2020-14-examples.jsonl"
DEFAULT_BOUNDARY = os.path.normpath(
    os.path.join(HERE, "..", "..", "policies", "fujian", "2020-14", "tests", "boundary.jsonl"))


def _check_calendar():
    fails = []

    def eq(what, got, want):
        if got != want:
            fails.append("%s: got %s, want %s" % (what, got, want))

    d = dt.date
    eq("roll(2020-04-04)", roll(d(2020, 4, 4)), d(2020, 4, 7))
    eq("roll(2020-02-01)", roll(d(2020, 2, 1)), d(2020, 2, 3))
    eq("roll(2020-01-19)", roll(d(2020, 1, 19)), d(2020, 1, 19))
    eq("add_months(2020-01-31,1)", add_months(d(2020, 1, 31), 1), d(2020, 2, 29))
    eq("add_years(1964-02-29,55)", add_years(d(1964, 2, 29), 55), d(2019, 2, 28))
    eq("add_months(2020-01-31,2)", add_months(d(2020, 1, 31), 2), d(2020, 3, 31))
    eq("add_months twice", add_months(add_months(d(2020, 1, 31), 1), 1), d(2020, 3, 29))
    eq("add_months(2020-11-30,-11)", add_months(d(2020, 11, 30), -11), d(2019, 12, 30))
    eq("months_between", months_between((2020, 2), (2019, 11)), -3)
    for s in ("2020-01-19", "2020-04-26", "2020-05-09", "2020-06-28", "2020-09-27", "2020-10-10",
              "2019-04-28", "2019-05-05", "2021-02-20"):
        eq("working " + s, is_working_day(dt.date.fromisoformat(s)), True)
    for s in ("2020-02-01", "2020-02-02", "2020-01-31", "2020-10-08", "2019-05-04", "2020-05-05",
              "2021-01-01", "2022-01-01"):
        eq("off " + s, is_working_day(dt.date.fromisoformat(s)), False)
    # cn-holidays-2022-2026.md: its examples, a range across years, and the edge of the data.
    eq("roll(2025-10-04)", roll(d(2025, 10, 4)), d(2025, 10, 9))
    eq("roll(2026-02-14)", roll(d(2026, 2, 14)), d(2026, 2, 14))
    eq("roll(2024-02-17)", roll(d(2024, 2, 17)), d(2024, 2, 18))
    eq("roll(2022-12-31)", roll(d(2022, 12, 31)), d(2023, 1, 3))
    eq("roll(2026-12-26)", roll(d(2026, 12, 26)), d(2026, 12, 28))
    eq("2022-10-03 off", is_working_day(d(2022, 10, 3)), False)
    for day, year in ((d(2027, 1, 4), 2027), (d(2018, 12, 31), 2018)):
        try:
            fails.append("%s outside the data answered %s" % (day, is_working_day(day)))
        except CalendarError as e:
            eq("error for " + str(day), e.message,
               "中国工作日 has no holiday data for %d: it covers 2019–2026" % year)
    return fails


def _check_file(path, label):
    fails, n = [], 0
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                continue
            n += 1
            ex = loads(line)
            want = ex["output"]
            try:
                got = evaluate(ex["input"], list(want))
            except CaseError as e:
                got = error_obj(e)
            if got != want or list(got) != [k for k in OUTPUTS if k in want]:
                fails.append("%s:%d (%s): got %s, want %s"
                             % (label, i, ex.get("clause"), dumps(got), dumps(want)))
    return n, fails


def _check_errors():
    fails = []

    def err(case, outputs, want_input, allow_extra=False):
        try:
            got = evaluate_text(case, outputs, allow_extra)
            fails.append("expected error on %s, got %s" % (want_input, dumps(got)))
        except CaseError as e:
            if e.input != want_input:
                fails.append("error named %r, want %r (%s)" % (e.input, want_input, e.message))

    err('{"ui_2019_backpay_declared_on": "2021-02-29"}', ["ui_2019_backpay_declaration_timely"],
        "ui_2019_backpay_declared_on")
    err('{"ui_2019_backpay_declared_on": "2020-2-29"}', ["ui_2019_backpay_declaration_timely"],
        "ui_2019_backpay_declared_on")
    err('{"ui_2019_backpay_declared_on": "2020-02-20", "epidemc_end": null}',
        ["ui_2019_backpay_declaration_timely"], "epidemc_end")
    err('{}', ["ui_2019_backpay_declaration_timely"], "ui_2019_backpay_declared_on")
    err('{"birth_date":"1965-02-20","sex":"female","scheme":"enterprise_employee"}',
        ["retirement_age"], "female_position")
    err('{"scheme":"public_institution"}', ["prepaid_monthly_pension"], "approved_standard")
    err('{"occupation":"other","infected":1,"infected_in_duty":false,'
        '"dispatched_to_epidemic_area":true}', ["covid_work_injury"], "infected")
    err('[1]', None, None)
    err('{"epidemic_end": "2026-10-15"}', ["injury_backpay_deadline"], None)
    try:
        got = evaluate_text('{"epidemic_end": "2026-10-15", "contribution_deferred": false, '
                            '"injury_date": "2026-01-05", "backpay_all_staff": true, '
                            '"backpay_completed_on": null}', ["injury_benefit_eligible"])
        if got != {"injury_benefit_eligible": False}:
            fails.append("a deadline that is not needed: %s" % got)
    except CaseError as e:
        fails.append("a deadline that is not needed raised %s" % e.message)
    try:
        got = evaluate_text('{"ui_2019_backpay_declared_on": "2020-02-20", "x": 1}',
                            ["ui_2019_backpay_declaration_timely"], True)
        if got != {"ui_2019_backpay_declaration_timely": True}:
            fails.append("allow_extra: %s" % got)
    except CaseError as e:
        fails.append("allow_extra raised %s" % e.message)
    got = evaluate_text('{"scheme":"enterprise_employee","birth_date":"1960-01-10","sex":"male",'
                        '"computed_monthly_pension":1765.43,"prepaid_months":3,'
                        '"settlement_month":"2020-05"}', ["settlement_amount"])
    if got != {"settlement_amount": "-103.71"}:
        fails.append("money as JSON number: %s" % got)
    return fails


def self_test(examples, boundary):
    fails = _check_calendar() + _check_errors()
    n_ex, f = _check_file(examples, "examples")
    fails += f
    n_b = 0
    if boundary and os.path.exists(boundary):
        n_b, f = _check_file(boundary, "boundary")
        fails += f
    for msg in fails:
        print("FAIL " + msg)
    print("self-test: %d examples, %d boundary cases, %d failures" % (n_ex, n_b, len(fails)))
    return 0 if not fails else 1


# --------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", help="CASES.jsonl (one case per line) or CASE.json (one case)")
    ap.add_argument("--output", help="comma-separated output names (default: all)")
    ap.add_argument("--allow-extra", action="store_true", help="ignore keys that are not inputs")
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--examples", default=DEFAULT_EXAMPLES)
    ap.add_argument("--boundary", default=DEFAULT_BOUNDARY)
    args = ap.parse_args(argv)

    if args.self_test:
        return self_test(args.examples, args.boundary)
    if not args.input:
        ap.error("--input is required")
    outputs = None
    if args.output is not None:
        outputs = [s.strip() for s in args.output.split(",") if s.strip()]
        try:
            resolve_outputs(outputs)
        except ValueError as e:
            print("error: %s" % e, file=sys.stderr)
            return 2
    with open(args.input, encoding="utf-8") as f:
        text = f.read()

    if args.input.endswith(".json") and not args.input.endswith(".jsonl"):
        try:
            print(dumps(evaluate_text(text, outputs, args.allow_extra)))
            return 0
        except CaseError as e:
            print("error: %s (input: %s)" % (e.message, e.input), file=sys.stderr)
            return 1

    status = 0
    for ok, obj in run_lines(text.splitlines(), outputs, args.allow_extra):
        print(dumps(obj))
        if not ok:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
