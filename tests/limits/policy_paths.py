#!/usr/bin/env python3
"""Policy folders with symbolic-link loops, notice texts outside the policy, and compiled artifacts
given where sources are expected, through every command that reads a policy (issue 11).

Takes in
    --edict PATH   the edict binary
Produces
    one line per (edge, command): "ok   <edge> / <command>: <the error edict printed>" or "FAIL ...",
    and a last line "N passed, M failed"; exit 1 when any failed. Each run must end with an exit
    status of 1-4 (never a signal or an abort), the expected diagnostic code and path in what it
    printed, and never the content of a file outside the policy in its output.
"""

import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from testlib import Checks, edict_parser, lsp_session, run  # noqa: E402

checks = Checks()


def expect(name, r, needles, allowed=(1, 2, 3, 4), forbidden=()):
    text = r.stdout + r.stderr
    ok = (r.returncode is not None and r.returncode in allowed and all(n in text for n in needles)
          and not any(f in text for f in forbidden) and "Sanitizer" not in r.stderr)
    first = next((ln for ln in text.splitlines() if "error" in ln), text.strip()[:200])
    checks("%s (exit %s)" % (name, r.returncode), ok, text[:600], note=first[:240])


def commands(e, tmp, policy, case):
    """Each command that reads a policy, as (name, argv)."""
    return [
        ("check", [e, "check", policy]),
        ("eval", [e, "eval", policy, "--input", case]),
        ("explain", [e, "explain", policy, "--input", case]),
        ("test", [e, "test", policy]),
        ("build", [e, "build", policy, "-o", os.path.join(tmp, "out.edictc")]),
        ("disasm", [e, "disasm", policy]),
        ("doc", [e, "doc", policy, "--out", os.path.join(tmp, "doc-out")]),
        ("repl", [e, "repl", policy, "--input", case]),
        ("serve", [e, "serve", policy, "--port", "0"]),
    ]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    e = edict_parser().parse_args().edict
    good = 'input x: int "X."\nrule r: int = x + 1\noutput r\n'
    with tempfile.TemporaryDirectory() as tmp:
        case = os.path.join(tmp, "case.json")
        write(case, json.dumps({"x": 1}))

        # A symbolic link to itself among the policy's files, one in tests/, and a policy path that is one.
        loop = os.path.join(tmp, "loop")
        write(os.path.join(loop, "p.edict"), good)
        os.symlink("self.edict", os.path.join(loop, "self.edict"))
        for name, argv in commands(e, tmp, loop, case):
            # The repl lists the folder itself; the CLI's last-resort handler names the path there.
            needles = ["self.edict", "symbolic links"] + ([] if name == "repl" else ["E0003"])
            expect("symlink loop in the folder / " + name, run(argv, stdin=":quit\n"), needles)
        tests_loop = os.path.join(tmp, "tests-loop")
        write(os.path.join(tests_loop, "p.edict"), good)
        os.symlink("tests", os.path.join(tests_loop, "tests"))
        expect("symlink loop as tests/ / test", run([e, "test", tests_loop]), ["E0003", "tests", "symbolic links"])
        expect("symlink loop as tests/ / check", run([e, "check", tests_loop]), ["E0003", "tests", "symbolic links"])
        root_loop = os.path.join(tmp, "root-loop")
        os.symlink("root-loop", root_loop)
        expect("policy path is a symlink loop / check", run([e, "check", root_loop]), ["E0003", "root-loop", "symbolic links"])
        expect("symlink loop / fmt --check", run([e, "fmt", "--check", loop]), ["self.edict"], allowed=(1, 2, 3, 4))
        # The editor opens p.edict of that folder: the server lists its siblings, skips the loop, answers.
        expect("symlink loop in the folder / lsp", lsp_session(e, os.path.join(loop, "p.edict"), good),
               ["publishDiagnostics", '"id":3'], allowed=(0,))

        # A notice text outside the policy folder, by `..` and by a symbolic link inside it.
        secret = os.path.join(tmp, "secret.txt")
        write(secret, "root:x:0:0:SECRET-LINE\n")
        up = os.path.relpath(secret, os.path.join(tmp, "escape"))
        for label, folder, text_path in (("`..` path", "escape", up), ("symlink", "escape-link", "notice.txt")):
            policy = os.path.join(tmp, folder)
            write(os.path.join(policy, "p.edict"),
                  'notice "N1" text "%s" issued 2020-01-01\n' % text_path + good)
            if label == "symlink":
                os.symlink(secret, os.path.join(policy, "notice.txt"))
            for name, argv in commands(e, tmp, policy, case):
                expect("notice text outside the policy (%s) / %s" % (label, name), run(argv, stdin=":quit\n"),
                       ["E0508", "p.edict:1:1", "outside the policy folder"], forbidden=["SECRET-LINE"])
        inside = os.path.join(tmp, "inside")
        write(os.path.join(inside, "texts", "notice.txt"), "一、第一条。\n")
        write(os.path.join(inside, "p.edict"), 'notice "N1" text "texts/../texts/notice.txt" issued 2020-01-01\n' + good)
        expect("notice text inside the policy / check", run([e, "check", inside]), [], allowed=(0,))

        # A compiled artifact where policy source is expected.
        policy = os.path.join(tmp, "art")
        write(os.path.join(policy, "p.edict"), good)
        artifact = os.path.join(tmp, "p.edictc")
        r = run([e, "build", policy, "-o", artifact])
        assert r.returncode == 0, r.stderr
        for name, argv in commands(e, tmp, artifact, case):
            if name == "eval":
                expect("artifact / eval", run(argv), ['"r":2'], allowed=(0,))
                continue
            if name == "serve":  # serves artifacts since issue 14 (tests/service/serve_policies.py)
                continue
            expect("artifact given as source / " + name, run(argv, stdin=":quit\n"),
                   ["E0009", "p.edictc", "artifacts are for"])
    checks.finish()


if __name__ == "__main__":
    main()
