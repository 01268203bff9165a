#!/usr/bin/env python3
"""Runs the commands the Markdown docs show and compares their output with what the docs print.

Takes: Markdown files; --edict (the binary under test), --build (its build tree), --repo (the
source tree). Produces: one line per failing command with a unified diff of expected vs actual
output, then per file "N blocks ran (M commands), K skipped, F failed"; exit 1 when anything failed.

What is run. A code block (fenced, or indented by four spaces) whose lines start with `$ ` is a
transcript: each `$ command` (continued on the next line when it ends in `\\`) is followed by its
expected output, up to the next `$ ` line or the end of the block. Blocks without `$ ` lines are
prose (code snippets) and are not run. Output is compared as a terminal shows it: stdout and stderr
interleaved (the commands run under a pseudo-terminal), trailing spaces and blank lines ignored.
Exit statuses are shown the way the docs already do it: `cmd; echo "exit $?"`.

Volatile parts of expected output:
  `…` or `...` alone on a line     any number of lines (also none)
  `[…]` or `[...]` inside a line   any text within that line

Directives, an HTML comment on the line(s) before a block (blank lines may separate them):
  <!-- doctest: skip (why) -->     do not run this block; the reason is required and is printed
  <!-- doctest: stdout -->         compare stdout only (stderr discarded)
  <!-- doctest: file PATH -->      the block must equal the file PATH of the repository
  <!-- doctest: file PATH snippet NAME -->   ... or the lines between `[NAME]` and `[/NAME]` in it

Where. All commands of one Markdown file run in one bash session, in order, so a variable set or a
folder entered by one command holds for the next. The session starts in a scratch folder that
mirrors the repository root (a symbolic link per top-level entry, and build/release -> the build
under test), so the docs' repository-relative paths work and every file a command writes lands in
the scratch folder, which is removed afterwards. `edict` on PATH is the binary under test; `$E` is
`edict` too. --update rewrites the expected output of failing commands whose expectation has no
volatile markers (--update-all: every failing one), for review in `git diff`.
"""
import argparse
import difflib
import os
import pty
import re
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import termios
import time

FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
DIRECTIVE = re.compile(r"^\s*<!--\s*doctest:\s*(.*?)\s*-->\s*$")
ANY_LINES = ("…", "...")
ANY_TEXT = re.compile(r"\[(?:…|\.\.\.)\]")
LINKED = {"corpus", "corpora"}  # fuzz corpora: large, never read by the docs


class Command:
    def __init__(self, line, text):
        self.line = line          # 1-based line of the `$ ` in the Markdown file
        self.text = text          # the shell command, continuation lines joined by newlines
        self.expected = []        # expected output lines
        self.expected_line = line + 1
        self.actual = None


class Block:
    def __init__(self, line, lines, indent, directive, directive_line):
        self.line = line          # 1-based line of the block's first content line
        self.directive_line = directive_line
        self.lines = lines        # content lines, without the block's indentation
        self.indent = indent
        self.directive = directive
        self.commands = []


def parse_blocks(path, text):
    """Code blocks of a Markdown file with the directive that precedes each; errors as strings."""
    lines = text.split("\n")
    blocks, errors = [], []
    directive, directive_line = None, 0
    i = 0
    while i < len(lines):
        line = lines[i]
        m = DIRECTIVE.match(line)
        if m:
            if directive is not None:
                errors.append(f"{path}:{directive_line}: doctest directive not followed by a code block")
            directive, directive_line = m.group(1), i + 1
            i += 1
            continue
        f = FENCE.match(line)
        if f:
            indent, fence = len(f.group(1)), f.group(2)
            j = i + 1
            while j < len(lines) and not (lines[j].strip().startswith(fence[0] * len(fence))
                                          and lines[j].strip().strip(fence[0]) == ""):
                j += 1
            body = [l[indent:] if l[:indent].strip() == "" else l.lstrip() for l in lines[i + 1:j]]
            blocks.append(Block(i + 2, body, indent, directive, directive_line))
            directive = None
            i = j + 1
            continue
        prev_blank = i == 0 or lines[i - 1].strip() == ""
        if prev_blank and line.startswith("    ") and line.strip():
            j = i
            while j < len(lines) and (lines[j].startswith("    ") or lines[j].strip() == ""):
                j += 1
            while j > i and lines[j - 1].strip() == "":
                j -= 1
            blocks.append(Block(i + 1, [l[4:] for l in lines[i:j]], 4, directive, directive_line))
            directive = None
            i = j
            continue
        if line.strip() and directive is not None:
            errors.append(f"{path}:{directive_line}: doctest directive not followed by a code block")
            directive = None
        i += 1
    if directive is not None:
        errors.append(f"{path}:{directive_line}: doctest directive not followed by a code block")
    for b in blocks:
        split_commands(path, b, errors)
    return blocks, errors


