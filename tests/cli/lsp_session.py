"""A scripted editor session against `edict lsp`: takes the edict binary, speaks LSP over its
stdin/stdout (Content-Length framing), and checks what an analyst would see — diagnostics while
typing in a copy of the Fujian policy (an error appears, then clears when fixed), hover with the
type, documentation and the quoted sentence of the notice, go to definition across files
(into policies/cn, by absolute URI even from a relative EDICT_PATH), references, rename applied to
the files (the policy still checks and passes its tests), refused renames, document symbols,
formatting, a `let` that shadows a rule, completion of names, Chinese keywords, and clean handling
of bad messages and shutdown. Ends with `N passed, M failed`."""
import json, os, shutil, subprocess, tempfile, threading, queue

from testlib import Checks, edict_parser

a = edict_parser().parse_args()
check = Checks(quiet=True, limit=300)

# A copy of the policies tree, so imports (cn/pension, stdlib) resolve as they do in the repo.
tmp = tempfile.mkdtemp()
shutil.copytree("policies", os.path.join(tmp, "policies"))
shutil.copytree("stdlib", os.path.join(tmp, "stdlib"))
folder = os.path.join(tmp, "policies", "fujian", "2020-14")
path = os.path.join(folder, "1-pensions-and-benefits.edict")
uri = "file://" + path
text = open(path, encoding="utf-8").read()

class Client:
    def __init__(self, cwd=None, env=None):
        self.p = subprocess.Popen([os.path.abspath(a.edict), "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  cwd=cwd, env=env)
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

# --- references, rename, document symbols, formatting (issue 15, item 4) ---
check("initialize announces references, rename (with prepare), symbols and formatting",
      caps.get("referencesProvider") and caps.get("renameProvider", {}).get("prepareProvider")
      and caps.get("documentSymbolProvider") and caps.get("documentFormattingProvider"), caps)

def slice_of(loc):
    """The text a Location covers, read from the file its URI names."""
    src = open(loc["uri"][len("file://"):], encoding="utf-8").read()
    lines = src.split("\n")
    st, en = loc["range"]["start"], loc["range"]["end"]
    line = lines[st["line"]].encode("utf-16-le")
    return line[st["character"] * 2:en["character"] * 2].decode("utf-16-le")

if loc.get("uri"):
    check("definition into an import names the file by an absolute URI",
          loc["uri"].startswith("file:///") and os.path.exists(loc["uri"][len("file://"):]), loc)

r = c.request("textDocument/references", {"textDocument": {"uri": uri}, "position": pos_of(text, "(pension_start_month, first_payment_month)", 3),
                                          "context": {"includeDeclaration": True}})
refs = r.get("result") or []
check("references of an imported rule span both folders",
      any("/policies/cn/pension/" in x["uri"] for x in refs) and any("/policies/fujian/" in x["uri"] for x in refs), refs)
check("every reference covers exactly the name", refs and all(slice_of(x) == "pension_start_month" for x in refs),
      [slice_of(x) for x in refs])
r2 = c.request("textDocument/references", {"textDocument": {"uri": uri}, "position": pos_of(text, "(pension_start_month, first_payment_month)", 3),
                                           "context": {"includeDeclaration": False}})
check("includeDeclaration false leaves the declaration out", len(r2.get("result") or []) == len(refs) - 1, (len(refs), r2))

# A `let` that shadows a rule is the local name, not the rule.
shadow = text + '\nrule shadowed: int = let back_pay_months = 2 in back_pay_months * 3\n'
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": shadow}]})
d = c.diagnostics(uri)
r = c.request("textDocument/definition", {"textDocument": {"uri": uri}, "position": pos_of(shadow, "in back_pay_months * 3", 5)})
check("definition of a local name that shadows a rule does not jump to the rule", r.get("result") is None, r)
h = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos_of(shadow, "in back_pay_months * 3", 5)})
hv = (h.get("result") or {}).get("contents", {}).get("value", "")
check("hover on it says local name and its type", "**local name** `back_pay_months`: `int`" in hv, hv)
r = c.request("textDocument/prepareRename", {"textDocument": {"uri": uri}, "position": pos_of(shadow, "in back_pay_months * 3", 5)})
check("renaming a local name is refused with a reason", "local name" in r.get("error", {}).get("message", ""), r)
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 5}, "contentChanges": [{"text": text}]})
c.diagnostics(uri)

r = c.request("textDocument/prepareRename", {"textDocument": {"uri": uri}, "position": pos_of(text, "* back_pay_months", 3)})
check("renaming an output is refused: cases and hosts use its name", "output" in r.get("error", {}).get("message", ""), r)
notice_path = os.path.join(folder, "0-notice.edict")
notice = open(notice_path, encoding="utf-8").read()
notice_uri = "file://" + notice_path
c.notify("textDocument/didOpen", {"textDocument": {"uri": notice_uri, "languageId": "edict", "version": 1, "text": notice}})
c.diagnostics(notice_uri)
at = pos_of(notice, "function in_epidemic", 10)
r = c.request("textDocument/prepareRename", {"textDocument": {"uri": notice_uri}, "position": at})
check("prepareRename gives the name's range and text", (r.get("result") or {}).get("placeholder") == "in_epidemic", r)
for bad, why in [("rule", "keyword"), ("add_months", "built-in"), ("two words", "not one name"), ("back_pay", "existing name")]:
    r = c.request("textDocument/rename", {"textDocument": {"uri": notice_uri}, "position": at, "newName": bad})
    check(f"rename to {bad!r} ({why}) is refused", r.get("error", {}).get("code") == -32602, r)
