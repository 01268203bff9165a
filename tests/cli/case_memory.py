"""The memory one JSON case costs (issue 11): single-line cases evaluated by `edict eval`; peak RSS
from wait4 minus the peak for a one-line small case of the same policy, per byte of the case.
  * 18 MB, policies/examples/everything: 1,000,000 contact dates (a third of them null) and 200,000
    child records, the longest lists a case may hold. Bound --max-ratio 7: the case is decoded
    from its text straight into values (runtime/io/case_decoder.hpp), 6.0 bytes per byte measured;
    the code before built an io::Json tree first and took 14.0.
  * 20 MB, a policy of one `list[list[int]]` input: 10,000 lists of 1,000 one-digit ints, the worst
    shape there is (2 bytes of text for a 32-byte Value). Bound --max-grid-ratio 20: 17.2 measured
    (the text, plus 16 bytes per byte for the values); the tree took 60.8.
See docs/reliability.md, "Memory per case". Prints the figures and ends with `N passed, M failed`."""
import json, os, subprocess, sys, tempfile, time

from testlib import Checks, edict_parser

ap = edict_parser()
ap.add_argument("--policy", default="policies/examples/everything")
ap.add_argument("--dates", type=int, default=1000000)
ap.add_argument("--children", type=int, default=200000)
ap.add_argument("--max-ratio", type=float, default=7.0)
ap.add_argument("--grid-rows", type=int, default=10000)
ap.add_argument("--max-grid-ratio", type=float, default=20.0)
a = ap.parse_args()
tmp = tempfile.mkdtemp()
base = {"applicant": "张三", "scheme": "enterprise_employee", "applied_on": "2020-01-17", "monthly_wage": "3000.00"}


def write(name, case):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(case, ensure_ascii=False, separators=(",", ":")))
    return path


def run(path, policy=a.policy, outputs="contacts,allowance"):
    t = time.time()
    p = subprocess.Popen([a.edict, "eval", policy, "--input", path, "--output", outputs],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    out = p.stdout.read() + p.stderr.read()
    return os.waitstatus_to_exitcode(status), out, usage.ru_maxrss, time.time() - t


# The big cases are written by a child Python, never by this script: a child's peak RSS (wait4)
# counts the pages it shares with this script until its exec, so a script that had held the case
# (as a dict, ~130 MB) would hide edict's own figures under its own.
small = write("small.json", dict(base, children=[{"name": "小明", "born": "2010-05-01"}], contact_dates=["2020-01-20"]))
big = os.path.join(tmp, "big.json")
grid = os.path.join(tmp, "grid.json")
generate = f"""
import json
with open({big!r}, "w", encoding="utf-8") as f:
    f.write(json.dumps({base!r}, ensure_ascii=False, separators=(",", ":"))[:-1])
    f.write(',"children":[' + ",".join('{{"name":"c%d","born":"2010-05-01"}}' % i for i in range({a.children})) + "]")
    f.write(',"contact_dates":[' + ",".join('"2020-01-20"' if i % 3 else "null" for i in range({a.dates})) + "]}}")
row = "[" + ",".join(str(i % 10) for i in range(1000)) + "]"
with open({grid!r}, "w") as f:
    f.write('{{"grid":[' + ",".join([row] * {a.grid_rows}) + "]}}")
"""
subprocess.run([sys.executable, "-c", generate], check=True)

size = os.path.getsize(big)
check = Checks()
rc0, out0, rss0, _ = run(small)
rc1, out1, rss1, secs = run(big)
ratio = (rss1 - rss0) * 1024 / size
print(f"one-line case of {size} bytes: peak RSS {rss1} KiB (one-line small case: {rss0} KiB), "
      f"{ratio:.1f} bytes per byte of the case, {secs:.1f} s")
want = {"contacts": sum(1 for i in range(a.dates) if i % 3), "allowance": f"{200 * a.children}.00"}
got = json.loads(out1) if rc1 == 0 else out1[:300]
check("the big case is decided", rc0 == 0 and rc1 == 0 and got == want, f"exit {rc1}, {got} (want {want})")
check(f"memory: at most {a.max_ratio} bytes per byte of the case", ratio <= a.max_ratio, f"{ratio:.1f}")

grid_policy = os.path.join(tmp, "grid.edict")
with open(grid_policy, "w") as f:
    f.write('input grid: list[list[int]] "Rows of one-digit numbers."\nrule rows: int = count(grid)\n')
size = os.path.getsize(grid)
rc0, out0, rss0, _ = run(write("small-grid.json", {"grid": [[1]]}), grid_policy, "rows")
rc1, out1, rss1, secs = run(grid, grid_policy, "rows")
ratio = (rss1 - rss0) * 1024 / size
print(f"one-line list[list[int]] case of {size} bytes: peak RSS {rss1} KiB (one-line small case: {rss0} KiB), "
      f"{ratio:.1f} bytes per byte of the case, {secs:.1f} s")
check("the list[list[int]] case is decided", rc0 == 0 and rc1 == 0 and out1.strip() == b'{"rows":%d}' % a.grid_rows,
      f"exit {rc1}, {out1[:300]}")
check(f"memory: at most {a.max_grid_ratio} bytes per byte of the list[list[int]] case", ratio <= a.max_grid_ratio,
      f"{ratio:.1f}")

check.finish()
