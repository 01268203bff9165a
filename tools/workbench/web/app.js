// The workbench page: picks a policy (GET /v1/policies), builds its form (form.js), evaluates with
// an explanation (POST /v1/policies/{id}/eval, "explain": true), shows the decision (explain.js)
// beside the notice (notice.js), saves and loads cases, runs the policy's tests, compares two
// policies on one case, and switches between English and Chinese (strings.js).
import { getJson, postJson, policyPath } from "./api.js";
import { el, clear, show } from "./dom.js";
import { CaseForm } from "./form.js";
import { renderDecision, citedQuotes } from "./explain.js";
import { renderNotice, showClause } from "./notice.js";
import { t, setLang, getLang, translatePage } from "./strings.js";

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
  $("compare").disabled = !others.length;
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
    if (r.error) {
      form.showErrors(r.error);
      banner(() => t("requestError", r.status, r.error.message));
    }
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
  const rows = r.tests.map((x) => el("tr", { class: x.passed ? "pass" : "fail", "data-test": x.name },
    el("td", {}, el("span", { class: "badge" }, x.broken ? t("broken") : x.passed ? t("passed") : t("failed"))),
    el("td", {}, x.name, el("div", { class: "muted small" }, x.where)),
    el("td", {}, x.clause ? "§" + x.clause : ""),
    el("td", {}, x.expect.map((e) => el("div", {}, el("code", {}, e.name), " = ", e.value))),
    el("td", {}, x.problems.map((p) => el("div", { class: "problem" }, p)))));
  box.append(el("table", { class: "tests", id: "tests-table" },
    el("thead", {}, el("tr", {}, [t("result"), t("testName"), t("clause"), t("expected"), ""].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows)));
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
