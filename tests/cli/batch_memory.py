"""A batch streams: the peak resident memory of `edict eval --jobs 2` on 200,000 cases stays within
a small margin of its peak on 20,000 cases (a tenth). Cases come from tests/oracle/gen_cases.py
(with faults mixed in); peak RSS is the child's own ru_maxrss from wait4. Ends with `N passed, M failed`."""
import os, subprocess, sys, tempfile, time

from testlib import Checks, edict_parser

ap = edict_parser()
ap.add_argument("--policy", default="policies/fujian/2020-14")
ap.add_argument("--small", type=int, default=20000)
ap.add_argument("--large", type=int, default=200000)
a = ap.parse_args()
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "oracle"))
import gen_cases  # noqa: E402

tmp = tempfile.mkdtemp()
block = gen_cases.generate(7, 2000, bad_rate=0.02)


def make(n):
    path = os.path.join(tmp, f"cases-{n}.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(block[i % len(block)])
            f.write("\n")
    return path


def peak_rss_kb(path):
    """Runs the batch with stdout counted and discarded; returns (exit, lines out, peak KiB, seconds)."""
    t = time.time()
    p = subprocess.Popen([a.edict, "eval", a.policy, "--input", path, "--jobs", "2"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    lines = 0
    for chunk in iter(lambda: p.stdout.read(1 << 16), b""):
        lines += chunk.count(b"\n")
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, lines, usage.ru_maxrss, time.time() - t


check = Checks()
small = peak_rss_kb(make(a.small))
large = peak_rss_kb(make(a.large))
for name, (rc, lines, rss, secs), n in (("small", small, a.small), ("large", large, a.large)):
    print(f"{name}: {n} cases, exit {rc}, {lines} lines, peak RSS {rss} KiB, {secs:.1f} s")
    check(f"{name}: every case has its line, exit 1 for the faults mixed in", rc == 1 and lines == n,
          f"exit {rc}, {lines} lines, expected exit 1 and {n} lines")
# Flat: ten times the cases may not cost more than 10% + 4 MiB more memory.
check("peak RSS is flat in the number of cases", large[2] <= small[2] * 1.10 + 4096,
      f"it grew: {small[2]} KiB -> {large[2]} KiB")
check.finish()
