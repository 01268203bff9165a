#!/usr/bin/env python3
"""`edict explain` and `edict doc` as users call them, on the Fujian policy.

explain: the text tree and the JSON trace (version 1) for cases where an exception applied, did not
apply, and a boolean came out false (why not); every kind of bad input gets its exit code and a
message. doc: writes the report in English and in Chinese, then loads it in headless Chromium (--dump-dom,
so the checks see the page as the browser parsed it; report_browser.py) and checks the content:
every clause the policy cites is marked in the notice with a coverage class, every link resolves to
a file and an element id, each clause's row has the status `check --coverage` gives it and the
legend its counts, in both languages, each language's words from the one table of strings and not
the other's; the parameters with their values and cited sentences; the tests with what they give
and expect and whether they pass, as `edict test` says (a policy with a failing test shows it
failing, with the reason); and the layout Chromium computes: the notice and its rules side by side
across the width of a wide window, one above the other in a narrow one, clause markers, chips and
names never broken over two lines, the notice text in a CJK system font of at least 16px, nothing
fetched from outside. Each rule page has its citation, an SVG graph whose boxes link to existing
pages, and its tests. Prints "N passed, M failed" last.
"""
import json
import os
import re
import shutil
import tempfile
from urllib.parse import unquote, urlsplit

import testlib
from testlib import Checks, edict_parser
from report_browser import chromium_binary, dump_dom, interface_strings, measure, new_profile

POLICY = "policies/fujian/2020-14"
check = Checks(quiet=True)  # each check's name says what it shows; only failures are printed


def run(edict, *args, stdin=None, env=None):
    """`edict ARGS` through testlib.run: (exit status, stdout, stderr); `env` adds to the environment."""
    p = testlib.run([edict, *args], stdin=stdin, env=None if env is None else {**os.environ, **env})
    return p.returncode, p.stdout, p.stderr


def write_case(tmp, name, obj):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False))
    return path


