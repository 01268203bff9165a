#!/usr/bin/env python3
"""Differential check of the Edict policy policies/fujian/2020-14 against fujian_oracle.py.

Takes in
    --edict PATH      the edict binary
    --policy DIR      the policy folder (e.g. policies/fujian/2020-14)
    and either --count N --seed S [--bad-rate R]   (cases from gen_cases.py)
    or         --cases FILE                         (an existing JSONL file of input objects)
    [--allow-extra] (passed to both sides) [--timeout SECONDS] [--keep FILE]
Produces
    the first 10 disagreements (input, expected, actual) and a last line exactly
    "N passed, M failed".  Exit status 0 when all agree, 1 on any disagreement or when
    edict crashes, times out, exits with a status other than 0 or 1, or exits with a
    status that does not match its own lines (1 iff some line is an error).

It runs `EDICT eval POLICY --input CASES.jsonl` (no --output: every output) and the oracle
on the same raw lines.  Lines are compared as parsed JSON, strictly typed (true is not 1,
3 is not 3.0, "1800.00" is not "1800.0").  For error lines the fact of an error and the
input named are compared, and the message only for a day beyond the calendar's data: then
both must be that error, and edict's message must contain the oracle's ("中国工作日 has no
holiday data for 2027: it covers 2019–2026").  Blank lines in a --cases file are dropped
before running either side.
"""

import argparse
import decimal
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fujian_oracle as fo  # noqa: E402
import gen_cases  # noqa: E402

SHOW = 10


def strict_eq(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return set(a) == set(b) and all(strict_eq(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(strict_eq(x, y) for x, y in zip(a, b))
    return a == b


def same_keys_eq(a, b):
    """Equal as JSON objects (key order ignored), values strictly typed."""
    if not (isinstance(a, dict) and isinstance(b, dict)) or set(a) != set(b):
        return False
    return all(strict_eq(a[k], b[k]) for k in a)


def is_error(obj):
    return isinstance(obj, dict) and set(obj) == {"error"} and isinstance(obj["error"], dict)


def parse_line(text):
    try:
        return json.loads(text, parse_float=decimal.Decimal), None
    except ValueError as e:
        return None, "unparseable JSON (%s)" % e


def is_calendar_error(obj):
    message = obj["error"].get("message") or ""
    return (fo.CALENDAR + " has no holiday data for ") in message


def compare_one(expected, actual_text):
    """Return None when they agree, else a reason."""
    if actual_text is None:
        return "no output line from edict"
    actual, err = parse_line(actual_text)
    if err:
        return err
    if is_error(expected):
        if not is_error(actual):
            return "expected an error, edict gave a result"
        want, got = expected["error"].get("input"), actual["error"].get("input")
        if want != got:
            return "error names input %r, expected %r" % (got, want)
        if is_calendar_error(expected) != is_calendar_error(actual):
            return "one side's error is about a day beyond the calendar's data, the other's is not"
        if is_calendar_error(expected) and expected["error"]["message"] not in actual["error"]["message"]:
            return "the calendar error does not say %r" % expected["error"]["message"]
        return None
    if is_error(actual):
        return "edict gave an error, expected a result"
    if not same_keys_eq(expected, actual):
        diff = sorted(set(expected) ^ set(actual) if set(expected) != set(actual) else
                      [k for k in expected if not strict_eq(expected[k], actual[k])])
        return "differs in " + ", ".join(diff)
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(description="edict vs oracle for policies/fujian/2020-14")
    ap.add_argument("--edict", required=True)
    ap.add_argument("--policy", default="policies/fujian/2020-14")
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bad-rate", type=float, default=0.0)
    ap.add_argument("--cases", help="compare this JSONL file of input objects instead")
    ap.add_argument("--allow-extra", action="store_true")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--keep", help="also write the cases to this file")
    args = ap.parse_args(argv)

    if args.cases:
        with open(args.cases, encoding="utf-8") as f:
            lines = [l.rstrip("\r\n") for l in f if l.strip()]
    else:
        lines = gen_cases.generate(args.seed, args.count, args.bad_rate)
    if args.keep:
        with open(args.keep, "w", encoding="utf-8") as f:
            f.write("".join(l + "\n" for l in lines))

    expected = [obj for _, obj in fo.run_lines(lines, None, args.allow_extra)]

    fd, tmp = tempfile.mkstemp(suffix=".jsonl", prefix="fujian_cases_")
    problem = None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("".join(l + "\n" for l in lines))
        cmd = [args.edict, "eval", args.policy, "--input", tmp]
        if args.allow_extra:
            cmd.append("--allow-extra")
        try:
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=args.timeout)
            out = proc.stdout.decode("utf-8", errors="replace")
            any_error = any(is_error(parse_line(l)[0]) for l in out.splitlines())
            if proc.returncode not in (0, 1):
                problem = "edict exited with status %d" % proc.returncode
            elif proc.returncode != (1 if any_error else 0):
                problem = "edict exited %d although it printed %s error line" % (
                    proc.returncode, "an" if any_error else "no")
            stderr = proc.stderr.decode("utf-8", errors="replace")
        except subprocess.TimeoutExpired:
            out, stderr, problem = "", "", "edict timed out after %gs" % args.timeout
        except OSError as e:
            out, stderr, problem = "", "", "cannot run edict: %s" % e
    finally:
        os.unlink(tmp)

    actual = out.splitlines()
    if problem:
        print("EDICT PROBLEM: " + problem)
        if stderr.strip():
            print("stderr: " + stderr.strip()[:2000])
    if len(actual) != len(lines):
        print("edict printed %d lines for %d cases" % (len(actual), len(lines)))

    passed = failed = shown = 0
    for i, line in enumerate(lines):
        reason = compare_one(expected[i], actual[i] if i < len(actual) else None)
        if reason is None:
            passed += 1
            continue
        failed += 1
        if shown < SHOW:
            shown += 1
            print("--- case %d: %s" % (i + 1, reason))
            print("input:    " + line)
            print("expected: " + fo.dumps(expected[i]))
            print("actual:   " + (actual[i] if i < len(actual) else "<missing>"))
    if failed > shown:
        print("... %d more disagreements not shown" % (failed - shown))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if (failed or problem or len(actual) != len(lines)) else 0


if __name__ == "__main__":
    sys.exit(main())
