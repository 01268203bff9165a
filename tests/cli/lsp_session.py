"""A scripted editor session against `edict lsp`: takes the edict binary, speaks LSP over its
stdin/stdout (Content-Length framing), and checks what an analyst would see — diagnostics while
typing in a copy of the Fujian policy (an error appears, then clears when fixed), hover with the
type, documentation and the quoted sentence of the notice, go to definition across files
(into policies/cn), completion of names, Chinese keywords, and clean handling of bad messages and
shutdown. Ends with `N passed, M failed`."""
import argparse, json, os, shutil, subprocess, sys, tempfile, threading, queue

ap = argparse.ArgumentParser()
ap.add_argument("--edict", required=True)
a = ap.parse_args()
results = []

def check(name, cond, detail=""):
    results.append(bool(cond))
    if not cond:
        print(f"FAIL {name}: {str(detail)[:600]}")

# A copy of the policies tree, so imports (cn/pension, stdlib) resolve as they do in the repo.
tmp = tempfile.mkdtemp()
shutil.copytree("policies", os.path.join(tmp, "policies"))
shutil.copytree("stdlib", os.path.join(tmp, "stdlib"))
folder = os.path.join(tmp, "policies", "fujian", "2020-14")
path = os.path.join(folder, "1-pensions-and-benefits.edict")
uri = "file://" + path
text = open(path, encoding="utf-8").read()

class Client:
    def __init__(self):
        self.p = subprocess.Popen([a.edict, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.q = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self.reader, daemon=True).start()

    def reader(self):
        out = self.p.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.q.put(None)
                    return
                line = line.decode().strip()
                if not line:
                    break
                k, v = line.split(":", 1)
                headers[k.lower()] = v.strip()
            body = out.read(int(headers["content-length"]))
            self.q.put(json.loads(body))

    def send_raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            m = self.q.get(timeout=30)
            if m is None:
                raise RuntimeError("server closed the stream")
            if m.get("id") == i:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, for_uri):
        while True:
            m = self.q.get(timeout=30)
            if m is None:
                raise RuntimeError("server closed the stream")
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == for_uri:
                return m["params"]["diagnostics"]

def pos_of(src, needle, delta=1):
    i = src.index(needle) + delta
    line = src.count("\n", 0, i)
    col = len(src[src.rfind("\n", 0, i) + 1:i].encode("utf-16-le")) // 2
    return {"line": line, "character": col}

c = Client()
init = c.request("initialize", {"processId": None, "rootUri": "file://" + tmp, "capabilities": {}})
caps = init.get("result", {}).get("capabilities", {})
check("initialize announces hover, definition, completion, full sync",
      caps.get("hoverProvider") and caps.get("definitionProvider") and "completionProvider" in caps and caps.get("textDocumentSync") == 1, init)
c.notify("initialized", {})

c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "edict", "version": 1, "text": text}})
d = c.diagnostics(uri)
check("the Fujian file opens without problems", d == [], d)

broken = text.replace("= monthly_pension * back_pay_months", "= monthly_pension * back_pay_month")
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": broken}]})
d = c.diagnostics(uri)
check("a misspelled name is reported as you type", len(d) == 1 and "back_pay_month" in d[0]["message"] and d[0]["severity"] == 1, d)
if d:
    want = pos_of(broken, "back_pay_month\n", 0)
    check("the diagnostic points at the misspelling", d[0]["range"]["start"] == want, (d[0]["range"], want))
    check("the diagnostic carries the suggestion", "back_pay_months" in d[0]["message"], d[0]["message"])

c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": text}]})
d = c.diagnostics(uri)
check("fixing it clears the diagnostics", d == [], d)

h = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos_of(text, "* back_pay_months", 3)})
hv = (h.get("result") or {}).get("contents", {}).get("value", "")
check("hover shows kind, name and type", "**rule** `back_pay_months`: `int`" in hv, hv)
check("hover shows the documentation", "paid as back pay" in hv, hv)
check("hover shows the citation with the quoted sentence", "§一.2" in hv and "经审核后，养老金从达到退休年龄" in hv, hv)

h = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos_of(text, "exception 疫情结束前不暂停 to benefit_suspended", 32)})
hv = (h.get("result") or {}).get("contents", {}).get("value", "")
check("hover on a rule of policies/cn lists the exception that changes it", "benefit_suspended" in hv and "疫情结束前不暂停" in hv, hv)

h = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos_of(text, "\nexception ", 3)})
hv = (h.get("result") or {}).get("contents", {}).get("value", "")
check("hover on a keyword gives both spellings", "`exception`" in hv and "`例外`" in hv, hv)

r = c.request("textDocument/definition", {"textDocument": {"uri": uri}, "position": pos_of(text, "(pension_start_month, first_payment_month)", 3)})
loc = r.get("result") or {}
check("definition jumps into policies/cn/pension", loc.get("uri", "").startswith("file://") and "/policies/cn/pension/" in loc.get("uri", ""), r)
if loc.get("uri"):
    target = open(loc["uri"][len("file://"):], encoding="utf-8").read().split("\n")[loc["range"]["start"]["line"]]
    check("the definition range is the declared name", "pension_start_month" in target and target.lstrip().startswith("rule"), target)

r = c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
labels = {i["label"]: i for i in (r.get("result") or {}).get("items", [])}
check("completion offers rules, inputs, params and built-ins",
      all(k in labels for k in ["back_pay", "monthly_pension", "全省统一预发标准", "retirement_date", "add_months", "中国工作日"]), sorted(labels)[:50])
check("completion offers Chinese keywords", "规则" in labels and "例外" in labels, "")
check("completion details give the type", "money" in labels.get("back_pay", {}).get("detail", ""), labels.get("back_pay"))

# A Chinese-keyword document beside the others.
zh_uri = "file://" + os.path.join(folder, "9-scratch.edict")
zh = '规则 年满六十: 布尔 "是否年满六十周岁。"\n  = add_years(birth_date, 60) <= 2020-01-01\n'
c.notify("textDocument/didOpen", {"textDocument": {"uri": zh_uri, "languageId": "edict", "version": 1, "text": zh}})
d = c.diagnostics(zh_uri)
check("a Chinese-keyword rule in the folder compiles", d == [], d)
zh_bad = zh.replace("<= 2020-01-01", "<= 2020-01-01 并且")
c.notify("textDocument/didChange", {"textDocument": {"uri": zh_uri, "version": 2}, "contentChanges": [{"text": zh_bad}]})
d = c.diagnostics(zh_uri)
check("a syntax error in Chinese keywords is located", len(d) == 1 and d[0]["range"]["start"]["line"] == 2, d)

r = c.request("textDocument/formatting-not-here", {})
check("an unknown request gets MethodNotFound", r.get("error", {}).get("code") == -32601, r)
r = c.request("textDocument/hover", {"textDocument": {"uri": "file:///nowhere.edict"}, "position": {"line": 0, "character": 0}})
check("hover on a document that is not open answers null", "result" in r and r["result"] is None, r)
r = c.request("textDocument/hover", {"textDocument": {}})
check("bad parameters get InvalidParams", r.get("error", {}).get("code") == -32602, r)
body = b"{not json"
c.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
m = c.q.get(timeout=30)
check("invalid JSON gets a ParseError reply", m and m.get("error", {}).get("code") == -32700, m)

r = c.request("shutdown", None)
check("shutdown answers null", "result" in r and r["result"] is None, r)
c.notify("exit", None)
try:
    rc = c.p.wait(timeout=30)
except subprocess.TimeoutExpired:
    c.p.kill()
    rc = None
check("exit after shutdown ends with status 0", rc == 0, rc)

# A client that closes the stream without shutdown: the server ends (status 1), it does not hang.
p = subprocess.run([a.edict, "lsp"], input=b"", capture_output=True, timeout=30)
check("end of input without shutdown ends with status 1", p.returncode == 1, p)
p = subprocess.run([a.edict, "lsp"], input=b"Content-Length: x\r\n\r\n", capture_output=True, timeout=30)
check("a malformed header is an error, not a hang", p.returncode == 1 and b"Content-Length" in p.stderr, p)

shutil.rmtree(tmp)
passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
