#!/usr/bin/env python3
"""Random case generator for the 闽人社办[2020]14号 policy (differential testing).

Takes in
    --seed S --count N  [--bad-rate R]
Produces
    N lines of JSONL on stdout, each a bare input object (no clause/output wrapper)
    holding the inputs of every clause, so that evaluating every output works.

What is drawn
    * dates around the interesting ranges: 2019-2021 with weight on Jan-Mar 2020, some in
      2022-2026, month ends, Feb 29 2020, the days around public holidays and designated
      working weekends (2019-2026), and days next to the epidemic parameters; a few outside
      the calendar's data (2017-2018, 2027-2028), whose deadlines are errors;
    * epidemic_end null in ~30% of cases (else a date, weighted so that
      add_months(end, 3) often lands on a holiday, a weekend or a month end, sometimes in
      2022-2026 and, rarely, so late in 2026 that the deadline needs 2027: an error);
      epidemic_start / level1_end / onsite_suspension_start sometimes overridden;
    * birth dates 1950-1975 (mostly so that retirement falls in 2019-2021), with
      Feb 29 births;
    * money as strings with two decimals, sometimes as bare JSON numbers (1765.43);
    * every enum value; nullable dates sometimes null, sometimes missing;
      female_position / approved_standard sometimes omitted where the contract says they
      are not needed.
    * --bad-rate R (default 0): that fraction of cases gets exactly one deliberate fault
      (a misspelled key, an impossible date, an ill-typed or missing needed input), so
      that error reporting can be compared too.

Module use: generate(seed, count, bad_rate=0.0) -> list of JSONL text lines.
"""

import argparse
import datetime as dt
import decimal
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fujian_oracle as fo  # noqa: E402  (calendar helpers only)

D = decimal.Decimal
date = dt.date

HOLIDAY_LIST = sorted(fo.HOLIDAYS)
WORKING_WEEKEND_LIST = sorted(fo.WORKING_WEEKENDS)


def days(d, n):
    return d + dt.timedelta(days=n)


def uniform(rng, a, b):
    return days(a, rng.randint(0, (b - a).days))


def month_end(rng, y0=2019, y1=2021):
    y = rng.randint(y0, y1)
    m = rng.randint(1, 12)
    return date(y, m, fo._last_day(y, m))


def general_date(rng, anchors=()):
    """A date in the interesting ranges; anchors are dates of the case to hover near."""
    r = rng.random()
    if r < 0.30:
        return uniform(rng, date(2020, 1, 1), date(2020, 3, 31))
    if r < 0.50:
        return uniform(rng, date(2019, 1, 1), date(2021, 12, 31))
    if r < 0.62:
        return date(2020, 2, 29) if rng.random() < 0.3 else month_end(rng)
    if r < 0.77:
        base = rng.choice(HOLIDAY_LIST + WORKING_WEEKEND_LIST)
        return days(base, rng.randint(-2, 2))
    if r < 0.95 and anchors:
        base = rng.choice([a for a in anchors if a is not None] or [date(2020, 1, 24)])
        return days(base, rng.choice([-1, 0, 0, 1, rng.randint(-5, 5)]))
    if r < 0.97:
        return uniform(rng, date(2020, 4, 1), date(2020, 12, 31))
    if r < 0.99:
        return uniform(rng, date(2022, 1, 1), date(2026, 12, 31))
    return uniform(rng, date(2017, 1, 1), date(2028, 12, 31))  # partly outside the calendar


def deadline_or_day(d):
    """roll(d), or d itself where the calendar has no data for the days roll needs."""
    try:
        return fo.roll(d)
    except fo.CalendarError:
        return d


def fmt(d):
    return d.isoformat()


def fmt_m(d):
    return "%04d-%02d" % (d.year, d.month)


