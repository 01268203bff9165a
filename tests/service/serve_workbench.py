"""The workbench's routes of `edict serve` (issue 15, docs/workbench.md), without a browser: the page
at / and /workbench/FILE served from the binary with a content security policy; the JSON the page
reads (GET /v1/policies/{id}/form, /notice, /tests) checked against the compiled policy, /v1/schema
and `edict test`; a failing test shown with what it expected and what it got; the refusals (an
artifact without sources, an unknown policy, a wrong method). Ends with `N passed, M failed`."""
import argparse, http.client, json, os, re, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service_test_util import REPO, Server, check, edit, finish, get_json, policy_tree, wait_for  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--edict", required=True)
a = ap.parse_args()
FUJIAN = "/v1/policies/fujian/2020-14"


def fetch(srv, method, path):
    c = srv.connect()
    c.request(method, path)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, dict(r.getheaders()), body


root = policy_tree("fujian", "cn")
srv = Server(a.edict, os.path.join(root, "policies"))
try:
    check("the start-up lines print the workbench's address",
          wait_for(lambda: re.search(r"edict serve: workbench: open http://127\.0\.0\.1:%d/ in a browser" % srv.port,
                                     srv.log())),
          srv.log())
    st, h, body = fetch(srv, "GET", "/")
    check("GET / is the page, HTML", st == 200 and h.get("Content-Type", "").startswith("text/html")
          and b'src="/workbench/app.js"' in body, (st, h))
    check("with a content security policy allowing only its own files",
          "default-src 'self'" in h.get("Content-Security-Policy", "") and h.get("X-Content-Type-Options") == "nosniff", h)
    st, h, body = fetch(srv, "GET", "/workbench/app.js")
    check("its script, as JavaScript", st == 200 and h.get("Content-Type", "").startswith("text/javascript")
          and b"renderDecision" in body, (st, h))
    with open(os.path.join(REPO, "tools", "workbench", "web", "app.js"), "rb") as f:
        check("byte for byte the file of tools/workbench/web", body == f.read())
    st, h, body = fetch(srv, "GET", "/workbench/nothing.js")
    check("an unknown file of the page: 404 JSON", st == 404 and b"nothing.js" in body, (st, body))
    st, h, body = fetch(srv, "POST", "/v1/policies/fujian/2020-14/form")
    check("POST to a workbench route: 405 with Allow", st == 405 and h.get("Allow") == "GET, HEAD", (st, h))

    st, form = get_json(srv, FUJIAN + "/form")
    check("form: 200", st == 200, form)
    inputs = {i["name"]: i for i in form["inputs"]}
    check("an input with a default carries it, its type and doc",
          inputs["epidemic_start"]["default"] == "2020-01-24" and inputs["epidemic_start"]["kind"] == "date"
          and "emergency response" in inputs["epidemic_start"]["doc"], inputs["epidemic_start"])
    check("an optional input without a default", inputs["certified_on"]["optional"]
          and not inputs["certified_on"]["has_default"] and "default" not in inputs["certified_on"], inputs["certified_on"])
    check("an enum lists its cases", inputs["sex"]["values"] == ["male", "female"] and inputs["sex"]["kind"] == "enum")
    check("money is of kind money", inputs["monthly_pension"]["kind"] == "money")
    single = Server(a.edict, os.path.join(root, "policies", "fujian", "2020-14"))
    try:
        st, schema = get_json(single, "/v1/schema")
    finally:
        single.stop()
    needs = {o["name"]: o["inputs"] for o in schema["outputs"]}
    check("each output's inputs are /v1/schema's", all(o["inputs"] == needs[o["name"]] for o in form["outputs"])
          and len(form["outputs"]) == len(needs), form["outputs"][:2])
    check("each output has its doc", next(o for o in form["outputs"] if o["name"] == "back_pay")["doc"].startswith("The back pay"))

    st, notice = get_json(srv, FUJIAN + "/notice")
    check("notice: 200, the policy's own notice", st == 200 and [n["name"] for n in notice["notices"]] == ["闽人社办[2020]14号"],
          str(notice)[:300])
    paras = notice["notices"][0]["paragraphs"]
    cited = [p for para in paras for p in para["parts"] if "rules" in p]
    quote = "对于已领取待遇人员，因疫情影响未能在疫情期间按期办理资格认证的，在疫情结束前不暂停待遇的发放。"
    check("the sentence the exception cites is a cited part of clause 一.1, naming its rule",
          any(quote in p["text"] and p["clause"] == "一.1" and "benefit_suspended" in p["rules"] for p in cited), cited[:3])
    check("paragraphs carry their clause ids", any(p["clause"] == "一.2" for p in paras))

    st, tests = get_json(srv, FUJIAN + "/tests")
    run = subprocess.run([a.edict, "test", os.path.join(root, "policies", "fujian", "2020-14")], capture_output=True, text=True)
    m = re.search(r"(\d+) passed", run.stdout + run.stderr)
    check("tests: as many pass as `edict test` says", st == 200 and tests["failed"] == 0 and m
          and tests["passed"] == int(m.group(1)) == len(tests["tests"]), (tests.get("passed"), run.stdout[-300:]))
    # A wrong expectation: shown failing, with what it expected and what it got.
    cases = os.path.join(root, "policies", "fujian", "2020-14", "tests", "examples.jsonl")
    edit(cases, '"output": {"benefit_suspended": false}', '"output": {"benefit_suspended": true}')
    st, tests = get_json(srv, FUJIAN + "/tests")
    bad = [t for t in tests["tests"] if not t["passed"]]
    check("a wrong expectation fails, expected vs got", st == 200 and tests["failed"] == 1 and len(bad) == 1
          and bad[0]["problems"] == ["benefit_suspended: expected true, got false"]
          and bad[0]["expect"] == [{"name": "benefit_suspended", "value": "true"}], bad)

    # The notice is the served version's: no test is compiled or run for it, so tests that no longer
    # compile leave it answering (the tests route says why they cannot run).
    broken = os.path.join(root, "policies", "fujian", "2020-14", "tests", "broken.edict")
    with open(broken, "w", encoding="utf-8") as f:
        f.write('test "unfinished" {\n')
    st, body = get_json(srv, FUJIAN + "/tests")
    check("tests that do not compile: the tests route answers 422", st == 422 and "edict test" in body["error"]["message"], body)
    st, again = get_json(srv, FUJIAN + "/notice")
    check("the notice still answers, the same as before", st == 200 and again == notice, (st, str(again)[:300]))
    os.remove(broken)
    # Kept per version, it follows its text file: an edited notice text shows on the next request.
    text = os.path.join(root, "policies", "fujian", "2020-14", "notice.txt")
    edit(text, "探索通过网上受理", "探索通过网上和电话受理")
    st, edited = get_json(srv, FUJIAN + "/notice")
    check("an edited notice text shows on the next request", st == 200 and any(
        "探索通过网上和电话受理" in p["text"] for para in edited["notices"][0]["paragraphs"] for p in para["parts"]),
        str(edited)[:300])

    st, body = get_json(srv, "/v1/policies/no/such/form")
    check("an unknown policy: 404 naming it", st == 404 and "no/such" in body["error"]["message"], body)
finally:
    check("exit 0", srv.stop() == 0)

artifact = os.path.join(root, "fujian.edictc")
subprocess.run([a.edict, "build", os.path.join(REPO, "policies", "fujian", "2020-14"), "-o", artifact, "-q"], check=True)
srv = Server(a.edict, artifact)
try:
    st, form = get_json(srv, "/v1/policies/fujian/form")
    check("an artifact still has its form", st == 200 and form["policy"] == "fujian", form)
    for route in ("notice", "tests"):
        st, body = get_json(srv, "/v1/policies/fujian/" + route)
        check(f"an artifact has no {route}: 422 saying why", st == 422 and ".edictc" in body["error"]["message"], body)
finally:
    check("exit 0", srv.stop() == 0)
shutil.rmtree(root, ignore_errors=True)
finish()
