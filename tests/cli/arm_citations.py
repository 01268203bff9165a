#!/usr/bin/env python3
"""Citations on match arms and doc strings in several parts, as an analyst meets them through the
CLI (issue 12 item 7), on tests/cli/arm_citations: `edict check` verifies each arm's quote against
the notice text (and names the rule when one is not there); `edict explain` shows the sentences of
the arms the case took, not the others, and the doc joined from its parts; `edict fmt --check`
keeps both as written; an unterminated doc part is reported at its opening quote.

Takes: --edict BINARY; run from the repository root. Ends with `N passed, M failed`."""
import os
import shutil
import tempfile

from testlib import Checks, command, edict_parser

a = edict_parser().parse_args()
P = "tests/cli/arm_citations"
run = command(a.edict)
check = Checks()

tmp = tempfile.mkdtemp()
try:
    r = run("check", P)
    check("edict check finds every arm's quote in the notice", r.returncode == 0, r)

    r = run("explain", P, "--input", f"{P}/female-worker.json")
    # Citations print as NOTICE §CLAUSE “quote”; the source text of the match shows "…" as written.
    check("explain shows the cited sentence of the arm taken",
          r.returncode == 0 and "示例通知[2024]7号 §一 “女工人年满五十周岁退休”" in r.stdout, r)
    check("explain shows the rule's own citation once, and the arm's under its definition",
          r.stdout.count("“退休年龄”") == 1 and "cites 示例通知[2024]7号 §一 “退休年龄”" in r.stdout, r)
    check("explain does not cite the sentences of arms not taken",
          "“男职工年满六十周岁退休”" not in r.stdout and "“女干部年满五十五周岁退休”" not in r.stdout, r)
    check("explain shows the doc joined from its two parts",
          "The retirement age: 60 for men, 50 for women workers, 55 for women cadres." in r.stdout, r)

    r = run("fmt", "--check", P)
    check("edict fmt keeps arm citations and doc parts as written", r.returncode == 0, r)

    bad = os.path.join(tmp, "bad-quote")
    shutil.copytree(P, bad)
    src = os.path.join(bad, "policy.edict")
    text = open(src, encoding="utf-8").read()
    open(src, "w", encoding="utf-8").write(text.replace("女干部年满五十五周岁退休", "女干部年满五十六周岁退休"))
    r = run("check", bad)
    check("a wrong quote on an arm is E0501 at that citation, naming the rule",
          r.returncode != 0 and "policy.edict:17:" in r.stderr and "error[E0501]" in r.stderr
          and "rule retirement_age" in r.stderr, r)

    open_doc = os.path.join(tmp, "open-doc")
    shutil.copytree(P, open_doc)
    src = os.path.join(open_doc, "policy.edict")
    open(src, "w", encoding="utf-8").write(text.replace('"60 for men, 50 for women workers, 55 for women cadres."',
                                                        '"60 for men, 50 for women workers'))
    r = run("check", open_doc)
    check("an unterminated doc part is E0100 at its opening quote",
          r.returncode != 0 and "policy.edict:11:3: error[E0100]: this text is not closed" in r.stderr, r)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
check.finish()
