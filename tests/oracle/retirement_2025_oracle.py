#!/usr/bin/env python3
"""An independent reference for shared/contracts/cn-retirement-2025.md, written from the contract
alone (not from the Edict policy), and the differential check of policies/cn/retirement-2025.

    retirement_2025_oracle.py --self-test [--examples FILE]
        checks the oracle against the contract's annex checks and public examples.
    retirement_2025_oracle.py --boundary OUT.jsonl
        writes the boundary cases (one per article and edge, with "clause", "input", "output").
    retirement_2025_oracle.py --edict BIN --policy DIR [--count N --seed S]
        runs the boundary cases and N random cases through `BIN eval DIR --input CASES.jsonl`
        (every output) and compares each line with the oracle. Last line: "N passed, M failed".
"""
import argparse
import calendar
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile

ORIGINAL_AGE = {("male", None): 60, ("female", "cadre"): 55, ("female", "worker"): 50}
FIRST_BIRTH_MONTH = {60: (1965, 1), 55: (1970, 1), 50: (1975, 1)}  # those who reach the age in 2025-01
BLOCK = {60: 4, 55: 4, 50: 2}
CAP = {60: 36, 55: 36, 50: 60}
OUTPUTS = ["delay_months", "statutory_age_months", "statutory_retirement_date", "pension_start_month",
           "min_contribution_months", "earliest_flexible_month", "latest_flexible_month"]


def add_months(d, n):
    """民法典 第二百零二条: same day of the target month, or its last day; one step from d."""
    total = d.year * 12 + (d.month - 1) + n
    y, m = divmod(total, 12)
    last = calendar.monthrange(y, m + 1)[1]
    return datetime.date(y, m + 1, min(d.day, last))


def month_text(d):
    return f"{d.year:04d}-{d.month:02d}"


def next_month(d):
    return month_text(add_months(d.replace(day=1), 1))


def original_age(case):
    if case["sex"] == "male":
        return 60
    return ORIGINAL_AGE[("female", case["female_position"])]


def min_contribution(year):
    """第二条: 15 years up to 2029, then 6 months more each year, at most 20 years."""
    return 180 if year <= 2029 else min(240, 180 + 6 * (year - 2029))


def expected(case):
    if case["scheme"] == "urban_rural_resident":
        return {k: None for k in OUTPUTS}
    born = datetime.date.fromisoformat(case["birth_date"])
    age = original_age(case)
    fy, fm = FIRST_BIRTH_MONTH[age]
    offset = (born.year * 12 + born.month) - (fy * 12 + fm)  # birth months after the first one
    delay = 0 if offset < 0 else min(CAP[age], (offset + BLOCK[age]) // BLOCK[age])  # started blocks
    months = 12 * age + delay
    retire = add_months(born, months)
    min_contrib = min_contribution(retire.year)
    in_force = retire >= datetime.date(2025, 1, 1)
    return {
        "delay_months": delay,
        "statutory_age_months": months,
        "statutory_retirement_date": retire.isoformat(),
        "pension_start_month": next_month(retire),
        "min_contribution_months": min_contrib,
        "earliest_flexible_month": month_text(add_months(born, max(12 * age, months - 36))) if in_force else None,
        "latest_flexible_month": month_text(add_months(born, months + 36)) if in_force else None,
    }


def person(born, sex, position=None, scheme="enterprise_employee"):
    case = {"birth_date": born.isoformat() if isinstance(born, datetime.date) else born, "sex": sex, "scheme": scheme}
    if position:
        case["female_position"] = position
    return case


def boundary_cases():
    """(clause, input) pairs: the edges of each article."""
    out = []
    groups = [("male", None, 60), ("female", "cadre", 55), ("female", "worker", 50)]
    for sex, pos, age in groups:
        fy, fm = FIRST_BIRTH_MONTH[age]
        first = datetime.date(fy, fm, 1)
        # 第一条: the month before the law, then the first and last birth month of the first blocks.
        for k in (-1, 0):
            d = add_months(first, k)
            out.append(("第一条", person(datetime.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1]), sex, pos)))
        for block in range(3):
            for edge in (0, BLOCK[age] - 1):
                d = add_months(first, block * BLOCK[age] + edge)
                out.append(("第一条", person(d.replace(day=15), sex, pos)))
        # the cap: last block below it, the block that reaches it, and well after it.
        cap_month = add_months(first, CAP[age] * BLOCK[age] - 1)
        for k in (-BLOCK[age], -1, 0, 1, 120):
            d = add_months(cap_month, k)
            out.append(("第一条", person(d.replace(day=1), sex, pos)))
        # Feb 29 births and month-end clamps inside the law's range.
        for born in (datetime.date(1968, 2, 29), datetime.date(1972, 2, 29), datetime.date(1976, 2, 29),
                     datetime.date(1980, 2, 29), datetime.date(1965, 8, 31), datetime.date(1971, 12, 31),
                     datetime.date(1966, 10, 31), datetime.date(1975, 3, 31), datetime.date(1977, 5, 31)):
            if (born.year * 12 + born.month) >= fy * 12 + fm - 24:
                out.append(("第一条", person(born, sex, pos)))
        # those who reached the original age in 2024-12 (before the law).
        d = add_months(first, -1)
        out.append(("第一条", person(d.replace(day=1), sex, pos)))
    # 第二条: retirement in 2029 / 2030 and 2038 / 2039 / 2040 — find births that retire there.
    for sex, pos, age in groups:
        for y in (2029, 2030, 2031, 2038, 2039, 2040):
            for mth in (1, 12):
                # search a birth month whose statutory date falls in year y, month mth
                for back in range(12 * age, 12 * age + CAP[age] + 1):
                    b = add_months(datetime.date(y, mth, 10), -back)
                    e = expected(person(b, sex, pos))
                    if e["statutory_retirement_date"].startswith(f"{y:04d}-{mth:02d}"):
                        out.append(("第二条", person(b, sex, pos)))
                        break
    # 第三条: the window around the law's first day.
    for born in ("1964-12-31", "1965-01-01", "1969-12-31", "1970-01-01", "1974-12-31", "1975-01-01"):
        for sex, pos, age in groups:
            out.append(("第三条", person(born, sex, pos)))
    # 一: residents are not concerned (also without sex-specific inputs needed).
    out.append(("一", person("1970-05-05", "female", "worker", "urban_rural_resident")))
    out.append(("一", person("1965-01-01", "male", None, "urban_rural_resident")))
    out.append(("一", person("1965-01-01", "male", None, "public_institution")))
    seen, unique = set(), []
    for clause, case in out:
        key = json.dumps(case, sort_keys=True)
        if key not in seen:
            seen.add(key)
            unique.append((clause, case))
    return unique


