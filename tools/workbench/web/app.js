// The analyst's workbench (docs/workbench.md), one script: the page opens few connections at once
// (`edict serve` lets one address hold 4 by default; a browser fetching a tree of modules opens 6
// and has the rest refused). Sections: the interface strings, building elements safely, the API,
// the form, the explanation tree, the notice, and the page's wiring.

// ---- strings --------------------------------------------------------------------------------
// Every word the workbench's interface shows, in English and in Chinese: the one table, as
// tooling/report/strings.hpp is for the report. Names from the policy (outputs, inputs, clause ids)
// and the notice's own words are never translated. `{}` is filled by t()'s arguments in order.
const STRINGS = {
  title: ["Edict workbench", "Edict 政策试算台"],
  policy: ["Policy", "政策"],
  version: ["version {}", "版本 {}"],
  case: ["The case", "案例"],
  outputs: ["Outputs to decide", "要判定的结果"],
  inputsHelp: ["Only the inputs the chosen outputs need are shown.", "只显示所选结果需要的输入。"],
  evaluate: ["Evaluate", "判定"],
  save: ["Save case", "保存案例"],
  load: ["Load case", "载入案例"],
  compare: ["Compare with another policy", "与另一政策比较"],
  compareButton: ["Compare on this case", "用此案例比较"],
  tests: ["The policy's own tests", "政策自带的测试"],
  runTests: ["Run the tests", "运行测试"],
  decision: ["Decision and why", "判定结果及理由"],
  noDecision: ["Fill in the case and press Evaluate.", "填写案例后点击“判定”。"],
  notice: ["The notice", "通知原文"],
  noNotice: ["This policy declares no notice text of its own.", "此政策没有自己的通知原文。"],
  issued: ["issued {}", "发布日期 {}"],
  optional: ["optional", "可选"],
  defaultIs: ["default {}", "默认 {}"],
  nullOption: ["(none: null)", "（无：null）"],
  unset: ["(not given)", "（未填）"],
  yes: ["yes (true)", "是 (true)"],
  no: ["no (false)", "否 (false)"],
  pickOne: ["Choose at least one output.", "请至少选择一个结果。"],
  notJson: ["{}: not JSON: {}", "{}：不是 JSON：{}"],
  pick: ["pick", "选择"],
  applied: ["applied", "适用"],
  notApplicable: ["did not apply", "不适用"],
  notEvaluated: ["not evaluated", "未求值"],
  base: ["the rule", "规则本身"],
  exception: ["exception {}", "例外 {}"],
  when: ["when", "条件"],
  value: ["value", "取值"],
  whyNot: ["why not", "为何不成立"],
  failedCondition: ["the condition that failed", "不成立的条件"],
  uses: ["uses", "用到"],
  input: ["input", "输入"],
  param: ["parameter", "参数"],
  rule: ["rule", "规则"],
  function: ["function", "函数"],
  notReached: ["not reached", "未求值"],
  runtimeError: ["Evaluation stopped: {}", "求值中止：{}"],
  requestError: ["The case was refused ({}): {}", "案例被拒绝（{}）：{}"],
  showInNotice: ["show in the notice", "在原文中显示"],
  citedHere: ["cited by {}", "引用者：{}"],
  testsSummary: ["{} passed, {} failed", "{} 个通过，{} 个失败"],
  showTests: ["the {} tests", "全部 {} 个测试"],
  tryIt: ["try this case", "试算此案例"],
  reasonException: ["exception {} applied", "例外 {} 已适用"],
  reasonOtherCase: ["another case of this definition applied", "此定义的另一情形已适用"],
  reasonError: ["evaluation stopped with an error", "求值因错误中止"],
  reasonNotNeeded: ["not needed", "无需求值"],
  testName: ["test", "测试"],
  clause: ["clause", "条款"],
  result: ["result", "结果"],
  expected: ["expected", "预期"],
  passed: ["passed", "通过"],
  failed: ["failed", "失败"],
  broken: ["cannot run", "无法运行"],
  comparison: ["{} compared with {}", "{} 与 {} 比较"],
  output: ["output", "结果"],
  same: ["same", "相同"],
  differs: ["differs", "不同"],
  notAnOutput: ["(not an output)", "（不是其结果）"],
  unusedInputs: ["Inputs {} does not have (left out): {}", "{} 没有的输入（未发送）：{}"],
  noOther: ["No other policy is served here.", "此处没有其他政策。"],
  loaded: ["Loaded {}.", "已载入 {}。"],
  loadFailed: ["{} is not a case: {}", "{} 不是案例：{}"],
  unknownInputs: ["Not inputs of this policy (left out): {}", "不是此政策的输入（已忽略）：{}"],
  working: ["Working…", "处理中…"],
  serverDown: ["The server did not answer: {}", "服务器没有响应：{}"],
};

