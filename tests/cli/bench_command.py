"""`edict bench`: the figures it prints are there and plausible (compile time, p50 <= p90 <= p99,
cases/s on 1 and on N threads, peak memory, the count of cases that give an error line), text and
JSON agree on the shape, and bad flags or files get a clear error and the documented exit status.
Ends with `N passed, M failed`."""
import json, os, re, sys, tempfile

from testlib import Checks, command, edict_parser

ap = edict_parser()
ap.add_argument("--policy", default="policies/fujian/2020-14")
a = ap.parse_args()
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "oracle"))
import gen_cases  # noqa: E402

tmp = tempfile.mkdtemp()
check = Checks(quiet=True, limit=600)


def write(name, text):
    p = os.path.join(tmp, name)
    with open(p, "w", encoding="utf-8") as f:
        f.write(text)
    return p


run = command(a.edict, timeout=600)


lines = gen_cases.generate(7, 200)
lines[5] = '{"birth_date": "1960-02-30"}'  # fails every output that needs it: an error line
lines[9] = "{not json"
cases = write("cases.jsonl", "\n".join(lines) + "\n\n")

# As many error lines as `edict eval` prints for the same file (dates past the holiday calendar
# fail some generated cases too).
failed = sum(1 for l in run("eval", a.policy, "--input", cases).stdout.splitlines() if l.startswith('{"error":'))
r = run("bench", a.policy, "--input", cases, "--time", "0.05", "--jobs", "2")
out = r.stdout
check("text: exit 0", r.returncode == 0 and r.stderr == "", r)
check("text: policy and outputs", re.search(r"^policy +%s \(\d+ outputs\)$" % re.escape(a.policy), out, re.M), out)
check("text: compile time", re.search(r"^compile +\d+\.\d ms$", out, re.M), out)
check("text: 200 cases, as many error lines as eval prints", failed >= 2 and re.search(
    r"^cases +200 from .*cases\.jsonl \(%d give an error line\)$" % failed, out, re.M), (failed, out))
m = re.search(r"^per case +p50 ([\d.]+) us +p90 ([\d.]+) us +p99 ([\d.]+) us +\((\d+) runs", out, re.M)
check("text: p50 <= p90 <= p99, at least one run per case", m and 0 < float(m.group(1)) <= float(m.group(2))
      <= float(m.group(3)) and int(m.group(4)) >= 200, out)
check("text: cases/s on 1 and on 2 threads", re.search(r"^throughput +[\d,]+ cases/s on 1 thread, [\d,]+ cases/s on 2 threads$",
                                                        out, re.M), out)
check("text: peak memory", re.search(r"^peak memory +\d+\.\d MiB$", out, re.M), out)

r = run("bench", a.policy, "-i", cases, "--time", "0.05", "-j", "1", "--format", "json", "-o", "retirement_date")
try:
    j = json.loads(r.stdout)
except ValueError:
    j = {}
check("json: exit 0, one object", r.returncode == 0 and j, r)
check("json: fields", j and j["outputs"] == 1 and j["cases"] == 200 and j["cases_per_second"]["jobs"] == 1
      and 0 < j["per_case_us"]["p50"] <= j["per_case_us"]["p90"] <= j["per_case_us"]["p99"]
      and j["cases_per_second"]["one_thread"] > 0 and j["peak_rss_mib"] > 0 and j["compile_ms"] > 0, j)
failed_one = sum(1 for l in run("eval", a.policy, "--input", cases, "-o", "retirement_date").stdout.splitlines()
                 if l.startswith('{"error":'))
check("json: failed counts the error lines", j and failed_one >= 2 and j["failed"] == failed_one, (failed_one, j))

example = os.path.join(a.policy, "examples", "case.json")
one = run("bench", a.policy, "-i", example, "--time", "0.02", "-j", "1", "-o", "back_pay")
check("a pretty-printed .json case is one case", run("eval", a.policy, "-i", example, "-o", "back_pay").returncode == 0
      and one.returncode == 0 and re.search(r"^cases +1 from .* \(0 give an error line\)$", one.stdout, re.M), one)
check("one thread: one throughput figure", re.search(r"^throughput +[\d,]+ cases/s on 1 thread$", one.stdout, re.M), one)

# Bad flags and files: what is wrong, and the exit status of docs/cli.md.
bad = [
    (["--input", os.path.join(tmp, "missing.jsonl")], 4, "error: cannot read"),
    (["--input", write("empty.jsonl", "\n \n")], 4, "holds no cases"),
    (["--input", tmp], 4, "error: "),
    (["--input", cases, "--output", "nope"], 2, "`nope` is not an output of this policy"),
    (["--input", cases, "--jobs", "0"], 2, "--jobs"),
    (["--input", cases, "--time", "0"], 2, "--time"),
    (["--input", cases, "--format", "xml"], 2, "--format"),
    ([], 2, "--input is required"),
]
for args, status, text in bad:
    r = run("bench", a.policy, *args)
    check(f"bad: {args} -> exit {status}, says {text!r}", r.returncode == status and text in r.stderr and r.stdout == "", r)
r = run("bench", os.path.join(tmp, "no-policy"), "--input", cases)
check("a policy that does not exist: exit 3", r.returncode == 3 and r.stdout == "", r)

check.finish()
