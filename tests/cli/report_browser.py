"""The `edict doc` report as Debian's headless Chromium shows it, for the report's tests
(explain_doc.py, regression_agreement.py): the DOM as the browser parsed it (--dump-dom), and the
layout the browser computed at a given window size (a copy of the page with a measuring script
appended; the report itself has no scripts). Also the interface strings of the report, read from
their one table (tooling/report/strings.hpp), so the tests check both languages against it.
"""
import json
import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser


class Dom(HTMLParser):
    """Elements with their attributes, in document order; the text inside each <mark>; the text
    of the page; and the text inside each element carrying a data-* key the caller asks for."""

    def __init__(self):
        super().__init__()
        self.elements = []
        self.marks = []
        self.text = ""
        self._in_mark = None
        self._open = []  # [tag, attrs, text] of the elements still open
        self.closed = []  # (tag, attrs, text inside), as each element ends

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag == "mark":
            self._in_mark = [a, ""]
        if tag not in ("br", "meta", "link", "img", "input", "hr", "wbr"):
            self._open.append([tag, a, ""])

    def handle_endtag(self, tag):
        if tag == "mark" and self._in_mark:
            self.marks.append(tuple(self._in_mark))
            self._in_mark = None
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                done = self._open[i]
                del self._open[i:]
                self.closed.append((done[0], done[1], done[2]))
                break

    def handle_data(self, data):
        self.text += data
        if self._in_mark:
            self._in_mark[1] += data
        for e in self._open:
            e[2] += data

    def ids(self):
        return {a["id"] for _, a in self.elements if "id" in a}

    def classes(self):
        out = set()
        for _, a in self.elements:
            out.update((a.get("class") or "").split())
        return out

    def with_class(self, cls):
        """(attrs, text) of every element whose class list holds `cls`."""
        return [(a, t) for _, a, t in self.closed if cls in (a.get("class") or "").split()]


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _chromium(browser, url, profile, extra):
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", *extra, url]
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


def dump_dom(browser, path, profile):
    p = _chromium(browser, "file://" + os.path.abspath(path), profile, ["--dump-dom"])
    if p.returncode != 0:
        return None
    d = Dom()
    d.feed(p.stdout)
    return d


# Measures, once the fonts are ready: each clause row's text and rules columns; the clause markers,
# chips, counts and links that break over two lines (they must not); the notice text's font; whether
# anything in a clause row is wider than the row.
MEASURE = r"""<script>
document.fonts.ready.then(function () {
  function box(e) { var b = e.getBoundingClientRect(); return {l: b.left, r: b.right, t: b.top, b: b.bottom}; }
  function lines(e) {
    var range = document.createRange(); range.selectNodeContents(e);
    var tops = {}; Array.prototype.forEach.call(range.getClientRects(), function (r) { if (r.width > 0) tops[Math.round(r.top)] = 1; });
    return Object.keys(tops).length;
  }
  var rows = Array.prototype.map.call(document.querySelectorAll('.clause-row'), function (row) {
    var enc = row.querySelector('.encoding');
    return {clause: row.getAttribute('data-clause'), text: box(row.querySelector('.text')), enc: box(enc),
            encoded: enc.children.length > 0, overflow: row.scrollWidth > row.clientWidth + 1};
  });
  var wrapped = Array.prototype.filter.call(
    document.querySelectorAll('.clause-id, .clause-ref, .chip, .test-count, .rule-link, .param-ref, .param-name'),
    function (e) { return lines(e) > 1; }).map(function (e) { return e.textContent; });
  var para = getComputedStyle(document.querySelector('.para'));
  var out = {width: window.innerWidth, rows: rows, wrapped: wrapped, font: para.fontFamily, size: parseFloat(para.fontSize)};
  var pre = document.createElement('pre'); pre.id = 'edict-measure'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def measure(browser, index_path, profile, width, height=1000):
    """The layout of the report's index page at a window of width x height, as a dict (MEASURE)."""
    with open(index_path, encoding="utf-8") as f:
        html = f.read()
    probe = os.path.join(os.path.dirname(index_path), f"measure-{width}.html")
    with open(probe, "w", encoding="utf-8") as f:
        f.write(html.replace("</body>", MEASURE + "</body>"))
    try:
        p = _chromium(browser, "file://" + os.path.abspath(probe), profile,
                      [f"--window-size={width},{height}", "--hide-scrollbars", "--virtual-time-budget=5000", "--dump-dom"])
    finally:
        os.remove(probe)
    m = re.search(r'<pre id="edict-measure">(.*?)</pre>', p.stdout, re.S)
    if p.returncode != 0 or not m:
        return None
    return json.loads(m.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


def interface_strings(repo="."):
    """{id: (English, Chinese)} from the report's one table of interface strings."""
    with open(os.path.join(repo, "tooling/report/strings.hpp"), encoding="utf-8") as f:
        text = f.read()
    return {m.group(1): (m.group(2), m.group(3)) for m in re.finditer(r'X\((\w+), "((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)"\)', text)}


def new_profile():
    return tempfile.mkdtemp(prefix="edict-chromium-")