def explain_tests(edict, tmp):
    applied = write_case(tmp, "applied.json", {"payment_month": "2020-03", "certification_due": "2020-01-31",
                                               "certified_on": None, "missed_due_to_epidemic": True,
                                               "epidemic_end": "2020-04-30"})
    rc, out, err = run(edict, "explain", POLICY, "--input", applied, "--output", "benefit_suspended")
    check(f"explain exit 0, got {rc}: {err}", rc == 0)
    check("explain prints the decision first:\n" + out, out.startswith("benefit_suspended = false"))
    check("the exception that applied is named", "[applied] exception 疫情结束前不暂停" in out)
    check("the notice, clause and quoted sentence are shown", "闽人社办[2020]14号 §一.1 “对于已领取待遇人员" in out)
    check("the base says why it was skipped", "[not evaluated] definition (= …): exception 疫情结束前不暂停 applied" in out)
    check("the values used are shown", 'payment_month = "2020-03"  (input)' in out)

    not_applied = write_case(tmp, "not_applied.json", {"payment_month": "2020-03", "certification_due": "2020-01-31",
                                                       "certified_on": None, "missed_due_to_epidemic": False})
    rc, out, err = run(edict, "explain", POLICY, "--input", not_applied, "--output", "benefit_suspended", "--format", "json")
    check(f"explain --format json exit 0, got {rc}: {err}", rc == 0)
    trace = json.loads(out)
    check("the trace is versioned", trace["version"] == 1)
    check(f"outputs: {trace['outputs']}", trace["outputs"] == [{"name": "benefit_suspended", "value": True}])
    rule = trace["rules"][0]
    exc = [d for d in rule["definitions"] if d["label"] == "疫情结束前不暂停"][0]
    check("the exception did not apply", exc["status"] == "not_applicable")
    check(f"failing condition: {exc['failed']}", [f["text"] for f in exc["failed"]] == ["missed_due_to_epidemic"])
    check("the exception's clause", exc["citations"][0]["clause"] == "一.1")
    check("no error", trace["error"] is None)

    injury = write_case(tmp, "injury.json", {"contribution_deferred": True, "injury_date": "2020-03-10",
                                             "backpay_all_staff": True, "backpay_completed_on": "2020-09-15",
                                             "epidemic_end": "2020-05-31"})
    rc, out, err = run(edict, "explain", POLICY, "--input", injury, "--output", "injury_benefit_eligible", "--format", "json")
    trace = json.loads(out)
    why = [w["text"] for w in trace["rules"][0]["why_not"]]
    check(f"why not, one failing condition per path of the `or`: {why}",
          why == ["injury_backpay_deadline is null", "backpay_completed_on <= injury_backpay_deadline"])
    names = [r["name"] for r in trace["rules"]]
    check(f"rules explained: {names}", names == ["injury_benefit_eligible", "injury_backpay_deadline"])

    # Bad input of every kind: exit code and a message, never a crash.
    missing = write_case(tmp, "missing.json", {"payment_month": "2020-03"})
    rc, out, err = run(edict, "explain", POLICY, "--input", missing, "--output", "benefit_suspended")
    check(f"runtime error exits 1 with the message: {rc} {err}", rc == 1 and "missing input `missed_due_to_epidemic`" in err)
    check("the explanation up to the failure still prints", "error: missing input" in out)
    rc, out, err = run(edict, "explain", POLICY, "--input", applied, "--output", "no_such_rule")
    check(f"unknown output exits 2: {rc} {err}", rc == 2 and "no_such_rule" in err)
    rc, out, err = run(edict, "explain", POLICY, "--input", os.path.join(tmp, "absent.json"))
    check(f"unreadable input exits 4: {rc} {err}", rc == 4 and "cannot read" in err)
    bad = write_case(tmp, "bad.json", "{not json")
    rc, out, err = run(edict, "explain", POLICY, "--input", bad)
    check(f"malformed JSON exits 4: {rc} {err}", rc == 4 and out == "")
    arr = write_case(tmp, "array.json", "[1, 2]")
    rc, out, err = run(edict, "explain", POLICY, "--input", arr)
    check(f"a JSON array exits 4: {rc} {err}", rc == 4 and "one case" in err)
    extra = write_case(tmp, "extra.json", {"payment_mont": "2020-03"})
    rc, out, err = run(edict, "explain", POLICY, "--input", extra, "--output", "benefit_suspended")
    check(f"an unknown key is named: {rc} {err}", rc == 1 and "payment_mont" in err)
    rc, out, err = run(edict, "explain", POLICY, "--input", applied, "--format", "yaml")
    check(f"an unknown format exits 2: {rc}", rc == 2)
    broken = os.path.join(tmp, "broken.edict")
    with open(broken, "w", encoding="utf-8") as f:
        f.write("rule x: int = y\n")
    rc, out, err = run(edict, "explain", broken, "--input", applied)
    check(f"a policy that does not compile exits 3: {rc}", rc == 3)


def coverage(edict):
    """Clause statuses as `edict check --coverage --format json` reports them. The compiler reads
    both keyword sets, so this stays right for files written with the Chinese keywords."""
    rc, out, err = run(edict, "check", "--coverage", "--format", "json", POLICY)
    check(f"check --coverage exit 0, got {rc}: {err}", rc == 0)
    return {c["id"]: c for c in json.loads(out)["clauses"]}


