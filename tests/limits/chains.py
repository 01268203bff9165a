#!/usr/bin/env python3
"""Long chains and deep or wide rule graphs through every command (issue 11).

Takes in
    --edict PATH   the edict binary
Produces
    one line per (policy, command): "ok   <policy> / <command>: <what edict said>" or "FAIL ...",
    and a last line "N passed, M failed"; exit 1 when any failed.

A deterministic generator writes policies whose expressions chain tens of thousands of operators
(`1+1+…`, `and`, `??`), whose rules or functions depend on one another in chains of thousands, or
whose graph is wide, and runs check, eval, explain, test, build (+ eval of the artifact), disasm,
doc, fmt --check, repl, lsp and serve on each. Every run must end within its timeout with either
the correct answer or a clean error: an exit status of 1-4 (never a signal), the expected
diagnostic code in what it printed, no sanitizer report. Limits (docs/reliability.md):
expression depth 400 (E0008), imports nested 200 deep (E0010).
"""

import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from testlib import Checks, edict_parser, lsp_session, run as run_with_timeout  # noqa: E402

checks = Checks()
MAX_DEPTH = 400


def run(cmd, stdin=None, timeout=600):
    return run_with_timeout(cmd, stdin=stdin, timeout=timeout)


def report(name, ok, rc, text):
    line = next((ln for ln in text.splitlines() if "error" in ln), text.strip().splitlines()[0] if text.strip() else "")
    checks("%s (exit %s)" % (name, rc), ok, text[:600], note=line[:240])


def clean(r):
    return r.returncode is not None and r.returncode >= 0 and "Sanitizer" not in r.stderr and "runtime error" not in r.stderr


def expect_refusal(name, r, code, allowed=(1, 2, 3, 4)):
    ok = clean(r) and r.returncode in allowed and code in r.stdout + r.stderr
    report(name, ok, r.returncode, r.stdout + r.stderr)


def expect_answer(name, r, needle, allowed=(0,)):
    ok = clean(r) and r.returncode in allowed and needle in r.stdout
    report(name, ok, r.returncode, r.stdout + r.stderr)


def every_command(e, tmp, name, text, case, expected):
    """Runs each command on one policy. expected: ("refuse", code) or ("answer", output, value text)."""
    folder = os.path.join(tmp, name)
    os.makedirs(folder, exist_ok=True)
    policy = os.path.join(folder, "p.edict")
    with open(policy, "w") as f:
        f.write(text)
    case_file = os.path.join(tmp, name + ".json")
    with open(case_file, "w") as f:
        json.dump(case, f)
    artifact = os.path.join(tmp, name + ".edictc")
    report_dir = os.path.join(tmp, name + "-doc")
    repl_line = (expected[1] + "\n:quit\n") if expected[0] == "answer" else "1 + 1\n:quit\n"
    runs = [
        ("check", [e, "check", folder]),
        ("eval", [e, "eval", folder, "--input", case_file]),
        ("explain", [e, "explain", folder, "--input", case_file]),
        ("test", [e, "test", folder]),
        ("build", [e, "build", folder, "-o", artifact]),
        ("disasm", [e, "disasm", folder]),
        ("doc", [e, "doc", folder, "--out", report_dir]),
        ("repl", [e, "repl", folder, "--input", case_file]),
    ]
    for cmd, argv in runs:
        result = run(argv, stdin=repl_line if cmd == "repl" else None)
        label = "%s / %s" % (name, cmd)
        if expected[0] == "refuse":
            expect_refusal(label, result, expected[1])
        elif cmd in ("eval", "repl"):
            expect_answer(label, result, expected[2])
        elif cmd == "test":  # no tests in these policies: any clean status will do
            expect_answer(label, result, "", allowed=(0, 1))
        else:
            expect_answer(label, result, "")
    if expected[0] == "answer":
        expect_answer(name + " / eval of the artifact", run([e, "eval", artifact, "--input", case_file]), expected[2])
        r = run([e, "fmt", "--check", folder])
        report(name + " / fmt --check", clean(r) and r.returncode in (0, 1), r.returncode, r.stdout + r.stderr)
    else:
        expect_refusal(name + " / fmt --check", run([e, "fmt", "--check", folder]), "", allowed=(0, 1, 2, 3, 4))
        expect_refusal(name + " / serve", run([e, "serve", folder, "--port", "0"], timeout=120), expected[1])
    r = lsp_session(e, policy, text, hover_at=(1, 6), timeout=600)
    want = expected[1] if expected[0] == "refuse" else '"id":3'
    report(name + " / lsp", clean(r) and r.returncode in (0, 1) and want in r.stdout.replace(" ", ""), r.returncode,
           r.stdout[-300:] + r.stderr)


def chain(op, term, n):
    return (" %s " % op).join([term] * n)