let lang = "en";
function setLang(l) { lang = l === "zh" ? "zh" : "en"; document.documentElement.lang = lang === "zh" ? "zh-CN" : "en"; }
function getLang() { return lang; }

function t(id, ...args) {
  const entry = STRINGS[id];
  let s = entry ? entry[lang === "zh" ? 1 : 0] : id;
  for (const a of args) s = s.replace("{}", String(a));
  return s;
}

// Elements carrying data-i18n="id" get their string.
function translatePage() {
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
  document.title = t("title");
}

// ---- dom ------------------------------------------------------------------------------------
// Building the page's elements. Every text from a policy, a case or an answer goes in as a text
// node (never as HTML), so nothing it contains can become markup or script.
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k in e && typeof v !== "string") e[k] = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  append(e, children);
  return e;
}

function append(parent, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return parent;
}

function clear(e) { e.replaceChildren(); return e; }

// A value as /eval writes it (JSON), for people: strings without their quotes.
function show(value) {
  if (value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

// Text as the notice check compares it (tooling/regression/notice_text.hpp, is_ignorable): without
// spaces, tabs, line breaks, form feeds, ideographic spaces and U+FFFD.
function normalise(text) { return text.replace(/[ \t\r\n\f\u3000\ufffd]/g, ""); }

// ---- api ------------------------------------------------------------------------------------
// The server's JSON routes, as the page calls them (docs/workbench.md). A refusal comes back as
// {status, error: {field, message}}, the API's own words.
async function getJson(path) { return answer(await patiently(() => fetch(path, { headers: { Accept: "application/json" } }))); }

// `body` is JSON text, built by the form section so that amounts and whole numbers go out exactly as typed.
async function postJson(path, body) {
  return answer(await patiently(() => fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body })));
}

// A 503 with Retry-After (the server busy, or this address over its connection limit) is tried
// again, up to three times.
async function patiently(send) {
  for (let attempt = 0; ; ++attempt) {
    const r = await send();
    const after = Number(r.headers.get("Retry-After"));
    if (r.status !== 503 || !after || attempt === 3) return r;
    await new Promise((done) => setTimeout(done, Math.min(after, 5) * 1000));
  }
}

async function answer(r) {
  let body = null;
  try { body = await r.json(); } catch { body = null; }
  if (r.ok) return { status: r.status, body };
  const error = body && body.error ? body.error : { field: null, message: `HTTP ${r.status}` };
  return { status: r.status, error };
}

const policyPath = (id, route) => `/v1/policies/${id.split("/").map(encodeURIComponent).join("/")}/${route}`;

// ---- form -----------------------------------------------------------------------------------
// The case form, generated from GET /v1/policies/{id}/form: one field per input the chosen
// outputs need, by the input's kind. What is typed is kept as text and sent as typed: amounts and
// decimals as JSON strings (exact decimal text, never a JS number), whole numbers as the digits
// typed, so the server sees the case exactly and its errors are the API's own.

const WHOLE = new Set(["int", "days", "months", "years"]);
const DECIMAL = new Set(["money", "decimal"]);
const STRUCTURED = new Set(["list", "record"]);

class CaseForm {
  constructor(outputsBox, inputsBox) {
    this.outputsBox = outputsBox;
    this.inputsBox = inputsBox;
    this.form = null;
    this.chosen = new Set();
    this.values = new Map();  // input name -> text typed (kept when the outputs or the language change)
  }

  load(form) {
    this.form = form;
    this.chosen = new Set(form.outputs.length ? [form.outputs[0].name] : []);
    this.values = new Map();
    this.render();
  }

  choose(names) {
    const known = new Set(this.form.outputs.map((o) => o.name));
    const picked = names.filter((n) => known.has(n));
    if (picked.length) this.chosen = new Set(picked);
    this.render();
  }

  outputs() { return this.form.outputs.filter((o) => this.chosen.has(o.name)).map((o) => o.name); }