def doc_tests(edict, tmp):
    out_dir = os.path.join(tmp, "report")
    rc, out, err = run(edict, "doc", POLICY, "-o", out_dir)
    check(f"doc exit 0, got {rc}: {err}", rc == 0)
    check(f"doc summary: {out}", re.search(r"wrote .*index.html and \d+ rule pages", out) is not None)
    browser = chromium_binary()
    check("chromium is installed (tools/install-deps.sh installs Debian's chromium)", browser is not None)
    if browser is None:
        return
    profile = new_profile()
    try:
        pages = {}

        def page(rel):
            if rel not in pages:
                pages[rel] = dump_dom(browser, os.path.join(out_dir, rel), profile)
            return pages[rel]

        index = page("index.html")
        check("chromium loads index.html", index is not None)
        if index is None:
            return
        # Every clause the policy cites is marked in the notice, in a coverage class.
        marked = {a.get("data-clause") for a, _ in index.marks}
        clauses = coverage(edict)
        for clause in sorted(c for c, v in clauses.items() if v["rules"]):
            check(f"clause {clause} is highlighted in the notice", clause in marked)
        for a, text in index.marks:
            cls = (a.get("class") or "").split()
            check(f"mark {a} has a coverage class and text", any(c.startswith("cov-") for c in cls) and text.strip())
        # The sentence of 一.1 is marked as the notice has it.
        check("the sentence of 一.1 is the marked text",
              any(t.startswith("对于已领取待遇人员") and a.get("data-clause") == "一.1" for a, t in index.marks))
        # Coverage: the clause table is `check --coverage`, row by row (regression_tools_agree checks
        # this on every policy); 一's own paragraphs are declared not computable, its items covered.
        rows = {a.get("data-clause"): a.get("class") for t, a in index.elements if t == "tr" and a.get("data-clause")}
        check(f"one row per clause: {sorted(rows)} against {sorted(clauses)}", set(rows) == set(clauses))
        for clause, v in clauses.items():
            check(f"clause {clause} is {v['status']}: {rows.get(clause)}", rows.get(clause) == "cov-" + v["status"])
        for clause in ("一.1", "一.6", "五.2", "六.3"):
            check(f"clause {clause} is covered: {rows.get(clause)}", rows.get(clause) == "cov-covered")
        check(f"clause 一 is not computable: {rows.get('一')}", rows.get("一") == "cov-not_computable")
        check("more than one coverage colour is used",
              "cov-covered" in index.classes() and ({"cov-not_computable", "cov-uncovered"} & index.classes()))
        # Every link resolves: the file exists and, with a fragment, the element id is on that page.
        rule_pages = set()
        links = [(t, a["href"]) for t, a in index.elements if t == "a" and "href" in a]
        check(f"the index links rules and clauses ({len(links)} links)", len(links) > 50)

        def resolve(base_rel, href):
            parts = urlsplit(href)
            check(f"{href} is a relative link", parts.scheme == "")
            target = os.path.normpath(os.path.join(os.path.dirname(base_rel), unquote(parts.path))) if parts.path else base_rel
            check(f"{base_rel}: link {href} resolves to a file", os.path.isfile(os.path.join(out_dir, target)))
            if parts.fragment and os.path.isfile(os.path.join(out_dir, target)):
                dom = page(target)
                check(f"{base_rel}: #{parts.fragment} exists in {target}", dom is not None and parts.fragment in dom.ids())
            return target

        for _, href in links:
            target = resolve("index.html", href)
            if target.startswith("rules/"):
                rule_pages.add(target)
        check("the exception's sentence links to the rule it changes", "rules/benefit_suspended.html" in rule_pages)
        # Rule pages: citation, type, SVG graph with links that resolve, tests.
        rule = page("rules/injury_benefit_eligible.html")
        check("chromium loads a rule page", rule is not None)
        tags = [t for t, _ in rule.elements]
        check("the rule page draws its dependencies as SVG boxes", "svg" in tags and tags.count("rect") >= 8)
        kinds = [a.get("data-kind") for t, a in rule.elements if a.get("class") == "gnode"]
        check(f"graph nodes: 6 inputs, the rule, 1 rule it reads: {kinds}",
              kinds.count("input") == 6 and kinds.count("self") == 1 and kinds.count("rule") == 1)
        for t, a in rule.elements:
            if t == "a" and "href" in a:
                resolve("rules/injury_benefit_eligible.html", a["href"])
        check("citation in its coverage colour", any(a.get("class", "").startswith("citation cov-covered") for _, a in rule.elements))
        rows = [a for t, a in rule.elements if t == "tr" and "test" in (a.get("class") or "").split()]
        check(f"the rule page lists its tests, each passing ({len(rows)} rows)",
              len(rows) > 5 and all(a.get("data-result") == "pass" for a in rows))
        for rel in sorted(rule_pages)[:6]:
            for t, a in page(rel).elements:
                if t == "a" and "href" in a:
                    resolve(rel, a["href"])
        legend_tests(index, clauses, "en")
        parameter_tests(index)
        test_table_tests(edict, index)
        layout_tests(browser, profile, out_dir)
        nothing_fetched(out_dir)
        language_tests(edict, browser, profile, tmp, index, clauses)
        failing_test_tests(edict, browser, profile, tmp)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def legend_tests(index, clauses, lang):
    """The legend's counts are those of `check --coverage`, status by status."""
    want = {}
    for v in clauses.values():
        want[v["status"]] = want.get(v["status"], 0) + 1
    chips = {a.get("data-status"): text for a, text in index.with_class("chip") if a.get("data-status")}
    for status in ("covered", "untested", "not_computable", "uncovered"):
        got = re.search(r"(\d+)\s*$", chips.get(status, ""))
        check(f"{lang}: the legend counts {status} as check --coverage does: {chips.get(status)} against {want.get(status, 0)}",
              got is not None and int(got.group(1)) == want.get(status, 0))
    legend = [a for t, a in index.elements if t == "p" and a.get("class") == "legend"]
    check(f"{lang}: the legend counts {len(clauses)} clauses", legend and legend[0].get("data-clauses") == str(len(clauses)))


