"""Runs contract-style cases ({"clause", "input", "output"}) one at a time through
`edict eval POLICY --input CASE.json --output <the expected keys>` and compares the printed
JSON object with the expected output. Prints a line per failure and `N passed, M failed`."""
import json, os, tempfile

from testlib import Checks, edict_parser, run

ap = edict_parser()
ap.add_argument("--policy", required=True)
ap.add_argument("--cases", required=True)
ap.add_argument("--fallback", help="used when --cases does not exist (e.g. no shared/ beside the clone)")
a = ap.parse_args()
path = a.cases if os.path.exists(a.cases) or not a.fallback else a.fallback
check = Checks(quiet=True)
with open(path, encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not line.strip():
            continue
        case = json.loads(line)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as t:
            json.dump(case["input"], t, ensure_ascii=False)
        try:
            r = run([a.edict, "eval", a.policy, "--input", t.name, "--output", ",".join(case["output"])], timeout=60)
        finally:
            os.unlink(t.name)
        try:
            got = json.loads(r.stdout) if r.returncode == 0 else None
        except json.JSONDecodeError:
            got = None
        check(f"{path}:{n} §{case.get('clause')}", got == case["output"] and list(got) == list(case["output"]),
              f"expected {json.dumps(case['output'], ensure_ascii=False)}, "
              f"got exit {r.returncode} {r.stdout.strip()} {r.stderr.strip()}")
check.finish()