  // The inputs the chosen outputs need, in the policy's order.
  needed() {
    const need = new Set();
    for (const o of this.form.outputs) if (this.chosen.has(o.name)) for (const i of o.inputs) need.add(i);
    return this.form.inputs.filter((i) => need.has(i.name));
  }

  render() {
    this.renderOutputs();
    this.renderInputs();
  }

  renderOutputs() {
    clear(this.outputsBox);
    for (const o of this.form.outputs) {
      const box = el("input", { type: "checkbox", value: o.name, checked: this.chosen.has(o.name),
        onchange: (e) => {
          if (e.target.checked) this.chosen.add(o.name); else this.chosen.delete(o.name);
          this.renderInputs();
        } });
      this.outputsBox.append(el("label", { class: "output", title: o.doc }, box, " ", el("code", {}, o.name),
        el("span", { class: "muted" }, " : " + o.type)));
    }
  }

  renderInputs() {
    this.saveTyped();
    clear(this.inputsBox);
    for (const input of this.needed()) this.inputsBox.append(this.field(input));
  }

  saveTyped() {
    for (const f of this.inputsBox.querySelectorAll("[data-input]")) this.values.set(f.dataset.input, f.value);
  }

  field(input) {
    const id = "in-" + input.name;
    const typed = this.values.get(input.name) ?? "";
    let control;
    if (input.kind === "bool" || input.kind === "enum") {
      const choices = input.kind === "bool" ? [["true", t("yes")], ["false", t("no")]] : input.values.map((v) => [v, v]);
      control = el("select", { id, "data-input": input.name },
        el("option", { value: "" }, input.optional && !input.has_default ? t("nullOption") : t("unset")),
        choices.map(([v, label]) => el("option", { value: v, selected: typed === v }, label)));
    } else if (STRUCTURED.has(input.kind)) {
      control = el("textarea", { id, "data-input": input.name, rows: 3, spellcheck: "false",
        placeholder: input.kind === "list" ? "[ … ] (JSON)" : "{ … } (JSON)" });
      control.value = typed;
    } else {
      control = el("input", { id, type: "text", "data-input": input.name, autocomplete: "off", spellcheck: "false",
        inputmode: DECIMAL.has(input.kind) ? "decimal" : WHOLE.has(input.kind) ? "numeric" : undefined,
        placeholder: placeholder(input) });
      control.value = typed;
    }
    const notes = [input.type];
    if (input.optional) notes.push(t("optional"));
    if (input.has_default) notes.push(t("defaultIs", JSON.stringify(input.default)));
    const row = el("div", { class: "field", "data-field": input.name },
      el("label", { for: id }, el("code", {}, input.name), " ", el("span", { class: "muted" }, notes.join(" · "))),
      el("div", { class: "control" }, control, picker(input, control)),
      input.doc ? el("p", { class: "help" }, input.doc) : null,
      el("p", { class: "field-error", id: "error-" + input.name, role: "alert", hidden: true }));
    return row;
  }

  // The case as JSON text: {"name": value, ...} with the inputs given. An empty field is left out
  // (its default applies, or the server says it is missing), except an optional input without a
  // default, which is null. Throws {field, message} for a structured input that is not JSON.
  inputText(keep = () => true) {
    return "{" + this.inputMembers().filter(([name]) => keep(name)).map(([name, json]) => JSON.stringify(name) + ":" + json).join(",") + "}";
  }

  // [[name, JSON text of its value]] for the inputs given.
  inputMembers() {
    this.saveTyped();
    const members = [];
    for (const input of this.needed()) {
      const text = (this.values.get(input.name) ?? "").trim();
      let json;
      if (text === "") {
        if (!input.optional || input.has_default) continue;
        json = "null";
      } else if (input.kind === "bool") json = text;
      else if (WHOLE.has(input.kind)) json = /^-?[0-9]+$/.test(text) ? text : JSON.stringify(text);
      else if (STRUCTURED.has(input.kind)) {
        try { JSON.parse(text); } catch (e) { throw { field: "input." + input.name, message: t("notJson", input.name, e.message) }; }
        json = text;
      } else json = JSON.stringify(text);
      members.push([input.name, json]);
    }
    return members;
  }

