// The decision and why: the outputs' values, then for each output the explanation tree of
// docs/explain.md (/eval with "explain": true) — each definition with its status, the clause and the
// notice's quoted sentence, the condition with the value of each part, "why not" for a condition
// that was false, and the rules it used, each explained in turn.
import { el, show } from "./dom.js";
import { t } from "./strings.js";

const STATUS = { applied: "applied", not_applicable: "notApplicable", not_evaluated: "notEvaluated" };

export function renderDecision(answer, onClause) {
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
export function citedQuotes(ex) {
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
      d.reason ? el("span", { class: "muted" }, " — " + d.reason) : null),
    citations(d.citations, onClause));
  if (d.condition) box.append(el("div", { class: "term-block" }, el("h4", {}, t("when")), el("ul", {}, term(d.condition))));
  if (d.status === "not_applicable" && d.failed.length)
    box.append(el("div", { class: "why-not" }, el("h4", {}, t("failedCondition")), el("ul", {}, d.failed.map(term))));
  if (d.value && d.status === "applied") box.append(el("div", { class: "term-block" }, el("h4", {}, t("value")), el("ul", {}, term(d.value))));
  return box;
}

function citations(list, onClause) {
  if (!list || !list.length) return null;
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
