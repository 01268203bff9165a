"""Edges of `edict serve` refused or handled since issue 11, on a free loopback port: a member given
twice in a body (400) and an output named twice (422); bodies above 8 KiB sent as a form (curl -d,
urllib's default) read as JSON up to --max-body, multipart and compressed bodies 415, chunked bodies
held to --max-body; Range headers ignored (whole body, no 206, no Content-Range) and an invalid one
refused whole; 405 with Allow for a wrong method on a route; the access log escaping what is not
printable; pipelined requests all answered; SIGHUP logged and reloading (unchanged: the same version). Ends with `N passed, M failed`."""
import json, re, signal, socket, time, urllib.error, urllib.request

from testlib import Checks, Server, request, edict_parser

ap = edict_parser()
ap.add_argument("--policy", default="policies/fujian/2020-14")
a = ap.parse_args()
check = Checks()


def raw(port, data, timeout=5):
    """Sends raw bytes on a fresh connection and returns everything the server sends until it closes."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)  # nothing more comes: the server need not wait for more of a refused body
    out = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    except (socket.timeout, ConnectionResetError) as e:
        out += f"<{type(e).__name__}>".encode()
    s.close()
    return out


def parse(text):
    try:
        return json.loads(text)
    except ValueError:
        return None


def head_body(answer):
    head, _, body = answer.partition(b"\r\n\r\n")
    return head.decode("latin-1"), body


MAX_BODY = 256 * 1024
srv = Server(a.edict, a.policy, "--max-body", str(MAX_BODY))
good = {"birth_date": "1960-01-10", "sex": "male", "scheme": "enterprise_employee"}
one = {"input": good, "outputs": ["retirement_date"]}
try:
    c = srv.connect()
    # Item 7: members given twice.
    dup = json.dumps(good)
    for name, text, status, field in [
        ("input twice is 400", '{"input": %s, "input": {"birth_date": "1970-01-01"}}' % dup, 400, "input"),
        ("outputs twice is 400", '{"input": %s, "outputs": ["retirement_age"], "outputs": ["retirement_date"]}'
         % dup, 400, "outputs"),
        ("explain twice is 400", '{"input": %s, "explain": false, "explain": true}' % dup, 400, "explain"),
        ("an output named twice is 422", '{"input": %s, "outputs": ["retirement_date", "retirement_date"]}' % dup,
         422, "outputs[1]"),
    ]:
        st, body = request(c, "POST", "/v1/eval", raw=text.encode())
        check(name, st == status and body and body["error"]["field"] == field
              and "twice" in body["error"]["message"], (st, body))
    st, body = request(c, "POST", "/v1/eval/batch", raw=b'{"cases": [], "cases": [%s]}' % dup.encode())
    check("batch: cases twice is 400", st == 400 and body and body["error"]["field"] == "cases", (st, body))

    # Item 13: the content type does not decide how the body is read.
    cases = [good] * 600  # about 40 KB, above the library's 8 KiB form limit
    batch = json.dumps({"cases": cases, "outputs": ["retirement_date"]}).encode()
    for ctype in ["application/x-www-form-urlencoded", "text/plain", None]:
        headers = {"Content-Type": ctype} if ctype else {}
        c.request("POST", "/v1/eval/batch", body=batch, headers=headers)
        r = c.getresponse()
        body = parse(r.read())
        check(f"40 KB body as {ctype} is read as JSON", r.status == 200 and body and body["failed"] == 0
              and len(body["results"]) == 600, (r.status, str(body)[:200]))
    # urllib with data= sends application/x-www-form-urlencoded, as curl -d does.
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{srv.port}/v1/eval/batch", data=batch, timeout=10) as r:
            status, failed = r.status, json.loads(r.read())["failed"]
    except urllib.error.HTTPError as e:
        status, failed = e.code, None
    check("urllib's default (form) content type, 40 KB", status == 200 and failed == 0, (status, failed))
    too_big = json.dumps({"cases": [good] * 5000}).encode()
    assert len(too_big) > MAX_BODY
    answer = raw(srv.port, b"POST /v1/eval/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
                 b"\r\nContent-Length: %d\r\n\r\n" % len(too_big) + too_big)
    head, body = head_body(answer)
    check("a form body over --max-body is 413 naming the limit", head.startswith("HTTP/1.1 413")
          and b"--max-body" in body and b"%d" % MAX_BODY in body, answer[:300])
    answer = raw(srv.port, b"POST /v1/eval HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XX\r\n"
                 b"Content-Length: 44\r\n\r\n--XX\r\nContent-Disposition: form-data\r\n\r\n{}")
    head, body = head_body(answer)
    check("multipart is 415 with a message", head.startswith("HTTP/1.1 415") and b"multipart" in body, answer[:300])
    answer = raw(srv.port, b"POST /v1/eval HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\n"
                 b"Content-Length: 2\r\n\r\n{}")
    head, body = head_body(answer)
    check("gzip body is 415 with a message", head.startswith("HTTP/1.1 415") and b"Content-Encoding" in body,
          answer[:300])
    chunked = json.dumps(one).encode()
    answer = raw(srv.port, b"POST /v1/eval HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                 b"Connection: close\r\n\r\n"
                 + b"%x\r\n%s\r\n0\r\n\r\n" % (len(chunked), chunked))
    head, body = head_body(answer)
    check("chunked body within the limit", head.startswith("HTTP/1.1 200") and b"2020-01-10" in body, answer[:300])
    piece = b"x" * 65536
    answer = raw(srv.port, b"POST /v1/eval HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                 + b"%x\r\n%s\r\n" % (len(piece), piece) * 6 + b"0\r\n\r\n")
    head, body = head_body(answer)
    check("chunked body over --max-body is 413", head.startswith("HTTP/1.1 413") and b"--max-body" in body,
          answer[:300])

    # Item 15: Range is not applied to API answers.
    c.request("GET", "/v1/schema")
    r = c.getresponse()
    whole = r.read()
    c.request("GET", "/v1/schema", headers={"Range": "bytes=0-9"})
    r = c.getresponse()
    part = r.read()
    check("GET with Range: 200, whole body, no Content-Range", r.status == 200 and part == whole
          and r.getheader("Content-Range") is None, (r.status, len(part), len(whole)))
    body = json.dumps(one).encode()
    c.request("POST", "/v1/eval", body=body, headers={"Content-Type": "application/json",
                                                       "Range": "bytes=" + ",".join(["0-"] * 400)})
    r = c.getresponse()
    text = r.read()
    check("overlapping ranges: the plain answer, not 400 copies of it", r.status == 200
          and parse(text) == {"output": {"retirement_date": "2020-01-10"}}
          and r.getheader("Content-Type") == "application/json", (r.status, len(text), r.getheader("Content-Type")))
    answer = raw(srv.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1, 5-2\r\n\r\n")
    head, body = head_body(answer)
    check("an invalid Range is refused with a whole JSON message", head.startswith("HTTP/1.1 400")
          and "Content-Range" not in head and b"Range" in body and (parse(body) or {}).get("error"), answer[:300])

    # Item 17: wrong methods on known routes.
    for method, path, allow in [("GET", "/v1/eval", "POST"), ("PUT", "/v1/eval/batch", "POST"),
                                ("POST", "/healthz", "GET, HEAD"), ("DELETE", "/v1/schema", "GET, HEAD")]:
        c.request(method, path, body=b"{}" if method in ("POST", "PUT") else None)
        r = c.getresponse()
        text = r.read()
        check(f"{method} {path} is 405 with Allow: {allow}", r.status == 405 and r.getheader("Allow") == allow
              and (parse(text) or {}).get("error"), (r.status, r.getheader("Allow"), text[:200]))
    answer = raw(srv.port, b"BREW /v1/eval HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check("an unknown method on a route is 405", answer.startswith(b"HTTP/1.1 405") and b"Allow: POST" in answer,
          answer[:300])
    st, body = request(c, "GET", "/v1/nope")
    check("an unknown route is still 404", st == 404 and body and body["error"]["message"], (st, body))
    c.request("HEAD", "/healthz")
    r = c.getresponse()
    r.read()
    check("HEAD /healthz is 200", r.status == 200, r.status)

    # Pipelined requests on one connection: each gets its answer (the stream keeps read-ahead bytes).
    req = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    answer = raw(srv.port, req + req + b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check("three pipelined requests, three answers", answer.count(b"HTTP/1.1 200") == 3, answer[:400])

    # Item 16: what the log writes of a request path.
    answer = raw(srv.port, b"GET /x%0a2026-01-01T00:00:00Z%20127.0.0.1:1%20%22GET%20/forged%22%20200%1b[31mred"
                 b"%7f%c3%a9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check("the odd path is a 404", answer.startswith(b"HTTP/1.1 404"), answer[:200])
    c.close()

    # Item 17: SIGHUP does not stop the server (since issue 14 it reloads the policy).
    srv.proc.send_signal(signal.SIGHUP)
    time.sleep(0.3)
    try:
        c = srv.connect()
        st, body = request(c, "GET", "/healthz")
        c.close()
    except OSError as e:
        st = repr(e)
    check("SIGHUP: still serving", st == 200 and srv.proc.poll() is None, (st, srv.proc.poll()))
finally:
    rc = srv.stop(signal.SIGTERM)
log = srv.log()
check("SIGHUP: logged, and the policy reloaded (issue 14)", "SIGHUP received, reloading the policies" in log
      and "reloaded (SIGHUP): 1 policies, 0 changed, 0 failed" in log, log[-500:])
check("exit 0 after SIGHUP then SIGTERM", rc == 0, rc)
forged = [l for l in log.splitlines() if "/forged" in l]
check("the log: a %0a in a path does not start a line",
      forged and all(len(re.findall(r'(?<!\\)"', l)) == 2 for l in forged)
      and not any(l.startswith("2026-01-01") for l in log.splitlines()), forged)
check("the log: no control byte is written", not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", log),
      [l for l in log.splitlines() if re.search(r"[\x00-\x1f\x7f]", l)])
check("the log: escapes shown as \\xNN", forged and "\\x0a" in forged[0] and "\\x1b[31m" in forged[0]
      and "\\x7f\\xc3\\xa9" in forged[0] and '\\"GET' in forged[0], forged)

check.finish()