r = c.request("textDocument/rename", {"textDocument": {"uri": notice_uri}, "position": at, "newName": "疫情期间内"})
changes = (r.get("result") or {}).get("changes", {})
check("rename edits every file that names the function", len(changes) == 3 and sum(len(v) for v in changes.values()) == 3, r)
for u, edits in changes.items():  # apply the edits as an editor would, last first
    fpath = u[len("file://"):]
    lines = open(fpath, encoding="utf-8").read().split("\n")
    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        st, en = e["range"]["start"], e["range"]["end"]
        assert st["line"] == en["line"]
        u16 = lines[st["line"]].encode("utf-16-le")
        lines[st["line"]] = (u16[:st["character"] * 2].decode("utf-16-le") + e["newText"] + u16[en["character"] * 2:].decode("utf-16-le"))
    open(fpath, "w", encoding="utf-8").write("\n".join(lines))
chk = subprocess.run([a.edict, "check", folder], capture_output=True, text=True, timeout=120)
tst = subprocess.run([a.edict, "test", folder], capture_output=True, text=True, timeout=300)
check("after the rename the policy still checks and its tests pass", chk.returncode == 0 and tst.returncode == 0, (chk.stderr, tst.stdout[-500:]))
left = subprocess.run(["grep", "-rlw", "in_epidemic", folder], capture_output=True, text=True)
check("and the old name is gone", left.stdout == "", left.stdout)
notice = open(notice_path, encoding="utf-8").read()
c.notify("textDocument/didChange", {"textDocument": {"uri": notice_uri, "version": 2}, "contentChanges": [{"text": notice}]})
c.diagnostics(notice_uri)

r = c.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
syms = {x["name"]: x for x in (r.get("result") or [])}
check("document symbols list the file's declarations with their kinds",
      "back_pay_months" in syms and syms["back_pay_months"]["detail"] == "rule" and syms["back_pay_months"]["kind"] == 12, list(syms)[:20])
if "back_pay_months" in syms:
    check("a symbol's selection range is its name", slice_of({"uri": uri, "range": syms["back_pay_months"]["selectionRange"]}) == "back_pay_months",
          syms["back_pay_months"])

messy = text.replace("rule back_pay_months", "rule   back_pay_months", 1)
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 6}, "contentChanges": [{"text": messy}]})
c.diagnostics(uri)
r = c.request("textDocument/formatting", {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}})
edits = r.get("result") or []
check("formatting gives edict fmt's layout (the committed file is in it)", len(edits) == 1 and edits[0]["newText"] == text, r)
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 7}, "contentChanges": [{"text": text + "\nrule x: int = (1\n"}]})
c.diagnostics(uri)
r = c.request("textDocument/formatting", {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}})
check("a file that does not parse is not formatted, with the reason", "not formatted" in r.get("error", {}).get("message", ""), r)
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 8}, "contentChanges": [{"text": text}]})
c.diagnostics(uri)

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

# The server started in the workspace root, as VS Code starts it, with imports found through a
# relative EDICT_PATH: a definition inside an import still gets an absolute file:// URI.
mine = os.path.join(tmp, "elsewhere", "mine")
os.makedirs(mine)
mine_text = 'import "cn/pension"\nrule later: date = add_months(birth_date, 1)\noutput later\n'
open(os.path.join(mine, "m.edict"), "w", encoding="utf-8").write(mine_text)
c2 = Client(cwd=tmp, env=dict(os.environ, EDICT_PATH="policies"))
c2.request("initialize", {"processId": None, "rootUri": "file://" + tmp, "capabilities": {}})
mine_uri = "file://" + os.path.join(mine, "m.edict")
c2.notify("textDocument/didOpen", {"textDocument": {"uri": mine_uri, "languageId": "edict", "version": 1, "text": mine_text}})
d = c2.diagnostics(mine_uri)
check("a policy importing through a relative EDICT_PATH compiles in the editor", d == [], d)
r = c2.request("textDocument/definition", {"textDocument": {"uri": mine_uri}, "position": pos_of(mine_text, "(birth_date", 3)})
loc2 = r.get("result") or {}
check("its definition into the import is an absolute URI of a file that exists",
      loc2.get("uri", "").startswith("file:///") and os.path.exists(loc2.get("uri", "file://")[len("file://"):]), r)
c2.request("shutdown", None)
c2.notify("exit", None)
c2.p.wait(timeout=30)

# A client that closes the stream without shutdown: the server ends (status 1), it does not hang.
p = subprocess.run([a.edict, "lsp"], input=b"", capture_output=True, timeout=30)
check("end of input without shutdown ends with status 1", p.returncode == 1, p)
p = subprocess.run([a.edict, "lsp"], input=b"Content-Length: x\r\n\r\n", capture_output=True, timeout=30)
check("a malformed header is an error, not a hang", p.returncode == 1 and b"Content-Length" in p.stderr, p)

shutil.rmtree(tmp)
check.finish()
