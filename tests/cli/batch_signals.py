"""A batch stopped by a signal leaves only whole results (issue 11, docs/reliability.md "Files
written, signals"). An endless stream of cases is fed to `edict eval POLICY -i -`; once results
flow, the test sends SIGINT or SIGTERM (exit 130/143, "stopped by SIG…: N cases written" on stderr,
exactly N complete JSON lines on stdout), also while edict is blocked writing to a pipe nobody
reads or reading /dev/zero, and SIGKILL (no message possible, but still no cut line). Ends with `N passed, M failed`."""
import json, os, re, signal, subprocess, tempfile, threading, time
from testlib import Checks, edict_parser

a = edict_parser().parse_args()
P = "policies/fujian/2020-14"
tmp = tempfile.mkdtemp()
check = Checks(quiet=True)
CASES = "".join(json.dumps({"birth_date": f"19{50 + n % 20}-{1 + n % 12:02}-{1 + n % 28:02}", "sex": "male",
                            "scheme": "enterprise_employee"}) + "\n" for n in range(5000)).encode()


def feed(stdin):
    """Cases without end, until edict stops reading."""
    try:
        while True:
            stdin.write(CASES)
    except (BrokenPipeError, ValueError, OSError):
        pass


def start(jobs, stdout):
    p = subprocess.Popen([a.edict, "eval", P, "-i", "-", "-o", "retirement_date", "--jobs", str(jobs)],
                         stdin=subprocess.PIPE, stdout=stdout, stderr=subprocess.PIPE)
    threading.Thread(target=feed, args=(p.stdin,), daemon=True).start()
    return p


def wait_for(cond, seconds=60):
    end = time.time() + seconds
    while time.time() < end and not cond():
        time.sleep(0.05)
    return cond()


def whole_results(text):
    """Every line a complete result, and the text ends at a line's end."""
    if text and not text.endswith("\n"):
        return False, f"the output ends in a cut line: {text[-80:]!r}"
    for i, line in enumerate(text.splitlines()):
        try:
            if "retirement_date" not in json.loads(line):
                return False, f"line {i + 1} is not a result: {line[:80]!r}"
        except ValueError:
            return False, f"line {i + 1} is not whole JSON: {line[:80]!r}"
    return True, ""


def finish(p, seconds=30):
    try:
        rc = p.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = "hung"
    err = p.stderr.read().decode(errors="replace")
    try:
        p.stdin.close()
    except OSError:
        pass
    return rc, err


def check_stopped(name, sig, rc, err, text):
    ok, why = whole_results(text)
    check(f"{name}: every line of the output is a whole result", ok, f"  {why}")
    signame = signal.Signals(sig).name
    m = re.search(rf"stopped by {signame}: (\d+) cases? written", err)
    check(f"{name}: exit {128 + sig} and says how many cases were written", rc == 128 + sig and m,
          f"  exit {rc}, stderr: {err[:300]!r}")
    lines = text.count("\n")
    check(f"{name}: the count on stderr is the number of lines written", m and int(m.group(1)) == lines and lines > 0,
          f"  {lines} lines, stderr: {err[:200]!r}")


# Output to a file: SIGINT (as Ctrl-C) and SIGTERM (as a job scheduler), one and several threads.
for jobs, sig in [(1, signal.SIGINT), (4, signal.SIGINT), (2, signal.SIGTERM)]:
    out = os.path.join(tmp, f"out-{jobs}-{sig}.jsonl")
    with open(out, "wb") as f:
        p = start(jobs, f)
        flowing = wait_for(lambda: os.path.getsize(out) > 300_000)
        p.send_signal(sig)
        rc, err = finish(p)
    check(f"--jobs {jobs}: results flow before the signal", flowing)
    with open(out) as f:
        check_stopped(f"--jobs {jobs}, {signal.Signals(sig).name}", sig, rc, err, f.read())

# Output to a pipe nobody reads for a while: edict is blocked in write(2) when SIGTERM arrives. It
# finishes the line it had begun, drops the rest and exits once the reader drains the pipe.
p = start(3, subprocess.PIPE)
first = p.stdout.read(200_000)  # results flow; then stop reading so the pipe fills up
time.sleep(1.5)
p.send_signal(signal.SIGTERM)
time.sleep(0.5)
rest = p.stdout.read()
rc, err = finish(p)
check_stopped("blocked on a full pipe, SIGTERM", signal.SIGTERM, rc, err, (first + rest).decode())

# An input that never blocks and never breaks a line (/dev/zero, as a file, as redirected standard
# input, and read as CSV): the reader never waits in read(2) for the signal to interrupt, so it must
# ask between reads; SIGINT stops it with no case written, not never.
for name, args, stdin in [("a file", ["-i", "/dev/zero"], None), ("standard input", ["-i", "-"], "/dev/zero"),
                          ("CSV", ["-i", "/dev/zero", "--format", "csv"], None)]:
    with open(stdin or os.devnull, "rb") as f:
        p = subprocess.Popen([a.edict, "eval", P] + args, stdin=f, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(1)
        p.send_signal(signal.SIGINT)
        try:
            out, err = p.communicate(timeout=30)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            rc = "still reading 30 s after SIGINT"
    check(f"/dev/zero as {name}: SIGINT stops the batch (exit 130, 0 cases written)",
          rc == 130 and out == b"" and b"stopped by SIGINT: 0 cases written" in err, f"  exit {rc}, stderr: {err[:300]!r}")

# SIGKILL cannot be handled, but results leave in whole lines, so the file still ends at a line end.
out = os.path.join(tmp, "killed.jsonl")
with open(out, "wb") as f:
    p = start(2, f)
    wait_for(lambda: os.path.getsize(out) > 300_000)
    p.kill()
    finish(p)
with open(out) as f:
    text = f.read()
# Linux may end a multi-page write(2) to a file at a page boundary when SIGKILL arrives inside it
# (generic_perform_write checks for a fatal signal between pages); nothing a process can do prevents
# that, so a cut exactly at a 4096-byte offset is the kernel's, and every line before it is checked.
if text and not text.endswith("\n") and len(text.encode()) % 4096 == 0:
    text = text[:text.rfind("\n") + 1]
ok, why = whole_results(text)
check("SIGKILL: every line of the output is a whole result", ok, f"  {why}")

check.finish()