def split_commands(path, block, errors):
    """Cuts a transcript block into commands and their expected output."""
    k = 0
    lines = block.lines
    while k < len(lines):
        if not lines[k].startswith("$ "):
            if not block.commands and lines[k].strip():
                if any(l.startswith("$ ") for l in lines):
                    errors.append(f"{path}:{block.line + k}: text before the first `$ ` command of a transcript")
                return
            if block.commands:
                block.commands[-1].expected.append(lines[k])
            k += 1
            continue
        start = k
        text = lines[k][2:]
        while text.endswith("\\") and k + 1 < len(lines):
            k += 1
            text += "\n" + lines[k]
        c = Command(block.line + start, text)
        c.expected_line = block.line + k + 1
        block.commands.append(c)
        k += 1
    for c in block.commands:
        while c.expected and c.expected[-1].strip() == "":
            c.expected.pop()


def expected_regex(expected):
    parts = []
    for line in expected:
        if line.strip() in ANY_LINES:
            parts.append(r"(?:[^\n]*\n)*?")
            continue
        pieces = ANY_TEXT.split(line.rstrip())
        parts.append("[^\n]*".join(re.escape(p) for p in pieces) + r"\n")
    return re.compile("".join(parts))


CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def render(line):
    """What a terminal shows for one line: `\\r` returns to column 0, ESC[K erases to the end."""
    cells, col, i = [], 0, 0
    while i < len(line):
        csi = CSI.match(line, i)
        if csi:
            if csi.group().endswith("K"):
                del cells[col:]
            i = csi.end()
            continue
        if line[i] == "\r":
            col = 0
        else:
            cells[col:col + 1] = [line[i]]
            col += 1
        i += 1
    return "".join(cells)


def normalise(output):
    lines = [render(l).rstrip() for l in output.replace("\r\n", "\n").split("\n")]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def output_matches(expected, actual):
    return expected_regex(expected).fullmatch("".join(l + "\n" for l in actual)) is not None


def make_scratch(repo, build):
    """A copy of the repository root to run in: build/release -> the build, large corpora linked.

    A copy rather than links, because the compiler resolves imports through real paths and prints
    a path outside the current folder in full; and no command of the docs can touch the tree."""
    scratch = tempfile.mkdtemp(prefix="edict-doctest-")
    for name in sorted(os.listdir(repo)):
        src, dst = os.path.join(repo, name), os.path.join(scratch, name)
        if name in (".git", "build"):
            continue
        if os.path.isdir(src) and not os.path.islink(src):
            linked = []

            def skip_large(folder, names):
                linked.extend(os.path.join(folder, n) for n in LINKED & set(names))
                return LINKED & set(names)

            shutil.copytree(src, dst, symlinks=True, ignore=skip_large)
            for found in linked:
                os.symlink(found, os.path.join(dst, os.path.relpath(found, src)))
        else:
            shutil.copy2(src, dst, follow_symlinks=False)
    os.makedirs(os.path.join(scratch, "build"))
    os.symlink(build, os.path.join(scratch, "build", "release"))
    return scratch


