"""Writing never loses or damages data (issue 11, docs/reliability.md "Files written, signals"):
every command whose standard output fails (/dev/full, a full disk) says so and exits non-zero;
`fmt`, `build -o`, `test --junit` and `doc -o` replace their files atomically, leave the old file
as it was when the disk is full, refuse a destination that is not a regular file (a FIFO, a
folder, a symbolic link) and follow nothing planted at a temporary name. The tests run as root,
so a full disk is made with RLIMIT_FSIZE (writes past the limit fail with EFBIG, as they would
with ENOSPC) rather than with permissions. Ends with `N passed, M failed`."""
import glob, json, os, resource, shutil, signal, stat, subprocess, tempfile

from testlib import Checks, edict_parser

a = edict_parser().parse_args()
ROOT = os.getcwd()
P = "policies/fujian/2020-14"
NEW = "policies/fujian/2020-14-press-release"
ENV = dict(os.environ, EDICT_PATH=f"{ROOT}/policies:{ROOT}")
tmp = tempfile.mkdtemp()
checks = Checks(quiet=True, limit=600)


def check(name, cond, r=None, extra=""):
    """A failure shows the run (exit status, stdout, stderr) and then `extra`."""
    checks(name, cond, (checks.describe(r) if r is not None else "") + extra)


def timed_out(args):
    return subprocess.CompletedProcess(args, "timeout", "", "edict did not finish within the time limit")


def run(*args, stdout=subprocess.PIPE, fsize=None, timeout=60):
    """Runs edict; with `fsize`, no file it writes may grow past that many bytes (a full disk)."""
    def limit():
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    try:
        return subprocess.run([a.edict, *args], stdout=stdout, stderr=subprocess.PIPE, text=True, env=ENV,
                              timeout=timeout, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        return timed_out(args)


def to_full(*args):
    with open("/dev/full", "w") as full:
        return run(*args, stdout=full)


def stdout_failed(r):
    return r.returncode not in (0, "timeout") and "cannot write to standard output" in r.stderr


def leftovers(folder):
    return [f for f in os.listdir(folder) if ".tmp" in f]


def read(path, mode="rb"):
    with open(path, mode) as f:
        return f.read()


case = os.path.join(tmp, "case.json")
with open(case, "w") as f:
    json.dump({"birth_date": "1960-01-10", "sex": "male", "scheme": "enterprise_employee"}, f)
cases = os.path.join(tmp, "cases.jsonl")
with open(cases, "w") as f:
    for n in range(300):
        f.write(json.dumps({"birth_date": f"19{50 + n % 20}-02-{1 + n % 28:02}", "sex": "female",
                            "scheme": "enterprise_employee"}) + "\n")
csv_cases = os.path.join(tmp, "cases.csv")
with open(csv_cases, "w") as f:
    f.write("birth_date,sex,scheme\n" + "".join(f"1960-03-{1 + n % 28:02},male,enterprise_employee\n" for n in range(300)))

# --- standard output on /dev/full: every command that prints results ---
for name, args in [
    ("eval single case", ["eval", P, "-i", case, "-o", "retirement_date"]),
    ("eval batch", ["eval", P, "-i", cases, "-o", "retirement_date"]),
    ("eval batch --jobs 3", ["eval", P, "-i", cases, "-o", "retirement_date", "--jobs", "3"]),
    ("eval batch as CSV", ["eval", P, "-i", csv_cases, "-o", "retirement_date"]),
    ("explain", ["explain", P, "-i", case, "-o", "retirement_date"]),
    ("check", ["check", P]),
    ("check --coverage", ["check", P, "--coverage"]),
    ("test", ["test", P]),
    ("disasm", ["disasm", P]),
    ("diff", ["diff", P, NEW, "-i", f"{NEW}/tests/amendment.jsonl"]),
    ("fmt --check", ["fmt", "--check", P]),
    ("--help", ["--help"]),
]:
    r = to_full(*args)
    check(f"{name} > /dev/full: exit non-zero, 'cannot write to standard output: No space left on device'",
          stdout_failed(r) and "No space left on device" in r.stderr, r)
init = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}})
with open("/dev/full", "w") as full:
    r = subprocess.run([a.edict, "lsp"], input=f"Content-Length: {len(init)}\r\n\r\n{init}", stdout=full,
                       stderr=subprocess.PIPE, text=True, timeout=60)
check("lsp > /dev/full: its replies are checked too", stdout_failed(r) and "No space left on device" in r.stderr, r)
r = to_full("eval", P, "-i", cases, "-o", "retirement_date")
check("the batch's write error names standard output, not the input file", cases not in r.stderr, r)
r = run("doc", P, "-o", os.path.join(tmp, "report-full"), stdout=open("/dev/full", "w"))
check("doc > /dev/full", stdout_failed(r), r)

# --- standard output on a full disk: the file keeps only whole results ---
out = os.path.join(tmp, "out.jsonl")
with open(out, "w") as f:
    r = run("eval", P, "-i", cases, "-o", "retirement_date", stdout=f, fsize=1000)
lines = read(out, "r").split("\n")
check("batch on a full disk: exit 4, names standard output", r.returncode == 4 and "standard output: File too large" in r.stderr, r)
check("batch on a full disk: the output ends with a whole line", lines[-1] == "" and all(json.loads(l) for l in lines[:-1]),
      extra=f"\n  tail: {lines[-2:]!r}")
with open(out, "w") as f:
    r = run("disasm", P, stdout=f, fsize=2000)
