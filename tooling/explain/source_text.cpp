// An expression's text from its span, with brackets that an operand span cuts through balanced,
// so `a and (b or c)` prints with both parentheses.
#include "tooling/explain/source_text.hpp"

#include <algorithm>

namespace edict::explain {

namespace {

uint32_t skip_ws(std::string_view text, uint32_t pos) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r')) ++pos;
    return pos;
}

}  // namespace

std::string expr_text(const check::CheckedProgram& p, const SourceMap& sources, uint32_t module, ast::ExprId e) {
    const ast::Expr& x = p.expr(module, e);
    std::string_view text = sources.file(x.span.file).text();
    uint32_t begin = std::min<uint32_t>(x.span.begin, static_cast<uint32_t>(text.size()));
    uint32_t end = std::max(begin, std::min<uint32_t>(x.span.end, static_cast<uint32_t>(text.size())));
    // An operand span starts or stops inside parentheses its neighbours opened: balance them.
    int open = 0, unmatched_close = 0;
    bool in_string = false;
    for (uint32_t i = begin; i < end; ++i) {
        char c = text[i];
        if (c == '"') in_string = !in_string;
        if (in_string) continue;
        if (c == '(' || c == '[') ++open;
        if (c == ')' || c == ']') { if (open) --open; else ++unmatched_close; }
    }
    for (; open > 0; --open) {
        uint32_t p = skip_ws(text, end);
        if (p < text.size() && (text[p] == ')' || text[p] == ']')) end = p + 1; else break;
    }
    for (; unmatched_close > 0; --unmatched_close) {
        uint32_t p = begin;
        while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\n' || text[p - 1] == '\t')) --p;
        if (p > 0 && (text[p - 1] == '(' || text[p - 1] == '[')) begin = p - 1; else break;
    }
    // A match arm's citations are shown beside the definition (the arms the case took), not
    // inside the expression: cut them out of the text.
    std::vector<std::pair<uint32_t, uint32_t>> cut;
    std::vector<ast::ExprId> todo{e};
    const ast::Module& m = p.modules[module].ast;
    while (!todo.empty()) {
        const ast::Expr& y = m.exprs[todo.back()];
        todo.pop_back();
        for (ast::ExprId k : {y.a, y.b, y.c}) if (k != ast::kNone) todo.push_back(k);
        for (ast::ExprId k : y.list) todo.push_back(k);
        for (const ast::MatchArm& arm : y.arms) {
            if (arm.body != ast::kNone) todo.push_back(arm.body);
            for (const ast::Citation& c : arm.cites)
                if (c.span.file == x.span.file && c.span.begin >= begin && c.span.end <= end) cut.push_back({c.span.begin, c.span.end});
        }
    }
    std::sort(cut.begin(), cut.end());
    std::string out;
    uint32_t at = begin;
    for (auto [b, en] : cut) {
        if (b < at) continue;
        out += text.substr(at, b - at);
        while (!out.empty() && (out.back() == ' ' || out.back() == '\n' || out.back() == '\t' || out.back() == '\r')) out.pop_back();
        at = en;
    }
    out += text.substr(at, end - at);
    // One line per expression in the explanation: collapse the analyst's line breaks.
    std::string flat;
    bool space = false;
    for (char c : out) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') { space = true; continue; }
        if (space && !flat.empty()) flat += ' ';
        space = false;
        flat += c;
    }
    return flat;
}

}  // namespace edict::explain
