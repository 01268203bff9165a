"""`edict explain-error CODE` and `edict --explain CODE` (issue 10): the title, explanation and
example of a diagnostic code from compiler/diagnostics/codes.def; `--list` lists every code of the
table; an unknown or retired code is a clear error, exit 2. Ends with `N passed, M failed`."""
import os, re
from testlib import Checks, command, edict_parser

a = edict_parser().parse_args()
run = command(a.edict, timeout=60)
check = Checks(quiet=True)


r = run("explain-error", "E0301")
check("explain-error prints title, explanation and example", r.returncode == 0
      and r.stdout.startswith("E0301 (error): type mismatch\n")
      and "Money is written with its unit" in r.stdout
      and "Example:\n    input age: int\n    rule adult: bool = age  # expect error[E0301]\n" in r.stdout, r)
same = r.stdout
for spelling in (["--explain", "E0301"], ["--explain=E0301"], ["explain-error", "e0301"]):
    r = run(*spelling)
    check(f"{' '.join(spelling)} is the same", r.returncode == 0 and r.stdout == same, r)

r = run("explain-error", "W0513")
check("a warning says so", r.returncode == 0 and r.stdout.startswith("W0513 (warning): "), r)
r = run("explain-error", "E0001")
check("a code without source example describes its input", r.returncode == 0
      and "Input that produces it: (a policy file larger than 16 MiB)" in r.stdout, r)
r = run("explain-error", "E0005")
check("a multi-file example shows its files", r.returncode == 0 and "    --- a/a.edict\n" in r.stdout, r)

for bad in ("E0999", "E0211", "hello", "E03011"):
    r = run("explain-error", bad)
    check(f"unknown code {bad}: exit 2 with a clear error", r.returncode == 2 and r.stdout == ""
          and f"`{bad}` is not a diagnostic code of Edict" in r.stderr and "--list" in r.stderr, r)
r = run("--explain")
check("--explain without a code is a usage error", r.returncode == 2, r)

here = os.path.dirname(os.path.abspath(__file__))
table = open(os.path.join(here, "..", "..", "compiler", "diagnostics", "codes.def"), encoding="utf-8").read()
codes = re.findall(r"^EDICT_DIAGNOSTIC\(([EW]\d{4}),", table, re.M)
r = run("explain-error", "--list")
listed = [line.split()[0] for line in r.stdout.splitlines()]
check("--list lists every code of codes.def in order", r.returncode == 0 and listed == codes and len(codes) > 70, r)
r = run("explain-error", "--list", "E0301")
check("a code and --list together is a usage error", r.returncode == 2, r)

check.finish()