check("disasm on a full disk: exit non-zero, says why", stdout_failed(r) and "File too large" in r.stderr, r)

# --- fmt: a file is replaced whole or not at all ---
src = read(f"{P}/0-notice.edict").decode()
messy = src.replace("\n\n", "\n\n\n", 40)  # extra blank lines: fmt takes them out
assert messy != src
work = os.path.join(tmp, "fmt")
os.mkdir(work)
rule = os.path.join(work, "rules.edict")
with open(rule, "w") as f:
    f.write(messy)
os.chmod(rule, 0o640)
r = run("fmt", rule, fsize=len(src) // 2)
check("fmt on a full disk: exit 4, says the file is unchanged", r.returncode == 4 and "unchanged" in r.stderr, r)
check("fmt on a full disk: the rule file is as it was", read(rule).decode() == messy)
check("fmt on a full disk: no temporary file left", leftovers(work) == [], extra=f" {leftovers(work)}")
r = run("fmt", rule)
check("fmt writes the formatted file", r.returncode == 0 and read(rule).decode() == src, r)
check("fmt keeps the file's permissions", stat.S_IMODE(os.stat(rule).st_mode) == 0o640, extra=f" {oct(os.stat(rule).st_mode)}")
link = os.path.join(work, "link.edict")
target = os.path.join(tmp, "target.edict")
with open(target, "w") as f:
    f.write(messy)
os.symlink(target, link)
r = run("fmt", link)
check("fmt refuses a symbolic link (it would replace the link, not the file)",
      r.returncode == 4 and "symbolic link" in r.stderr and os.path.islink(link) and read(target).decode() == messy, r)

# --- build -o: the destination must be a regular file or absent ---
art = os.path.join(tmp, "build")
os.mkdir(art)
dest = os.path.join(art, "policy.edictc")
r = run("build", P, "-o", dest)
check("build writes the artifact", r.returncode == 0 and os.path.getsize(dest) > 1000, r)
good = read(dest)
r = run("build", P, "-o", dest, fsize=len(good) // 2)
check("build on a full disk: exit 4, the old artifact untouched, no temporary left",
      r.returncode == 4 and read(dest) == good and leftovers(art) == [], r)
fifo = os.path.join(art, "fifo")
os.mkfifo(fifo)
r = run("build", P, "-o", fifo, timeout=20)
check("build -o FIFO is refused and the FIFO stays", r.returncode == 4 and "FIFO" in r.stderr
      and stat.S_ISFIFO(os.lstat(fifo).st_mode), r)
victim = os.path.join(tmp, "victim.txt")
with open(victim, "w") as f:
    f.write("precious\n")
devlike = os.path.join(art, "null")  # stands for /dev/null: a link to a file the build must not replace
os.symlink(victim, devlike)
r = run("build", P, "-o", devlike)
check("build -o a symbolic link is refused; link and file it names untouched",
      r.returncode == 4 and "symbolic link" in r.stderr and os.path.islink(devlike) and read(victim) == b"precious\n", r)
r = run("build", P, "-o", art)
check("build -o a folder is refused", r.returncode == 4 and "folder" in r.stderr and os.path.isdir(art), r)

# A symbolic link planted at the temporary name the old code used (`<out>.tmp.<pid>`): the child
# plants it with its own pid just before exec, so the name is the one edict would pick.
planted_dest = os.path.join(art, "planted.edictc")
pid = os.fork()
if pid == 0:
    try:
        os.symlink(victim, f"{planted_dest}.tmp.{os.getpid()}")
        os.execv(a.edict, [a.edict, "build", P, "-o", planted_dest, "-q"])
    finally:
        os._exit(127)
_, status = os.waitpid(pid, 0)
check("build with a symlink planted at a temporary name: the file it names is not written",
      os.waitstatus_to_exitcode(status) == 0 and read(victim) == b"precious\n" and read(planted_dest) == good,
      extra=f" exit {os.waitstatus_to_exitcode(status)}, victim {read(victim)[:20]!r}")

# --- test --junit ---
r = run("test", P, "--junit", os.path.join(tmp, "no-such-folder", "report.xml"))
check("test --junit into a missing folder: exit 4, names the file", r.returncode == 4 and "report.xml" in r.stderr, r)
junit = os.path.join(tmp, "junit.xml")
r = run("test", P, "--junit", junit)
check("test --junit writes the report", r.returncode == 0 and read(junit).endswith(b"</testsuites>\n"), r)
report = read(junit)
r = run("test", P, "--junit", junit, fsize=len(report) // 2)
check("test --junit on a full disk: exit 4, the old report untouched", r.returncode == 4 and read(junit) == report, r)
jfifo = os.path.join(tmp, "junit.fifo")
os.mkfifo(jfifo)
r = run("test", P, "--junit", jfifo, timeout=20)
check("test --junit FIFO is refused at once (no hang)", r.returncode == 4 and "FIFO" in r.stderr, r)

# --- doc -o: each page replaced whole ---
docdir = os.path.join(tmp, "report")
r = run("doc", P, "-o", docdir)
index = read(os.path.join(docdir, "index.html"))
check("doc writes the report", r.returncode == 0 and index.rstrip().endswith(b"</html>"), r)
r = run("doc", P, "-o", docdir, fsize=len(index) // 2)
check("doc on a full disk: exit non-zero, index.html as it was, no temporary left",
      r.returncode != 0 and "index.html" in r.stderr and read(os.path.join(docdir, "index.html")) == index
      and leftovers(docdir) == [], r)

shutil.rmtree(tmp, ignore_errors=True)
checks.finish()
