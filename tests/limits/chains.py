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

import argparse
import json
import os
import subprocess
import sys
import tempfile

RESULTS = []
MAX_DEPTH = 400


def run(cmd, stdin=None, timeout=600):
    try:
        p = subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "", "timed out after %d s" % timeout
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def report(name, ok, rc, text):
    RESULTS.append(ok)
    line = next((ln for ln in text.splitlines() if "error" in ln), text.strip().splitlines()[0] if text.strip() else "")
    print("%s %s (exit %s): %s" % ("ok  " if ok else "FAIL", name, rc, line[:240] if ok else text[:600]))


def clean(rc, err):
    return rc is not None and rc >= 0 and "Sanitizer" not in err and "runtime error" not in err


def expect_refusal(name, result, code, allowed=(1, 2, 3, 4)):
    rc, out, err = result
    ok = clean(rc, err) and rc in allowed and code in out + err
    report(name, ok, rc, out + err)


def expect_answer(name, result, needle, allowed=(0,)):
    rc, out, err = result
    ok = clean(rc, err) and rc in allowed and needle in out
    report(name, ok, rc, out + err)


def lsp_session(edict, path, text):
    """initialize, open the file, ask for hover at its start, shut down: the diagnostics come back."""
    uri = "file://" + path
    msgs = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": uri, "languageId": "edict", "version": 1, "text": text}}},
        {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
         "params": {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 6}}},
        {"jsonrpc": "2.0", "id": 3, "method": "shutdown", "params": None},
        {"jsonrpc": "2.0", "method": "exit", "params": None},
    ]
    data = b""
    for m in msgs:
        body = json.dumps(m).encode()
        data += b"Content-Length: %d\r\n\r\n" % len(body) + body
    return run([edict, "lsp"], stdin=data)


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
    repl_line = (expected[1] + "\n:quit\n").encode() if expected[0] == "answer" else b"1 + 1\n:quit\n"
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
        rc, out, err = run([e, "fmt", "--check", folder])
        report(name + " / fmt --check", clean(rc, err) and rc in (0, 1), rc, out + err)
    else:
        expect_refusal(name + " / fmt --check", run([e, "fmt", "--check", folder]), "", allowed=(0, 1, 2, 3, 4))
        expect_refusal(name + " / serve", run([e, "serve", folder, "--port", "0"], timeout=120), expected[1])
    rc, out, err = lsp_session(e, policy, text)
    want = expected[1] if expected[0] == "refuse" else '"id":3'
    report(name + " / lsp", clean(rc, err) and rc in (0, 1) and want in out.replace(" ", ""), rc, out[-300:] + err)


def chain(op, term, n):
    return (" %s " % op).join([term] * n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edict", required=True)
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
    failed = RESULTS.count(False)
    print("%d passed, %d failed" % (len(RESULTS) - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