def run_session(commands, scratch, env, timeout):
    """Runs the commands in one bash under a pseudo-terminal; sets each command's `actual`."""
    token = secrets.token_hex(8)
    script = ["set +e"]
    for n, c in enumerate(commands):
        # the marker keeps `$?`, so a transcript may show the previous command's status with `echo $?`
        script.append(f"__doctest_rc=$?; printf '\\n@@doctest-{token}-{n}@@\\n'; (exit $__doctest_rc)")
        script.append(f"{{ {c.text}\n}} 2>/dev/null" if c.stdout_only else c.text)
    script.append(f"printf '\\n@@doctest-{token}-end@@\\n'")
    path = os.path.join(scratch, ".doctest-session.sh")
    with open(path, "w") as f:
        f.write("\n".join(script) + "\n")
    master, slave = pty.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[1] &= ~termios.ONLCR  # "\n" stays "\n"
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    proc = subprocess.Popen(["bash", "--noprofile", "--norc", path], cwd=scratch, env=env,
                            stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    out = bytearray()
    deadline = time.monotonic() + timeout
    timed_out = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([master], [], [], min(left, 1.0))
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every writer closed the terminal
                break
            if not data:
                break
            out += data
    finally:  # on a timeout, or when the runner itself is stopped: nothing of the session survives
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        os.close(master)
    text = out.decode("utf-8", errors="replace").replace("\r\n", "\n")
    chunks = re.split(rf"\n@@doctest-{token}-(\d+|end)@@\n", "\n" + text)
    # chunks: [before, id0, out0, id1, out1, ..., 'end', after]
    for k in range(1, len(chunks) - 1, 2):
        if chunks[k] != "end":
            commands[int(chunks[k])].actual = normalise(chunks[k + 1])
    return timed_out


def read_snippet(repo, spec):
    """The text a `file PATH [snippet NAME]` directive names, or an error string."""
    words = spec.split()
    if len(words) not in (2, 4) or (len(words) == 4 and words[2] != "snippet"):
        return None, f"malformed directive `{spec}` (file PATH [snippet NAME])"
    try:
        with open(os.path.join(repo, words[1]), encoding="utf-8") as f:
            lines = f.read().rstrip("\n").split("\n")
    except OSError as e:
        return None, f"cannot read {words[1]}: {e.strerror}"
    if len(words) == 4:
        begin = [i for i, l in enumerate(lines) if f"[{words[3]}]" in l]
        end = [i for i, l in enumerate(lines) if f"[/{words[3]}]" in l]
        if len(begin) != 1 or len(end) != 1 or end[0] < begin[0]:
            return None, f"{words[1]} has no single [{words[3]}] … [/{words[3]}] region"
        lines = lines[begin[0] + 1:end[0]]
        width = min((len(l) - len(l.lstrip()) for l in lines if l.strip()), default=0)
        lines = [l[width:] for l in lines]
    return lines, None


def report_failure(rel, c, note=""):
    print(f"FAIL {rel}:{c.line}: $ {c.text.splitlines()[0]}{note}")
    diff = difflib.unified_diff(c.expected, c.actual or [], f"expected ({rel}:{c.expected_line})", "actual",
                                lineterm="", n=3)
    for line in diff:
        print("  " + line)


def update_file(path, text, fixes):
    """Replaces the expected output of each (command, block) in fixes with its actual output."""
    lines = text.split("\n")
    for c, block in sorted(fixes, key=lambda f: -f[0].line):
        first = c.expected_line - 1
        last = first + len(c.expected)
        pad = " " * block.indent
        lines[first:last] = [pad + l if l else l for l in c.actual]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def check_snippet(rel, block, repo):
    """A `file` block: True when it equals the file (or region) it names; else prints a diff."""
    spec = block.directive
    want, err = read_snippet(repo, spec)
    if err:
        print(f"FAIL {rel}:{block.directive_line}: {err}")
        return False
    got = [l.rstrip() for l in block.lines]
    while got and not got[-1]:
        got.pop()
    if [l.rstrip() for l in want] == got:
        return True
    print(f"FAIL {rel}:{block.directive_line}: the block differs from {spec[5:]}")
    for line in difflib.unified_diff(want, got, spec[5:], f"{rel}:{block.line}", lineterm=""):
        print("  " + line)
    return False


class Tally:
    def __init__(self):
        self.ran = self.skipped = self.failed = 0
        self.commands = []        # the commands to run, in order


def sort_block(rel, b, a, tally):
    """Skips, checks or queues one block according to its directive."""
    d = b.directive or ""
    if d.startswith("skip"):
        reason = d[4:].strip().strip("():").strip()
        if not reason:
            print(f"FAIL {rel}:{b.directive_line}: `doctest: skip` without a reason; say why, e.g. skip (needs a server)")
            tally.failed += 1
        elif b.commands:
            tally.skipped += 1
            print(f"skip {rel}:{b.line}: {reason}")
    elif d.startswith("file "):
        tally.ran += 1
        tally.failed += not check_snippet(rel, b, a.repo)
    elif d and d != "stdout":
        print(f"FAIL {rel}:{b.directive_line}: unknown doctest directive `{d}`")
        tally.failed += 1
    elif b.commands:
        tally.ran += 1
        for c in b.commands:
            c.stdout_only, c.block = d == "stdout", b
            tally.commands.append(c)


def run_commands(rel, commands, a, env):
    """Runs the commands in a scratch copy; prints each failure. Returns those --update may rewrite."""
    scratch = make_scratch(a.repo, a.build)
    try:
        timed_out = run_session(commands, scratch, env, a.timeout)
    finally:
        if a.keep:
            print(f"scratch folder kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    started = [c for c in commands if c.actual is not None]
    hung = started[-1] if timed_out and started else None
    failures, fixable = 0, []
    for c in commands:
        if c is hung:
            report_failure(rel, c, f" (still running after {a.timeout:g} s: timed out)")
            return failures + 1, fixable
        if c.actual is None:
            report_failure(rel, c, " (did not run: the session ended)")
            failures += 1
        elif not output_matches(c.expected, c.actual):
            report_failure(rel, c)
            failures += 1
            if a.update == "all" or not any(l.strip() in ANY_LINES or ANY_TEXT.search(l) for l in c.expected):
                fixable.append((c, c.block))
    return failures, fixable


def check_file(path, a, env):
    """Checks one Markdown file; prints its failures and a summary line. Returns the failures."""
    rel = os.path.relpath(os.path.abspath(path), a.repo)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    blocks, errors = parse_blocks(rel, text)
    for e in errors:
        print(f"FAIL {e}")
    tally = Tally()
    tally.failed = len(errors)
    for b in blocks:
        sort_block(rel, b, a, tally)
    if tally.commands:
        failures, fixable = run_commands(rel, tally.commands, a, env)
        tally.failed += failures
        if a.update and fixable:
            update_file(path, text, fixable)
            print(f"{rel}: rewrote the expected output of {len(fixable)} command(s); review with git diff")
    print(f"{rel}: {tally.ran} blocks ran ({len(tally.commands)} commands), {tally.skipped} skipped, "
          f"{tally.failed} failed")
    return tally.failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--edict", required=True, help="the edict binary under test")
    ap.add_argument("--build", help="its build tree (default: the binary's folder)")
    ap.add_argument("--repo", default=os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
    ap.add_argument("--host-flags", default="", help="CFLAGS/CXXFLAGS/LDFLAGS for hosts the docs build")
    ap.add_argument("--timeout", type=float, default=600, help="seconds for all commands of one file")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    ap.add_argument("--update", action="store_const", const="plain",
                    help="rewrite the expected output of failing commands that have no markers")
    ap.add_argument("--update-all", dest="update", action="store_const", const="all",
                    help="rewrite every failing expectation (markers are lost: put them back)")
    a = ap.parse_args()
    a.edict = os.path.abspath(a.edict)
    a.repo = os.path.abspath(a.repo)
    a.build = os.path.abspath(a.build or os.path.dirname(a.edict))
    env = dict(os.environ)
    env.update(PATH=os.path.dirname(a.edict) + os.pathsep + env.get("PATH", "/usr/bin:/bin"),
               E="edict", TERM="dumb", NO_COLOR="1", LC_ALL="C.UTF-8", TZ="UTC", COLUMNS="200")
    env.pop("EDICT_PATH", None)
    if a.host_flags:
        for var in ("CFLAGS", "CXXFLAGS", "LDFLAGS"):
            env[var] = (env.get(var, "") + " " + a.host_flags).strip()
    if os.path.basename(a.edict) != "edict":
        print(f"--edict must name a binary called edict, not {a.edict}")
        return 2
    # SIGTERM (ctest's timeout, a user) unwinds like Ctrl-C, so the session and the scratch folder go.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))
    failed = sum(check_file(f, a, env) for f in a.files)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
