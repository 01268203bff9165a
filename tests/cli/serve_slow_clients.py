"""Slow and greedy clients against `edict serve` (raw sockets, loopback only, a few connections for a
few seconds): clients trickling header bytes are cut at --header-timeout with 408, one address
holds at most --max-client-connections connections (503 at once beyond, so the others are not made
to wait), a client trickling its body is cut at --body-timeout, and SIGTERM with slow clients
connected exits within --drain-timeout. Ends with `N passed, M failed`."""
import http.client, signal, socket, threading, time

from testlib import Checks, Server, request, wait_gone, edict_parser

ap = edict_parser()
ap.add_argument("--policy", default="policies/fujian/2020-14")
a = ap.parse_args()
check = Checks()


def healthz(port, timeout=3):
    """GET /healthz on a new connection: (status or the error, seconds taken)."""
    t0 = time.time()
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        st, _ = request(c, "GET", "/healthz")
        c.close()
    except OSError as e:
        st = repr(e)
    return st, time.time() - t0


class Trickler:
    """A connection that sends a request line, then one header line every `every` seconds, for at most
    `seconds`, and records what the server answers and when."""

    def __init__(self, port, every=0.5, seconds=12, body=False):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=seconds)
        self.answer, self.closed_after = b"", None
        self.start = time.time()
        head = b"POST /v1/eval HTTP/1.1\r\nHost: x\r\n"
        if body:  # headers at once, then the body a byte at a time
            head += b"Content-Length: 1000\r\n\r\n"
        self.sock.sendall(head)
        self.stop = threading.Event()
        self.sender = threading.Thread(target=self.send, args=(every, seconds, body), daemon=True)
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.sender.start()
        self.reader.start()

    def send(self, every, seconds, body):
        n = 0
        while not self.stop.wait(every) and time.time() - self.start < seconds:
            try:
                self.sock.sendall(b"{" if body else b"X-Slow-%d: 1\r\n" % n)
            except OSError:
                return
            n += 1

    def read(self):
        try:
            while True:
                chunk = self.sock.recv(4096)
                if not chunk:
                    break
                self.answer += chunk
        except OSError:
            pass
        self.closed_after = time.time() - self.start
        self.stop.set()

    def status(self):
        line = self.answer.split(b"\r\n", 1)[0].split(b" ")
        return int(line[1]) if len(line) > 1 and line[1].isdigit() else None


# 1. Eight clients trickling headers: 4 are held (the default limit for 8 threads), 4 refused at once.
srv = Server(a.edict, a.policy, "--threads", "8", "--header-timeout", "2")
try:
    slow = [Trickler(srv.port) for _ in range(8)]
    time.sleep(1.0)
    refused = [t for t in slow if t.status() == 503]
    check("8 trickling clients from one address: 4 refused with 503 at once", len(refused) == 4,
          [(t.status(), t.closed_after) for t in slow])
    check("the 503 says why", refused and b"--max-client-connections" in refused[0].answer,
          refused[0].answer[-300:] if refused else None)
    st, took = healthz(srv.port)
    check("another request from that address is answered at once (503), not made to wait",
          st == 503 and took < 1.0, (st, took))
    for t in slow:
        t.reader.join(5)
    held = [t for t in slow if t not in refused]
    check("the 4 held are cut at the 2 s header timeout with 408",
          len(held) == 4 and all(t.status() == 408 and 1.8 <= t.closed_after <= 4 for t in held),
          [(t.status(), t.closed_after) for t in held])
    check("the 408 names the option", held and b"--header-timeout" in held[0].answer, held[0].answer[-300:])
    time.sleep(0.3)  # the server lingers up to 100 ms for what a cut client still sends
    st, took = healthz(srv.port)
    check("served again once they are cut", st == 200, (st, took))
finally:
    rc = srv.stop(signal.SIGTERM)
check("exit 0", rc == 0, rc)

# 2. Under the limit the other workers stay free: 4 tricklers and a normal client, limit 6.
srv = Server(a.edict, a.policy, "--threads", "8", "--max-client-connections", "6", "--body-timeout", "1.5",
             "--header-timeout", "2")
try:
    slow = [Trickler(srv.port, seconds=4) for _ in range(4)]
    time.sleep(0.3)
    st, took = healthz(srv.port)
    check("with 4 workers held by trickling clients, a request is served at once", st == 200 and took < 1.0,
          (st, took))
    body = Trickler(srv.port, every=0.2, seconds=6, body=True)
    body.reader.join(4)
    check("a body trickled a byte at a time is cut at --body-timeout with 408", body.status() == 408
          and 1.3 <= body.closed_after <= 3 and b"--body-timeout" in body.answer,
          (body.status(), body.closed_after, body.answer[-200:]))
    for t in slow:
        t.stop.set()
finally:
    rc = srv.stop(signal.SIGTERM)

# 3. SIGTERM with slow clients connected: out within --drain-timeout, not when they stop.
srv = Server(a.edict, a.policy, "--threads", "4", "--drain-timeout", "1", "--header-timeout", "30")
slow = [Trickler(srv.port, every=0.3, seconds=10) for _ in range(2)]
time.sleep(0.5)
t0 = time.time()
srv.proc.send_signal(signal.SIGTERM)
rc = wait_gone(srv.proc, 6)
took = time.time() - t0
srv.stop()
check("SIGTERM with 2 trickling clients: exit 0 within the 1 s drain (+1 s)", rc == 0 and took < 2.0, (rc, took))
check("the stop message names the drain", "at most 1 s" in srv.log(), srv.log()[-300:])

check.finish()
