"""`edict serve` over HTTP on a free loopback port, started and stopped here: every contract
example through POST /v1/eval and POST /v1/eval/batch, /v1/schema and /healthz, the 400/413/422
errors naming the field, concurrent clients, an access-log line per request, and a clean exit on
SIGTERM and on SIGINT. Ends with `N passed, M failed`."""
import json, os, signal, threading

from testlib import Checks, Server, request, edict_parser

ap = edict_parser()
ap.add_argument("--policy", default="policies/fujian/2020-14")
ap.add_argument("--cases", required=True)
ap.add_argument("--fallback")
a = ap.parse_args()
path = a.cases if os.path.exists(a.cases) or not a.fallback else a.fallback
examples = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
check = Checks()


# Seven connections at once from this one address: above the default per-address limit of 4.
srv = Server(a.edict, a.policy, "--max-body", "4096", "--threads", "8", "--max-client-connections", "8")
requests_sent = 0
try:
    c = srv.connect()
    st, body = request(c, "GET", "/healthz"); requests_sent += 1
    check("healthz", st == 200 and body == {"status": "ok"}, (st, body))

    st, schema = request(c, "GET", "/v1/schema"); requests_sent += 1
    outs = {o["name"]: o for o in schema["outputs"]} if st == 200 else {}
    ins = {i["name"]: i for i in schema["inputs"]} if st == 200 else {}
    check("schema lists outputs with the inputs each needs",
          st == 200 and outs.get("retirement_date", {}).get("type") == "date"
          and {"birth_date", "sex", "scheme"} <= set(outs["retirement_date"]["inputs"])
          and "monthly_pension" not in outs["retirement_date"]["inputs"], (st, outs.get("retirement_date")))
    check("schema types inputs", ins.get("monthly_pension", {}).get("type") == "money"
          and ins.get("epidemic_end", {}).get("optional") is True
          and set(ins.get("sex", {}).get("values", [])) == {"male", "female"}, ins.get("sex"))

    # Every contract example, one request each, on one keep-alive connection.
    for n, ex in enumerate(examples, 1):
        st, body = request(c, "POST", "/v1/eval", {"input": ex["input"], "outputs": list(ex["output"])})
        requests_sent += 1
        check(f"example {n} §{ex['clause']}", st == 200 and body == {"output": ex["output"]}
              and list(body["output"]) == list(ex["output"]), (st, body, ex["output"]))

    # The same examples in batches, grouped by the outputs they ask for.
    groups = {}
    for ex in examples:
        groups.setdefault(tuple(ex["output"]), []).append(ex)
    for keys, exs in groups.items():
        st, body = request(c, "POST", "/v1/eval/batch", {"cases": [e["input"] for e in exs], "outputs": list(keys)})
        requests_sent += 1
        check(f"batch {keys}", st == 200 and body["failed"] == 0
              and body["results"] == [{"output": e["output"]} for e in exs], (st, body))

    good = {"birth_date": "1960-01-10", "sex": "male", "scheme": "enterprise_employee"}
    st, body = request(c, "POST", "/v1/eval", {"input": good}); requests_sent += 1
    check("no outputs: every output, missing inputs are a 422 naming one", st == 422
          and body["error"]["field"].startswith("input."), (st, body))

    def expect(name, status, field, payload=None, raw=None, path="/v1/eval", method="POST"):
        global requests_sent
        st, body = request(c, method, path, payload, raw)
        requests_sent += 1
        check(name, st == status and body is not None and "error" in body
              and (field is None or body["error"]["field"] == field) and body["error"]["message"], (st, body))
        return body

    expect("bad JSON is 400", 400, None, raw=b'{"input": {')
    expect("empty body is 400", 400, None, raw=b"")
    expect("body not an object is 422", 422, None, payload=[1, 2])
    expect("unknown body field is 422 naming it", 422, "inptu", payload={"inptu": good})
    expect("input not an object", 422, "input", payload={"input": [1]})
    body = expect("unknown output is 422 naming it", 422, "outputs[1]",
                  payload={"input": good, "outputs": ["retirement_date", "no_such_output"]})
    check("unknown output message names it", body and "no_such_output" in body["error"]["message"], body)
    expect("outputs not an array", 422, "outputs", payload={"input": good, "outputs": "retirement_date"})
    expect("impossible date names the input", 422, "input.birth_date",
           payload={"input": dict(good, birth_date="2021-02-29"), "outputs": ["retirement_date"]})
    expect("ill-typed input names it", 422, "input.sex",
           payload={"input": dict(good, sex=1), "outputs": ["retirement_date"]})
    expect("missing needed input names it", 422, "input.scheme",
           payload={"input": {"birth_date": "1960-01-10", "sex": "male"}, "outputs": ["retirement_date"]})
    expect("unknown input key names it", 422, "input.brith",
           payload={"input": dict(good, brith=1), "outputs": ["retirement_date"]})
    expect("body over --max-body is 413", 413, None, raw=b'{"input": {"x": "' + b"a" * 8000 + b'"}}')
    expect("unknown route is 404", 404, None, payload={}, path="/v1/nope")
    expect("cases not an array", 422, "cases", payload={"cases": {}}, path="/v1/eval/batch")

    st, body = request(c, "POST", "/v1/eval/batch", {"cases": [good, dict(good, birth_date="1960-02-30"), 7],
                                                     "outputs": ["retirement_date"]})
    requests_sent += 1
    check("batch: errors in place, named per case", st == 200 and body["failed"] == 2
          and body["results"][0] == {"output": {"retirement_date": "2020-01-10"}}
          and body["results"][1]["error"]["field"] == "cases[1].birth_date"
          and body["results"][2]["error"]["field"] == "cases[2]", (st, body))

    money = {"birth_date": "1960-01-15", "sex": "male", "scheme": "enterprise_employee",
             "first_payment_month": "2020-05"}
    st, body = request(c, "POST", "/v1/eval", raw=json.dumps({"input": money, "outputs": ["back_pay"]})
                       .replace('"first_payment_month"', '"monthly_pension": 3125.60, "first_payment_month"').encode())
    requests_sent += 1
    check("money as a JSON number is exact over HTTP", st == 200 and body == {"output": {"back_pay": "9376.80"}},
          (st, body))

    # "explain": true adds the versioned trace of docs/explain.md beside the output.
    money = dict(money, monthly_pension="3125.60")
    st, body = request(c, "POST", "/v1/eval", {"input": money, "outputs": ["back_pay"], "explain": True})
    requests_sent += 1
    trace = (body or {}).get("explain") or {}
    rules = {r["name"]: r for r in trace.get("rules", [])}
    check("explain: output plus the trace", st == 200 and body.get("output") == {"back_pay": "9376.80"}
          and trace.get("version") == 1 and trace.get("outputs") == [{"name": "back_pay", "value": "9376.80"}]
          and "back_pay" in rules and any(c["clause"] == "一.2" for c in rules["back_pay"]["citations"]
                                           + [c for d in rules["back_pay"]["definitions"] for c in d["citations"]]),
          (st, body))
    st, body = request(c, "POST", "/v1/eval", {"input": money, "outputs": ["back_pay"], "explain": False})
    requests_sent += 1
    check("explain: false gives the output alone", st == 200 and body == {"output": {"back_pay": "9376.80"}}, (st, body))
    expect("explain must be a bool", 422, "explain", payload={"input": money, "explain": "yes"})
    expect("explain on a case with an error is the case's 422", 422, "input.birth_date",
           payload={"input": dict(money, birth_date="1960-02-30"), "outputs": ["back_pay"], "explain": True})

    # Concurrent clients, each on its own connection, all answers right.
    errors = []

    def client(k):
        conn = srv.connect()
        for i in range(40):
            ex = examples[(k + i) % len(examples)]
            st, body = request(conn, "POST", "/v1/eval", {"input": ex["input"], "outputs": list(ex["output"])})
            if st != 200 or body != {"output": ex["output"]}:
                errors.append((st, body))
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    requests_sent += 6 * 40
    check("6 concurrent clients x 40 requests, all right", not errors, errors[:3])
    c.close()
finally:
    rc = srv.stop(signal.SIGTERM)
log = srv.log()
access = [l for l in log.splitlines() if '"POST /' in l or '"GET /' in l]
check("one access-log line per request", len(access) == requests_sent, f"{len(access)} lines, {requests_sent} sent")
check("SIGTERM: exit 0 and a stop message", rc == 0 and "SIGTERM received" in log and "stopped" in log,
      (rc, log[-300:]))

srv2 = Server(a.edict, a.policy)
c = srv2.connect()
st, _ = request(c, "GET", "/healthz")
c.close()
rc = srv2.stop(signal.SIGINT)
check("SIGINT: exit 0", st == 200 and rc == 0 and "SIGINT received" in srv2.log(), (rc, srv2.log()[-300:]))

check.finish()
