"""Load test of `edict serve` on loopback only: C client threads, each on a keep-alive connection,
send the contract's examples to POST /v1/eval with malformed requests mixed in (every Kth: bad
JSON, binary junk, deep nesting, unknown outputs, impossible dates, oversize bodies, wrong shapes),
and check every answer: the right output for a good request, the right 4xx status for a bad one.
Bounded by --requests and --max-seconds. Reports requests/s and p50/p99 latency; passes when
errors = 0 and the server still answers and then exits cleanly on SIGTERM.

Starts its own server (--edict, --policy) on a free port, or targets --port on 127.0.0.1.
With --multi (issue 14) it serves a copy of policies/ (with stdlib/) as one folder and sends the
Fujian examples to /v1/policies/fujian/2020-14/eval and the retirement law's to
/v1/policies/cn/retirement-2025/eval; with --reload-every S it also edits the served Fujian policy
every S seconds while the load runs (a new unused rule, so a new version with the same outputs;
every third edit a broken one, which must keep the last good version; every fourth a SIGHUP), and
checks that reloads happened and the policy still serves. Ends with `N passed, M failed`."""
import http.client, json, os, shutil, signal, sys, tempfile, threading, time

from testlib import Checks, Server, edict_parser, request

ap = edict_parser(required=False)
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
ap.add_argument("--multi", action="store_true", help="serve a copy of policies/ and use the multi-policy routes")
ap.add_argument("--reload-every", type=float, default=0, help="with --multi: edit the Fujian policy every S seconds")
a = ap.parse_args()
if not (1 <= a.requests <= 10_000_000 and 1 <= a.connections <= 64):
    sys.exit("--requests must be 1..10000000 and --connections 1..64")
path = a.cases if os.path.exists(a.cases) else a.fallback
examples = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
ROUTE = "/v1/policies/fujian/2020-14/eval" if a.multi else "/v1/eval"
good = [(json.dumps({"input": e["input"], "outputs": list(e["output"])}).encode(), 200, {"output": e["output"]})
        for e in examples]
if a.multi:  # the retirement law's examples on its own route, side by side with Fujian's
    law = [json.loads(l) for l in open("policies/cn/retirement-2025/tests/examples.jsonl", encoding="utf-8")
           if l.strip()]
    good = [(b, st, out, ROUTE) for b, st, out in good] + [
        (json.dumps({"input": e["input"], "outputs": list(e["output"])}).encode(), 200, {"output": e["output"]},
         "/v1/policies/cn/retirement-2025/eval") for e in law]
else:
    good = [(b, st, out, ROUTE) for b, st, out in good]
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
    served = a.policy
    if a.multi:
        tree = tempfile.mkdtemp(prefix="edict-load-")
        shutil.copytree("stdlib", os.path.join(tree, "stdlib"))
        shutil.copytree("policies", os.path.join(tree, "policies"))
        served = os.path.join(tree, "policies")
    # Every client connection is from 127.0.0.1: lift the per-address limit (default half the threads).
    srv = Server(a.edict, served, "--threads", str(a.server_threads), "--max-body", str(MAX_BODY),
                 "--max-client-connections", str(a.server_threads))
    port = srv.port
else:
    port = a.port

lock = threading.Lock()
next_index = [0]
# With --reload-every the load lasts at least one whole cycle of edits (good, good, broken, SIGHUP,
# good): on a quiet machine --requests alone can be over before the first edit is made.
reloading = a.multi and a.reload_every > 0 and srv is not None
cycle_done = [not reloading]
latencies, errors, statuses = [], [], {}
deadline = time.time() + a.max_seconds


