"""The Fujian contract (闽人社办[2020]14号, ../shared/contracts/fujian-2020-14.md) written the way
OpenFisca users write formulas: one vectorised formula per variable over whole columns of people,
each asking the simulation for the variables it needs, memoised; NumPy does the arithmetic.
A peer for bench/python_bench.py, not part of Edict.

Representation (what an OpenFisca simulation holds): dates as datetime64[D], months as
datetime64[M], money as int64 cents (exact: OpenFisca's float32 would not agree to the cent),
enums as small int codes, bools as bool, and a `given` mask per input. A case the contract cannot
decide (a needed input absent, a day outside the holiday calendar) is flagged in `undecided`.

Takes: columns of text as a pandas DataFrame (load) or already typed (Population). Produces:
Simulation(pop).calculate(name) -> array, and .undecided."""
import datetime as dt
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "oracle"))
import fujian_oracle  # noqa: E402  (the holiday calendar's data, shared with the differential oracle)

ENUMS = {
    "sex": ["male", "female"],
    "scheme": ["enterprise_employee", "public_institution", "urban_rural_resident"],
    "female_position": ["cadre", "worker"],
    "occupation": ["medical", "related_staff", "other"],
    "payer_type": ["flexible_employee", "urban_rural_resident", "employer"],
    "settlement_direction": ["supplement", "deduct", "none"],
}
DATES = ["certification_due", "certified_on", "epidemic_start", "epidemic_end", "level1_end", "onsite_suspension_start",
         "birth_date", "injury_date", "backpay_completed_on", "ui_2019_backpay_declared_on", "ui_eligible_since",
         "ui_applied_on", "employment_start", "registered_on", "due_date", "paid_on", "appraisal_received_on",
         "appraisal_statutory_deadline", "appraisal_phone_on", "appraisal_postmark_on", "appraisal_online_on",
         "appraisal_window_on"]
MONTHS = ["payment_month", "first_payment_month", "settlement_month"]
MONEY = ["monthly_pension", "approved_standard", "computed_monthly_pension"]
INTS = ["prepaid_months"]
BOOLS = ["missed_due_to_epidemic", "contribution_deferred", "backpay_all_staff", "ui_late_due_to_epidemic", "infected",
         "infected_in_duty", "dispatched_to_epidemic_area", "appraisal_affected_by_epidemic"]
DEFAULTS = {"epidemic_start": "2020-01-24", "level1_end": "2020-02-26", "onsite_suspension_start": "2020-02-01"}
NAT = np.datetime64("NaT")


class Population:
    """Typed input columns and which cells were given."""

    def __init__(self, n):
        self.n = n
        self.values, self.given = {}, {}

    @classmethod
    def load(cls, frame):
        """From a DataFrame of text cells (None or NaN where absent), as read from CSV."""
        import pandas as pd
        pop = cls(len(frame))
        for name in DATES + MONTHS + MONEY + INTS + BOOLS + list(set(ENUMS) - {"settlement_direction"}):
            col = frame[name] if name in frame else pd.Series([None] * len(frame), dtype=object)
            given = col.notna().to_numpy()
            if name in DATES:
                v = pd.to_datetime(col, format="%Y-%m-%d", errors="coerce").to_numpy().astype("datetime64[D]")
            elif name in MONTHS:
                v = pd.to_datetime(col, format="%Y-%m", errors="coerce").to_numpy().astype("datetime64[M]")
            elif name in MONEY:  # exact: cents from the decimal text, never through a float
                v = np.array([_cents(s) if g else 0 for s, g in zip(col.to_numpy(), given)], dtype=np.int64)
            elif name in INTS:
                v = np.where(given, pd.to_numeric(col, errors="coerce").fillna(0), 0).astype(np.int64)
            elif name in BOOLS:
                v = (col == "true").to_numpy() | (col == True).to_numpy()  # noqa: E712
            else:
                v = pd.Categorical(col, categories=ENUMS[name]).codes.astype(np.int8)
            if name in DEFAULTS:
                v = np.where(given, v, np.datetime64(DEFAULTS[name]))
                given = np.ones(len(frame), dtype=bool)
            pop.values[name], pop.given[name] = v, given
        return pop


def _cents(text):
    text = str(text)
    whole, _, frac = text.partition(".")
    sign = -1 if whole.startswith("-") else 1
    return sign * (abs(int(whole)) * 100 + int((frac + "00")[:2]))


# ---- calendar arithmetic on whole columns ------------------------------------------------------

def add_months(d, n):
    """Same day of month n months on, clamped to the month's last day (民法典 第二百零二条)."""
    m = d.astype("datetime64[M]")
    day = (d - m.astype("datetime64[D]")).astype(np.int64)
    target = m + n
    last = (target + 1).astype("datetime64[D]") - 1
    return np.minimum(target.astype("datetime64[D]") + day, last)