def money(rng, lo=1000, hi=9000):
    cents = rng.randint(lo * 100, hi * 100)
    if rng.random() < 0.1:
        cents -= cents % 100  # whole yuan
    text = "%d.%02d" % divmod(cents, 100)
    r = rng.random()
    if r < 0.25:
        return D(text)  # written as a bare JSON number
    if r < 0.30 and cents % 100 == 0:
        return int(cents // 100)  # bare JSON integer
    return text


def maybe_null(rng, obj, key, value, p_null=0.2, p_missing=0.15):
    r = rng.random()
    if r < p_null:
        obj[key] = None
    elif r < p_null + p_missing:
        pass
    else:
        obj[key] = value


def epidemic_end(rng, start):
    r = rng.random()
    if r < 0.30:
        return None
    if r < 0.45:
        # add_months(end, 3) lands in 2020-10-01..08 or 2020-05-01..05 (holidays)
        return rng.choice([uniform(rng, date(2020, 7, 1), date(2020, 7, 8)),
                           uniform(rng, date(2020, 2, 1), date(2020, 2, 5)),
                           uniform(rng, date(2020, 3, 25), date(2020, 3, 27))])
    if r < 0.55:
        return month_end(rng, 2020, 2021)
    if r < 0.62:
        return days(start, rng.randint(-2, 3))
    if r < 0.72:
        # the deadline falls in 2022-2026, often on a holiday of those years
        if rng.random() < 0.5:
            return fo.add_months(rng.choice(HOLIDAY_LIST[HOLIDAY_LIST.index(date(2022, 1, 1)):]), -3)
        return uniform(rng, date(2021, 10, 1), date(2026, 9, 30))
    if r < 0.74:
        # the deadline needs the last days of 2026 or, past them, 2027 (an error)
        return uniform(rng, date(2026, 9, 20), date(2026, 10, 31))
    return uniform(rng, date(2020, 2, 1), date(2021, 6, 30))


def birth_date(rng, sex, scheme, pos):
    if rng.random() < 0.25:
        b = uniform(rng, date(1950, 1, 1), date(1975, 12, 31))
    else:
        age = 60 if (sex == "male" or scheme == "urban_rural_resident") else (
            55 if pos == "cadre" else 50)
        b = uniform(rng, date(2019 - age, 1, 1), date(2021 - age, 12, 31))
    r = rng.random()
    if r < 0.12:
        leap_years = [y for y in range(1952, 1976, 4)]
        b = date(rng.choice(leap_years), 2, 29)
    elif r < 0.25:
        b = date(b.year, b.month, fo._last_day(b.year, b.month))
    return b


def gen_case(rng):
    c = {}
    # parameters ------------------------------------------------------------------
    start = date(2020, 1, 24)
    if rng.random() < 0.15:
        start = uniform(rng, date(2020, 1, 15), date(2020, 2, 10))
        c["epidemic_start"] = fmt(start)
    level1 = date(2020, 2, 26)
    if rng.random() < 0.15:
        level1 = uniform(rng, date(2020, 2, 10), date(2020, 3, 31))
        c["level1_end"] = fmt(level1)
    onsite = date(2020, 2, 1)
    if rng.random() < 0.12:
        onsite = uniform(rng, date(2020, 1, 20), date(2020, 2, 20))
        c["onsite_suspension_start"] = fmt(onsite)
    end = epidemic_end(rng, start)
    if end is not None or rng.random() < 0.5:
        c["epidemic_end"] = None if end is None else fmt(end)
    anchors = [start, level1, end, onsite]

    # 一.1 -------------------------------------------------------------------------
    due = general_date(rng, anchors)
    if rng.random() < 0.4:
        due = month_end(rng)
    c["certification_due"] = fmt(due)
    pm = fo.month_of(days(due, rng.randint(-40, 200)))
    if end is not None and rng.random() < 0.3:
        pm = fo.month_add(fo.month_of(end), rng.choice([0, 1]))
    c["payment_month"] = "%04d-%02d" % pm
    cert = general_date(rng, anchors + [fo.first_day(pm)])
    if rng.random() < 0.3:
        cert = days(fo.first_day(pm), rng.choice([-1, 0]))
    maybe_null(rng, c, "certified_on", fmt(cert), 0.25, 0.15)
    c["missed_due_to_epidemic"] = rng.random() < 0.6

    # 一.2 / 一.3 --------------------------------------------------------------------
    sex = rng.choice(["male", "female"])
    scheme = rng.choice(["enterprise_employee", "public_institution", "urban_rural_resident"])
    pos = rng.choice(["cadre", "worker"])
    c["sex"] = sex
    c["scheme"] = scheme
    if sex == "female" and scheme != "urban_rural_resident" or rng.random() < 0.5:
        c["female_position"] = pos
    b = birth_date(rng, sex, scheme, pos)
    c["birth_date"] = fmt(b)
    age = 60 if (sex == "male" or scheme == "urban_rural_resident") else (
        55 if pos == "cadre" else 50)
    psm = fo.month_add(fo.month_of(fo.add_years(b, age)), 1)
    c["monthly_pension"] = money(rng)
    c["first_payment_month"] = "%04d-%02d" % fo.month_add(psm, rng.choice(
        [-1, 0, 0, 1, 2, 3, rng.randint(-6, 14)]))
    if scheme == "public_institution" or rng.random() < 0.5:
        c["approved_standard"] = money(rng, 2000, 9000)
    r = rng.random()
    if r < 0.1:
        c["computed_monthly_pension"] = "1800.00"
    elif r < 0.2 and "approved_standard" in c:
        c["computed_monthly_pension"] = c["approved_standard"]
    else:
        c["computed_monthly_pension"] = money(rng, 1000, 9000)
    c["prepaid_months"] = rng.randint(0, 8)
    c["settlement_month"] = "%04d-%02d" % fo.month_add(psm, rng.choice(
        [c["prepaid_months"], c["prepaid_months"], rng.randint(-2, 12)]))

    # 一.4 -------------------------------------------------------------------------
    c["contribution_deferred"] = rng.random() < 0.75
    c["injury_date"] = fmt(general_date(rng, anchors))
    c["backpay_all_staff"] = rng.random() < 0.75
    done = general_date(rng, anchors)
    if end is not None and rng.random() < 0.5:
        done = days(deadline_or_day(fo.add_months(end, 3)), rng.randint(-2, 2))
    maybe_null(rng, c, "backpay_completed_on", fmt(done), 0.15, 0.1)

    # 一.5 -------------------------------------------------------------------------
    c["ui_2019_backpay_declared_on"] = fmt(
        days(date(2020, 2, 29), rng.randint(-3, 3)) if rng.random() < 0.6
        else general_date(rng, anchors))

    # 一.6 -------------------------------------------------------------------------
    since = general_date(rng, anchors)
    c["ui_eligible_since"] = fmt(since)
    c["ui_applied_on"] = fmt(days(since, rng.choice([0, 1, 20, 31, rng.randint(-10, 150)])))
    c["ui_late_due_to_epidemic"] = rng.random() < 0.6

    # 四 ----------------------------------------------------------------------------
    c["occupation"] = rng.choice(["medical", "related_staff", "other"])
    c["infected"] = rng.random() < 0.7
    c["infected_in_duty"] = rng.random() < 0.5
    c["dispatched_to_epidemic_area"] = rng.random() < 0.4

    # 五.1 -------------------------------------------------------------------------
    es = general_date(rng, anchors)
    c["employment_start"] = fmt(es)
    c["registered_on"] = fmt(days(es, rng.choice([-1, 0, 1, rng.randint(-20, 120)])))

    # 五.2 -------------------------------------------------------------------------
    c["payer_type"] = rng.choice(["flexible_employee", "urban_rural_resident", "employer"])
    dd = general_date(rng, anchors)
    c["due_date"] = fmt(dd)
    if end is not None and rng.random() < 0.4:
        paid = days(deadline_or_day(fo.add_months(end, 3)), rng.randint(-2, 2))
    else:
        paid = days(dd, rng.choice([-1, 0, 1, rng.randint(-30, 300)]))
    c["paid_on"] = fmt(paid)

    # 六.1 -------------------------------------------------------------------------
    r = rng.random()
    if r < 0.6:
        rec = uniform(rng, date(2019, 11, 15), date(2020, 3, 31))
    elif r < 0.8:
        # around 60 days before the suspension / around level1_end
        rec = days(rng.choice([days(onsite, -61), days(onsite, -60), days(onsite, -59),
                               days(level1, -1), level1, days(level1, 1)]), rng.randint(-1, 1))
    else:
        rec = general_date(rng, anchors)
    c["appraisal_received_on"] = fmt(rec)

    # 六.2 / 六.3 --------------------------------------------------------------------
    c["appraisal_statutory_deadline"] = fmt(
        days(fo.roll(days(level1, 15)), rng.randint(-3, 3)) if rng.random() < 0.4
        else general_date(rng, anchors))
    c["appraisal_affected_by_epidemic"] = rng.random() < 0.7
    for key in ("appraisal_phone_on", "appraisal_postmark_on", "appraisal_online_on"):
        d = rng.choice([uniform(rng, days(start, -3), days(level1, 3)),
                        rng.choice([start, level1, days(start, -1), days(level1, 1)]),
                        general_date(rng, anchors)])
        maybe_null(rng, c, key, fmt(d), 0.3, 0.2)
    maybe_null(rng, c, "appraisal_window_on", fmt(uniform(rng, level1, days(level1, 30))),
               0.2, 0.1)
    return c


NEEDED = ["payment_month", "certification_due", "birth_date", "sex", "monthly_pension",
          "prepaid_months", "injury_date", "ui_applied_on", "occupation", "registered_on",
          "paid_on", "appraisal_received_on", "appraisal_statutory_deadline"]


def spoil(rng, c):
    """Introduce exactly one fault into case c (in place)."""
    kind = rng.randrange(5)
    if kind == 0:  # misspelled key
        k = rng.choice(["epidemic_ends", "payment_mnth", "brith_date", "female_postion"])
        c[k] = c.get(k.replace("ends", "end"), "2020-05-31")
    elif kind == 1:  # impossible date
        c[rng.choice(["injury_date", "registered_on", "birth_date"])] = rng.choice(
            ["2021-02-29", "2020-02-30", "2020-04-31", "2020-13-01"])
    elif kind == 2:  # missing needed input
        c.pop(rng.choice(NEEDED), None)
    elif kind == 3:  # ill-typed
        k, v = rng.choice([("infected", "true"), ("prepaid_months", 2.5),
                           ("sex", "M"), ("monthly_pension", "1,800.00"),
                           ("payment_month", "2020-3"), ("due_date", 20200301)])
        c[k] = v
    else:  # needed input null
        c[rng.choice(NEEDED)] = None


def dumps_case(c):
    """Compact JSON, with Decimal values written as bare JSON numbers."""
    parts = []
    for k, v in c.items():
        vs = str(v) if isinstance(v, D) else json.dumps(v, ensure_ascii=False)
        parts.append("%s:%s" % (json.dumps(k, ensure_ascii=False), vs))
    return "{" + ",".join(parts) + "}"


def generate(seed, count, bad_rate=0.0):
    rng = random.Random(seed)
    lines = []
    for _ in range(count):
        c = gen_case(rng)
        if bad_rate and rng.random() < bad_rate:
            spoil(rng, c)
        items = list(c.items())
        rng.shuffle(items)
        lines.append(dumps_case(dict(items)))
    return lines


def main(argv=None):
    ap = argparse.ArgumentParser(description="random JSONL cases for policies/fujian/2020-14")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--bad-rate", type=float, default=0.0,
                    help="fraction of cases given one deliberate fault (default 0)")
    args = ap.parse_args(argv)
    out = sys.stdout
    for line in generate(args.seed, args.count, args.bad_rate):
        out.write(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
