"""The CLI's behaviour on bad input, as the contract and docs/cli.md describe it: each check
runs edict and asserts the exit status, stdout and the words of the error. Ends with
`N passed, M failed`."""
import json, os, subprocess, tempfile
from testlib import Checks, command, edict_parser

a = edict_parser().parse_args()
P = "policies/fujian/2020-14"
tmp = tempfile.mkdtemp()
run = command(a.edict, timeout=60)
check = Checks(quiet=True)

def write(name, text, mode="w"):
    p = os.path.join(tmp, name)
    with open(p, mode) as f:
        f.write(text)
    return p

one = write("one.json", json.dumps({"birth_date": "1960-01-10", "sex": "male", "scheme": "enterprise_employee"}))
r = run("eval", P, "--input", one, "--output", "retirement_date,pension_start_month")
check("single case", r.returncode == 0 and json.loads(r.stdout) == {"retirement_date": "2020-01-10", "pension_start_month": "2020-02"}, r)

missing = write("missing.json", json.dumps({"birth_date": "1960-01-10"}))
r = run("eval", P, "--input", missing, "--output", "retirement_date")
check("missing needed input names it, nothing on stdout", r.returncode == 1 and r.stdout == "" and ("`sex`" in r.stderr or "`scheme`" in r.stderr), r)

bad_date = write("bad.json", json.dumps({"birth_date": "2021-02-29", "sex": "male", "scheme": "enterprise_employee"}))
r = run("eval", P, "--input", bad_date, "--output", "retirement_date")
check("impossible date names the input", r.returncode == 1 and "birth_date" in r.stderr and r.stdout == "", r)

extra = write("extra.json", json.dumps({"birth_date": "1960-01-10", "sex": "male", "scheme": "enterprise_employee", "brith": 1}))
r = run("eval", P, "--input", extra, "--output", "retirement_date")
check("unknown key is an error naming it", r.returncode == 1 and "brith" in r.stderr, r)
r = run("eval", P, "--input", extra, "--output", "retirement_date", "--allow-extra")
check("--allow-extra ignores it", r.returncode == 0 and "2020-01-10" in r.stdout, r)

unneeded = write("unneeded.json", json.dumps({"ui_2019_backpay_declared_on": "2020-02-29"}))
r = run("eval", P, "--input", unneeded, "--output", "ui_2019_backpay_declaration_timely")
check("inputs no output needs may be absent", r.returncode == 0 and json.loads(r.stdout) == {"ui_2019_backpay_declaration_timely": True}, r)

money = write("money.json", '{"birth_date": "1960-01-15", "sex": "male", "scheme": "enterprise_employee", '
              '"monthly_pension": 3125.60, "first_payment_month": "2020-05"}')
r = run("eval", P, "--input", money, "--output", "back_pay")
check("money as a JSON number is read exactly", r.returncode == 0 and json.loads(r.stdout) == {"back_pay": "9376.80"}, r)

batch = write("batch.jsonl", "\n".join([
    json.dumps({"ui_2019_backpay_declared_on": "2020-02-29"}),
    json.dumps({"ui_2019_backpay_declared_on": "2020-03-01"}),
    "{not json",
    json.dumps({}),
    json.dumps({"ui_2019_backpay_declared_on": "2020-02-30"}),
]) + "\n")
r = run("eval", P, "--input", batch, "--output", "ui_2019_backpay_declaration_timely")
lines = [json.loads(l) for l in r.stdout.splitlines()]
check("batch: one line per case, errors in place, exit 1",
      r.returncode == 1 and len(lines) == 5 and lines[0] == {"ui_2019_backpay_declaration_timely": True}
      and lines[1] == {"ui_2019_backpay_declaration_timely": False} and "error" in lines[2]
      and lines[3]["error"]["input"] == "ui_2019_backpay_declared_on"
      and lines[4]["error"]["input"] == "ui_2019_backpay_declared_on", r)