def random_cases(n, seed):
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        sex = rng.choice(["male", "female"])
        pos = rng.choice(["cadre", "worker"]) if sex == "female" else None
        scheme = rng.choice(["enterprise_employee", "public_institution", "urban_rural_resident"])
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 45))
        out.append(person(born, sex, pos, scheme))
    return out


def self_test(examples):
    fails = 0
    checks = [  # the annex tables (附件1–4) as the contract states them: (born, sex, pos, years, months, retire month)
        ("1965-01-10", "male", None, 60, 1, "2025-02"), ("1965-04-10", "male", None, 60, 1, "2025-05"),
        ("1965-05-10", "male", None, 60, 2, "2025-07"), ("1965-08-10", "male", None, 60, 2, "2025-10"),
        ("1966-01-10", "male", None, 60, 4, "2026-05"), ("1976-09-10", "male", None, 63, 0, None),
        ("1976-12-10", "male", None, 63, 0, None), ("1980-01-10", "male", None, 63, 0, None),
        ("1970-01-10", "female", "cadre", 55, 1, None), ("1970-04-10", "female", "cadre", 55, 1, None),
        ("1981-09-10", "female", "cadre", 58, 0, None), ("1975-01-10", "female", "worker", 50, 1, None),
        ("1975-02-10", "female", "worker", 50, 1, None), ("1975-03-10", "female", "worker", 50, 2, None),
        ("1975-04-10", "female", "worker", 50, 2, None), ("1984-11-10", "female", "worker", 55, 0, None),
    ]
    for born, sex, pos, years, months, retire in checks:
        e = expected(person(born, sex, pos))
        ok = e["statutory_age_months"] == 12 * years + months and (retire is None or e["statutory_retirement_date"][:7] == retire)
        if not ok:
            fails += 1
            print(f"FAIL annex {born} {sex} {pos}: {e}")
    for y, months in ((2029, 180), (2030, 186), (2031, 192), (2038, 234), (2039, 240), (2045, 240)):
        if min_contribution(y) != months:
            fails += 1
            print(f"FAIL 第二条 {y}: {min_contribution(y)} != {months}")
    if examples and os.path.exists(examples):
        with open(examples, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    c = json.loads(line)
                    got = {k: expected(c["input"])[k] for k in c["output"]}
                    if got != c["output"]:
                        fails += 1
                        print(f"FAIL {examples}:{n}: {got} != {c['output']}")
    print("self-test:", "ok" if not fails else f"{fails} failed")
    return fails == 0


def differential(edict, policy, cases):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as t:
        for c in cases:
            t.write(json.dumps(c, ensure_ascii=False) + "\n")
    try:
        r = subprocess.run([edict, "eval", policy, "--input", t.name], capture_output=True, text=True, timeout=600)
    finally:
        os.unlink(t.name)
    lines = r.stdout.splitlines()
    if r.returncode not in (0, 1) or len(lines) != len(cases):
        print(f"FAIL edict exited {r.returncode} with {len(lines)} lines for {len(cases)} cases: {r.stderr.strip()[:500]}")
        return False
    passed = failed = 0
    for case, line in zip(cases, lines):
        want, got = expected(case), json.loads(line)
        if got == want and list(got) == OUTPUTS:
            passed += 1
        else:
            failed += 1
            if failed <= 10:
                print(f"FAIL {json.dumps(case, ensure_ascii=False)}\n  expected {json.dumps(want)}\n  got      {line}")
    print(f"{passed} passed, {failed} failed")
    return failed == 0 and passed > 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--examples")
    ap.add_argument("--boundary")
    ap.add_argument("--edict")
    ap.add_argument("--policy")
    ap.add_argument("--count", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=2025)
    a = ap.parse_args()
    if a.self_test:
        sys.exit(0 if self_test(a.examples) else 1)
    if a.boundary:
        with open(a.boundary, "w", encoding="utf-8") as f:
            for clause, case in boundary_cases():
                out = expected(case)
                f.write(json.dumps({"clause": clause, "input": case, "output": out}, ensure_ascii=False) + "\n")
        return
    if not (a.edict and a.policy):
        ap.error("give --self-test, --boundary OUT, or --edict and --policy")
    cases = [c for _, c in boundary_cases()] + random_cases(a.count, a.seed)
    sys.exit(0 if differential(a.edict, a.policy, cases) else 1)


if __name__ == "__main__":
    main()