def worker():
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    mine = []
    while time.time() < deadline:
        with lock:
            i = next_index[0]
            if i >= a.requests and cycle_done[0]:
                break
            next_index[0] += 1
        if a.malformed_every and i % a.malformed_every == a.malformed_every - 1:
            body, want, out, route = *malformed[(i // a.malformed_every) % len(malformed)], None, ROUTE
        else:
            body, want, out, route = good[i % len(good)]
        t = time.perf_counter()
        try:
            conn.request("POST", route, body=body, headers={"Content-Type": "application/json"})
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


edits = {"good": 0, "broken": 0, "sighup": 0}
running = [True]


def reloader():
    """Edits the served Fujian policy every --reload-every seconds while the workers run."""
    notice = os.path.join(served, "fujian", "2020-14", "0-notice.edict")
    original = open(notice, encoding="utf-8").read()
    k = 0
    while running[0]:
        time.sleep(a.reload_every)
        k += 1
        if k % 4 == 0:
            srv.proc.send_signal(signal.SIGHUP)
            edits["sighup"] += 1
            continue
        broken = k % 3 == 0
        with open(notice, "w", encoding="utf-8") as f:
            f.write(original + (f"\nrule load_marker: int = {k} +\n" if broken else f"\nrule load_marker: int = {k}\n"))
        edits["broken" if broken else "good"] += 1
        if k >= 5:
            cycle_done[0] = True
    with open(notice, "w", encoding="utf-8") as f:  # a good version at the end
        f.write(original + "\nrule load_marker: int = 0\n")


start = time.time()
threads = [threading.Thread(target=worker) for _ in range(a.connections)]
for t in threads:
    t.start()
edit_thread = None
if reloading:
    edit_thread = threading.Thread(target=reloader)
    edit_thread.start()
for t in threads:
    t.join()
elapsed = time.time() - start
running[0] = False
if edit_thread:
    edit_thread.join()
latencies.sort()
n = len(latencies)


def pct(p):
    return latencies[min(n - 1, int(p * n))] * 1000 if n else float("nan")


print(f"requests {n} in {elapsed:.2f} s over {a.connections} connections: {n / elapsed:.0f} requests/s")
print(f"latency p50 {pct(0.50):.2f} ms, p99 {pct(0.99):.2f} ms, max {latencies[-1] * 1000 if n else 0:.2f} ms")
print(f"statuses {json.dumps({str(k): v for k, v in sorted(statuses.items(), key=str)})}, errors {len(errors)}")
for e in errors[:5]:
    print("  error:", e)

check = Checks()
check("every answer right: the output for a good request, its 4xx for a bad one", len(errors) == 0,
      f"{len(errors)} wrong answers, the first: {errors[:5]}")
check("requests were answered", n > 0)
if edit_thread:
    # The last edit (a good one) is loaded after its debounce and a compile: wait for it.
    end = time.time() + 20
    while True:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        st, body = request(conn, "GET", "/v1/policies")
        conn.close()
        fujian = [p for p in (body or {}).get("policies", []) if p["id"] == "fujian/2020-14"]
        if (fujian and fujian[0]["status"] == "serving") or time.time() > end:
            break
        time.sleep(0.1)
    log = srv.log()
    reloads = log.count("edict serve: reloaded (")
    kept = log.count("failed to load; still serving version")
    print(f"edits during the run: {edits}; reloads {reloads}, broken edits that kept the last good version {kept}")
    # Edits close together are one reload (debounced), and a slow build compiles slower than the
    # edits come: count only that reloads happened, and that the policy serves at the end.
    check("reloads during the run, and the policy serves at the end",
          reloads >= 2 and fujian and fujian[0]["status"] == "serving", f"{reloads} reloads, {kept} kept, {fujian}")
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
try:
    st, body = request(conn, "GET", "/healthz")
except Exception:
    st = None
check("the server answers after the load", st == 200, f"GET /healthz: {st}")
if srv is not None:
    rc = srv.stop(signal.SIGTERM)
    check("exit 0 after SIGTERM", rc == 0, f"exit status {rc}:\n{srv.log()[-500:]}")
if a.multi and srv is not None:
    shutil.rmtree(tree)
check.finish()