def main():
    ap = edict_parser()
    # Under the sanitizers each command is ~7x slower; a tenth of the sizes still goes far past
    # what recursion would survive there (4.5 KiB of stack per level), in a tenth of the time.
    ap.add_argument("--scale", type=int, default=1, help="divide the sizes of the big graphs by this")
    a = ap.parse_args()
    e = a.edict
    x = {"x": 5}
    with tempfile.TemporaryDirectory() as tmp:
        # Chains of one operator, folded left to right into trees as deep as they are long.
        every_command(e, tmp, "add-24000", "rule r: int = %s\noutput r\n" % chain("+", "1", 24000 // a.scale), x, ("refuse", "E0008"))
        every_command(e, tmp, "and-200000", "rule r: bool = %s\noutput r\n" % chain("and", "true", 200000 // a.scale), x,
                      ("refuse", "E0008"))
        every_command(e, tmp, "coalesce-100000",
                      'input y: int? "Y."\nrule r: int = %s ?? 0\noutput r\n' % chain("??", "y", 100000 // a.scale), x,
                      ("refuse", "E0008"))
        # At the limit a chain compiles and gives the right sum; one term more is refused.
        every_command(e, tmp, "add-at-limit", "rule r: int = %s\noutput r\n" % chain("+", "1", MAX_DEPTH), {},
                      ("answer", "r", str(MAX_DEPTH)))
        every_command(e, tmp, "add-past-limit", "rule r: int = %s\noutput r\n" % chain("+", "1", MAX_DEPTH + 1), x,
                      ("refuse", "E0008"))
        # 40,000 rules, each using the one before: a deep rule graph evaluates correctly.
        n = 40000 // a.scale
        rules = ['input x: int "X."', "rule r0: int = x"]
        rules += ["rule r%d: int = r%d + 1" % (i, i - 1) for i in range(1, n)]
        every_command(e, tmp, "rule-chain-40000", "\n".join(rules) + "\noutput r%d\n" % (n - 1), x,
                      ("answer", "r%d" % (n - 1), str(5 + n - 1)))
        # The same rules in a circle: one error, its message shortened.
        rules = ['input x: int "X."'] + ["rule r%d: int = r%d + 1" % (i, (i + 1) % n) for i in range(n)]
        every_command(e, tmp, "rule-circle-40000", "\n".join(rules) + "\noutput r0\n", x, ("refuse", "E0215"))
        # A wide graph: one rule reading 40,000 rules.
        rules = ['input x: int "X."'] + ["rule r%d: int = x + %d" % (i, i) for i in range(n)]
        rules.append("rule top: int = count([%s])" % ", ".join("r%d" % i for i in range(n)))
        every_command(e, tmp, "wide-40000", "\n".join(rules) + "\noutput top\n", x, ("answer", "top", str(n)))
        # Functions are written out where they are called: a chain of 2,000 is too deep, of 100 fine.
        for count, expected in ((2000, ("refuse", "E0008")), (100, ("answer", "r", str(5 + 100)))):
            fns = ["function f0(v: int): int = v + 1"]
            fns += ["function f%d(v: int): int = f%d(v) + 1" % (i, i - 1) for i in range(1, count)]
            text = 'input x: int "X."\n' + "\n".join(fns) + "\nrule r: int = f%d(x)\noutput r\n" % (count - 1)
            every_command(e, tmp, "function-chain-%d" % count, text, x, expected)
        # Each function calls the one before twice: 40 of them would be 2^40 expressions written out.
        # Refused at once (E0011); 10 of them (about 8,000 expressions) compile and answer.
        for count, expected in ((40, ("refuse", "E0011")), (10, ("answer", "r", str((5 + 1) * 2 ** 9)))):
            fns = ["function f0(v: int): int = v + 1"]
            fns += ["function f%d(v: int): int = f%d(v) + f%d(v)" % (i, i - 1, i - 1) for i in range(1, count)]
            text = 'input x: int "X."\n' + "\n".join(fns) + "\nrule r: int = f%d(x)\noutput r\n" % (count - 1)
            every_command(e, tmp, "function-doubling-%d" % count, text, x, expected)
        # Imports nested 300 deep: lib/m0 imports m1 imports m2 …
        lib = os.path.join(tmp, "imports", "lib")
        os.makedirs(lib)
        for i in range(300):
            with open(os.path.join(lib, "m%d.edict" % i), "w") as f:
                f.write(('import "m%d"\n' % (i + 1) if i < 299 else "") + "rule q%d: int = %d\n" % (i, i))
        root = os.path.join(tmp, "imports", "p")
        os.makedirs(root)
        with open(os.path.join(root, "p.edict"), "w") as f:
            f.write('import "lib/m0"\nrule r: int = q0\noutput r\n')
        expect_refusal("imports-300 / check", run([e, "check", root]), "E0010")
    checks.finish()


if __name__ == "__main__":
    main()
