// Recomputes expression ends (see source_text.hpp for why) and balances brackets that an operand
// span cuts through, so `a and (b or c)` prints with both parentheses.
#include "tooling/explain/source_text.hpp"

#include <algorithm>
#include <cctype>

namespace edict::explain {

namespace {

using K = ast::ExprKind;

struct Scanner {
    const check::CheckedProgram& P;
    std::string_view text;
    uint32_t m;

    uint32_t skip_ws(uint32_t pos) const {
        while (pos < text.size()) {
            char c = text[pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') ++pos;
            else if (c == '#') { while (pos < text.size() && text[pos] != '\n') ++pos; }
            else break;
        }
        return pos;
    }
    // Past `closing` if it is the next token (after optional separators in `skip`), else `pos`.
    uint32_t expect(uint32_t pos, char closing, std::string_view skip = "") const {
        uint32_t p = skip_ws(pos);
        while (p < text.size() && skip.find(text[p]) != std::string_view::npos) p = skip_ws(p + 1);
        return p < text.size() && text[p] == closing ? p + 1 : pos;
    }
    uint32_t literal_end(uint32_t pos) const {
        static const std::string_view kUnits[] = {"元", "yuan", "days", "day", "日", "months", "month", "个月",
                                                  "years", "year", "年"};
        if (text.substr(pos, 2) == "\xC2\xA5") pos += 2;          // ¥
        else if (text.substr(pos, 3) == "\xEF\xBF\xA5") pos += 3;  // ￥
        while (pos < text.size() && (std::isdigit(static_cast<unsigned char>(text[pos])) || text[pos] == '.' ||
                                     text[pos] == '-'))
            ++pos;
        uint32_t p = pos;
        while (p < text.size() && text[p] == ' ') ++p;
        for (std::string_view u : kUnits)
            if (text.substr(p, u.size()) == u) return p + static_cast<uint32_t>(u.size());
        return pos;
    }
    uint32_t end(ast::ExprId e, int depth = 0) const {
        const ast::Expr& x = P.expr(m, e);
        if (depth > 200) return x.span.begin;
        auto sub = [&](ast::ExprId k) { return end(k, depth + 1); };
        switch (x.kind) {
            case K::MoneyLit: case K::DurationLit: return literal_end(x.span.begin);
            case K::IntLit: case K::DecLit: case K::DateLit: case K::MonthLit: case K::TextLit: case K::BoolLit:
            case K::NullLit: case K::Name:
                return std::min<uint32_t>(x.span.end, static_cast<uint32_t>(text.size()));
            case K::Binary: case K::Let: return sub(x.b);
            case K::Unary: case K::At: return sub(x.kind == K::At ? x.b : x.a);
            case K::If: return sub(x.c);
            case K::IsNull: {
                size_t at = text.find("null", sub(x.a));
                return at == std::string_view::npos ? sub(x.a) : static_cast<uint32_t>(at + 4);
            }
            case K::Field: {
                uint32_t p = skip_ws(sub(x.a));
                if (p < text.size() && text[p] == '.') p = skip_ws(p + 1) + static_cast<uint32_t>(x.text.size());
                return p;
            }
            case K::Index: return expect(sub(x.b), ']');
            case K::Filter: return expect(sub(x.b), ']');
            case K::Match: {
                uint32_t last = x.span.begin;
                for (const ast::MatchArm& arm : x.arms) {
                    last = std::max(last, sub(arm.body));
                    for (const ast::Citation& c : arm.cites) last = std::max(last, c.span.end);  // `=> v cite …`
                }
                return expect(last, '}', ",");
            }
            case K::ListLit: {
                uint32_t last = x.list.empty() ? expect(x.span.begin, '[') : sub(x.list.back());
                return expect(last, ']', ",");
            }
            case K::Call: case K::RecordLit: {
                uint32_t last = x.list.empty() ? static_cast<uint32_t>(text.find('(', x.span.begin)) + 1 : sub(x.list.back());
                return expect(std::min<uint32_t>(last, static_cast<uint32_t>(text.size())), ')', ",");
            }
        }
        return x.span.begin;
    }
};

}  // namespace

std::string expr_text(const check::CheckedProgram& p, const SourceMap& sources, uint32_t module, ast::ExprId e) {
    const ast::Expr& x = p.expr(module, e);
    std::string_view text = sources.file(x.span.file).text();
    Scanner s{p, text, module};
    uint32_t begin = std::min<uint32_t>(x.span.begin, static_cast<uint32_t>(text.size()));
    uint32_t end = std::max(begin, std::min<uint32_t>(s.end(e), static_cast<uint32_t>(text.size())));
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
        uint32_t p = s.skip_ws(end);
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
