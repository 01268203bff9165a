"""What the CLI and limits test scripts share (tests/cli, tests/limits): the `--edict` argument,
running a program with a timeout, the ok/FAIL recorder with its closing "N passed, M failed" line
and exit status, editing a copied file, a scripted editor session against `edict lsp`, and
`edict serve` started on a free loopback port with small HTTP helpers.

A script in tests/cli imports it directly; one in another folder first puts tests/cli on sys.path.
"""
import argparse
import http.client
import json
import re
import subprocess
import sys
import threading
import time


def edict_parser(description=None, required=True):
    """An argument parser with the `--edict BINARY` every script takes (optional where the script
    can also test something already running); add more before parse_args()."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--edict", required=required)
    return ap


def run(cmd, *, stdin=None, timeout=120, env=None, cwd=None):
    """Runs `cmd` and returns its CompletedProcess, output as text (bytes that are not UTF-8
    replaced). A run past `timeout` seconds comes back with returncode None and a program that
    cannot be started with 127, the reason on stderr, so the check on it fails and says why
    instead of the script stopping half-way."""
    try:
        return subprocess.run(cmd, input=stdin, capture_output=True, text=True, errors="replace",
                              timeout=timeout, env=env, cwd=cwd)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, None, "", f"timed out after {timeout} s")
    except OSError as e:
        return subprocess.CompletedProcess(cmd, 127, "", f"cannot run {cmd[0]}: {e}")


def command(*prefix, **defaults):
    """run() with the program (and any first arguments) and keyword defaults filled in:
    `edict = command(a.edict)` then `edict("check", folder)`."""
    def call(*args, **options):
        return run([*prefix, *args], **{**defaults, **options})
    return call


class Checks:
    """Records checks and prints each as it is made: "ok   NAME" (not when quiet) or "FAIL NAME"
    followed by what went wrong: for a CompletedProcess its exit status, stdout and stderr, for
    anything else its text. finish() prints "N passed, M failed" and exits 1 when a check failed
    or none was made (a script that checked nothing has not passed)."""

    def __init__(self, quiet=False, limit=1500):
        self.quiet = quiet
        self.limit = limit  # characters of each output shown for a failure
        self.passed = self.failed = 0
        self.lock = threading.Lock()  # checks may be made from several client threads at once

    def __call__(self, name, ok, detail="", note=""):
        """Records one check; `note` follows a passing check's name ("ok   NAME: NOTE")."""
        with self.lock:
            return self.record(name, bool(ok), detail, note)

    def record(self, name, ok, detail, note):
        if ok:
            self.passed += 1
            if not self.quiet:
                print(f"ok   {name}" + (f": {note}" if note else ""))
        else:
            self.failed += 1
            print(f"FAIL {name}{self.describe(detail)}")
        return ok

    def describe(self, detail):
        if isinstance(detail, subprocess.CompletedProcess):
            out, err = detail.stdout, detail.stderr
            if isinstance(out, bytes):
                out = out.decode("utf-8", "replace")
            if isinstance(err, bytes):
                err = err.decode("utf-8", "replace")
            return (f": exit {detail.returncode}\n  stdout: {(out or '')[:self.limit]}"
                    f"\n  stderr: {(err or '')[:self.limit]}")
        text = str(detail)
        return "\n" + text[:self.limit * 2] if text else ""

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed or not self.passed else 0)

    def run_to_end(self, main):
        """Runs main(), counting an exception it raises as a failed check, then finish()es."""
        try:
            main()
        except Exception as e:  # a crash of the harness is a failure, not a silent pass
            self("the test ran to its end", False, repr(e))
        self.finish()


def replace_in_file(path, old, new, count=1):
    """Replaces `old` (which must be there) by `new` in a UTF-8 file, `count` times."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert old in text, (path, old)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, count))


def lsp_frame(message):
    """One LSP message with its Content-Length header."""
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def lsp_session(edict, path, text, hover_at=None, timeout=120):
    """An editor session against `edict lsp`: initialize, open `path` holding `text`, ask for hover
    at (line, character) when given (request id 2), shut down (id 3), exit. The diagnostics and the
    reply to shutdown are in stdout when the server did not stop on the way."""
    uri = "file://" + path
    msgs = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": uri, "languageId": "edict", "version": 1, "text": text}}},
    ]
    if hover_at is not None:
        msgs.append({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
                     "params": {"textDocument": {"uri": uri}, "position": {"line": hover_at[0], "character": hover_at[1]}}})
    msgs += [{"jsonrpc": "2.0", "id": 3, "method": "shutdown", "params": None},
             {"jsonrpc": "2.0", "method": "exit", "params": None}]
    return run([edict, "lsp"], stdin=b"".join(lsp_frame(m) for m in msgs).decode(), timeout=timeout)


class Server:
    """`edict serve POLICY --port 0 --host 127.0.0.1 EXTRA...` started for a test: the port is read
    from its start-up line, its stderr (the access log) collected by a thread so the log never fills
    a pipe. Raises RuntimeError with the log when it does not start within a minute."""

    def __init__(self, edict, policy, *extra):
        self.proc = subprocess.Popen([edict, "serve", policy, "--port", "0", "--host", "127.0.0.1", *extra],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines = []
        ready = threading.Event()
        self.port = None

        def drain():
            for line in self.proc.stderr:
                self.lines.append(line)
                m = re.search(r"on http://127\.0\.0\.1:(\d+)", line)
                if m and self.port is None:
                    self.port = int(m.group(1))
                    ready.set()
            ready.set()

        self.reader = threading.Thread(target=drain, daemon=True)
        self.reader.start()
        if not ready.wait(60) or self.port is None:
            self.proc.kill()
            raise RuntimeError("edict serve did not start: " + "".join(self.lines))

    def connect(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def stop(self, sig=None, timeout=20):
        """Sends SIGTERM (or `sig`) and returns the exit status; kills after `timeout` seconds."""
        if sig is None:
            self.proc.terminate()
        else:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = None
        self.reader.join(5)
        return rc

    def log(self):
        return "".join(self.lines)


def request(conn, method, path, body=None, raw=None):
    """Sends JSON `body` (or `raw` bytes) on an HTTP connection and returns (status, JSON or None)."""
    data = raw if raw is not None else (None if body is None else json.dumps(body, ensure_ascii=False).encode())
    conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    text = r.read()
    try:
        return r.status, json.loads(text)
    except ValueError:
        return r.status, None


def wait_gone(proc, seconds):
    """Waits up to `seconds` for `proc` to exit; its exit status, or None while it still runs."""
    end = time.time() + seconds
    while time.time() < end and proc.poll() is None:
        time.sleep(0.05)
    return proc.poll()
