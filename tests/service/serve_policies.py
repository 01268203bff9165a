"""`edict serve DIR` (issue 14): every policy under a folder served side by side with its version;
version pinning (409/404); the single-policy routes refused when several are served; an edit picked
up without a restart (inotify) and a broken edit keeping the last good version, shown in
/v1/policies and /readyz; a VERSION file; SIGHUP reloading with --no-watch; the decision log (request
ids given and generated, batch cases, hashed inputs, rotation); and `edict replay` reporting exactly
the decisions an amendment changes, the expected set computed by `edict eval` on the policy before
and after. Ends with `N passed, M failed`."""
import argparse, hashlib, json, os, shutil, signal, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service_test_util import (REPO, Server, check, edit, finish, get_json, parse_exposition,  # noqa: E402
                               policies_by_id, policy_tree, request, sample, wait_for)

ap = argparse.ArgumentParser()
ap.add_argument("--edict", required=True)
a = ap.parse_args()
edict = os.path.abspath(a.edict)


def examples(policy):
    with open(os.path.join(REPO, "policies", policy, "tests", "examples.jsonl"), encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


FUJIAN = examples("fujian/2020-14")
RETIRE = examples("cn/retirement-2025")
root = policy_tree("cn", "fujian", "examples")
pol = os.path.join(root, "policies")
law = os.path.join(pol, "cn", "retirement-2025", "0-law.edict")
log = os.path.join(root, "decisions.jsonl")
# The policy before any edit, for the expected outputs of the replay check.
shutil.copytree(os.path.join(pol, "cn", "retirement-2025"), os.path.join(pol, "..", "retirement-before"))
before_law = os.path.join(root, "policies", "cn", "retirement-before")
shutil.move(os.path.join(root, "retirement-before"), before_law)

# A compiled artifact is a policy too (id: its path without .edictc; version: the file's SHA-256).
os.makedirs(os.path.join(pol, "artifacts"))
artifact = os.path.join(pol, "artifacts", "fujian-2020-14.edictc")
subprocess.run([edict, "build", os.path.join(pol, "fujian", "2020-14"), "-o", artifact, "-q"], check=True)
with open(os.path.join(pol, "artifacts", "fujian-2020-14.version"), "w") as vf:
    vf.write("a1\n")

srv = Server(edict, pol, "--decision-log", log, "--reload-debounce", "0.2")
try:
    art = policies_by_id(srv).get("artifacts/fujian-2020-14")
    check("an .edictc artifact is served: version = SHA-256 of its bytes, its .version file declared",
          art and art["checksum"] == "sha256:" + hashlib.sha256(open(artifact, "rb").read()).hexdigest()
          and art["declared_version"] == "a1" and art["status"] == "serving", art)
    c = srv.connect()
    st, body = request(c, "POST", "/v1/policies/artifacts/fujian-2020-14/eval",
                       {"input": FUJIAN[2]["input"], "outputs": list(FUJIAN[2]["output"])})
    check("the artifact evaluates like the source", st == 200 and body["output"] == FUJIAN[2]["output"], (st, body))
    st, body = request(c, "POST", "/v1/policies/artifacts/fujian-2020-14/eval",
                       {"input": FUJIAN[2]["input"], "outputs": list(FUJIAN[2]["output"]), "explain": True})
    check("explain on an artifact: 422 saying it keeps no source", st == 422 and body["error"]["field"] == "explain"
          and ".edictc" in body["error"]["message"], (st, body))
    c.close()
    listed = policies_by_id(srv)
    f, r = listed.get("fujian/2020-14"), listed.get("cn/retirement-2025")
    check("both policies listed and serving", f and r and f["status"] == r["status"] == "serving", list(listed))
    check("a version is the first 12 hex digits of the sha256 checksum",
          f and f["checksum"] == "sha256:" + f["checksum"][7:] and f["checksum"][7:19] == f["version"]
          and len(f["checksum"]) == 71, f)
    check("notices and outputs listed", f and "闽人社办[2020]14号" in f["notices"]
          and {"name": "back_pay", "type": "money"} in f["outputs"], f)
    c = srv.connect()

    # Side by side: each policy's contract examples on its own route, one request per case.
    bad = []
    for pid, cases in (("fujian/2020-14", FUJIAN), ("cn/retirement-2025", RETIRE)):
        for case in cases:
            st, body = request(c, "POST", f"/v1/policies/{pid}/eval",
                               {"input": case["input"], "outputs": list(case["output"])})
            if st != 200 or body.get("output") != case["output"]:
                bad.append((pid, case, st, body))
    check(f"{len(FUJIAN)} Fujian and {len(RETIRE)} retirement-law examples answered on their routes", not bad, bad[:2])
    st, body = request(c, "POST", "/v1/policies/cn/retirement-2025/eval/batch",
                       {"cases": [x["input"] for x in RETIRE], "outputs": list(RETIRE[0]["output"])})
    check("batch route", st == 200 and body["failed"] == 0 and [x["output"] for x in body["results"]]
          == [x["output"] for x in RETIRE], (st, body))

    # Pinning: the loaded version by short form, checksum and sha256: prefix; another one is 409.
    one = {"input": RETIRE[0]["input"], "outputs": ["statutory_retirement_date"]}
    for pin in (r["version"], r["checksum"], r["checksum"][7:]):
        st, body = request(c, "POST", f"/v1/policies/cn/retirement-2025/eval?version={pin}", one)
        check(f"pinned to the loaded version ({pin[:14]}...) 200", st == 200, (st, body))
    st, body = request(c, "POST", "/v1/policies/cn/retirement-2025/eval?version=0123456789ab", one)
    check("pinned to another version 409 naming the loaded one", st == 409 and r["version"] in body["error"]["message"],
          (st, body))
    st, body = request(c, "POST", "/v1/policies/cn/no-such/eval", one)
    check("unknown policy 404", st == 404 and "GET /v1/policies" in body["error"]["message"], (st, body))
    st, body = request(c, "POST", "/v1/eval", one)
    check("/v1/eval with several policies served: 404 saying which route to use",
          st == 404 and "/v1/policies/{id}/eval" in body["error"]["message"], (st, body))
    c.close()

    # A VERSION file is picked up as the declared version, and pins.
    with open(os.path.join(pol, "fujian", "2020-14", "VERSION"), "w") as vf:
        vf.write("2020-14.1\n")
    f2 = wait_for(lambda: policies_by_id(srv)["fujian/2020-14"].get("declared_version") == "2020-14.1"
                  and policies_by_id(srv)["fujian/2020-14"])
    check("VERSION file read without a restart", f2, policies_by_id(srv).get("fujian/2020-14"))
    c = srv.connect()
    st, _ = request(c, "POST", "/v1/policies/fujian/2020-14/eval?version=2020-14.1",
                    {"input": FUJIAN[0]["input"], "outputs": list(FUJIAN[0]["output"])})
    check("pinned by the declared version 200", st == 200, st)
    c.close()

    # Decisions made on the law as first loaded (all outputs), with request ids given and not.
    law_cases = [x["input"] for x in RETIRE] + [dict(RETIRE[0]["input"], birth_date=d) for d in
                                                 ("1965-01-15", "1966-06-30", "1970-12-01", "1975-01-31", "1964-11-30")]
    c = srv.connect()
    ids = []
    for i, case in enumerate(law_cases):
        hdr = {"Content-Type": "application/json"}
        if i % 2 == 0:
            hdr["X-Request-Id"] = f"audit-{i}"
        c.request("POST", "/v1/policies/cn/retirement-2025/eval", body=json.dumps({"input": case}), headers=hdr)
        resp = c.getresponse()
        resp.read()
        ids.append(resp.getheader("X-Request-Id"))
    c.close()
    check("X-Request-Id given is returned", all(ids[i] == f"audit-{i}" for i in range(0, len(ids), 2)), ids)
    check("X-Request-Id generated when absent (16 hex digits, all different)",
          all(len(ids[i]) == 16 for i in range(1, len(ids), 2)) and len(set(ids)) == len(ids), ids)

    # An amendment: the law takes effect a year later. Picked up without a restart.
    old_version = policies_by_id(srv)["cn/retirement-2025"]["version"]
    edit(law, "  = 2025-01-01", "  = 2026-01-01")
    new = wait_for(lambda: (p := policies_by_id(srv)["cn/retirement-2025"])["version"] != old_version and p)
    check("an edit is served without a restart (new version)", new and new["status"] == "serving", new)

    # A broken edit: the last good version keeps serving; the failure in /v1/policies and /readyz.
    good_version = new["version"] if new else None
    edit(law, "  = 2026-01-01", "  = 2026-01-01 +")
    stale = wait_for(lambda: (p := policies_by_id(srv)["cn/retirement-2025"])["status"] == "stale" and p)
    check("a broken edit: status stale, same version, the diagnostics as error",
          stale and stale["version"] == good_version and "error" in stale["error"] and stale["failed_at"], stale)
    st, ready = get_json(srv, "/readyz")
    check("/readyz stays 200 and lists the failure", st == 200 and ready["failures"]
          and ready["failures"][0]["id"] == "cn/retirement-2025" and ready["failures"][0]["serving"], (st, ready))
    c = srv.connect()
    st, body = request(c, "POST", "/v1/policies/cn/retirement-2025/eval?version=" + (good_version or ""), one)
    check("the last good version still evaluates", st == 200, (st, body))
    c.close()
    st, text = None, None
    c = srv.connect()
    c.request("GET", "/metrics")
    text = c.getresponse().read().decode()
    c.close()
    fams = parse_exposition(text)
    check("metrics: reloads counted, the failure counted", sample(fams, "edict_reloads_total") >= 3
          and sample(fams, "edict_reload_failures_total") >= 1, text[-600:])
    edit(law, "  = 2026-01-01 +", "  = 2026-01-01")
    fixed = wait_for(lambda: (p := policies_by_id(srv)["cn/retirement-2025"])["status"] == "serving" and p)
    check("fixing the edit clears the failure", fixed and fixed["error"] is None and fixed["version"] == good_version,
          fixed)

    # A policy that never loaded: /readyz 503 naming it, its route 503; the others still served.
    os.makedirs(os.path.join(pol, "broken"))
    with open(os.path.join(pol, "broken", "p.edict"), "w") as bf:
        bf.write("output x\nrule x: int = \n")
    wait_for(lambda: "broken" in policies_by_id(srv))
    st, ready = get_json(srv, "/readyz")
    check("/readyz 503 while a policy has no version", st == 503 and ready["status"] == "not ready"
          and any(x["id"] == "broken" and not x["serving"] for x in ready["failures"]), (st, ready))
    c = srv.connect()
    st, body = request(c, "POST", "/v1/policies/broken/eval", {"input": {}})
    check("its route 503", st == 503, (st, body))
    c.close()
    shutil.rmtree(os.path.join(pol, "broken"))
    wait_for(lambda: "broken" not in policies_by_id(srv))
    st, ready = get_json(srv, "/readyz")
    check("removed: ready again", st == 200 and ready["status"] == "ready", (st, ready))
finally:
    rc = srv.stop()
check("exit 0 on SIGTERM", rc == 0, srv.log()[-2000:])
check("reloads logged", "cn/retirement-2025: version" in srv.log() and "still serving version" in srv.log(),
      srv.log()[-3000:])

# The decision log: one line per decision, as the contract of decision_log.hpp says.
with open(log, encoding="utf-8") as lf:
    lines = [json.loads(l) for l in lf]
law_lines = [d for d in lines if d["request_id"] in set(ids)]
check("decision log: one line per decision", len([d for d in lines if d["policy"] == "fujian/2020-14"])
      == len(FUJIAN) + 1 and len(law_lines) == len(law_cases), (len(lines), len(law_lines)))
check("decision log: request ids match the answers'", [d["request_id"] for d in law_lines] == ids,
      [d["request_id"] for d in law_lines][:4])
batch = [d for d in lines if d["route"] == "batch"]
check("decision log: batch cases numbered", [d["case"] for d in batch] == list(range(len(RETIRE))), len(batch))
check("decision log: inputs, outputs, version, checksum",
      law_lines[0]["input"] == law_cases[0] and isinstance(law_lines[0]["output"], dict)
      and law_lines[0]["checksum"][7:19] == law_lines[0]["version"], law_lines[0])

# Replay: exactly the decisions the amendment changed, by `edict eval` on the law before and after.
cases_file = os.path.join(root, "cases.jsonl")
with open(cases_file, "w") as cf:
    for d in law_lines:
        cf.write(json.dumps(d["input"]) + "\n")
outs = ",".join(law_lines[0]["outputs"])
run = lambda p: subprocess.run([edict, "eval", p, "--input", cases_file, "--output", outs],  # noqa: E731
                               capture_output=True, text=True).stdout.splitlines()
old, now = run(before_law), run(os.path.dirname(law))
expected = {i for i, (x, y) in enumerate(zip(old, now)) if json.loads(x) != json.loads(y)}
check("the amendment changes some of the decisions, not all", 0 < len(expected) < len(law_lines), expected)
law_log = os.path.join(root, "law.jsonl")
with open(law_log, "w") as lf:
    for d in law_lines:
        lf.write(json.dumps(d, ensure_ascii=False) + "\n")
p = subprocess.run([edict, "replay", law_log, "--format", "json"], capture_output=True, text=True)
reported = [json.loads(l) for l in p.stdout.splitlines()]
check("replay exits 1 when decisions differ", p.returncode == 1, (p.returncode, p.stderr))
check("replay reports exactly the decisions the amendment changes",
      {x["line"] - 1 for x in reported} == expected, (reported, expected))
check("replay names request id, logged and current version",
      reported and all(x["request_id"] == law_lines[x["line"] - 1]["request_id"] and x["logged_version"] == old_version
                       and x["version"] == good_version for x in reported), reported[:1])
p = subprocess.run([edict, "replay", law_log], capture_output=True, text=True)
check("replay text: what each output was and would be", "statutory_retirement_date: " in p.stdout and " -> " in p.stdout
      and f"{len(law_lines)} decisions replayed: {len(expected)} would differ" in p.stderr, p.stdout[:500] + p.stderr)
# Back to the law as logged: nothing differs.
shutil.copy(os.path.join(before_law, "0-law.edict"), law)
p = subprocess.run([edict, "replay", law_log], capture_output=True, text=True)
check("replay on the unchanged policy: exit 0, nothing reported", p.returncode == 0 and p.stdout == "",
      (p.returncode, p.stdout[:300], p.stderr))
with open(law_log, "a") as lf:
    lf.write("{not json\n")
p = subprocess.run([edict, "replay", law_log], capture_output=True, text=True)
check("replay: a line that is not a decision is named, exit 4", p.returncode == 4 and
      f"law.jsonl:{len(law_lines) + 1}: not JSON" in p.stderr, (p.returncode, p.stderr))

# Hashed inputs, and rotation by size: 2,500 decisions of ~700 bytes past a 1 MiB limit.
log2 = os.path.join(root, "hashed.jsonl")
srv = Server(edict, pol, "--decision-log", log2, "--decision-log-inputs", "hash", "--decision-log-max-mb", "1",
             "--decision-log-keep", "2", "--no-watch", "--max-cases", "5000")
try:
    c = srv.connect()
    case = RETIRE[0]["input"]
    st, body = request(c, "POST", "/v1/policies/cn/retirement-2025/eval/batch", {"cases": [case] * 2500})
    check("a batch of 2,500", st == 200 and body["failed"] == 0, st)
    c.close()
    # SIGHUP reloads with --no-watch: an edit is not seen until it.
    before = policies_by_id(srv)["cn/retirement-2025"]["version"]
    edit(law, "  = 2025-01-01", "  = 2027-01-01")
    time.sleep(0.6)
    unchanged = policies_by_id(srv)["cn/retirement-2025"]["version"] == before
    srv.proc.send_signal(signal.SIGHUP)
    after = wait_for(lambda: policies_by_id(srv)["cn/retirement-2025"]["version"] != before)
    check("--no-watch: an edit waits for SIGHUP, then is loaded", unchanged and after, (unchanged, after))
finally:
    rc = srv.stop()
check("exit 0 (the queued decisions written first)", rc == 0, srv.log()[-500:])
rotated = [json.loads(l) for l in open(log2 + ".1", encoding="utf-8")] if os.path.exists(log2 + ".1") else []
current = [json.loads(l) for l in open(log2, encoding="utf-8")]
check("rotated at 1 MiB: FILE.1 holds at most 1 MiB, FILE the rest, none lost",
      rotated and os.path.getsize(log2 + ".1") <= 1 << 20 and len(rotated) + len(current) == 2500,
      (len(rotated), len(current)))
digest = hashlib.sha256(json.dumps(case, separators=(",", ":")).encode()).hexdigest()
check("--decision-log-inputs hash: input_sha256 is the SHA-256 of the compact input, no input",
      current and current[-1]["input_sha256"] == digest and "input" not in current[-1], current[-1:])
# One artifact served alone: the single-policy routes answer from it.
srv = Server(edict, artifact)
try:
    c = srv.connect()
    st, body = request(c, "POST", "/v1/eval", {"input": FUJIAN[2]["input"], "outputs": list(FUJIAN[2]["output"])})
    st2, schema = request(c, "GET", "/v1/schema")
    c.close()
    check("`edict serve X.edictc`: /v1/eval and /v1/schema answer", st == 200 and body["output"] == FUJIAN[2]["output"]
          and st2 == 200 and schema["outputs"], (st, body, st2))
finally:
    check("exit 0", srv.stop() == 0)
shutil.copy(log2, os.path.join(root, "h.jsonl"))
p = subprocess.run([edict, "replay", os.path.join(root, "h.jsonl")], capture_output=True, text=True)
check("replay skips hashed decisions and says so", p.returncode == 0 and f"{len(current)} skipped" in p.stderr,
      p.stderr)
shutil.rmtree(root)
finish()
