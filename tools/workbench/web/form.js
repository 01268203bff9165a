// The case form, generated from GET /v1/policies/{id}/form: one field per input the chosen
// outputs need, by the input's kind. What is typed is kept as text and sent as typed: amounts and
// decimals as JSON strings (exact decimal text, never a JS number), whole numbers as the digits
// typed, so the server sees the case exactly and its errors are the API's own.
import { el, clear } from "./dom.js";
import { t } from "./strings.js";

const WHOLE = new Set(["int", "days", "months", "years"]);
const DECIMAL = new Set(["money", "decimal"]);
const STRUCTURED = new Set(["list", "record"]);

export class CaseForm {
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
