#!/usr/bin/env python3
"""An installed edict finds its standard library and base policies relative to its own prefix
(issue 12 item 10). Installs into a temporary prefix (`cmake --install`), moves the prefix to
another folder, then compiles and evaluates a policy written outside the Edict tree that does
`import "cn/pension"` and `import "stdlib/cn-holidays"`, with EDICT_PATH unset, through `edict eval`
and through `edict repl` (edict-resident, found in the moved libexec/edict, finding share/edict from
there); and checks that a missing import's help (E0004) names EDICT_PATH with an example and the
moved installation.

Takes: --build DIR (a built tree), --cmake. Prints one line per check and a final
"N passed, M failed"; exit 1 when anything failed.
"""
import argparse
import functools
import json
import os
import shutil
import tempfile

import testlib

POLICY = """import "cn/pension"
import "stdlib/cn-holidays"

rule first_working_day: date "The first working day on or after the retirement date."
  = roll(retirement_date, 中国工作日)

output retirement_date, first_working_day
"""
CASE = {"birth_date": "1960-05-10", "sex": "male", "scheme": "enterprise_employee"}
# 2020-05-10 was a Sunday; 2020-05-09 was a working Saturday, 2020-05-11 a Monday.
EXPECTED = {"retirement_date": "2020-05-10", "first_working_day": "2020-05-11"}

check = testlib.Checks()
run = functools.partial(testlib.run, timeout=300)  # an install takes a while


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--cmake", default="cmake")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="edict-relocated-")
    try:
        first = os.path.join(work, "first", "prefix")
        r = run([a.cmake, "--install", a.build, "--prefix", first])
        check("cmake --install into a temporary prefix", r.returncode == 0, r.stdout + r.stderr)
        if r.returncode:
            return
        check("the base policies are installed beside the stdlib",
              os.path.isdir(os.path.join(first, "share", "edict", "stdlib", "cn-holidays"))
              and os.path.isdir(os.path.join(first, "share", "edict", "policies", "cn", "pension")))
        moved = os.path.join(work, "elsewhere", "edict-1")
        os.makedirs(os.path.dirname(moved))
        shutil.move(first, moved)  # the configure-time prefix and the first install are both gone
        edict = os.path.join(moved, "bin", "edict")

        mine = os.path.join(work, "analyst", "my-policy")
        os.makedirs(mine)
        with open(os.path.join(mine, "policy.edict"), "w", encoding="utf-8") as f:
            f.write(POLICY)
        case = os.path.join(work, "analyst", "case.json")
        with open(case, "w") as f:
            json.dump(CASE, f)
        env = dict(os.environ)
        env.pop("EDICT_PATH", None)
        r = run([edict, "eval", mine, "--input", case], env=env, cwd=os.path.join(work, "analyst"))
        got = None
        try:
            got = json.loads(r.stdout)
        except ValueError:
            pass
        check("the moved edict imports cn/pension and stdlib/cn-holidays with no EDICT_PATH",
              r.returncode == 0 and got == EXPECTED, f"exit {r.returncode}\nstdout: {r.stdout}\nstderr: {r.stderr}")

        # serve, workbench and repl are edict-resident's, installed under libexec/edict: the moved
        # edict finds it there, and it finds share/edict from there.
        check("edict-resident is installed under libexec/edict, not in bin",
              os.access(os.path.join(moved, "libexec", "edict", "edict-resident"), os.X_OK)
              and not os.path.exists(os.path.join(moved, "bin", "edict-resident")))
        r = run([edict, "serve", "--help"], env=env)
        check("the moved edict runs `serve --help` through libexec/edict/edict-resident",
              r.returncode == 0 and "--port" in r.stdout and f"Usage: {edict} serve" in r.stdout, r.stdout + r.stderr)
        r = run([edict, "repl", mine, "--input", case], env=env, cwd=os.path.join(work, "analyst"),
                stdin="first_working_day\n:quit\n")
        check("the moved edict's repl imports cn/pension and stdlib/cn-holidays with no EDICT_PATH",
              r.returncode == 0 and '"2020-05-11"' in r.stdout, f"exit {r.returncode}\nstdout: {r.stdout}\nstderr: {r.stderr}")

        with open(os.path.join(mine, "policy.edict"), "a", encoding="utf-8") as f:
            f.write('import "cn/no-such-rules"\n')
        r = run([edict, "check", mine], env=env, cwd=os.path.join(work, "analyst"))
        data = os.path.join(moved, "share", "edict")
        check("a missing import is E0004 whose help shows EDICT_PATH with an example and the places searched",
              r.returncode != 0 and "error[E0004]" in r.stderr
              and "EDICT_PATH=/path/to/policies edict eval" in r.stderr
              and "EDICT_PATH (not set)" in r.stderr
              and f"{data} (installed)" in r.stderr and f"{os.path.join(data, 'policies')} (installed)" in r.stderr,
              r.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    check.run_to_end(main)