  // Fills the form from a case's input object (a loaded file); returns the keys it does not know.
  fill(input) {
    const known = new Map(this.form.inputs.map((i) => [i.name, i]));
    const unknown = [];
    this.values = new Map();
    for (const [k, v] of Object.entries(input)) {
      if (!known.has(k)) { unknown.push(k); continue; }
      this.values.set(k, v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
    }
    clear(this.inputsBox);
    this.renderInputs();
    return unknown;
  }

  showErrors(error) {
    for (const e of this.inputsBox.querySelectorAll(".field-error")) { e.hidden = true; e.textContent = ""; }
    for (const f of this.inputsBox.querySelectorAll(".field")) f.classList.remove("invalid");
    const m = /^input\.([^.[]+)/.exec((error && error.field) || "");
    if (!m) return false;
    const box = this.inputsBox.querySelector(`[data-field="${CSS.escape(m[1])}"]`);
    if (!box) return false;
    box.classList.add("invalid");
    const p = box.querySelector(".field-error");
    p.textContent = error.message;
    p.hidden = false;
    box.querySelector("[data-input]").focus();
    return true;
  }
}

function placeholder(input) {
  if (input.has_default) return JSON.stringify(input.default).replace(/^"|"$/g, "");
  switch (input.kind) {
    case "date": return "YYYY-MM-DD";
    case "month": return "YYYY-MM";
    case "money": return "0.00";
    case "decimal": return "0.0";
    default: return WHOLE.has(input.kind) ? "0" : "";
  }
}

// A calendar beside a date or month field: what it picks is written into the field as text.
function picker(input, control) {
  if (input.kind !== "date" && input.kind !== "month") return null;
  const p = el("input", { type: input.kind, class: "picker", tabindex: "-1", "aria-label": t("pick"), title: t("pick"),
    onchange: () => { control.value = p.value; } });
  return p;
}

// ---- explain --------------------------------------------------------------------------------
// The decision and why: the outputs' values, then for each output the explanation tree of
// docs/explain.md (/eval with "explain": true) — each definition with its status, the clause and the
// notice's quoted sentence, the condition with the value of each part, "why not" for a condition
// that was false, and the rules it used, each explained in turn.

const STATUS = { applied: "applied", not_applicable: "notApplicable", not_evaluated: "notEvaluated" };

function renderDecision(answer, onClause) {
  const ex = answer.explain;
  const rules = new Map(ex ? ex.rules.map((r) => [r.name, r]) : []);
  const out = el("div", { class: "decision" });
  const table = el("table", { class: "outputs", id: "decision-values" },
    el("tbody", {}, Object.entries(answer.output).map(([name, value]) =>
      el("tr", { "data-output": name }, el("th", {}, el("code", {}, name)), el("td", { class: "value" }, show(value))))));
  out.append(table);
  if (ex && ex.error) out.append(el("p", { class: "error" }, t("runtimeError", ex.error.message)));
  if (!ex) return out;
  const shown = new Set();
  for (const o of ex.outputs) {
    const r = rules.get(o.name);
    if (r) out.append(ruleNode(r, rules, shown, onClause, true));
  }
  return out;
}

// The quoted sentences of what the decision used: every citation of the rules evaluated, and of
// the definitions that applied. [{notice, clause, quote}]
function citedQuotes(ex) {
  const quotes = [];
  if (!ex) return quotes;
  for (const r of ex.rules) {
    for (const c of r.citations) quotes.push(c);
    for (const d of r.definitions) if (d.status === "applied") for (const c of d.citations) quotes.push(c);
  }
  return quotes.filter((c) => c.quote);
}

function ruleNode(r, rules, shown, onClause, open) {
  shown.add(r.name);
  const node = el("details", { class: "rule", open, "data-rule": r.name },
    el("summary", {}, el("code", {}, r.name), " = ", el("strong", { class: "value" }, r.evaluated ? show(r.value) : t("notReached")),
      el("span", { class: "muted" }, "  " + r.type)));
  if (r.doc) node.append(el("p", { class: "doc" }, r.doc));
  node.append(citations(r.citations, onClause));
  for (const d of r.definitions) node.append(definition(d, onClause));
  if (r.why_not && r.why_not.length)
    node.append(el("div", { class: "why-not" }, el("h4", {}, t("whyNot")), el("ul", {}, r.why_not.map(term))));
  const uses = r.uses.filter((u) => u.kind !== "rule" || !rules.has(u.name) || shown.has(u.name));
  if (uses.length)
    node.append(el("div", { class: "uses" }, el("h4", {}, t("uses")),
      el("ul", {}, uses.map((u) => el("li", {}, el("span", { class: "kind" }, t(u.kind)), " ", el("code", {}, u.name), " = ", show(u.value))))));
  for (const u of r.uses)
    if (u.kind === "rule" && rules.has(u.name) && !shown.has(u.name)) node.append(ruleNode(rules.get(u.name), rules, shown, onClause, false));
  return node;
}

function definition(d, onClause) {
  const label = d.label === "base" ? t("base") : t("exception", d.label);
  const box = el("div", { class: "definition " + d.status, "data-status": d.status },
    el("p", {}, el("span", { class: "status" }, t(STATUS[d.status] || d.status)), " ", label,
      d.reason ? el("span", { class: "muted" }, " — " + reason(d.reason)) : null),
    citations(d.citations, onClause));
  if (d.condition) box.append(el("div", { class: "term-block" }, el("h4", {}, t("when")), el("ul", {}, term(d.condition))));
  if (d.status === "not_applicable" && d.failed.length)
    box.append(el("div", { class: "why-not" }, el("h4", {}, t("failedCondition")), el("ul", {}, d.failed.map(term))));
  if (d.value && d.status === "applied") box.append(el("div", { class: "term-block" }, el("h4", {}, t("value")), el("ul", {}, term(d.value))));
  return box;
}

// Why a definition was not evaluated, in the interface's language (docs/explain.md lists them).
function reason(text) {
  const m = /^exception (.+) applied$/.exec(text);
  if (m) return t("reasonException", m[1]);
  const known = { "another case of this definition applied": "reasonOtherCase",
    "evaluation stopped with an error": "reasonError", "not needed": "reasonNotNeeded" };
  return known[text] ? t(known[text]) : text;
}

function citations(list, onClause) {
  if (!list || !list.length) return document.createDocumentFragment();  // (Element.append(null) writes "null")
  return el("div", { class: "citations" }, list.map((c) =>
    el("blockquote", { class: "quote", "data-clause": c.clause, "data-notice": c.notice },
      el("p", { class: "cite" }, c.notice, " ",
        el("a", { href: "#", class: "clause-link", title: t("showInNotice"),
          onclick: (e) => { e.preventDefault(); onClause(c.notice, c.clause, c.quote); } }, "§" + c.clause)),
      el("p", { class: "quote-text" }, "“", c.quote, "”"))));
}

function term(x) {
  const li = el("li", { class: "term" }, el("code", {}, x.text), " = ",
    el("span", { class: "value" }, x.evaluated ? show(x.value) : t("notReached")),
    x.refers ? el("span", { class: "muted" }, `  (${t(x.refers)})`) : null);
  const parts = (x.parts || []).filter((p) => p.evaluated);
  if (parts.length) li.append(el("ul", {}, parts.map(term)));
  return li;
}

// ---- notice ---------------------------------------------------------------------------------
// The notice beside the decision (GET /v1/policies/{id}/notice): each paragraph with its clause id,
// the sentences the policy's rules cite underlined, and the ones the current decision used
// highlighted (found by their normalised text, as the notice check finds them).

function renderNotice(box, notice, quotes) {
  clear(box);
  if (!notice || !notice.notices.length) { box.append(el("p", { class: "muted" }, t("noNotice"))); return; }
  const wanted = quotes.map((q) => ({ notice: q.notice, text: normalise(q.quote) })).filter((q) => q.text);
  let first = null;
  for (const n of notice.notices) {
    const section = el("article", { class: "notice", "data-notice": n.name },
      el("h3", {}, n.name), n.issued ? el("p", { class: "muted" }, t("issued", n.issued)) : null);
    for (const p of n.paragraphs) {
      const mine = wanted.filter((q) => q.notice === n.name).map((q) => q.text);
      const para = paragraph(p, mine);
      if (!first && para.querySelector("mark")) first = para;
      section.append(para);
    }
    box.append(section);
  }
  if (first) scrollWithin(box, first, "auto");
}

// Scrolls the notice's own pane (not the page) so that `e` shows near its top.
function scrollWithin(box, e, behavior) {
  const pane = box.closest("#notice-pane") || box;
  pane.scrollBy({ top: e.getBoundingClientRect().top - pane.getBoundingClientRect().top - 60, behavior });
}

// Scrolls to a clause and flashes it (a clause id clicked in the tree).
function showClause(box, notice, clause) {
  const sel = `[data-notice="${CSS.escape(notice)}"] [data-clause="${CSS.escape(clause)}"]`;
  const p = box.querySelector(sel) || box.querySelector(`[data-clause="${CSS.escape(clause)}"]`);
  if (!p) return;
  scrollWithin(box, p, "smooth");
  p.classList.remove("flash");
  void p.offsetWidth;
  p.classList.add("flash");
}

function paragraph(p, quotes) {
  const text = p.parts.map((x) => x.text).join("");
  // Boundaries of the cited runs (from the parts) and of the decision's quotes (found in the text).
  const cuts = new Set([0, text.length]);
  const cited = [];
  let at = 0;
  for (const part of p.parts) {
    if (part.rules) { cited.push([at, at + part.text.length, part.rules]); cuts.add(at); cuts.add(at + part.text.length); }
    at += part.text.length;
  }
  const hits = [];
  for (const q of quotes) {
    for (let i = text.indexOf(q); i >= 0; i = text.indexOf(q, i + 1)) { hits.push([i, i + q.length]); cuts.add(i); cuts.add(i + q.length); }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = el(p.heading ? "h4" : "p", { class: "para", "data-clause": p.clause || undefined },
    p.clause ? el("span", { class: "clause-id" }, "§" + p.clause) : null);
  for (let i = 0; i + 1 < points.length; ++i) {
    const [b, e] = [points[i], points[i + 1]];
    const piece = text.slice(b, e);
    const c = cited.find(([x, y]) => x <= b && e <= y);
    const hit = hits.some(([x, y]) => x <= b && e <= y);
    const title = c ? t("citedHere", c[2].join(", ")) : undefined;
    out.append(hit ? el("mark", { class: "hit", title }, piece) : c ? el("span", { class: "cited", title }, piece) : piece);
  }
  return out;
}

// ---- app ------------------------------------------------------------------------------------
// The page's wiring: picks a policy (GET /v1/policies), builds its form, evaluates with an
// explanation (POST /v1/policies/{id}/eval, "explain": true), shows the decision beside the notice,
// saves and loads cases, runs the policy's tests, compares two policies on one case, and switches
// between English and Chinese.

const $ = (id) => document.getElementById(id);
const state = { policies: [], policy: null, notice: null, answer: null, tests: null, comparison: null, message: null };
const form = new CaseForm($("outputs"), $("inputs"));

function banner(message) {
  state.message = message;
  $("banner").hidden = !message;
  $("banner").textContent = message ? message() : "";
}

async function start() {
  const params = new URLSearchParams(location.search);
  setLang(params.get("lang") || localStorage.getItem("edict-workbench-lang") || (navigator.language.startsWith("zh") ? "zh" : "en"));
  translatePage();
  $("lang").textContent = getLang() === "zh" ? "English" : "中文";
  const list = await getJson("/v1/policies");
  if (list.error) return banner(() => t("serverDown", list.error.message));
  state.policies = list.body.policies.filter((p) => p.status !== "failed");
  for (const p of state.policies) $("policy").append(el("option", { value: p.id }, p.id));
  const wanted = params.get("policy");
  if (wanted && state.policies.some((p) => p.id === wanted)) $("policy").value = wanted;
  await choosePolicy($("policy").value, params.get("outputs"));
}

async function choosePolicy(id, outputs) {
  state.policy = state.policies.find((p) => p.id === id) || null;
  state.answer = state.tests = state.comparison = null;
  banner(null);
  renderResults();
  if (!state.policy) return;
  $("version").textContent = t("version", state.policy.version + (state.policy.declared_version ? ` (${state.policy.declared_version})` : ""));
  const [f, n] = await Promise.all([getJson(policyPath(id, "form")), getJson(policyPath(id, "notice"))]);
  if (f.error) return banner(() => t("requestError", f.status, f.error.message));
  form.load(f.body);
  if (outputs) form.choose(outputs.split(","));
  state.notice = n.error ? null : n.body;
  renderNotice($("notice"), state.notice, []);
  clear($("compare-with"));
  const others = state.policies.filter((p) => p.id !== id);
  for (const p of others) $("compare-with").append(el("option", { value: p.id }, p.id));
  $("compare-box").hidden = !others.length;
  // The amended version of the same notice first, when there is one.
  const sibling = others.find((p) => p.id.startsWith(id + "-")) || others.find((p) => id.startsWith(p.id + "-"));
  if (sibling) $("compare-with").value = sibling.id;
}

// The request body: {"input": ..., "outputs": [...], "explain": true}, as JSON text.
function body(outputs, input, explain) {
  return `{"input":${input},"outputs":${JSON.stringify(outputs)}${explain ? ',"explain":true' : ""}}`;
}

async function evaluate() {
  banner(null);
  const outputs = form.outputs();
  if (!outputs.length) return banner(() => t("pickOne"));
  let input;
  try { input = form.inputText(); } catch (e) { form.showErrors(e); return banner(() => e.message); }
  form.showErrors(null);
  $("evaluate").disabled = true;
  try {
    const r = await postJson(policyPath(state.policy.id, "eval"), body(outputs, input, true));
    state.answer = r.error ? { error: r.error, status: r.status } : r.body;
    // A refusal naming an input is shown at its field (and in the decision's place); others above.
    if (r.error && !form.showErrors(r.error)) banner(() => t("requestError", r.status, r.error.message));
  } finally {
    $("evaluate").disabled = false;
  }
  renderResults();
}

function renderResults() {
  const d = clear($("decision"));
  const a = state.answer;
  if (!a) d.append(el("p", { class: "muted" }, t("noDecision")));
  else if (a.error) d.append(el("p", { class: "error", id: "decision-error" }, a.error.field ? `${a.error.field}: ` : "", a.error.message));
  else d.append(renderDecision(a, (notice, clause) => showClause($("notice"), notice, clause)));
  renderNotice($("notice"), state.notice, a && !a.error ? citedQuotes(a.explain) : []);
  renderTests();
  renderComparison();
}

function saveCase() {
  let input;
  try { input = form.inputText(); } catch (e) { form.showErrors(e); return banner(() => e.message); }
  const text = `{\n  "policy": ${JSON.stringify(state.policy.id)},\n  "outputs": ${JSON.stringify(form.outputs())},\n  "input": ${input}\n}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = el("a", { href: url, download: "case.json" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// A saved case ({"input": ..., "outputs"?: [...]}), a line of a policy's tests/*.jsonl
// ({"input": ..., "output": {...}}), or a bare input object.
async function loadCase(file) {
  let c;
  try { c = JSON.parse(await file.text()); } catch (e) { return banner(() => t("loadFailed", file.name, e.message)); }
  if (!c || typeof c !== "object" || Array.isArray(c)) return banner(() => t("loadFailed", file.name, "{…}"));
  const input = c.input && typeof c.input === "object" ? c.input : c;
  const outputs = Array.isArray(c.outputs) ? c.outputs : c.output && typeof c.output === "object" ? Object.keys(c.output) : null;
  if (outputs) form.choose(outputs);
  const unknown = form.fill(input);
  banner(unknown.length ? () => t("unknownInputs", unknown.join(", ")) : () => t("loaded", file.name));
}

async function runTests() {
  $("run-tests").disabled = true;
  $("run-tests").textContent = t("working");
  try {
    const r = await getJson(policyPath(state.policy.id, "tests"));
    state.tests = r.error ? { error: r.error, status: r.status } : r.body;
  } finally {
    $("run-tests").disabled = false;
    $("run-tests").textContent = t("runTests");
  }
  renderTests();
}

function renderTests() {
  const box = clear($("test-results"));
  const r = state.tests;
  if (!r) return;
  if (r.error) { box.append(el("p", { class: "error" }, r.error.message)); return; }
  box.append(el("h3", { id: "tests-summary", class: r.failed ? "bad" : "good" }, t("testsSummary", r.passed, r.failed)));
  // Failures first; the passing ones folded away unless nothing failed to show.
  const ordered = [...r.tests.filter((x) => !x.passed), ...r.tests.filter((x) => x.passed)];
  const rows = ordered.map((x) => el("tr", { class: x.passed ? "pass" : "fail", "data-test": x.name },
    el("td", {}, el("span", { class: "badge" }, x.broken ? t("broken") : x.passed ? t("passed") : t("failed"))),
    el("td", {}, x.name, el("div", { class: "muted small" }, x.where), tryButton(x)),
    el("td", {}, x.clause ? "§" + x.clause : ""),
    el("td", {}, x.expect.map((e) => el("div", {}, el("code", {}, e.name), " = ", e.value))),
    el("td", {}, x.problems.map((p) => el("div", { class: "problem" }, p)))));
  box.append(el("details", { open: r.failed > 0 || r.tests.length <= 20 },
    el("summary", {}, t("showTests", r.tests.length)),
    el("table", { class: "tests", id: "tests-table" },
      el("thead", {}, el("tr", {}, [t("result"), t("testName"), t("clause"), t("expected"), ""].map((h) => el("th", {}, h)))),
      el("tbody", {}, rows))));
  box.scrollIntoView({ block: "nearest" });
}

// A case line of tests/*.jsonl gives its inputs as JSON: it can be tried in the form. (A `test`
// declaration gives them in Edict's own notation, which the form does not read.)
function tryButton(x) {
  if (!x.given.length || !/\.jsonl:\d+$/.test(x.where)) return null;
  const input = {};
  try { for (const g of x.given) input[g.name] = JSON.parse(g.value); } catch { return null; }
  return el("button", { type: "button", class: "small try", onclick: () => {
    form.choose(x.outputs);
    form.fill(input);
    evaluate();
    window.scrollTo({ top: 0, behavior: "smooth" });
  } }, t("tryIt"));
}

// The same case on another policy: only the outputs both have, only the inputs it declares.
async function compare() {
  const otherId = $("compare-with").value;
  if (!otherId) return banner(() => t("noOther"));
  banner(null);
  let input;
  try { input = form.inputText(); } catch (e) { form.showErrors(e); return banner(() => e.message); }
  const of = await getJson(policyPath(otherId, "form"));
  if (of.error) return banner(() => t("requestError", of.status, of.error.message));
  const theirs = new Set(of.body.inputs.map((i) => i.name));
  const dropped = form.inputMembers().map(([name]) => name).filter((name) => !theirs.has(name));
  const outputs = form.outputs();
  const shared = outputs.filter((o) => of.body.outputs.some((x) => x.name === o));
  const theirInput = form.inputText((name) => theirs.has(name));
  const [a, b] = await Promise.all([
    postJson(policyPath(state.policy.id, "eval"), body(outputs, input, false)),
    shared.length ? postJson(policyPath(otherId, "eval"), body(shared, theirInput, false)) : Promise.resolve(null)]);
  state.comparison = { mine: state.policy.id, other: otherId, outputs, a, b, dropped };
  renderComparison();
}

function renderComparison() {
  const box = clear($("comparison"));
  const c = state.comparison;
  if (!c) return;
  box.append(el("h3", {}, t("comparison", c.mine, c.other)));
  if (c.dropped.length) box.append(el("p", { class: "muted" }, t("unusedInputs", c.other, c.dropped.join(", "))));
  for (const [id, r] of [[c.mine, c.a], [c.other, c.b]])
    if (r && r.error) box.append(el("p", { class: "error" }, `${id}: ${r.error.field ? r.error.field + ": " : ""}${r.error.message}`));
  const va = c.a && !c.a.error ? c.a.body.output : {};
  const vb = c.b && !c.b.error ? c.b.body.output : {};
  const rows = c.outputs.map((o) => {
    const inB = o in vb;
    const same = inB && JSON.stringify(va[o]) === JSON.stringify(vb[o]);
    return el("tr", { class: same ? "same" : "differs", "data-output": o },
      el("th", {}, el("code", {}, o)), el("td", {}, show(va[o])), el("td", {}, inB ? show(vb[o]) : t("notAnOutput")),
      el("td", {}, el("span", { class: "badge" }, same ? t("same") : t("differs"))));
  });
  box.append(el("table", { class: "compare", id: "compare-table" },
    el("thead", {}, el("tr", {}, el("th", {}, t("output")), el("th", {}, c.mine), el("th", {}, c.other), el("th", {}, ""))),
    el("tbody", {}, rows)));
}

function toggleLanguage() {
  setLang(getLang() === "zh" ? "en" : "zh");
  localStorage.setItem("edict-workbench-lang", getLang());
  $("lang").textContent = getLang() === "zh" ? "English" : "中文";
  translatePage();
  if (state.policy) $("version").textContent = t("version", state.policy.version);
  form.render();
  renderResults();
  if (state.message) banner(state.message);
}

$("policy").addEventListener("change", (e) => choosePolicy(e.target.value));
$("case-form").addEventListener("submit", (e) => { e.preventDefault(); evaluate(); });
$("save").addEventListener("click", saveCase);
$("load").addEventListener("change", (e) => { if (e.target.files[0]) loadCase(e.target.files[0]); e.target.value = ""; });
$("run-tests").addEventListener("click", runTests);
$("compare").addEventListener("click", compare);
$("lang").addEventListener("click", toggleLanguage);
start().catch((e) => banner(() => t("serverDown", e.message)));