r = run("eval", P, "--input", one, "--output", "no_such_output")
check("unknown output is a usage error", r.returncode == 2 and "no_such_output" in r.stderr, r)
r = run("eval", P, "--input", os.path.join(tmp, "absent.json"), "--output", "retirement_date")
check("unreadable input file", r.returncode == 4, r)
r = run("eval", "--no-such-flag")
check("bad flag", r.returncode == 2, r)
r = run("eval", "--help")
check("--help", r.returncode == 0 and "--output" in r.stdout, r)

broken = os.path.join(tmp, "broken")
os.mkdir(broken)
write("broken/a.edict", "rule x: money = 1元 + 2020-01-01\nrule y: int = undefined_thing\n")
r = run("eval", broken, "--input", one)
check("policy that does not compile", r.returncode == 3 and "a.edict:1:" in r.stderr and "a.edict:2:" in r.stderr, r)
r = run("check", broken)
check("check reports every error with a caret", r.returncode == 1 and "^" in r.stderr and "2 errors" in r.stderr, r)

junk = os.path.join(tmp, "junk")
os.mkdir(junk)
write("junk/a.edict", b"\x00\xff\xfe binary \x80\x81".decode("latin-1"), "w")
r = run("check", junk)
check("binary junk gets a diagnostic", r.returncode == 1 and "UTF-8" in r.stderr, r)
deep = os.path.join(tmp, "deep")
os.mkdir(deep)
write("deep/a.edict", "rule x: int = " + "(" * 100000 + "1" + ")" * 100000 + "\n")
r = run("check", deep)
check("100k nested parentheses get a diagnostic", r.returncode == 1 and "nested" in r.stderr, r)

# A pretty-printed .json case with a typo is one broken case (exit 4), not lines of a batch.
pretty = write("pretty.json", '{\n  "birth_date": "1960-01-10",\n  "sex": "male"\n  "scheme": "enterprise_employee"\n}\n')
r = run("eval", P, "--input", pretty, "--output", "retirement_date")
check("broken multi-line .json is unreadable input", r.returncode == 4 and "pretty.json" in r.stderr and r.stdout == "", r)
lines_json = write("lines.json", json.dumps({"ui_2019_backpay_declared_on": "2020-02-29"}) + "\n"
                   + json.dumps({"ui_2019_backpay_declared_on": "2020-03-01"}) + "\n")
r = run("eval", P, "--input", lines_json, "--output", "ui_2019_backpay_declaration_timely")
check("a .json file of one case per line is a batch", r.returncode == 0 and r.stdout.splitlines() == [
    '{"ui_2019_backpay_declaration_timely":true}', '{"ui_2019_backpay_declaration_timely":false}'], r)

# A compiled artifact evaluates like its source; a corrupt one is refused, naming the file.
art = os.path.join(tmp, "fujian.edictc")
r = run("build", P, "-o", art)
check("build writes an artifact", r.returncode == 0 and os.path.getsize(art) > 1000, r)
r = run("eval", art, "--input", one, "--output", "retirement_date,pension_start_month")
check("eval runs an artifact", r.returncode == 0 and json.loads(r.stdout) == {"retirement_date": "2020-01-10", "pension_start_month": "2020-02"}, r)
with open(art, "rb") as f:
    data = bytearray(f.read())
data[len(data) // 2] ^= 0x55
bad_art = os.path.join(tmp, "bad.edictc")
with open(bad_art, "wb") as f:
    f.write(bytes(data))
r = run("eval", bad_art, "--input", one, "--output", "retirement_date")
check("a corrupt artifact is refused with a clear error", r.returncode == 3 and "bad.edictc" in r.stderr and r.stdout == "", r)

# Invalid UTF-8 in a batch line: the error line is still JSON.
raw_batch = os.path.join(tmp, "utf8.jsonl")
with open(raw_batch, "wb") as f:
    f.write(b'{"ui_2019_backpay_declared_on\xe3": "2020-02-29"}\n')
r = subprocess.run([a.edict, "eval", P, "--input", raw_batch, "--output", "ui_2019_backpay_declaration_timely"],
                   capture_output=True, timeout=60)
try:
    err_line = json.loads(r.stdout.decode("utf-8"))
except ValueError:
    err_line = None
check("invalid UTF-8 in a case gives a JSON error line", r.returncode == 1 and err_line and "error" in err_line, r)

check.finish()
