"""`edict diff` (amendment impact) and `edict test --mutate` (mutation check) on the Fujian policy
and its press-release amendment (docs/regression.md). Asserts exit statuses, the changed cases and
the exact list of surviving mutants, so a new survivor — or a test that newly kills one — shows up
here and in the docs together. Ends with `N passed, M failed`."""
import json, os, re, shutil, tempfile

from testlib import Checks, command, edict_parser

a = edict_parser().parse_args()
ROOT = os.getcwd()
OLD, NEW = "policies/fujian/2020-14", "policies/fujian/2020-14-press-release"
CASES = f"{NEW}/tests/amendment.jsonl"
tmp = tempfile.mkdtemp()
run = command(a.edict, timeout=120, env=dict(os.environ, EDICT_PATH=f"{ROOT}/policies:{ROOT}"))
check = Checks(quiet=True)

# --- diff ---
r = run("diff", OLD, NEW, "--input", CASES)
check("the amendment changes benefit_suspended in 4 of 9 cases and nothing else", r.returncode == 1
      and "benefit_suspended: 4 of 9 cases changed" in r.stdout and "line 1: true -> false" in r.stdout
      and "unchanged: retirement_age" in r.stdout and r.stdout.count("cases changed") == 1, r)

r = run("diff", OLD, NEW, "--input", CASES, "--show", "10", "-o", "benefit_suspended")
check("--show lists every changed case", r.returncode == 1 and len(re.findall(r"^  line \d+:", r.stdout, re.M)) == 4, r)

r = run("diff", OLD, OLD, "--input", f"{OLD}/tests/boundary.jsonl")
check("a policy against itself: nothing changed, exit 0", r.returncode == 0 and "cases changed" not in r.stdout, r)

cases = os.path.join(tmp, "cases.jsonl")
with open(cases, "w") as f:
    f.write('{"payment_month": "2020-07", "certification_due": "2020-01-31", "missed_due_to_epidemic": true, "epidemic_end": "2020-05-31"}\n')
    f.write('not json\n')
    f.write('{"paymnet_month": "2020-07"}\n')
    f.write('{"certification_due": "2020-01-31"}\n')
r = run("diff", OLD, NEW, "--input", cases, "-o", "benefit_suspended")
check("bare input lines; bad and misspelled lines skipped and named; same errors are not changes", r.returncode == 1
      and "benefit_suspended: 1 of 2 cases changed" in r.stdout and "2 lines skipped" in r.stdout
      and "`paymnet_month` is an input of neither version" in r.stderr and ":2: not a JSON object" in r.stderr, r)

r = run("diff", OLD, NEW, "--input", os.path.join(tmp, "nope.jsonl"))
check("unreadable case file: exit 4", r.returncode == 4 and "cannot read" in r.stderr, r)
r = run("diff", OLD, NEW, "--input", CASES, "-o", "no_such_output")
check("unknown output: exit 2", r.returncode == 2 and "no_such_output" in r.stderr, r)
broken = os.path.join(tmp, "broken.edict")
with open(broken, "w") as f:
    f.write("rule x: int = \n")
r = run("diff", OLD, broken, "--input", CASES)
check("a version that does not compile: exit 3", r.returncode == 3, r)

# --- mutation ---
r = run("test", "--mutate", OLD)
check("the Fujian policy's tests kill every mutant", r.returncode == 0 and "SURVIVED" not in r.stdout
      and "46 mutants, 46 killed, 0 survived" in r.stdout, r)

# Without the three boundary cases that were added to kill them, exactly the three documented
# mutants survive, each reported with its place, its change and why.
weak = os.path.join(tmp, "weak-2020-14")
shutil.copytree(OLD, weak)
with open(os.path.join(weak, "tests", "boundary.jsonl"), encoding="utf-8") as f:
    kept = f.read().splitlines()[:-3]
with open(os.path.join(weak, "tests", "boundary.jsonl"), "w", encoding="utf-8") as f:
    f.write("\n".join(kept) + "\n")
r = run("test", "--mutate", weak)
survivors = re.findall(r"^SURVIVED  (\S+)  (.+)\n +(.+)$", r.stdout, re.M)
expected = [
    ("5-late-business.edict", "rule late_payment_accepted", "`<=` → `<` in `paid_on <= due_date`"),
    ("6-appraisals.edict", "rule appraisal_conclusion_deadline", "1 → 2 in `add_days(appraisal_received_on, 1)`"),
    ("6-appraisals.edict", "rule appraisal_conclusion_deadline", "`<=` → `<` in `suspended_from <= level1_end`"),
]
got = [(os.path.basename(w.split(":")[0]), o, c.strip()) for w, o, c in survivors]
check("without the killing cases, the three documented mutants survive", r.returncode == 1 and got == expected
      and "46 mutants, 43 killed, 3 survived" in r.stdout, r)

r = run("test", "--mutate", NEW)
check("the amendment's tests kill all its mutants", r.returncode == 0 and "3 mutants, 3 killed, 0 survived" in r.stdout, r)

r = run("test", "--mutate", OLD, "--mutate-only", "settlement_direction")
check("--mutate-only takes a subset", r.returncode == 0 and re.search(r"^\d+ mutants, (\d+) killed, 0 survived", r.stdout, re.M), r)

# Without its case files the policy's mutants all survive: the check sees what the tests see.
d = os.path.join(tmp, "untested")
shutil.copytree(OLD, d)
shutil.rmtree(os.path.join(d, "tests"))
r = run("test", "--mutate", d)
check("no tests: every mutant survives", r.returncode == 1 and "46 mutants, 0 killed, 46 survived (0 tests each)" in r.stdout, r)

# A failing test makes the mutation report meaningless: refuse.
d = os.path.join(tmp, "failing")
shutil.copytree(OLD, d)
with open(os.path.join(d, "tests", "examples.jsonl"), "a") as f:
    f.write('{"clause": "一.5", "input": {"ui_2019_backpay_declared_on": "2020-02-29"}, "output": {"ui_2019_backpay_declaration_timely": false}}\n')
r = run("test", "--mutate", d)
check("failing tests: mutation refuses", r.returncode == 1 and "fail before mutating" in r.stdout, r)

shutil.rmtree(tmp)
check.finish()
