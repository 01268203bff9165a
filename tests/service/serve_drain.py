"""Graceful operations of `edict serve` (issue 14): --max-concurrent answers 503 with Retry-After
beyond its bound while the probes (/healthz, /readyz, /metrics) are still answered; a request in
flight across a reload finishes on the version it started with (its decision logged with that
version); SIGTERM lets a request in flight finish within --drain-timeout, writes its decision to
the log, and exits 0; a request still unfinished at the deadline is cut and the server exits.
Ends with `N passed, M failed`."""
import argparse, json, os, shutil, socket, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service_test_util import (Server, check, edit, finish, get_json, parse_exposition, policies_by_id,  # noqa
                               policy_tree, request, sample, wait_for)

ap = argparse.ArgumentParser()
ap.add_argument("--edict", required=True)
a = ap.parse_args()

root = policy_tree("cn")
pol = os.path.join(root, "policies")
law = os.path.join(pol, "cn", "retirement-2025", "0-law.edict")
log = os.path.join(root, "decisions.jsonl")
ROUTE = "/v1/policies/cn/retirement-2025/eval"
CASE = {"input": {"birth_date": "1965-01-15", "sex": "male", "scheme": "enterprise_employee"},
        "outputs": ["statutory_retirement_date", "delay_months"]}


def start_slow(port, body):
    """A POST whose headers and half its body are sent; returns the socket and the rest."""
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    s.sendall(f"POST {ROUTE} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              f"Content-Length: {len(body)}\r\n\r\n".encode() + body[:len(body) // 2])
    return s, body[len(body) // 2:]


def finish_slow(s, rest):
    s.sendall(rest)
    out = b""
    while b"\r\n\r\n" not in out or len(out.partition(b"\r\n\r\n")[2]) < int(
            [l for l in out.partition(b"\r\n\r\n")[0].decode().split("\r\n") if l.lower().startswith(
                "content-length")][0].split(":")[1]):
        chunk = s.recv(65536)
        if not chunk:
            break
        out += chunk
    s.close()
    head, _, body = out.partition(b"\r\n\r\n")
    return head.decode(), json.loads(body) if body else None


body = json.dumps(CASE).encode()
srv = Server(a.edict, pol, "--max-concurrent", "1", "--threads", "4", "--max-client-connections", "4",
             "--decision-log", log, "--reload-debounce", "0.1", "--drain-timeout", "5")
try:
    c = srv.connect()
    st, before = request(c, "POST", ROUTE, CASE)
    c.close()
    v1 = policies_by_id(srv)["cn/retirement-2025"]["version"]
    slow, rest = start_slow(srv.port, body)
    time.sleep(0.3)  # its headers are in: it counts as in flight
    c = srv.connect()
    c.request("POST", ROUTE, body=body, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    refused = json.loads(r.read())
    check("beyond --max-concurrent: 503 with Retry-After: 1 and a message",
          r.status == 503 and r.getheader("Retry-After") == "1" and "--max-concurrent" in refused["error"]["message"],
          (r.status, r.getheaders(), refused))
    c.close()
    st_h, _ = get_json(srv, "/healthz")
    st_r, _ = get_json(srv, "/readyz")
    check("the probes are answered while busy", st_h == 200 and st_r == 200, (st_h, st_r))

    # A reload while the slow request is in flight: it finishes on the version it started with.
    edit(law, "  = 2025-01-01", "  = 2026-01-01")
    v2 = wait_for(lambda: (v := policies_by_id(srv)["cn/retirement-2025"]["version"]) != v1 and v)
    head, answer = finish_slow(slow, rest)
    check("a request in flight across a reload answers on its version (the old outputs)",
          v2 and head.startswith("HTTP/1.1 200") and answer == before, (v2, head[:40], answer, before))
    c = srv.connect()
    st, after = request(c, "POST", ROUTE, CASE)
    c.close()
    check("the next request is on the new version (the amendment changes this case)",
          st == 200 and after != before, (after, before))
    st, text = None, None
    c = srv.connect()
    c.request("GET", "/metrics")
    fams = parse_exposition(c.getresponse().read().decode())
    c.close()
    check("metrics: one rejected as busy", sample(fams, "edict_http_requests_rejected_total", reason="busy") == 1)

    # SIGTERM with a request in flight: it finishes within the drain deadline, then exit 0.
    slow, rest = start_slow(srv.port, body)
    time.sleep(0.3)
    srv.proc.terminate()
    time.sleep(0.5)
    head, answer = finish_slow(slow, rest)
    check("SIGTERM: the request in flight is answered", head.startswith("HTTP/1.1 200") and answer == after,
          (head[:60], answer))
    rc = srv.proc.wait(10)
    check("then exit 0", rc == 0, rc)
finally:
    if srv.proc.poll() is None:
        srv.stop()
lines = [json.loads(l) for l in open(log, encoding="utf-8")]
check("decision log: 4 decisions (the refused one is none), the slow one on its old version, all flushed at exit",
      [d["version"] for d in lines] == [v1, v1, v2, v2], [d["version"] for d in lines])

# A request still unfinished at the drain deadline is cut; the server does not wait for it.
srv = Server(a.edict, pol, "--drain-timeout", "1")
slow, rest = start_slow(srv.port, body)
time.sleep(0.3)
t = time.time()
srv.proc.terminate()
rc = srv.proc.wait(15)
check("SIGTERM with a request that never finishes: exit 0 after about --drain-timeout",
      rc == 0 and 0.8 < time.time() - t < 5, (rc, time.time() - t))
slow.close()
shutil.rmtree(root)
finish()