class Calendar:
    """中国工作日: next working day on or after each day of 2019-2026, as a lookup table."""
    first, last = np.datetime64("2019-01-01"), np.datetime64("2026-12-31")

    def __init__(self):
        days = np.arange(self.first, self.last + 1)
        work = np.array([fujian_oracle.is_working_day(dt.date.fromisoformat(str(d))) for d in days])
        nxt = np.full(len(days), NAT, dtype="datetime64[D]")
        following = NAT
        for i in range(len(days) - 1, -1, -1):  # once, at start-up
            if work[i]:
                following = days[i]
            nxt[i] = following
        self.next_working = nxt

    def roll(self, d, needed):
        """roll(d) where `needed`; undecided (NaT) where the calendar has no data for a day it needs."""
        inside = (d >= self.first) & (d <= self.last)
        idx = np.where(inside, (d - self.first).astype(np.int64), 0)
        out = np.where(inside, self.next_working[idx], NAT)
        return np.where(needed, out, NAT), needed & np.isnat(out)


CALENDAR = None


# ---- the simulation: formulas per variable, memoised ---------------------------------------------

class Simulation:
    def __init__(self, pop):
        global CALENDAR
        CALENDAR = CALENDAR or Calendar()
        self.pop = pop
        self.cache = {}
        self.undecided = np.zeros(pop.n, dtype=bool)

    def input(self, name, needed=True):
        """An input's column; where it is needed but was not given, the case is undecided."""
        given = self.pop.given[name]
        self.undecided |= needed & ~given if name not in ("certified_on", "epidemic_end", "backpay_completed_on",
                                                          "appraisal_phone_on", "appraisal_postmark_on",
                                                          "appraisal_online_on", "appraisal_window_on") else False
        v = self.pop.values[name]
        if v.dtype.kind == "M":
            v = np.where(given, v, NAT)
        return v

    def calculate(self, name):
        if name not in self.cache:
            self.cache[name] = FORMULAS[name](self)
        return self.cache[name]

    def roll(self, d, needed):
        out, failed = CALENDAR.roll(d, needed)
        self.undecided |= failed
        return out

    def in_epidemic(self, d):
        end = self.input("epidemic_end")
        return (self.input("epidemic_start") <= d) & (np.isnat(end) | (d <= end))

    def on_or_before_end(self, d):
        end = self.input("epidemic_end")
        return np.isnat(end) | (d <= end)


def is_(s, name, case):
    return s.input(name) == ENUMS[name].index(case)


def benefit_suspended(s):
    pm = s.input("payment_month")
    certified = s.input("certified_on")
    first = pm.astype("datetime64[D]")
    standing = (pm > s.input("certification_due").astype("datetime64[M]")) & (np.isnat(certified) | (certified >= first))
    return np.where(s.input("missed_due_to_epidemic") & s.on_or_before_end(first), False, standing)


def retirement_age(s):
    man_or_resident = is_(s, "scheme", "urban_rural_resident") | is_(s, "sex", "male")
    woman = ~man_or_resident
    s.undecided |= woman & ~s.pop.given["female_position"]  # needed only for a woman outside the resident scheme
    cadre = s.pop.values["female_position"] == ENUMS["female_position"].index("cadre")
    return np.select([man_or_resident, cadre], [60, 55], 50)


def retirement_date(s):
    return add_months(s.input("birth_date"), 12 * s.calculate("retirement_age"))


def pension_start_month(s):
    return s.calculate("retirement_date").astype("datetime64[M]") + 1


def back_pay_months(s):
    gap = (s.input("first_payment_month") - s.calculate("pension_start_month")).astype(np.int64)
    return np.maximum(0, gap)


def back_pay(s):
    return s.input("monthly_pension") * s.calculate("back_pay_months")


def prepaid_monthly_pension(s):
    """Cents; -1 stands for null (urban_rural_resident)."""
    public = is_(s, "scheme", "public_institution")
    s.undecided |= public & ~s.pop.given["approved_standard"]
    return np.select([is_(s, "scheme", "enterprise_employee"), public], [180000, s.pop.values["approved_standard"]], -1)


def settlement_amount(s):
    months = (s.input("settlement_month") - s.calculate("pension_start_month")).astype(np.int64)
    prepaid = s.calculate("prepaid_monthly_pension")
    return s.input("computed_monthly_pension") * months - prepaid * s.input("prepaid_months")  # null where prepaid is


def settlement_direction(s):
    amount = s.calculate("settlement_amount")
    null = s.calculate("prepaid_monthly_pension") < 0
    return np.where(null, -1, np.select([amount > 0, amount < 0], [0, 1], 2)).astype(np.int8)


