"""Load test of `edict serve` on loopback only: C client threads, each on a keep-alive connection,
send the contract's examples to POST /v1/eval with malformed requests mixed in (every Kth: bad
JSON, binary junk, deep nesting, unknown outputs, impossible dates, oversize bodies, wrong shapes),
and check every answer: the right output for a good request, the right 4xx status for a bad one.
Bounded by --requests and --max-seconds. Reports requests/s and p50/p99 latency; passes when
errors = 0 and the server still answers and then exits cleanly on SIGTERM.

Starts its own server (--edict, --policy) on a free port, or targets --port on 127.0.0.1.
Ends with `N passed, M failed`."""
import argparse, http.client, json, os, signal, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import Server, request  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--edict")
ap.add_argument("--policy", default="policies/fujian/2020-14")
ap.add_argument("--port", type=int, help="an already running server on 127.0.0.1")
ap.add_argument("--cases", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                                 "shared", "contracts", "fujian-2020-14-examples.jsonl"))
ap.add_argument("--fallback", default="policies/fujian/2020-14/tests/examples.jsonl")
ap.add_argument("--requests", type=int, default=20000)
ap.add_argument("--connections", type=int, default=4)
ap.add_argument("--max-seconds", type=float, default=120)
ap.add_argument("--malformed-every", type=int, default=10)
ap.add_argument("--server-threads", type=int, default=8)
a = ap.parse_args()
if not (1 <= a.requests <= 10_000_000 and 1 <= a.connections <= 64):
    sys.exit("--requests must be 1..10000000 and --connections 1..64")
path = a.cases if os.path.exists(a.cases) else a.fallback
examples = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
good = [(json.dumps({"input": e["input"], "outputs": list(e["output"])}).encode(), 200, {"output": e["output"]})
        for e in examples]
base = {"birth_date": "1960-01-10", "sex": "male", "scheme": "enterprise_employee"}
MAX_BODY = 65536
malformed = [
    (b'{"input": {', 400), (b"", 400), (b"\x00\xff\xfe\x80 junk", 400), (b"[" * 5000 + b"]" * 5000, 400),
    (b'{"input": {"birth_date": "1960-01-10"}} trailing', 400),
    (json.dumps({"input": base, "outputs": ["nope"]}).encode(), 422),
    (json.dumps({"input": dict(base, birth_date="2021-02-29"), "outputs": ["retirement_date"]}).encode(), 422),
    (json.dumps({"input": dict(base, sex=["male"]), "outputs": ["retirement_date"]}).encode(), 422),
    (json.dumps({"input": {"birth_date": "1960-01-10"}, "outputs": ["retirement_date"]}).encode(), 422),
    (json.dumps({"input": dict(base, monthly_pension="12.3.4"), "outputs": ["back_pay"]}).encode(), 422),
    (json.dumps([1, 2, 3]).encode(), 422), (json.dumps({"cases": []}).encode(), 422),
    (b'{"input": {"x": "' + b"a" * (MAX_BODY + 10) + b'"}}', 413),
]

srv = None
if a.port is None:
    if not a.edict:
        sys.exit("give --edict (start a server) or --port (an existing one on 127.0.0.1)")
    # Every client connection is from 127.0.0.1: lift the per-address limit (default half the threads).
    srv = Server(a.edict, a.policy, "--threads", str(a.server_threads), "--max-body", str(MAX_BODY),
                 "--max-client-connections", str(a.server_threads))
    port = srv.port
else:
    port = a.port

lock = threading.Lock()
next_index = [0]
latencies, errors, statuses = [], [], {}
deadline = time.time() + a.max_seconds


def worker():
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    mine = []
    while time.time() < deadline:
        with lock:
            i = next_index[0]
            if i >= a.requests:
                break
            next_index[0] += 1
        if a.malformed_every and i % a.malformed_every == a.malformed_every - 1:
            body, want, out = *malformed[(i // a.malformed_every) % len(malformed)], None
        else:
            body, want, out = good[i % len(good)]
        t = time.perf_counter()
        try:
            conn.request("POST", "/v1/eval", body=body, headers={"Content-Type": "application/json"})
            r = conn.getresponse()
            data = r.read()
            dt = time.perf_counter() - t
            got = json.loads(data)
            ok = r.status == want and (got == out if out is not None else "error" in got)
            if r.getheader("Connection", "").lower() == "close":
                conn.close()
        except Exception as e:  # a dropped connection or an unreadable answer is an error
            dt, ok, r = time.perf_counter() - t, False, None
            conn.close()
            got = repr(e)
        mine.append(dt)
        with lock:
            status = r.status if r is not None else "exception"
            statuses[status] = statuses.get(status, 0) + 1
            if not ok:
                errors.append((i, want, status, str(got)[:200]))
    conn.close()
    with lock:
        latencies.extend(mine)


start = time.time()
threads = [threading.Thread(target=worker) for _ in range(a.connections)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.time() - start
latencies.sort()
n = len(latencies)


def pct(p):
    return latencies[min(n - 1, int(p * n))] * 1000 if n else float("nan")


print(f"requests {n} in {elapsed:.2f} s over {a.connections} connections: {n / elapsed:.0f} requests/s")
print(f"latency p50 {pct(0.50):.2f} ms, p99 {pct(0.99):.2f} ms, max {latencies[-1] * 1000 if n else 0:.2f} ms")
print(f"statuses {json.dumps({str(k): v for k, v in sorted(statuses.items(), key=str)})}, errors {len(errors)}")
for e in errors[:5]:
    print("  error:", e)

checks = [len(errors) == 0, n > 0]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
try:
    st, body = request(conn, "GET", "/healthz")
except Exception:
    st = None
checks.append(st == 200)
if st != 200:
    print("FAIL the server does not answer after the load")
if srv is not None:
    rc = srv.stop(signal.SIGTERM)
    checks.append(rc == 0)
    if rc != 0:
        print(f"FAIL exit status {rc} after SIGTERM:\n{srv.log()[-500:]}")
passed = sum(checks)
print(f"{passed} passed, {len(checks) - passed} failed")
sys.exit(0 if passed == len(checks) else 1)
