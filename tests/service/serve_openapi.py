"""GET /v1/openapi.json (issue 14), validated by a real OpenAPI validator: the npm package
@apidevtools/swagger-parser, pinned with its dependencies in openapi/package-lock.json and installed
by `npm ci` in tests/service/openapi (tools/install-deps.sh). Every documented route of a server of
all the policies (and of a single-policy server, whose /v1/eval, /v1/eval/batch and /v1/schema are
documented too; and the workbench's form, notice and tests of each policy) is exercised, good and bad requests, and each answer is checked against the
document by openapi/check.mjs (Ajv, JSON Schema 2020-12). Ends with `N passed, M failed`."""
import argparse, json, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service_test_util import REPO, Server, check, finish  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--edict", required=True)
a = ap.parse_args()
CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "openapi")
if not os.path.isdir(os.path.join(CHECKER, "node_modules", "@apidevtools", "swagger-parser")):
    print(f"FAIL the OpenAPI validator is not installed: {CHECKER}/node_modules is missing.\n"
          f"     Run `npm ci` in {CHECKER} (tools/install-deps.sh does it; needs Node 20 and npm).")
    sys.exit(1)


def examples(policy):
    with open(os.path.join(REPO, "policies", policy, "tests", "examples.jsonl"), encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


GOOD = {"/v1/policies/fujian/2020-14": examples("fujian/2020-14")[2],
        "/v1/policies/cn/retirement-2025": examples("cn/retirement-2025")[0]}


def send(c, method, path, body=None, raw=None, headers=None):
    data = raw if raw is not None else (None if body is None else json.dumps(body, ensure_ascii=False).encode())
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    c.request(method, path, body=data, headers=h)
    r = c.getresponse()
    text = r.read()
    ctype = r.getheader("Content-Type", "")
    try:
        parsed = json.loads(text) if ctype.startswith("application/json") else text.decode()
    except ValueError:
        parsed = None
    return r.status, ctype, parsed


def exercise(srv, max_body):
    """Every documented operation of `srv`, with good and bad requests; returns (doc, exchanges)."""
    c = srv.connect()
    st, ctype, doc = send(c, "GET", "/v1/openapi.json")
    check("GET /v1/openapi.json 200 JSON", st == 200 and isinstance(doc, dict) and doc.get("openapi") == "3.1.0",
          (st, ctype))
    out = [{"method": "GET", "path": "/v1/openapi.json", "status": st, "contentType": ctype, "body": doc}]

    def record(method, path, documented, **kw):
        nonlocal c
        status, ct, body = send(c, method, path, **kw)
        out.append({"method": method, "path": documented, "status": status, "contentType": ct, "body": body})
        if kw.get("raw") is not None and len(kw["raw"]) > max_body or status in (413, 415):
            c.close()
            c = srv.connect()  # the body was refused unread: this connection closes
        return status

    for path, ops in doc["paths"].items():
        for method in ops:
            if method == "get":
                record("GET", path, path)
                continue
            # POST: an evaluation route of a policy (or /v1/eval); a good request where we know one.
            base = path[:-len("/eval/batch")] if path.endswith("/eval/batch") else path[:-len("/eval")]
            batch = path.endswith("/batch")
            policy_route = base.startswith("/v1/policies/")
            good = GOOD.get(base) or (GOOD["/v1/policies/fujian/2020-14"] if base == "/v1" else None)
            if good:
                outputs = list(good["output"])
                body = {"cases": [good["input"], {}], "outputs": outputs} if batch else \
                    {"input": good["input"], "outputs": outputs, "explain": True}
                check(f"POST {path}: a good request 200", record("POST", path, path, body=body) == 200)
            record("POST", path, path, body={"cases": [{}]} if batch else {"input": {}})
            record("POST", path, path, raw=b"{not json")
            record("POST", path, path, body={"input": {}, "outputs": ["no_such_output"], "cases": 1})
            record("POST", path, path, raw=b'{"input": {"x": "' + b"a" * max_body + b'"}}')
            record("POST", path, path, raw=b"--x\r\n", headers={"Content-Type": "multipart/form-data; boundary=x"})
            if policy_route:
                st = record("POST", path + "?version=0000000000ff", path, body={"input": {}})
                check(f"POST {path}?version=other 409", st == 409, st)
    c.close()
    return doc, out


def validate(doc, exchanges, name):
    with tempfile.TemporaryDirectory() as tmp:
        d, x = os.path.join(tmp, "doc.json"), os.path.join(tmp, "exchanges.json")
        json.dump(doc, open(d, "w"))
        json.dump(exchanges, open(x, "w"))
        p = subprocess.run(["node", os.path.join(CHECKER, "check.mjs"), d, x], capture_output=True, text=True,
                           cwd=CHECKER)
    print(p.stdout.strip())
    check(f"{name}: the document validates and {len(exchanges)} answers match it", p.returncode == 0,
          p.stdout[-1500:] + p.stderr[-1500:])


MAX = 65536
srv = Server(a.edict, os.path.join(REPO, "policies"), "--max-body", str(MAX))
try:
    doc, ex = exercise(srv, MAX)
    check("each served policy has its eval and batch paths",
          "/v1/policies/fujian/2020-14/eval" in doc["paths"] and "/v1/policies/cn/retirement-2025/eval/batch"
          in doc["paths"] and "/v1/eval" not in doc["paths"], sorted(doc["paths"])[:12])
    check("the workbench's routes of each policy are documented (and so exercised and validated)",
          all(f"/v1/policies/{p}/{r}" in doc["paths"] for p in ("fujian/2020-14", "cn/retirement-2025")
              for r in ("form", "notice", "tests")), sorted(doc["paths"])[:12])
    fin = next((v for k, v in doc["components"]["schemas"].items() if k.endswith("fujian_2020-14_Input")), {})
    check("a policy's input schema: its inputs, enums, optional types also null",
          fin.get("properties", {}).get("sex", {}).get("enum") == ["male", "female"]
          and {"type": "null"} in fin["properties"]["certified_on"].get("anyOf", []), json.dumps(fin)[:400])
    validate(doc, ex, "all policies")
finally:
    check("exit 0", srv.stop() == 0)
srv = Server(a.edict, os.path.join(REPO, "policies", "fujian", "2020-14"), "--max-body", str(MAX))
try:
    doc, ex = exercise(srv, MAX)
    check("one policy: /v1/eval, /v1/eval/batch and /v1/schema documented",
          all(p in doc["paths"] for p in ("/v1/eval", "/v1/eval/batch", "/v1/schema")))
    validate(doc, ex, "one policy")
finally:
    check("exit 0", srv.stop() == 0)
finish()