def deadline_from_end(s):
    end = s.input("epidemic_end")
    return s.roll(add_months(end, 3), ~np.isnat(end))


def injury_benefit_eligible(s):
    done = s.input("backpay_completed_on")
    deadline = s.calculate("injury_backpay_deadline")
    open_ = (s.input("contribution_deferred") & s.in_epidemic(s.input("injury_date")) & s.input("backpay_all_staff")
             & ~np.isnat(done))
    return open_ & (np.isnat(deadline) | (done <= deadline))


def ui_benefit_start_month(s):
    since = s.input("ui_eligible_since")
    standing = s.input("ui_applied_on").astype("datetime64[M]")
    late = s.input("ui_late_due_to_epidemic") & s.on_or_before_end(since)
    return np.where(late, np.minimum(standing, since.astype("datetime64[M]") + 1), standing)


def covid_work_injury(s):
    medical = is_(s, "occupation", "medical") | is_(s, "occupation", "related_staff")
    return s.input("infected") & ((medical & s.input("infected_in_duty")) | s.input("dispatched_to_epidemic_area"))


def backdate_allowed(s):
    start = s.input("employment_start")
    return s.in_epidemic(start) & (s.input("registered_on") > start)


def first_insured_date(s):
    return np.where(s.calculate("backdate_allowed"), s.input("employment_start"), s.input("registered_on"))


def late_payment_accepted(s):
    due, paid = s.input("due_date"), s.input("paid_on")
    deadline = s.calculate("late_payment_deadline")
    open_ = ~is_(s, "payer_type", "employer") & (due >= s.input("epidemic_start"))
    return (paid <= due) | (open_ & (np.isnat(deadline) | (paid <= deadline)))


def appraisal_conclusion_deadline(s):
    r = s.input("appraisal_received_on")
    a = np.maximum(r + 1, s.input("onsite_suspension_start"))
    b = s.input("level1_end")
    stopped = np.where((a <= b) & (a <= r + 60), (b - a).astype(np.int64) + 1, 0)
    return s.roll(r + 60 + stopped, np.ones(len(r), dtype=bool))


def appraisal_application_deadline(s):
    statutory = s.input("appraisal_statutory_deadline")
    affected = s.input("appraisal_affected_by_epidemic")
    rolled = s.roll(s.input("level1_end") + 15, affected)
    return np.where(affected, np.maximum(statutory, rolled), statutory)


def appraisal_application_date(s):
    lo, hi = s.input("epidemic_start"), s.input("level1_end")
    best = np.full(s.pop.n, NAT, dtype="datetime64[D]")
    for name in ("appraisal_phone_on", "appraisal_postmark_on", "appraisal_online_on"):
        d = s.input(name)
        inside = ~np.isnat(d) & (lo <= d) & (d <= hi)
        best = np.where(inside & (np.isnat(best) | (d < best)), d, best)
    return np.where(np.isnat(best), s.input("appraisal_window_on"), best)


def appraisal_application_timely(s):
    """-1 null, 0 false, 1 true."""
    date = s.calculate("appraisal_application_date")
    deadline = s.calculate("appraisal_application_deadline")
    return np.where(np.isnat(date), -1, date <= deadline).astype(np.int8)


FORMULAS = {
    "benefit_suspended": benefit_suspended,
    "retirement_age": retirement_age,
    "retirement_date": retirement_date,
    "pension_start_month": pension_start_month,
    "back_pay_months": back_pay_months,
    "back_pay": back_pay,
    "prepaid_monthly_pension": prepaid_monthly_pension,
    "settlement_amount": settlement_amount,
    "settlement_direction": settlement_direction,
    "injury_backpay_deadline": deadline_from_end,
    "injury_benefit_eligible": injury_benefit_eligible,
    "ui_2019_backpay_declaration_timely": lambda s: s.input("ui_2019_backpay_declared_on") <= np.datetime64("2020-02-29"),
    "ui_benefit_start_month": ui_benefit_start_month,
    "covid_work_injury": covid_work_injury,
    "backdate_allowed": backdate_allowed,
    "first_insured_date": first_insured_date,
    "remark_required": lambda s: s.calculate("backdate_allowed"),
    "late_payment_deadline": deadline_from_end,
    "late_payment_accepted": late_payment_accepted,
    "late_payment_flagged": lambda s: s.calculate("late_payment_accepted") & (s.input("paid_on") > s.input("due_date")),
    "appraisal_conclusion_deadline": appraisal_conclusion_deadline,
    "appraisal_application_deadline": appraisal_application_deadline,
    "appraisal_application_date": appraisal_application_date,
    "appraisal_application_timely": appraisal_application_timely,
}


def simulate(pop, outputs=None):
    s = Simulation(pop)
    results = {name: s.calculate(name) for name in (outputs or FORMULAS)}
    return results, s.undecided
