"""`edict eval` on JSON Lines read by blocks (tools/cli/block_lines.cpp): a regular file, given by
name or as standard input, and a pipe are read into each chunk's own buffer, and must give the same
bytes for every shape of line the reader splits (CR LF endings, blank and whitespace-only lines, a
last line without a line break, a line past the 64 MiB limit, a file starting with a BOM), with
--jobs 1 and 2. A file cut short while it is read must stop the batch with an error naming the cut,
its results before the cut whole, never a crash or a result computed from the line the cut ended in.

Takes: --edict PATH, run from the source tree. Ends with `N passed, M failed`."""
import os, subprocess, sys, tempfile

from testlib import Checks, edict_parser

a = edict_parser().parse_args()
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "oracle"))
import gen_cases  # noqa: E402

POLICY = "policies/fujian/2020-14"
tmp = tempfile.mkdtemp()
check = Checks()


def write(name, data):
    p = os.path.join(tmp, name)
    with open(p, "wb") as f:
        f.write(data)
    return p


def three_ways(path, jobs):
    """The batch from the file by name, as redirected standard input, and through a pipe."""
    by_name = subprocess.run([a.edict, "eval", POLICY, "--input", path, "--jobs", jobs], capture_output=True, timeout=300)
    with open(path, "rb") as f:
        redirected = subprocess.run([a.edict, "eval", POLICY, "--input", "-", "--jobs", jobs], stdin=f,
                                    capture_output=True, timeout=300)
    with open(path, "rb") as f:
        cat = subprocess.Popen(["cat"], stdin=f, stdout=subprocess.PIPE)
        piped = subprocess.run([a.edict, "eval", POLICY, "--input", "-", "--jobs", jobs], stdin=cat.stdout,
                               capture_output=True, timeout=300)
        cat.stdout.close()
        cat.wait()
    return by_name, redirected, piped


lines = [l.encode() for l in gen_cases.generate(77, 1500, bad_rate=0.05)]
shapes = {
    "plain": b"\n".join(lines) + b"\n",
    "crlf, blank and whitespace-only lines, no final break": b"\r\n".join(lines[:500]) + b"\r\n\r\n \t\r\n\n" +
        b"\n".join(lines[500:]),
    "a line past the limit between two cases": lines[0] + b"\n{\"x\": \"" + b"y" * (64 * 1024 * 1024) + b"\"}\n" +
        lines[1] + b"\n",
    # (short lines live inside their std::string, which moves when a chunk's records grow)
    "short cases between long ones": b"\n".join(l if i % 3 else b'{"sex": "male"}' if i % 2 else b"{}"
                                              for i, l in enumerate(lines[:700])) + b"\n",
    "a BOM before the first case": b"\xef\xbb\xbf" + b"\n".join(lines[:20]) + b"\n",
    "a single line without a break": lines[3],
}
for name, data in shapes.items():
    path = write("shape.jsonl", data)
    for jobs in ("1", "2"):
        by_name, redirected, piped = three_ways(path, jobs)
        check(f"{name}, --jobs {jobs}: the file, redirected stdin and a pipe give the same bytes and exit status",
              by_name.stdout == redirected.stdout == piped.stdout and by_name.stdout and
              by_name.returncode == redirected.returncode == piped.returncode and by_name.returncode in (0, 1),
              (by_name.returncode, redirected.returncode, piped.returncode, by_name.stderr[:300], piped.stderr[:300]))
    if name.startswith("a line past"):
        out = by_name.stdout.splitlines()
        check("the long line is one error line between the two results",
              len(out) == 3 and b"a case longer than 67108864 bytes" in out[1], out[1][:200] if len(out) > 1 else out)

# Standard input shared with the shell: read from where the shell left it (past a line `read`
# took), and left at its end (`cat` after it prints nothing).
path = write("shared.jsonl", b"not a case\n" + b"\n".join(lines[:30]) + b"\n")
alone = subprocess.run([a.edict, "eval", POLICY, "--input", write("alone.jsonl", b"\n".join(lines[:30]) + b"\n")],
                       capture_output=True, timeout=300)
with open(path, "rb") as f:
    shared = subprocess.run(["sh", "-c", 'read -r first; "$0" eval "$1" --input -; echo "exit $?"; cat', a.edict, POLICY],
                            stdin=f, capture_output=True, timeout=300)
check("standard input taken over from the shell: the cases after the line it read, then nothing left for cat",
      shared.stdout == alone.stdout + b"exit %d\n" % alone.returncode, shared.stdout[-300:])

# Cut short while read: the output is a pipe nobody reads yet, so the batch blocks writing its first
# chunk; the file is then cut (to 1,000 bytes, before everything not yet read; and half-way, most
# likely inside a line) and the pipe drained. The lines written must be whole results of the first
# cases, the batch must stop with the error, and nothing may be computed from the line cut in two.
many = [l for l in gen_cases.generate(78, 20000, bad_rate=0.0)]
full = ("\n".join(many) + "\n").encode()
expected = subprocess.run([a.edict, "eval", POLICY, "--input", write("whole.jsonl", full)], capture_output=True,
                          timeout=300).stdout.splitlines()
for jobs in ("1", "2"):
    for cut in (1000, len(full) // 2):
        path = write("cut.jsonl", full)
        p = subprocess.Popen([a.edict, "eval", POLICY, "--input", path, "--jobs", jobs], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, bufsize=0)  # unbuffered: communicate() reads on from here
        first = p.stdout.readline()  # the batch has begun writing: the file is being read
        os.truncate(path, cut)
        rest, err = p.communicate(timeout=300)
        got = (first + rest).splitlines()
        check(f"--jobs {jobs}, cut to {cut} bytes while read: exit 4 with the cut named, no crash",
              p.returncode == 4 and b"was cut short while it was being read" in err, (p.returncode, err[:300]))
        check(f"--jobs {jobs}, cut to {cut} bytes: every line written is the whole result of its case, in order",
              0 < len(got) < len(expected) and got == expected[:len(got)], (len(got), len(expected)))
check.finish()
