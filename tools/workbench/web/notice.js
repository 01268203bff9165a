// The notice beside the decision (GET /v1/policies/{id}/notice): each paragraph with its clause id,
// the sentences the policy's rules cite underlined, and the ones the current decision used
// highlighted (found by their normalised text, as the notice check finds them).
import { el, clear, normalise } from "./dom.js";
import { t } from "./strings.js";

export function renderNotice(box, notice, quotes) {
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
  if (first) first.scrollIntoView({ block: "nearest" });
}

// Scrolls to a clause and flashes it (a clause id clicked in the tree).
export function showClause(box, notice, clause) {
  const sel = `[data-notice="${CSS.escape(notice)}"] [data-clause="${CSS.escape(clause)}"]`;
  const p = box.querySelector(sel) || box.querySelector(`[data-clause="${CSS.escape(clause)}"]`);
  if (!p) return;
  p.scrollIntoView({ block: "center", behavior: "smooth" });
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
