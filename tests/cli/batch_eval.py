"""`edict eval` batches: --jobs 1 and --jobs 2 give byte-identical output in input order, CSV in and
out agrees with JSON Lines (exact money, quoting, error rows), the progress bar appears only on a
terminal, and bad batch options or CSV headers are refused. Ends with `N passed, M failed`."""
import csv, datetime as dt, io, json, os, pty, subprocess, sys, tempfile

from testlib import Checks, edict_parser

ap = edict_parser()
ap.add_argument("--policy", default="policies/fujian/2020-14")
a = ap.parse_args()
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "oracle"))
import gen_cases  # noqa: E402

tmp = tempfile.mkdtemp()


check = Checks(quiet=True, limit=600)


def write(name, text):
    p = os.path.join(tmp, name)
    with open(p, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return p


def run(*args, **kw):
    return subprocess.run([a.edict, *args], capture_output=True, timeout=600, **kw)


# Random cases with faults mixed in: --jobs 2 must print exactly what --jobs 1 prints.
lines = gen_cases.generate(2026, 3000, bad_rate=0.05)
cases = write("cases.jsonl", "\n".join(lines) + "\n")
r1 = run("eval", a.policy, "--input", cases, "--allow-extra", "--jobs", "1")
r2 = run("eval", a.policy, "--input", cases, "--allow-extra", "--jobs", "2")
check("--jobs 1 and --jobs 2 byte-identical", r1.stdout == r2.stdout and r1.returncode == r2.returncode == 1
      and len(r1.stdout.splitlines()) == 3000, (r1.returncode, r2.returncode, r1.stderr[:200]))
# Without --jobs a batch runs on every core it may use (issue 13): the help says so, the output
# is the same, and under `taskset` to one core it still is.
rd = run("eval", a.policy, "--input", cases, "--allow-extra")
check("default --jobs: same output as --jobs 1", rd.stdout == r1.stdout and rd.returncode == 1, rd.stderr[:200])
h = run("eval", "--help")
check("--jobs defaults to the number of cores (help)", b"default: the number of cores" in h.stdout, h.stdout[-600:])
check("faults reported in place", sum(b'"error"' in l for l in r1.stdout.splitlines()) > 50)

# Order: each line's retirement_date follows from its own birth date.
start = dt.date(1950, 1, 1)
births = [start + dt.timedelta(days=i) for i in range(7000)]
order = write("order.jsonl", "".join(json.dumps({"birth_date": b.isoformat(), "sex": "male",
                                                   "scheme": "enterprise_employee"}) + "\n" for b in births))
r = run("eval", a.policy, "--input", order, "--output", "retirement_date", "--jobs", "2")
got = [json.loads(l)["retirement_date"] for l in r.stdout.splitlines()]
want = []
for b in births:
    try:
        want.append(b.replace(year=b.year + 60).isoformat())
    except ValueError:  # 29 February: the last day of February (contract add_years)
        want.append(dt.date(b.year + 60, 2, 28).isoformat())
check("--jobs 2 keeps input order (7000 cases)", r.returncode == 0 and got == want, r.stderr[:200])

# stdin, blank lines, CRLF, a line that is not JSON.
r = run("eval", a.policy, "--input", "-", "--output", "ui_2019_backpay_declaration_timely", "--jobs", "2",
        input=b'{"ui_2019_backpay_declared_on": "2020-02-29"}\r\n\n  \n{oops\n{"ui_2019_backpay_declared_on": "2020-03-01"}')
out = [json.loads(l) for l in r.stdout.splitlines()]
check("stdin with blank lines, CRLF and no final newline", r.returncode == 1 and len(out) == 3
      and out[0] == {"ui_2019_backpay_declaration_timely": True} and "error" in out[1]
      and out[2] == {"ui_2019_backpay_declaration_timely": False}, r)
r = run("eval", a.policy, "--input", write("empty.jsonl", ""), "--jobs", "2")
check("empty batch: no output, exit 0", r.returncode == 0 and r.stdout == b"", r)

# CSV round trip against JSON Lines on the same cases.
rows = [("1960-01-15", "male", "enterprise_employee", "", "3125.60", "2020-05"),
        ("1965-03-31", "female", "public_institution", "cadre", "4000.05", "2021-01"),
        ("1969-02-28", "female", "enterprise_employee", "worker", "1765.43", "2019-06"),
        ("1958-07-07", "male", "urban_rural_resident", "", "0.10", "2020-01")]
hdr = ["birth_date", "sex", "scheme", "female_position", "monthly_pension", "first_payment_month"]
csv_in = write("cases.csv", ",".join(hdr) + "\r\n" + "".join(",".join(row) + "\r\n" for row in rows))
jl = write("same.jsonl", "".join(json.dumps({k: v for k, v in zip(hdr, row) if v}) + "\n" for row in rows))
outs = "retirement_age,retirement_date,pension_start_month,back_pay_months,back_pay"
rc = run("eval", a.policy, "--input", csv_in, "--output", outs, "--jobs", "2")
rj = run("eval", a.policy, "--input", jl, "--output", outs)
table = list(csv.reader(io.StringIO(rc.stdout.decode())))
expect = [json.loads(l) for l in rj.stdout.splitlines()]
check("CSV header: output names, then the error columns",
      table and table[0] == outs.split(",") + ["error_input", "error_message"], table[:1])
as_json = [{k: (int(v) if k in ("retirement_age", "back_pay_months") else v) for k, v in zip(outs.split(","), row)}
           for row in table[1:]]
check("CSV results equal the JSON Lines results", rc.returncode == 0 and rj.returncode == 0 and as_json == expect,
      (as_json, expect))
check("CSV money exact: 3125.60 x 3 = 9376.80", len(table) > 1 and table[1][4] == "9376.80", table[1:2])
r = run("eval", a.policy, "--input", csv_in, "--output", outs, "--format", "json")
check("--format json overrides the .csv name (its rows are not JSON)", r.returncode == 1, r)

# Quoted cells, a line break inside quotes, an error row, a short row.
q = write("quoted.txt", 'birth_date,sex,scheme\n1960-01-10,"male",enterprise_employee\n'
          '1960-01-10,"ma,le",enterprise_employee\n"1960-01-10\n",male,enterprise_employee\n1960-01-10,male\n'
          '1960-01-10,male,enterprise_employee\n')
r = run("eval", a.policy, "--input", q, "--format", "csv", "--output", "retirement_date")
t = list(csv.reader(io.StringIO(r.stdout.decode())))
check("CSV quoting and error rows", r.returncode == 1 and len(t) == 6 and t[1] == ["2020-01-10", "", ""]
      and t[2][1] == "sex" and t[3][1] == "birth_date" and "header" in t[4][2] and t[5] == ["2020-01-10", "", ""], t)
r = run("eval", a.policy, "--input", write("bad.csv", "birth_date,brith\n1960-01-10,x\n"))
check("CSV column that is not an input: one error, exit 4", r.returncode == 4 and b"brith" in r.stderr
      and r.stdout == b"", r)
r = run("eval", a.policy, "--input", write("bad.csv", "birth_date,brith\n1960-01-10,x\n"), "--allow-extra",
        "--output", "ui_2019_backpay_declaration_timely")
check("CSV --allow-extra: rows run", r.returncode == 1 and b"ui_2019_backpay_declared_on" in r.stdout, r)
r = run("eval", a.policy, "--input", write("hdr.csv", ""))
check("empty CSV: exit 4 saying the header is missing", r.returncode == 4 and b"header" in r.stderr
      or b"first row" in r.stderr, r)
r = run("eval", a.policy, "--input", write("q.csv", 'birth_date\n"1960-01-10\n'), "--output", "retirement_date")
check("unclosed quote at end of file: an error row", r.returncode == 1 and b"not closed" in r.stdout, r)

# Options.
for bad in (["--jobs", "0"], ["--jobs", "x"], ["--format", "xml"]):
    r = run("eval", a.policy, "--input", cases, *bad)
    check(f"bad option {bad}", r.returncode == 2 and r.stdout == b"", r)

# Progress bar: only when stderr is a terminal.
r = run("eval", a.policy, "--input", cases, "--allow-extra", "--jobs", "2")
check("no progress output when stderr is not a terminal", r.stderr == b"", r.stderr[:200])
master, slave = pty.openpty()
p = subprocess.Popen([a.edict, "eval", a.policy, "--input", cases, "--allow-extra", "--jobs", "2"],
                     stdout=subprocess.DEVNULL, stderr=slave)
os.close(slave)
seen = b""
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
p.wait(120)
os.close(master)
check("progress bar on a terminal", b"3000 cases" in seen and b"100%" in seen, seen[-200:])

check.finish()
