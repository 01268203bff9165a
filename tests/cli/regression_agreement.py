#!/usr/bin/env python3
"""The analyst tools give one answer (issue 10, item 1): on EVERY policy folder of the repository,
`edict check --coverage --format json`, `edict doc` (its clause table and summary line), `edict
test`, `edict test --mutate` and `edict check` agree, clause by clause and test by test:

- the clauses, their status and the number of tests reaching each are the same in the coverage
  JSON and in the report's clause table (one row per clause, `cov-<status>`, data-tests), and the
  report's legend counts each status as `check --coverage` does — read from the page as headless
  Chromium parsed it (report_browser.py), in the English and in the Chinese report (issue 15);
- the summary counts of `check --coverage` and of `doc` are the same;
- the number of tests is the same for `doc`, `edict test` (passed + failed), `test --mutate`
  ("(N tests each)") and the `ok:` line of `edict check`, and the report's tests pass and fail as
  `edict test`'s do (it runs them through the same code).

A policy folder is any folder under policies/, docs/tutorial/ or docs/examples/ holding .edict
files (not a tests/ folder), and the statutes fixture tests/regression/statutes. Prints "N passed, M failed" last.
"""
import json
import os
import re
import shutil
import tempfile

import testlib
from testlib import Checks, edict_parser
from report_browser import chromium_binary, dump_dom, new_profile

check = Checks(quiet=True)  # each check's name says what it shows; only failures are printed


def run(edict, *args):
    """`edict ARGS` through testlib.run: (exit status, stdout, stderr)."""
    p = testlib.run([edict, *args], timeout=300)
    return p.returncode, p.stdout, p.stderr


def policy_folders():
    out = []
    for top in ("policies", "docs/tutorial", "docs/examples"):
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d != "tests")
            if any(f.endswith(".edict") for f in filenames):
                out.append(dirpath)
    out.append("tests/regression/statutes")  # a fixture with four statute texts (issue 12)
    return sorted(out)


SUMMARY = re.compile(r"(\d+) clauses \((\d+) covered, (\d+) untested, (\d+) not computable, (\d+) uncovered\), (\d+) tests")


def report_page(edict, policy, out_dir, lang, browser, profile):
    """The report's index page in `lang`, as Chromium parsed it: its clause rows {(notice, id):
    (status, tests)}, legend {status: count} and the tests' (passed, failed)."""
    rc, out, err = run(edict, "doc", policy, "-o", out_dir, "--lang", lang)
    check(f"{policy}: doc --lang {lang} exit 0: {rc} {err}", rc == 0)
    dom = dump_dom(browser, os.path.join(out_dir, "index.html"), profile) if rc == 0 else None
    check(f"{policy}: chromium loads the {lang} report", dom is not None)
    if dom is None:
        return None
    rows = {(a.get("data-notice", ""), a["data-clause"]): (a.get("class", "").removeprefix("cov-"), int(a.get("data-tests", -1)))
            for t, a in dom.elements if t == "tr" and a.get("id", "").startswith("row-")}
    legend = {}
    for a, text in dom.with_class("chip"):
        if a.get("data-status"):
            n = re.search(r"(\d+)\s*$", text)
            legend[a["data-status"]] = int(n.group(1)) if n else None
    chip = [a for a, _ in dom.with_class("tests-chip")]
    tests = (int(chip[0]["data-passed"]), int(chip[0]["data-failed"])) if chip else None
    return out, rows, legend, tests


