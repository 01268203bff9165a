"""GET /metrics (issue 14): the answer parsed strictly as the Prometheus text exposition format
(service_test_util.parse_exposition; the parser is first shown to refuse malformed text), and
its values checked against the requests this script made: requests by route pattern and status,
the latency histogram, cases evaluated and failed per policy and version, in flight, build info,
reloads. Ends with `N passed, M failed`."""
import argparse, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service_test_util import REPO, Server, check, finish, parse_exposition, policies_by_id, request, sample  # noqa

ap = argparse.ArgumentParser()
ap.add_argument("--edict", required=True)
a = ap.parse_args()

# The parser is a check only if it refuses what is not the format.
for bad in ("x 1", "# TYPE x counter\nx{a=b} 1\n", "# TYPE x counter\nx one\n",
            "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
            "# TYPE x counter\n# TYPE x counter\nx 1\n", "# TYPE x counter\nx -1\n"):
    try:
        parse_exposition(bad if bad.endswith("\n") else bad + "\n") if bad != "x 1" else parse_exposition("x 1\n")
        check(f"parser refuses {bad!r}", False)
    except ValueError:
        check(f"parser refuses {bad!r}", True)

good = {"birth_date": "1960-01-15", "sex": "male", "scheme": "enterprise_employee", "monthly_pension": "3125.60",
        "first_payment_month": "2020-05"}
srv = Server(a.edict, os.path.join(REPO, "policies"))
try:
    version = policies_by_id(srv)["fujian/2020-14"]["version"]
    c = srv.connect()
    route = "/v1/policies/fujian/2020-14/eval"
    for _ in range(3):
        st, _ = request(c, "POST", route, {"input": good, "outputs": ["back_pay"]})
    st422, _ = request(c, "POST", route, {"input": dict(good, birth_date="1960-02-30"), "outputs": ["back_pay"]})
    st400, _ = request(c, "POST", route, raw=b"{not json")
    c = srv.connect()
    stb, body = request(c, "POST", route + "/batch", {"cases": [good, good, good, dict(good, sex="x")],
                                                      "outputs": ["back_pay"]})
    check("the requests answered as expected", st == 200 and st422 == 422 and st400 == 400 and stb == 200
          and body["failed"] == 1, (st, st422, st400, stb))
    c.request("GET", "/metrics")
    resp = c.getresponse()
    text = resp.read().decode()
    check("Content-Type text/plain; version=0.0.4", resp.getheader("Content-Type", "").startswith(
        "text/plain; version=0.0.4"), resp.getheader("Content-Type"))
    try:
        fams = parse_exposition(text)
        check("parses as the exposition format", True)
    except ValueError as e:
        fams = {}
        check("parses as the exposition format", False, e)
    pattern = "/v1/policies/{id}/eval"
    check("requests by route pattern and status", sample(fams, "edict_http_requests_total", route=pattern, status=200)
          == 3 and sample(fams, "edict_http_requests_total", route=pattern, status=422) == 1
          and sample(fams, "edict_http_requests_total", route=pattern, status=400) == 1
          and sample(fams, "edict_http_requests_total", route=pattern + "/batch", status=200) == 1, text[:1500])
    check("latency histogram counts them", sample(fams, "edict_http_request_duration_seconds",
                                                  "edict_http_request_duration_seconds_count", route=pattern) == 5)
    check("cases evaluated and failed per policy and version",
          sample(fams, "edict_cases_evaluated_total", policy="fujian/2020-14", version=version) == 8
          and sample(fams, "edict_cases_failed_total", policy="fujian/2020-14", version=version) == 2,
          [s for s in fams.get("edict_cases_evaluated_total", {"samples": []})["samples"]])
    check("in flight: the scrape itself", sample(fams, "edict_http_requests_in_flight") == 1)
    check("build info", sample(fams, "edict_build_info", version="0.1.0") == 1)
    check("reloads: the start-up load, no failures", sample(fams, "edict_reloads_total") == 1
          and sample(fams, "edict_reload_failures_total") == 0)
    check("policies serving", sample(fams, "edict_policies", state="serving") >= 2)
    check("every family has HELP and TYPE", fams and all(f["help"] and f["type"] for f in fams.values()))
    c.request("GET", "/metrics")
    again = parse_exposition(c.getresponse().read().decode())
    check("counters do not go down between scrapes", all(
        v <= sample(again, name, n, **labels) for name, f in fams.items() if f["type"] == "counter"
        for n, labels, v in f["samples"]))
    c.close()
finally:
    rc = srv.stop()
check("exit 0", rc == 0, rc)
finish()
