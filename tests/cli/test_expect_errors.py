"""Tests that expect an error (issue 12, item 8; docs/language.md "test", docs/cli.md "test"): in a
`test` declaration `expect RULE error "TEXT"`, on a tests/*.jsonl line `"errors": {"RULE": "TEXT"}`.
`edict test` passes them when evaluating the rule fails with a message containing TEXT, and fails
them, showing both texts, when the rule gives a value or another message; `edict check` refuses a
line whose "errors" is empty or expects a rule both ways; `edict test --mutate` counts the
expectations like values. Ends with `N passed, M failed`."""
import os, shutil, tempfile
from testlib import Checks, command, edict_parser

a = edict_parser().parse_args()
tmp = tempfile.mkdtemp()
run = command(a.edict)
check = Checks(quiet=True)

def policy(name, tests_edict, cases):
    d = os.path.join(tmp, name)
    os.makedirs(os.path.join(d, "tests"))
    with open(os.path.join(d, "policy.edict"), "w", encoding="utf-8") as f:
        f.write('input age: int "Age in years."\n'
                'rule pension_age: int "Only adults have one: minors get no definition."\n'
                '  when age >= 18 then 60\n')
    with open(os.path.join(d, "tests", "t.edict"), "w", encoding="utf-8") as f:
        f.write(tests_edict)
    with open(os.path.join(d, "tests", "cases.jsonl"), "w", encoding="utf-8") as f:
        f.write(cases)
    return d

good = policy("good",
              'test "minors get no definition" given age = 17 expect pension_age error "no definition"\n'
              '测试 "成年" 已知 age = 18 预期 pension_age = 60\n',
              '{"input": {"age": 17}, "errors": {"pension_age": "no definition of `pension_age`"}}\n'
              '{"input": {"age": 18}, "output": {"pension_age": 60}}\n')
r = run("test", good)
check("expected errors pass", r.returncode == 0 and "ok    minors get no definition" in r.stdout
      and "ok    cases.jsonl:1" in r.stdout and "4 passed, 0 failed" in r.stdout, r)
r = run("test", "--mutate", good)
check("the mutation check counts them: every mutant of `age >= 18` caught",
      r.returncode == 0 and "0 survived (4 tests each)" in r.stdout, r)
r = run("check", good)
check("check counts them as tests", r.returncode == 0 and "4 tests" in r.stdout, r)

bad = policy("bad",
             'test "adults get no definition?" given age = 30 expect pension_age error "no definition"\n'
             'test "another message" given age = 3 expect pension_age error "beyond the calendar"\n',
             '{"input": {"age": 30}, "errors": {"pension_age": "no definition"}}\n'
             '{"input": {"age": 3}, "errors": {"pension_age": "beyond the calendar"}}\n')
r = run("test", bad)
check("a value where an error was expected fails with both",
      r.returncode == 1 and 'pension_age: expected an error containing "no definition", got 60' in r.stdout, r)
check("another message fails with both texts", 'pension_age: expected an error containing "beyond the calendar", '
      "but the error was: no definition of `pension_age` applies to this case" in r.stdout
      and "0 passed, 4 failed" in r.stdout, r)
r = run("test", "--mutate", bad)
check("the mutation check refuses failing expectations", r.returncode == 1 and "4 tests fail before mutating" in r.stdout, r)

broken = policy("broken", 'test "empty" given age = 3 expect pension_age error ""\n',
                '{"input": {"age": 3}, "errors": {}}\n'
                '{"input": {"age": 3}, "output": {"pension_age": 60}, "errors": {"pension_age": "no"}}\n')
r = run("check", broken)
check("broken expectations are errors for check", r.returncode == 1
      and '`pension_age error ""` accepts any error: quote a part of the message' in r.stderr
      and 'cases.jsonl:1: error: "errors" is empty: the line checks nothing' in r.stderr
      and "`pension_age` is expected both as a value and as an error" in r.stderr, r)

shutil.rmtree(tmp, ignore_errors=True)
check.finish()
