"""Calendars at the edge of their data (issue 11 item 3, issue 12 item 3), through `edict eval` as
users call it: the PRC calendar of 2019–2026 (shared/contracts/cn-holidays-2022-2026.md) answers
inside its data, a day outside it is a case error naming the calendar, the years covered and the
day (other cases of the batch still run), a policy that says `otherwise weekends` gets
weekends-only beyond the data, and the Fujian policy's deadlines follow the amended contract.
Ends with `N passed, M failed`."""
import json, os, tempfile

from testlib import Checks, edict_parser, run

a = edict_parser().parse_args()
HERE = os.path.relpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "calendar_edge"))
PUBLISHED = os.path.join(HERE, "published")
WEEKENDS = os.path.join(HERE, "weekends_beyond")
tmp = tempfile.mkdtemp()
check = Checks(quiet=True)


def eval_lines(policy, cases, outputs=None):
    path = os.path.join(tmp, "cases.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(json.dumps(c) + "\n" for c in cases))
    cmd = [a.edict, "eval", policy, "--input", path] + (["--output", outputs] if outputs else [])
    r = run(cmd, timeout=120)
    return r, [json.loads(l) for l in r.stdout.splitlines()]


def answers(policy, expected):
    """expected: day -> (rolled, working)."""
    days = list(expected)
    r, lines = eval_lines(policy, [{"day": d} for d in days])
    check(f"{policy}: exit 0", r.returncode == 0, r.stderr[:400])
    for d, line in zip(days, lines):
        rolled, working = expected[d]
        check(f"{policy}: {d}", line == {"rolled": rolled, "working": working}, f"got {line}, expected {rolled}, {working}")


# Inside the data: the contract's examples, designated working weekends, a range across years.
answers(PUBLISHED, {
    "2025-10-04": ("2025-10-09", False),  # National Day 2025 runs to 10-08
    "2026-02-14": ("2026-02-14", True),   # a Saturday that is a working day
    "2024-02-17": ("2024-02-18", False),  # Spring Festival 2024; 02-18 a Sunday that is worked
    "2024-02-18": ("2024-02-18", True),
    "2022-12-31": ("2023-01-03", False),  # the 2023 New Year holiday starts in 2022 ...
    "2023-01-01": ("2023-01-03", False),
    "2023-01-02": ("2023-01-03", False),  # ... and ends on Monday 01-02
    "2022-10-08": ("2022-10-08", True),
    "2020-02-01": ("2020-02-03", False),  # the 2019–2021 data is unchanged
    "2019-01-01": ("2019-01-02", False),  # the first covered day
    "2026-12-31": ("2026-12-31", True),   # the last covered day, a Thursday
})

# Beyond the data: an error for the case (naming calendar, years and day); the others still run.
r, lines = eval_lines(PUBLISHED, [{"day": "2027-01-04"}, {"day": "2025-10-04"}, {"day": "2018-12-31"}])
check("beyond the data: exit 1, one line per case", r.returncode == 1 and len(lines) == 3, r.stdout + r.stderr)
if len(lines) == 3:
    m2027 = (lines[0].get("error") or {}).get("message", "")
    m2018 = (lines[2].get("error") or {}).get("message", "")
    check("a day in 2027 is an error naming the calendar and the years covered",
          "中国工作日 has no holiday data for 2027: it covers 2019–2026" in m2027 and "2027-01-04" in m2027, m2027)
    check("a day in 2018 (before the data) is the same error",
          "中国工作日 has no holiday data for 2018: it covers 2019–2026" in m2018 and "2018-12-31" in m2018, m2018)
    check("the case inside the data still answers", lines[1] == {"rolled": "2025-10-09", "working": False}, lines[1])
# roll walks forward and may leave the data: 2026-12-26 stays inside, a holiday at the end would not.
r, lines = eval_lines(PUBLISHED, [{"day": "2026-12-26"}], "rolled")
check("roll that stays inside the data", lines == [{"rolled": "2026-12-28"}], lines)
# One output at a time: is_working_day alone errs too.
r, lines = eval_lines(PUBLISHED, [{"day": "2030-06-03"}], "working")
check("is_working_day beyond the data is an error", r.returncode == 1 and "no holiday data for 2030" in json.dumps(lines, ensure_ascii=False), lines)

# A single case (--input CASE.json): the error goes to stderr, nothing to stdout.
one = os.path.join(tmp, "one.json")
with open(one, "w") as f:
    json.dump({"day": "2027-02-11"}, f)
r = run([a.edict, "eval", PUBLISHED, "--input", one], timeout=60)
check("single case beyond the data: exit 1, message on stderr", r.returncode == 1 and r.stdout == "" and
      "中国工作日 has no holiday data for 2027: it covers 2019–2026" in r.stderr, r.stdout + r.stderr)

# Opt-in: weekends-only beyond the data, the published data unchanged inside it.
answers(WEEKENDS, {
    "2027-01-02": ("2027-01-04", False),  # Saturday → Monday: weekends only, as the policy said
    "2027-01-04": ("2027-01-04", True),
    "2018-12-29": ("2018-12-31", False),
    "2025-10-04": ("2025-10-09", False),
    "2026-02-14": ("2026-02-14", True),
})

# The Fujian policy (contract amended 2026-11-30): a deadline beyond the data is an error for the
# outputs that need it, naming the calendar; the outputs that do not need it still answer.
fujian = "policies/fujian/2020-14"
r, lines = eval_lines(fujian, [{"epidemic_end": "2026-10-15"}], "injury_backpay_deadline")
check("Fujian: deadline in 2027 is an error", r.returncode == 1 and len(lines) == 1 and
      "中国工作日 has no holiday data for 2027: it covers 2019–2026" in lines[0].get("error", {}).get("message", ""), lines)
r, lines = eval_lines(fujian, [{"epidemic_end": "2026-07-02"}], "injury_backpay_deadline,late_payment_deadline")
check("Fujian: deadline in 2026 rolls over National Day 2026",
      lines == [{"injury_backpay_deadline": "2026-10-08", "late_payment_deadline": "2026-10-08"}], lines)
r, lines = eval_lines(fujian, [{"epidemic_end": "2026-10-15", "ui_2019_backpay_declared_on": "2020-02-29"}],
                      "ui_2019_backpay_declaration_timely")
check("Fujian: an output that needs no such day still answers", r.returncode == 0 and
      lines == [{"ui_2019_backpay_declaration_timely": True}], lines)

check.finish()
