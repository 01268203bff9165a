"""`edict check` against the notice text (docs/regression.md): citations, numbers in the text and
clause coverage on the Fujian policy, and on temporary copies of it where one thing is broken — a
character of a cited sentence, a stated number, a not-computable declaration, the notice file.
Each check asserts the exit status and the words of the report. Ends with `N passed, M failed`."""
import json, os, shutil, tempfile
from testlib import Checks, command, edict_parser, replace_in_file as replace

a = edict_parser().parse_args()
ROOT = os.getcwd()
P = "policies/fujian/2020-14"
tmp = tempfile.mkdtemp()
# A copy outside the tree finds its imports (cn/…, stdlib/…) through EDICT_PATH.
run = command(a.edict, env=dict(os.environ, EDICT_PATH=f"{ROOT}/policies:{ROOT}"))
check = Checks(quiet=True)

def copy(name):
    d = os.path.join(tmp, name)
    shutil.copytree(P, d)
    return d

# --- the policy as it is ---
r = run("check", P)
check("fujian checks clean", r.returncode == 0 and "24 citations verified" in r.stdout and "error" not in r.stderr, r)

r = run("check", P, "--coverage", "--format", "json")
cov = json.loads(r.stdout) if r.returncode == 0 else {}
ids = [c["id"] for c in cov.get("clauses", [])]
check("coverage json: every clause covered or not computable", r.returncode == 0
      and set(cov) == {"notices", "clauses", "rules_without_tests"}
      and cov["notices"][0]["notice"] == "闽人社办[2020]14号" and len(cov["notices"][0]["clauses"]) == 21
      and all(set(c) == {"notice", "id", "status", "rules", "tests"} for c in cov["clauses"])
      and all(c["status"] in ("covered", "not_computable") for c in cov["clauses"])
      and ids[:7] == ["一", "一.1", "一.2", "一.3", "一.4", "一.5", "一.6"]
      and "四" in ids and "六.3" in ids and "七.2" in ids, r)
enc = {c["id"]: c for c in cov.get("clauses", [])}
check("coverage names the citing rules and counts tests", r.returncode == 0
      and "exception 疫情结束前不暂停 to benefit_suspended" in enc["一.1"]["rules"]
      and "appraisal_application_deadline" in enc["六.2"]["rules"] and enc["六.2"]["tests"] > 0
      and enc["二.1"]["status"] == "not_computable" and enc["二.1"]["tests"] == 0, r)

r = run("check", P, "--coverage")
check("coverage text", r.returncode == 0 and "21 clauses: 13 covered, 0 untested, 8 not computable, 0 uncovered" in r.stdout, r)

r = run("check", P, "--format", "json")
check("--format needs --coverage", r.returncode != 0 and r.returncode != 1, r)

# --- one character of a cited sentence changed in the notice text ---
d = copy("tamper")
replace(os.path.join(d, "notice.txt"), "支付并补发", "支付并补付")
r = run("check", d)
check("a changed character fails naming the rule, the quote and the closest passage", r.returncode == 1
      and "E0501" in r.stderr and "rule back_pay" in r.stderr and "支付并补发" in r.stderr
      and "支付并补付" in r.stderr and "closest:" in r.stderr, r)

d = copy("tamper-exception")
replace(os.path.join(d, "notice.txt"), "在疫情结束前不暂停", "在疫情结束后不暂停")
r = run("check", d)
check("a changed character in an exception's quote names the exception", r.returncode == 1
      and "exception 疫情结束前不暂停 to benefit_suspended" in r.stderr, r)

# --- what PDF extraction adds is ignored: line wraps, spaces, U+FFFD, page-number lines ---
d = copy("artefacts")
replace(os.path.join(d, "notice.txt"), "支付并补发", "支付\n\n- 3 -\n\n并 　补\ufffd发")
r = run("check", d)
check("extraction artefacts inside a quote are ignored", r.returncode == 0, r)

# --- numbers in the text ---
d = copy("numbers")
replace(os.path.join(d, "6-appraisals.edict"), "period_end_in_days(level1_end, 15)", "period_end_in_days(level1_end, 14)")
r = run("check", d)
check("a rule adding 14 days where the text says 15日 is reported both ways", r.returncode == 1
      and "E0512" in r.stderr and "rule appraisal_application_deadline uses 14" in r.stderr
      and "E0511" in r.stderr and "15日" in r.stderr, r)

d = copy("unused")
replace(os.path.join(d, "1-pensions-and-benefits.edict"), 'clause §一.5 unused "2019年"', '# removed')
r = run("check", d)
check("a stated number no rule uses needs an unused declaration", r.returncode == 1
      and "§一.5 states 2019年" in r.stderr, r)

# --- coverage ---
d = copy("uncovered")
replace(os.path.join(d, "6-appraisals.edict"), "clause §七 not computable", "# clause §七 not computable")
r = run("check", d, "--coverage", "--format", "json")
check("an undeclared clause is uncovered and fails", r.returncode == 1
      and any(c["id"] == "七.1" and c["status"] == "uncovered" for c in json.loads(r.stdout)["clauses"]), r)

# --- clause ids ---
d = copy("wrong-clause")
replace(os.path.join(d, "1-pensions-and-benefits.edict"), '§一.5 "2019年失业保险补缴申报可延期至2020年2月29日。"\n\nrule',
        '§一.4 "2019年失业保险补缴申报可延期至2020年2月29日。"\n\nrule')
r = run("check", d)
check("a quote found under another numbered item fails", r.returncode == 1 and "E0506" in r.stderr
      and "cites §一.4, but the quote is in §一.5" in r.stderr, r)

# --- the notice file itself ---
d = copy("no-text")
os.remove(os.path.join(d, "notice.txt"))
r = run("check", d)
check("a missing notice text is an error, not a crash", r.returncode == 1 and "cannot read the notice text" in r.stderr, r)

d = copy("not-utf8")
with open(os.path.join(d, "notice.txt"), "wb") as f:
    f.write(b"\xff\xfe\x00bad")
r = run("check", d)
check("a notice text that is not UTF-8 is an error", r.returncode == 1 and "not UTF-8" in r.stderr, r)

shutil.rmtree(tmp)
check.finish()