def parameter_tests(index):
    """Each parameter with its value and the sentence stating it, in its table and beside its clause."""
    params = {a.get("data-param"): text for t, a, text in index.closed if t == "tr" and a.get("data-param")}
    check(f"the parameters are listed: {sorted(params)}", set(params) == {"全省统一预发标准", "失业保险补缴申报截止日", "鉴定结论期限"})
    row = params.get("全省统一预发标准", "")
    check(f"the parameter's value, clause, quoted sentence and the rule using it: {row}",
          "1800元" in row and "§一.3" in row and "每月1800元" in row and "prepaid_monthly_pension" in row)
    check(f"every value is shown: {params}",
          "2020-02-29" in params.get("失业保险补缴申报截止日", "") and "60 days" in params.get("鉴定结论期限", ""))
    cards = [text for a, text in index.with_class("param-card")]
    check(f"the value stands beside its clause: {cards}", any("全省统一预发标准" in c and "= 1800元" in c for c in cards))


def edict_test_results(edict, policy, env=None):
    """The output of `edict test` and its (passed, failed) totals."""
    rc, out, err = run(edict, "test", policy, env=env)
    totals = re.search(r"^(\d+) passed, (\d+) failed$", out, re.M)
    return out, (int(totals.group(1)), int(totals.group(2))) if totals else None


def test_table_tests(edict, index):
    """The tests as a reader checks them: what each gives, what it expects, and that it passes,
    as `edict test` runs it."""
    out, totals = edict_test_results(edict, POLICY)
    rows = [(a, text) for t, a, text in index.closed if t == "tr" and "test" in (a.get("class") or "").split()]
    check(f"one row per test `edict test` runs: {len(rows)} against {totals}", totals is not None and len(rows) == sum(totals))
    check("every test passes, as `edict test` says",
          all(a.get("data-result") == "pass" for a, _ in rows) and totals and totals[1] == 0)
    first = [text for a, text in rows if "tests/boundary.jsonl:1" in text]
    check(f"a case line reads as given -> expected -> passes: {first}",
          first and 'payment_month = "2020-02"' in first[0] and "benefit_suspended = true" in first[0] and "passes" in first[0])
    chip = [a for a, _ in index.with_class("tests-chip")]
    check(f"the header counts the tests as `edict test` does: {chip} against {totals}",
          chip and (int(chip[0]["data-passed"]), int(chip[0]["data-failed"])) == totals)


