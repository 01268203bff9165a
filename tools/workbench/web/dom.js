// Building the page's elements. Every text from a policy, a case or an answer goes in as a text
// node (never as HTML), so nothing it contains can become markup or script.
export function el(tag, attrs = {}, ...children) {
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

export function append(parent, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return parent;
}

export function clear(e) { e.replaceChildren(); return e; }

// A value as /eval writes it (JSON), for people: strings without their quotes.
export function show(value) {
  if (value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

// Text as the notice check compares it (tooling/regression/notice_text.hpp, is_ignorable): without
// spaces, tabs, line breaks, form feeds, ideographic spaces and U+FFFD.
export function normalise(text) { return text.replace(/[ \t\r\n\f\u3000\ufffd]/g, ""); }
