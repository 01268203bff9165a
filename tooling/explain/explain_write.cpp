// Writers for explanations. Takes: an Explanation. Produces: the versioned JSON trace
// (docs/explain.md; field order is fixed so the output diffs cleanly) or the indented tree that
// `edict explain` prints for people.
#include <algorithm>
#include <deque>
#include <set>

#include <fmt/format.h>

#include "tooling/explain/explain.hpp"

namespace edict::explain {

namespace {

using io::append_json_string;

void key(std::string& o, const char* k) {
    append_json_string(o, k);
    o += ':';
}

void str(std::string& o, const char* k, const std::string& v) {
    key(o, k);
    append_json_string(o, v);
}

void citations_json(std::string& o, const std::vector<CitationText>& cs) {
    key(o, "citations");
    o += '[';
    for (size_t i = 0; i < cs.size(); ++i) {
        if (i) o += ',';
        o += '{';
        str(o, "notice", cs[i].notice); o += ',';
        str(o, "clause", cs[i].clause); o += ',';
        str(o, "quote", cs[i].quote); o += ',';
        str(o, "location", cs[i].location);
        o += '}';
    }
    o += ']';
}

void term_json(std::string& o, const Term& t) {
    o += '{';
    str(o, "text", t.text); o += ',';
    key(o, "evaluated"); o += t.value ? "true" : "false"; o += ',';
    key(o, "value"); o += t.value ? *t.value : "null"; o += ',';
    if (!t.refers.empty()) { str(o, "refers", t.refers); o += ','; str(o, "name", t.name); o += ','; }
    str(o, "location", t.location); o += ',';
    key(o, "parts");
    o += '[';
    for (size_t i = 0; i < t.parts.size(); ++i) { if (i) o += ','; term_json(o, t.parts[i]); }
    o += "]}";
}

void terms_json(std::string& o, const char* k, const std::vector<Term>& ts) {
    key(o, k);
    o += '[';
    for (size_t i = 0; i < ts.size(); ++i) { if (i) o += ','; term_json(o, ts[i]); }
    o += ']';
}

void definition_json(std::string& o, const Definition& d) {
    o += '{';
    str(o, "label", d.label); o += ',';
    key(o, "over"); if (d.over.empty()) o += "null"; else append_json_string(o, d.over); o += ',';
    str(o, "kind", d.kind); o += ',';
    str(o, "status", d.status); o += ',';
    key(o, "reason"); if (d.reason.empty()) o += "null"; else append_json_string(o, d.reason); o += ',';
    str(o, "location", d.location); o += ',';
    citations_json(o, d.citations); o += ',';
    key(o, "condition"); if (d.condition) term_json(o, *d.condition); else o += "null"; o += ',';
    terms_json(o, "failed", d.failed); o += ',';
    key(o, "value"); if (d.value) term_json(o, *d.value); else o += "null";
    o += '}';
}

void rule_json(std::string& o, const RuleExplanation& r) {
    o += '{';
    str(o, "name", r.name); o += ',';
    str(o, "type", r.type); o += ',';
    key(o, "value"); o += r.value ? *r.value : "null"; o += ',';
    key(o, "evaluated"); o += r.value ? "true" : "false"; o += ',';
    str(o, "doc", r.doc); o += ',';
    str(o, "location", r.location); o += ',';
    citations_json(o, r.citations); o += ',';
    key(o, "definitions");
    o += '[';
    for (size_t i = 0; i < r.definitions.size(); ++i) { if (i) o += ','; definition_json(o, r.definitions[i]); }
    o += "],";
    key(o, "uses");
    o += '[';
    for (size_t i = 0; i < r.uses.size(); ++i) {
        if (i) o += ',';
        o += '{';
        str(o, "kind", r.uses[i].kind); o += ',';
        str(o, "name", r.uses[i].name); o += ',';
        key(o, "value"); o += r.uses[i].value;
        o += '}';
    }
    o += "],";
    terms_json(o, "why_not", r.why_not);
    o += '}';
}

// ---- text ----

std::string shown(const std::optional<std::string>& v) { return v ? *v : "(not evaluated)"; }

const char* status_word(const std::string& s) {
    if (s == "applied") return "[applied]";
    if (s == "not_applicable") return "[did not apply]";
    return "[not evaluated]";
}

void term_text(std::string& o, const Term& t, int indent) {
    std::string pad(static_cast<size_t>(indent), ' ');
    std::string what = t.refers.empty() || t.refers == "function" ? "" : fmt::format("  ({})", t.refers);
    if (t.value && *t.value == t.text) o += fmt::format("{}{}\n", pad, t.text);  // a literal
    else o += fmt::format("{}{} = {}{}\n", pad, t.text, shown(t.value), what);
    for (const Term& p : t.parts)
        if (p.value) term_text(o, p, indent + 2);  // parts never reached add nothing but noise
}

// Rules used by a rule are explained under it, indented, up to this many levels; deeper ones are
// explained after the outputs, at the left margin. A chain of 40,000 rules would otherwise recurse
// 40,000 deep and indent its last line by 80,000 spaces.
constexpr int kMaxNestedRules = 16;

struct TextState {
    std::set<std::string> done;         // rules already explained
    std::deque<std::string> later;      // rules deeper than kMaxNestedRules, to explain at the margin
};

void rule_text(std::string& o, const Explanation& e, const std::string& name, int indent, TextState& st) {
    std::string pad(static_cast<size_t>(indent), ' ');
    const RuleExplanation& r = e.rules.at(name);
    if (st.done.count(name)) {
        o += fmt::format("{}{} = {}  (rule, explained above)\n", pad, name, shown(r.value));
        return;
    }
    if (indent / 2 >= kMaxNestedRules) {
        o += fmt::format("{}{} = {}  (rule, explained below)\n", pad, name, shown(r.value));
        st.later.push_back(name);
        return;
    }
    st.done.insert(name);
    o += fmt::format("{}{} = {}  ({}, {})\n", pad, name, shown(r.value), r.type, r.location);
    if (!r.doc.empty()) o += fmt::format("{}  \"{}\"\n", pad, r.doc);
    for (const CitationText& c : r.citations) o += fmt::format("{}  cites {} §{} “{}”\n", pad, c.notice, c.clause, c.quote);
    for (const Definition& d : r.definitions) {
        std::string who = d.label == "base" ? std::string("definition") : fmt::format("exception {}", d.label);
        if (!d.over.empty()) who += fmt::format(" (over {})", d.over);
        const char* form = d.kind == "when" ? "when … then …" : d.kind == "otherwise" ? "otherwise …" : "= …";
        std::string reason = d.reason.empty() ? "" : fmt::format(": {}", d.reason);
        o += fmt::format("{}  {} {} ({}){}  at {}\n", pad, status_word(d.status), who, form, reason, d.location);
        // A base definition without citations of its own repeats the rule's, shown above once; its
        // own and those of the match arms it took are shown here.
        for (const CitationText& c : d.citations) {
            bool rules = d.label == "base" && std::any_of(r.citations.begin(), r.citations.end(), [&](const CitationText& x) {
                return x.notice == c.notice && x.clause == c.clause && x.quote == c.quote;
            });
            if (!rules) o += fmt::format("{}      {} §{} “{}”\n", pad, c.notice, c.clause, c.quote);
        }
        if (d.condition && d.condition->value) {
            o += fmt::format("{}      when:\n", pad);
            term_text(o, *d.condition, indent + 8);
        }
        for (const Term& f : d.failed) o += fmt::format("{}      failed: {} = {}  ({})\n", pad, f.text, shown(f.value), f.location);
        if (d.value && d.status == "applied") {
            o += fmt::format("{}      value:\n", pad);
            term_text(o, *d.value, indent + 8);
        }
    }
    for (const Term& w : r.why_not) o += fmt::format("{}  why not: {} = {}  ({})\n", pad, w.text, shown(w.value), w.location);
    for (const Use& u : r.uses) {
        if (u.kind != "rule") o += fmt::format("{}  uses {} {} = {}\n", pad, u.kind, u.name, u.value);
        else if (e.rules.count(u.name)) rule_text(o, e, u.name, indent + 2, st);
    }
}

}  // namespace

std::string to_json(const Explanation& e) {
    std::string o = "{";
    key(o, "version"); o += std::to_string(kTraceVersion); o += ',';
    str(o, "policy", e.policy); o += ',';
    key(o, "outputs");
    o += '[';
    for (size_t i = 0; i < e.outputs.size(); ++i) {
        if (i) o += ',';
        const RuleExplanation* r = e.rules.count(e.outputs[i]) ? &e.rules.at(e.outputs[i]) : nullptr;
        o += '{';
        str(o, "name", e.outputs[i]); o += ',';
        key(o, "value"); o += r && r->value ? *r->value : "null";
        o += '}';
    }
    o += "],";
    key(o, "rules");
    o += '[';
    for (size_t i = 0; i < e.order.size(); ++i) { if (i) o += ','; rule_json(o, e.rules.at(e.order[i])); }
    o += "],";
    key(o, "error");
    if (e.error.empty()) o += "null";
    else {
        o += '{';
        key(o, "input"); if (e.error_input.empty()) o += "null"; else append_json_string(o, e.error_input); o += ',';
        str(o, "message", e.error);
        o += '}';
    }
    o += "}\n";
    return o;
}

std::string to_text(const Explanation& e) {
    std::string o;
    TextState st;
    for (const std::string& name : e.outputs) {
        if (e.rules.count(name)) rule_text(o, e, name, 0, st);
        else o += fmt::format("{} = (not evaluated)\n", name);
        o += '\n';
    }
    while (!st.later.empty()) {
        std::string name = std::move(st.later.front());
        st.later.pop_front();
        if (st.done.count(name)) continue;
        rule_text(o, e, name, 0, st);
        o += '\n';
    }
    if (!e.error.empty()) o += fmt::format("error: {}\n", e.error);
    return o;
}

}  // namespace edict::explain