def one_policy(edict, policy, tmp, browser, profile):
    rc, out, err = run(edict, "check", "--coverage", "--format", "json", policy)
    check(f"{policy}: check --coverage --format json: {rc} {err}", rc in (0, 1) and out.startswith("{"))
    if not out.startswith("{"):
        return
    cov = json.loads(out)
    coverage = {(c.get("notice", ""), c["id"]): (c["status"], c["tests"]) for c in cov["clauses"]}
    counts = {s: sum(1 for v in coverage.values() if v[0] == s) for s in ("covered", "untested", "not_computable", "uncovered")}
    rc_text, text, _ = run(edict, "check", "--coverage", policy)
    check(f"{policy}: the text and JSON coverage agree:\n{text}",
          rc_text == rc and f"{len(coverage)} clauses: {counts['covered']} covered, {counts['untested']} untested, "
          f"{counts['not_computable']} not computable, {counts['uncovered']} uncovered" in text)

    pages = {}
    for lang in ("en", "zh"):
        pages[lang] = report_page(edict, policy, os.path.join(tmp, policy.replace("/", "_") + "-" + lang), lang, browser, profile)
        if pages[lang] is None:
            return
        _, rows, legend, _ = pages[lang]
        check(f"{policy} ({lang}): the report's clause table is the coverage, clause by clause:\n"
              + "\n".join(f"  {k}: report {rows.get(k)} coverage {coverage.get(k)}"
                          for k in sorted(set(rows) | set(coverage)) if rows.get(k) != coverage.get(k)), rows == coverage)
        check(f"{policy} ({lang}): the report's legend {legend} against check --coverage {counts}", legend == counts)
    out = pages["en"][0]
    m = SUMMARY.search(out)
    check(f"{policy}: doc summary: {out}", m is not None)
    if m is None:
        return
    n, covered, untested, nc, uncovered, doc_tests = map(int, m.groups())
    check(f"{policy}: doc counts {m.group(0)} against check --coverage {len(coverage)} {counts}",
          (n, covered, untested, nc, uncovered) ==
          (len(coverage), counts["covered"], counts["untested"], counts["not_computable"], counts["uncovered"]))

    rc, out, err = run(edict, "test", policy)
    m = re.search(r"^(\d+) passed, (\d+) failed$", out, re.M)
    check(f"{policy}: edict test: {rc} {out[-300:]} {err}", m is not None and rc in (0, 1))
    if m is None:
        return
    passed, failed = int(m.group(1)), int(m.group(2))
    check(f"{policy}: edict test ran {passed + failed} tests, the report shows {doc_tests}", passed + failed == doc_tests)
    for lang in ("en", "zh"):
        check(f"{policy} ({lang}): the report's tests pass and fail as edict test's: {pages[lang][3]} against {(passed, failed)}",
              pages[lang][3] == (passed, failed))

    rc, out, err = run(edict, "test", "--mutate", policy)
    if failed:
        check(f"{policy}: the mutation baseline fails the same {failed} tests: {out} {err}",
              rc == 1 and f"{failed} tests fail before mutating" in out)
    else:
        each = re.search(r"\((\d+) tests each\)", out)
        check(f"{policy}: test --mutate runs the {doc_tests} tests: {out[-300:]} {err}",
              each is not None and int(each.group(1)) == doc_tests)

    rc, out, err = run(edict, "check", policy)
    ok = re.search(r"^ok: .* (\d+) tests,", out, re.M)
    if ok:
        check(f"{policy}: check counts {ok.group(1)} tests, the report {doc_tests}", int(ok.group(1)) == doc_tests)
    else:
        check(f"{policy}: check fails with an error or says ok: {rc} {out} {err}", rc == 1 and "error" in err)


def main():
    args = edict_parser().parse_args()
    policies = policy_folders()
    check(f"the policy folders were found: {policies}", len(policies) >= 11)
    browser = chromium_binary()
    check("chromium is installed (tools/install-deps.sh installs Debian's chromium)", browser is not None)
    if browser is None:
        return
    tmp = tempfile.mkdtemp(prefix="edict-agreement-")
    profile = new_profile()
    try:
        for policy in policies:
            one_policy(args.edict, policy, tmp, browser, profile)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)
    print(f"{len(policies)} policies: {', '.join(policies)}")


if __name__ == "__main__":
    check.run_to_end(main)
