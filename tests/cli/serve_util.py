"""Starting and stopping `edict serve` for the tests: a server on a free loopback port (--port 0,
the port read from the server's start-up line), its stderr collected by a thread so the access log
never fills a pipe, and small HTTP helpers that return (status, parsed JSON body)."""
import http.client, json, re, subprocess, threading, time


class Server:
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
    """Sends JSON `body` (or `raw` bytes) and returns (status, JSON or None)."""
    data = raw if raw is not None else (None if body is None else json.dumps(body, ensure_ascii=False).encode())
    conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    text = r.read()
    try:
        return r.status, json.loads(text)
    except ValueError:
        return r.status, None


def wait_gone(proc, seconds):
    end = time.time() + seconds
    while time.time() < end and proc.poll() is None:
        time.sleep(0.05)
    return proc.poll()
