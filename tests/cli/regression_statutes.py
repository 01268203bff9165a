"""Statutes as notice texts (issue 12, items 4 and 9; docs/regression.md "Clause ids"): on the
fixture tests/regression/statutes (the 2024 retirement-age law and the texts it builds on, as
published, four notices in one policy), `edict check --coverage` finds the clauses by the
numbering the law uses (一, 第一条, 第四条第一项, 第二百零二条), says which it found per notice,
and grades them; on temporary copies, a citation of the wrong article, of an article that does
not exist, a text without clauses and a text holding two laws that both number a 第一条 are
reported as such, and so is a policy with no notice text at all. Ends with `N passed, M failed`."""
import json, os, shutil, tempfile
from testlib import Checks, command, edict_parser, replace_in_file as replace

a = edict_parser().parse_args()
P = "tests/regression/statutes"
tmp = tempfile.mkdtemp()
run = command(a.edict)
check = Checks(quiet=True)

def copy(name):
    d = os.path.join(tmp, name)
    shutil.copytree(P, d)
    return d

# --- the fixture as it is: every clause of the four texts found, by the law's own numbering ---
r = run("check", P, "--coverage", "--format", "json")
ok = r.returncode == 0 and r.stdout.startswith("{")
cov = json.loads(r.stdout) if ok else {"notices": [], "clauses": []}
found = {n["notice"]: n["clauses"] for n in cov.get("notices", [])}
check("the clauses of each notice, in text order", found == {
    "决定": ["一", "二", "三", "四", "五"],
    "办法": ["第一条", "第二条", "第三条", "第四条"],
    "国发〔1978〕104号": ["第四条", "第四条第一项", "第一条", "第一条第一项"],
    "民法典": ["第二百条", "第二百零一条", "第二百零二条", "第二百零三条", "第二百零四条"]}, r)
check("the notices in the order the policy declares them",
      [n["notice"] for n in cov.get("notices", [])] == ["民法典", "国发〔1978〕104号", "决定", "办法"], r)
status = {(c["notice"], c["id"]): c["status"] for c in cov["clauses"]}
check("cited articles, items and sections are covered",
      status.get(("办法", "第一条")) == "covered" and status.get(("决定", "一")) == "covered"
      and status.get(("国发〔1978〕104号", "第四条第一项")) == "covered"
      and status.get(("民法典", "第二百零二条")) == "covered" and status.get(("办法", "第二条")) == "not_computable", r)
r = run("check", P, "--coverage")
check("text coverage names each notice's text and the clauses found",
      r.returncode == 0 and 'notice "办法" (state-council-2024-retirement-measures.txt): 4 clauses found' in r.stdout
      and "\n§第四条第一项 covered" in r.stdout and "18 clauses: 7 covered, 0 untested, 11 not computable, 0 uncovered" in r.stdout, r)
r = run("check", P)
check("every citation verified", r.returncode == 0 and "7 citations verified" in r.stdout, r)
r = run("test", P)
check("the cases run", r.returncode == 0 and "7 passed, 0 failed" in r.stdout, r)

# --- a quote of 第一条 cited as 第二条: the article it is in is named ---
d = copy("wrong_article")
replace(f"{d}/law.edict", 'cite "办法" §第一条 "从2025年', 'cite "办法" §第二条 "从2025年')
r = run("check", d)
check("a quote in another article", r.returncode == 1 and "error[E0506]" in r.stderr
      and "cites §第二条, but the quote is in §第一条" in r.stderr, r)

# --- an item the article does not have ---
d = copy("no_such_item")
replace(f"{d}/law.edict", '§第四条第一项 "男年满', '§第四条第二项 "男年满')
r = run("check", d)
check("an item the text does not have", r.returncode == 1 and "error[E0504]" in r.stderr
      and 'notice "国发〔1978〕104号" has no clause §第四条第二项' in r.stderr and "is in §第四条第一项" in r.stderr, r)

# --- the measures reformatted without their indent: no clause, an error, not a vacuous pass ---
d = copy("no_clause")
path = f"{d}/state-council-2024-retirement-measures.txt"
with open(path, encoding="utf-8") as f:
    text = f.read()
with open(path, "w", encoding="utf-8") as f:
    f.write(text.replace("\u3000", ""))
r = run("check", d, "--coverage")
check("a text without clauses is an error", r.returncode == 1 and "error[E0509]" in r.stderr
      and 'the text of notice "办法"' in r.stderr and "no clause found" in r.stderr, r)

# --- the 1978 notice's two laws both numbering a 第一条: each named by its title ---
d = copy("two_laws")
replace(f"{d}/state-council-1978-104-retirement-ages.txt", "\u3000\u3000第四条\u3000党政机关",
        "\u3000\u3000第一条\u3000党政机关")
replace(f"{d}/law.edict", '§第四条 "党政机关', '§第一条 "党政机关')
replace(f"{d}/law.edict", '§第四条第一项 "男年满六十周岁，女年满五十五周岁"',
        '§《国务院关于安置老弱病残干部的暂行办法》第一条第一项 "男年满六十周岁，女年满五十五周岁"')
r = run("check", d, "--coverage", "--format", "json")
ids = [n["clauses"] for n in json.loads(r.stdout)["notices"] if n["notice"] == "国发〔1978〕104号"] if r.stdout.startswith("{") else []
check("an article number two laws use is qualified by their titles", ids == [[
    "《国务院关于安置老弱病残干部的暂行办法》第一条", "《国务院关于安置老弱病残干部的暂行办法》第一条第一项",
    "《国务院关于工人退休、退职的暂行办法》第一条", "《国务院关于工人退休、退职的暂行办法》第一条第一项"]], r)
check("a bare 第一条 there is an error whose help names the law", r.returncode == 1
      and "has no clause §第一条; the quote cited by rule original_age is in §《国务院关于安置老弱病残干部的暂行办法》第一条" in r.stderr
      and "several laws that number an article §第一条" in r.stderr, r)

# --- a policy whose notices declare no text: nothing to grade is no pass ---
r = run("check", "policies/examples/everything", "--coverage")
check("coverage without any notice text fails", r.returncode == 1
      and "no notice of the policy declares its text" in r.stderr and "0 clauses" in r.stdout, r)

shutil.rmtree(tmp, ignore_errors=True)
check.finish()