def layout_tests(browser, profile, out_dir):
    """What Chromium lays out: side by side across a wide window, stacked in a narrow one."""
    index = os.path.join(out_dir, "index.html")
    wide = measure(browser, index, profile, 1600)
    check("chromium measures the report at 1600px", wide is not None)
    if wide is None:
        return
    encoded = [r for r in wide["rows"] if r["encoded"]]
    check(f"a row per clause with its rules: {len(encoded)}", len(encoded) >= 21)
    for r in encoded:
        t, e = r["text"], r["enc"]
        check(f"1600px: clause {r['clause']}'s rules stand beside its text across the width: {r}",
              e["l"] >= t["r"] and abs(e["t"] - t["t"]) < 30 and e["r"] - t["l"] >= 0.85 * wide["width"])
    for w in (wide, ):
        check(f"no clause marker, chip, count or name is broken over two lines: {w['wrapped']}", not w["wrapped"])
    check(f"the notice in a CJK system font, 16px or more: {wide['font']} {wide['size']}", '"Noto Sans CJK SC"' in wide["font"] and wide["size"] >= 16)
    narrow = measure(browser, index, profile, 500)
    check("chromium measures the report at 500px", narrow is not None)
    if narrow is None:
        return
    for r in narrow["rows"]:
        if not r["encoded"]:
            continue
        t, e = r["text"], r["enc"]
        check(f"500px: clause {r['clause']}'s rules stand below its text, nothing wider than the screen: {r}",
              e["t"] >= t["b"] - 1 and abs(e["l"] - t["l"]) < 2 and not r["overflow"])
    check(f"500px: no clause marker, chip, count or name is broken: {narrow['wrapped']}", not narrow["wrapped"])


def nothing_fetched(out_dir):
    """Plain files: no script, no web font, no address outside the report."""
    for dirpath, _, files in os.walk(out_dir):
        for name in files:
            with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                text = f.read()
            check(f"{name} fetches nothing and runs no script",
                  not re.search(r"@font-face|@import|url\((?!#)|<script|(src|href)=\"(https?:)?//", text))


def language_tests(edict, browser, profile, tmp, index_en, clauses):
    """`--lang zh` writes the same report with the Chinese column of the strings table, and the
    default (English) the English one; the counts are the same."""
    strings = interface_strings()
    check(f"the interface strings are read from their table ({len(strings)})", len(strings) > 40)
    out_dir = os.path.join(tmp, "report-zh")
    rc, out, err = run(edict, "doc", POLICY, "-o", out_dir, "--lang", "zh")
    check(f"doc --lang zh exit 0: {rc} {err}", rc == 0)
    index_zh = dump_dom(browser, os.path.join(out_dir, "index.html"), profile)
    check("chromium loads the Chinese report", index_zh is not None)
    if index_zh is None:
        return
    langs = {"en": index_en, "zh": index_zh}
    for lang, dom in langs.items():
        html = [a for t, a in dom.elements if t == "html"]
        check(f"{lang}: <html lang> {html}", html and html[0].get("lang") == ("en" if lang == "en" else "zh-Hans"))
        for key in ("Covered", "NotComputable", "TextColumn", "RulesColumn", "Parameters", "EncodedBy", "Given", "Expected"):
            en, zh = strings[key]
            want, other = (en, zh) if lang == "en" else (zh, en)
            check(f"{lang}: {key} reads {want!r}, not {other!r}", want in dom.text and other not in dom.text)
    legend_tests(index_zh, clauses, "zh")
    rows_en = {a.get("data-clause"): a.get("class") for t, a in index_en.elements if t == "tr" and a.get("data-clause")}
    rows_zh = {a.get("data-clause"): a.get("class") for t, a in index_zh.elements if t == "tr" and a.get("data-clause")}
    check("both languages grade every clause alike", rows_en == rows_zh)
    check("the notice's own words are not translated", "一.3" in index_zh.text and "1800元" in index_zh.text)
    rule = dump_dom(browser, os.path.join(out_dir, "rules/benefit_suspended.html"), profile)
    check("the rule pages are in Chinese too",
          rule is not None and strings["BackToIndex"][1] in rule.text and strings["Definitions"][1] in rule.text)
    rc, out, err = run(edict, "doc", POLICY, "-o", out_dir, "--lang", "fr")
    check(f"an unknown language exits 2 naming the option: {rc} {err}", rc == 2 and "--lang" in err)


