#!/usr/bin/env python3
"""Each documented limit of Edict hit through the CLI, expecting a clean error (issue 6).

Takes in
    --edict PATH   the edict binary
Produces
    one line per limit ("ok   <limit>: <the error edict printed>" or "FAIL ..."), and a last line
    "N passed, M failed"; exit 1 when any failed. A clean error means: an exit status of 1-4 as
    docs/cli.md defines them (not a signal), a message naming the limit on stderr or in the case's
    error line, no sanitizer report, and the run finishing within its timeout. Limits (docs/reliability.md):
    source file 16 MiB; expression nesting 200; rules per policy 100,000; evaluation steps per case
    50,000,000; list input 1,000,000 items; JSON case 64 MiB; JSON nesting 64.
"""

import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from testlib import Checks, edict_parser  # noqa: E402

check = Checks()


def policy(tmp, name, text):
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "p.edict"), "w") as f:
        f.write(text)
    return d


def run(cmd, stdin=None, timeout=300):
    try:
        p = subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "", "timed out after %d s" % timeout
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def expect(name, result, needle):
    """A clean error: a small non-zero exit status (never a signal), the limit named on stderr or in
    the case's error line on stdout, and no sanitizer report."""
    rc, out, err = result
    text = out + err
    ok = rc is not None and 1 <= rc <= 4 and needle in text and "Sanitizer" not in err and "runtime error" not in err
    first = next((ln for ln in text.splitlines() if needle in ln), text.strip()[:300])
    check(f"{name} (exit {rc})", ok, "stdout %r; stderr %r" % (out[:300], err[:300]), note=first[:300])


def main():
    e = edict_parser().parse_args().edict
    with tempfile.TemporaryDirectory() as tmp:
        # Source size: one file one byte over 16 MiB (a comment, so only the size is wrong).
        big = "# " + "x" * (16 * 1024 * 1024 - 1) + "\nrule r: int = 1\noutput r\n"
        expect("source size", run([e, "check", policy(tmp, "big", big)]), "may have at most")

        # Nesting depth: 300 nested parentheses, the message word for word. Each declaration is
        # counted from zero (the parse state is per declaration): after a too-deep one, a good one
        # parses and a second too-deep one is reported at its own line.
        nested = "error[E0100]: this expression is nested too deeply; split it into named rules"
        deep = "rule r: int = " + "(" * 300 + "1" + ")" * 300 + "\noutput r\n"
        expect("nesting depth", run([e, "check", policy(tmp, "deep", deep)]), "p.edict:1:65: " + nested)
        twice = deep + "rule fine: int = ((1))\nrule s: int = " + "-" * 300 + "1\n"
        result = run([e, "check", policy(tmp, "deep_twice", twice)])
        expect("nesting depth counted per declaration", result, "p.edict:4:213: " + nested)
        expect("nesting depth: the declarations around parse", result, "\n2 errors found")

        # Rules per policy: 100,001 rules across two files.
        d = os.path.join(tmp, "many")
        os.makedirs(d)
        for part, rng in (("a", range(0, 50001)), ("b", range(50001, 100001))):
            with open(os.path.join(d, part + ".edict"), "w") as f:
                f.write("".join("rule r%d: int = %d\n" % (i, i % 7) for i in rng))
        expect("rules per policy", run([e, "check", d]), "at most 100000")

        # Evaluation steps per case: three nested comprehensions over 1,000 items (10^9 steps).
        steps = ("input xs: list[int] \"Numbers.\"\n"
                 "rule r: int = count([a in xs where count([b in xs where count([c in xs where c > a + b]) > 0]) > 0])\n"
                 "output r\n")
        case = os.path.join(tmp, "steps.json")
        with open(case, "w") as f:
            json.dump({"xs": list(range(1000))}, f)
        expect("evaluation steps per case", run([e, "eval", policy(tmp, "steps", steps), "--input", case]),
               "budget")

        # List length: a list input of 1,000,001 items.
        lst = "input xs: list[int] \"Numbers.\"\nrule r: int = count(xs)\noutput r\n"
        case = os.path.join(tmp, "list.json")
        with open(case, "w") as f:
            f.write('{"xs": [' + ",".join(["0"] * 1000001) + "]}")
        expect("list length", run([e, "eval", policy(tmp, "list", lst), "--input", case]), "at most 1000000")

        # JSON case size: one case of 64 MiB + 1 byte (a long string value).
        case = os.path.join(tmp, "huge.json")
        with open(case, "w") as f:
            f.write('{"xs": "' + "y" * (64 * 1024 * 1024) + '"}')
        expect("JSON case size", run([e, "eval", policy(tmp, "list", lst), "--input", case]), "bytes")

        # JSON nesting: a value nested 65 deep.
        case = os.path.join(tmp, "nested.json")
        with open(case, "w") as f:
            f.write('{"xs": ' + "[" * 65 + "]" * 65 + "}")
        expect("JSON nesting depth", run([e, "eval", policy(tmp, "list", lst), "--input", case]), "deeper than 64")


if __name__ == "__main__":
    check.run_to_end(main)
