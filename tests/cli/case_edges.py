"""The edges of reading cases (issue 11): a CSV header with a UTF-8 BOM, a column that is an input's
name plus invisible characters (refused even with --allow-extra), a stray quote in a CSV cell (one
error row, the later rows still read), CSV error text made valid UTF-8, a NUL byte in JSON, a number
beyond a double, duplicate names in --output, and a one-line .json case over 1 MiB reported as a
single case. Ends with `N passed, M failed`."""
import csv, io, json, os, subprocess, tempfile

from testlib import Checks, Server, edict_parser, request

ap = edict_parser()
ap.add_argument("--policy", default="policies/fujian/2020-14")
a = ap.parse_args()
tmp = tempfile.mkdtemp()
OUT = "retirement_date,back_pay"


check = Checks(quiet=True, limit=800)


def write(name, data):
    p = os.path.join(tmp, name)
    with open(p, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def run(*args, **kw):
    return subprocess.run([a.edict, "eval", a.policy, *args], capture_output=True, timeout=600, **kw)


HEADER = "birth_date,sex,scheme,monthly_pension,first_payment_month"
ROWS = ["1960-01-15,male,enterprise_employee,3125.60,2020-05", "1960-03-01,male,enterprise_employee,100.00,2020-06"]
plain = run("--input", write("plain.csv", "\n".join([HEADER] + ROWS) + "\n"), "--output", OUT)
check("the plain CSV evaluates", plain.returncode == 0 and plain.stdout.count(b"\n") == 3, plain)

# 4. A BOM before the header (as Excel writes it) is dropped, with and without --allow-extra.
bom = write("bom.csv", b"\xef\xbb\xbf" + ("\r\n".join([HEADER] + ROWS) + "\r\n").encode())
for extra in ([], ["--allow-extra"]):
    r = run("--input", bom, "--output", OUT, *extra)
    check(f"BOM header {extra}: same results as without it", r.returncode == 0 and r.stdout == plain.stdout, r)

# 4. A column that is an input with invisible/whitespace characters added is refused, never dropped.
for name, col in (("zero-width space", "birth\u200b_date"), ("trailing space", "birth_date "),
                  ("BOM inside", "\ufeffbirth_date"), ("no-break space", "\u00a0birth_date")):
    path = write("invisible.csv", "\n".join([HEADER.replace("birth_date", col, 1) if name != "BOM inside"
                                             else "sex," + col + ",scheme,monthly_pension,first_payment_month"]
                                            + ["male,1960-01-15,enterprise_employee,3125.60,2020-05"]) + "\n")
    for extra in ([], ["--allow-extra"]):
        r = run("--input", path, "--output", OUT, *extra)
        err = r.stderr.decode("utf-8", "replace")
        check(f"column with {name} {extra}: refused naming it and the input", r.returncode == 4 and r.stdout == b""
              and "input `birth_date`" in err and "invisible or whitespace" in err and "<U+" in err, r)

# 5. One stray quote in an unquoted cell: that row is an error, the rows after it are still cases.
stray = write("stray.csv", "\n".join([HEADER, ROWS[0], 'x,ma"le,enterprise_employee,1.00,2020-05', ROWS[1],
                                      ROWS[0], '1960-01-15,"male"x,enterprise_employee,1.00,2020-05', ROWS[1]]) + "\n")
r = run("--input", stray, "--output", OUT)
rows = r.stdout.decode().splitlines()
check("stray quote: one error row each, every later row read", r.returncode == 1 and len(rows) == 7
      and "quote inside unquoted cell 2" in rows[2] and "after a closing quote in cell 2" in rows[5]
      and rows[1] == rows[4] == plain.stdout.decode().splitlines()[1]
      and rows[3] == rows[6] == plain.stdout.decode().splitlines()[2], r)
# A quoted cell with a line break and "" still reads (RFC 4180), and an unclosed one at the end is an error row.
quoted = write("quoted.csv", HEADER + '\n"1960-01-15",male,"enterprise_employee","3125.60","2020-05"\n'
               + '1960-01-15,"ma\nle",enterprise_employee,1.00,2020-05\n' + ROWS[1] + '\n1960-01-15,"male\n')
r = run("--input", quoted, "--output", OUT)
rows = list(csv.reader(io.StringIO(r.stdout.decode(), newline="")))
want = list(csv.reader(io.StringIO(plain.stdout.decode(), newline="")))
check("quoted cells and line breaks in quotes", r.returncode == 1 and len(rows) == 5 and rows[1] == want[1]
      and rows[2][-2:] == ["sex", rows[2][-1]] and '"ma\nle" is not one of' in rows[2][-1]
      and rows[3] == want[2] and "not closed" in rows[4][-1], rows)

# Minor: CSV error text is valid UTF-8 whatever bytes the row held.
bad = write("bad-utf8.csv", HEADER.encode() + b"\n1960-01-15,ma\xffle,enterprise_employee,1.00,2020-05\n"
            + ROWS[1].encode() + b"\n")
r = run("--input", bad, "--output", OUT)
try:
    text = r.stdout.decode("utf-8")
    valid = True
except UnicodeDecodeError:
    valid, text = False, ""
check("CSV error rows are valid UTF-8", r.returncode == 1 and valid and "sex" in text.splitlines()[1]
      and text.splitlines()[2] == plain.stdout.decode().splitlines()[2], r)

# 6. A NUL byte is not the end of the JSON text: refused (single case, and a line of a batch).
good = '{"birth_date": "1960-01-15", "sex": "male", "scheme": "enterprise_employee"}'
r = run("--input", write("nul.json", good.encode() + b"\0garbage"), "--output", "retirement_date")
check("NUL in a .json case: refused, exit 4", r.returncode == 4 and r.stdout == b"" and b"NUL byte" in r.stderr, r)
r = run("--input", write("nul.jsonl", good.encode() + b"\0{\n" + good.encode() + b"\n"), "--output", "retirement_date")
lines = r.stdout.decode().splitlines()
check("NUL in a JSON Lines case: that line's error", r.returncode == 1 and len(lines) == 2
      and "NUL byte" in lines[0] and lines[1] == '{"retirement_date":"2020-01-15"}', r)

# ... and over HTTP: a request body with a NUL byte after a valid object is a 400, not that object.
server = Server(a.edict, a.policy)
try:
    st, body = request(server.connect(), "POST", "/v1/eval",
                       raw=b'{"input": ' + good.encode() + b', "outputs": ["retirement_date"]}\0garbage')
    check("NUL in an HTTP body: 400", st == 400 and "NUL byte" in body["error"]["message"], (st, body))
finally:
    server.stop()

# Minor: a number beyond a double is our message naming the input, not the JSON library's.
r = run("--input", write("big.json", '{"birth_date": "1960-01-15", "monthly_pension": 1E400}'))
err = r.stderr.decode()
check("1E400: number out of range naming the input", r.returncode == 4 and "json.exception" not in err
      and "1E400 for \"monthly_pension\" is out of range" in err, r)

# 7. The same output twice in --output is a usage error (exit 2), not duplicate JSON keys.
for names in ("back_pay,back_pay", "retirement_date, back_pay ,back_pay"):
    r = run("--input", write("one.json", good), "--output", names)
    check(f"--output {names}: refused, exit 2", r.returncode == 2 and r.stdout == b""
          and b"`back_pay` is named twice in --output" in r.stderr, r)

# Minor: a one-line .json case over 1 MiB is a single case: its error on stderr, exit 1, nothing on stdout.
big = json.dumps({"birth_date": "1960-02-30", "sex": "male", "scheme": "enterprise_employee",
                  "padding": "x" * (1 << 21)})
r = run("--input", write("big-one-line.json", big), "--output", "retirement_date", "--allow-extra")
check("one-line .json over 1 MiB: single-case error on stderr", r.returncode == 1 and r.stdout == b""
      and b"is not a date" in r.stderr, r)
r = run("--input", write("big-ok.json", big.replace("02-30", "01-15")), "--output", "retirement_date",
        "--allow-extra")
check("one-line .json over 1 MiB: single-case result", r.returncode == 0
      and r.stdout == b'{"retirement_date":"2020-01-15"}\n', r)

check.finish()