def failing_test_tests(edict, browser, profile, tmp):
    """A test that fails shows as failing, with the reason `edict test` gives, and is counted."""
    policy = os.path.join(tmp, "fujian-mini-broken")
    shutil.copytree("docs/tutorial/fujian-mini", policy)
    cases = os.path.join(policy, "tests", "boundaries.jsonl")
    with open(cases, encoding="utf-8") as f:
        lines = f.read().split("\n")
    lines[0] = lines[0].replace('"benefit_suspended": false', '"benefit_suspended": true')
    with open(cases, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    env = {"EDICT_PATH": os.getcwd()}  # its imports ("policies/cn/pension") from the repository
    out, totals = edict_test_results(edict, policy, env)
    check(f"edict test fails the changed case: {out}", totals is not None and totals[1] == 1)
    out_dir = os.path.join(tmp, "report-broken")
    rc, _, err = run(edict, "doc", policy, "-o", out_dir, env=env)
    check(f"doc writes a report for a policy whose tests fail: {rc} {err}", rc == 0)
    index = dump_dom(browser, os.path.join(out_dir, "index.html"), profile)
    if index is None:
        check("chromium loads the report of the failing policy", False)
        return
    failed = [text for t, a, text in index.closed if t == "tr" and a.get("data-result") == "fail"]
    check(f"the failing test is shown failing with its reason: {failed}",
          len(failed) == 1 and "boundaries.jsonl:1" in failed[0] and "fails" in failed[0]
          and "benefit_suspended: expected true, got false" in failed[0])
    declared = [text for t, a, text in index.closed if t == "tr" and a.get("data-result") == "pass" and "补发: three months" in text]
    check(f"a test declaration reads as given -> expected -> passes: {declared}",
          len(declared) == 1 and "monthly_pension = 1765.43元" in declared[0] and "back_pay = 5296.29元" in declared[0])
    chip = [a for a, _ in index.with_class("tests-chip")]
    check(f"the header counts the failure: {chip} against {totals}",
          chip and chip[0].get("data-failed") == "1" and (int(chip[0]["data-passed"]), 1) == totals)


def docs_tests(edict):
    """The commands the tutorial and cookbook show still print what the documents say they print."""
    rc, out, err = run(edict, "test", "docs/tutorial/fujian-mini")
    check(f"the tutorial's policy passes its tests: {out}{err}", rc == 0 and out.rstrip().endswith("7 passed, 0 failed"))
    shown = 0
    for doc in ("docs/cookbook.md", "docs/tutorial.md", "docs/explain.md"):
        with open(doc, encoding="utf-8") as f:
            lines = [l.rstrip("\n") for l in f]
        for i, line in enumerate(lines):
            m = re.match(r"^    \$ edict (eval|explain|test) (.*)$", line)
            # Evaluations are checked everywhere; explanations and test listings show source
            # positions, so only those of the tutorial's own policy (which other work does not edit).
            if not m or "--format json" in line or (m.group(1) != "eval" and "docs/tutorial/" not in line):
                continue
            expected = []
            for l in lines[i + 1:]:
                if not l.startswith("    ") or l.startswith("    $ "):
                    break
                expected.append(l[4:])
            rc, out, err = run(edict, m.group(1), *m.group(2).split())
            got = [l.rstrip() for l in out.rstrip("\n").split("\n")]
            check(f"{doc}:{i + 1}: `edict {m.group(1)} {m.group(2)}` prints what the document shows:\n"
                  + "\n".join(got), got == expected)
            shown += 1
    check(f"the documents' commands were found ({shown})", shown >= 8)


def main():
    args = edict_parser().parse_args()
    tmp = tempfile.mkdtemp(prefix="edict-explain-doc-")
    try:
        explain_tests(args.edict, tmp)
        docs_tests(args.edict)
        doc_tests(args.edict, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    check.run_to_end(main)
