// Stated numbers against rule constants (see numbers.hpp).
#include "tooling/regression/numbers.hpp"
#include "runtime/support/utf8.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

namespace edict::regression {

namespace {

using Key = std::pair<std::string, std::string>;  // (notice, clause id)

bool ascii_digit(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９'); }
int cjk_digit(char32_t c) {
    static const std::u32string_view d = U"零一二三四五六七八九";
    if (c == U'〇') return 0;
    if (c == U'两') return 2;
    size_t i = d.find(c);
    return i == std::u32string_view::npos ? -1 : static_cast<int>(i);
}
bool cjk_numeral(char32_t c) { return cjk_digit(c) >= 0 || c == U'十' || c == U'百' || c == U'千'; }

// 十五 = 15, 二十 = 20, 三百零五 = 305.
long cjk_value(const std::u32string& s) {
    long total = 0, cur = 0;
    for (char32_t c : s) {
        int d = cjk_digit(c);
        if (d >= 0) { cur = d; continue; }
        long unit = c == U'十' ? 10 : c == U'百' ? 100 : 1000;
        total += (cur == 0 ? 1 : cur) * unit;
        cur = 0;
    }
    return total + cur;
}

// Integer digits without leading zeros; a decimal without trailing zeros.
std::string canonical(std::string s) {
    if (!s.empty() && s[0] == '-') s.erase(0, 1);
    if (size_t dot = s.find('.'); dot != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    size_t z = 0;
    while (z + 1 < s.size() && s[z] == '0' && s[z + 1] != '.') ++z;
    return s.substr(z);
}

bool starts(const std::u32string& t, size_t i, std::u32string_view w) { return t.compare(i, w.size(), w) == 0; }

// The unit after a number: 个月, 元, 日/天, 年; returns its length (0: none).
size_t unit_at(const std::u32string& t, size_t i, NumberKind& kind) {
    if (starts(t, i, U"个月")) { kind = NumberKind::Months; return 2; }
    if (starts(t, i, U"元")) { kind = NumberKind::Money; return 1; }
    if (starts(t, i, U"日") || starts(t, i, U"天")) { kind = NumberKind::Days; return 1; }
    if (starts(t, i, U"年") || starts(t, i, U"岁") || starts(t, i, U"周岁")) {
        kind = NumberKind::Years;
        return starts(t, i, U"周岁") ? 2 : 1;
    }
    return 0;
}

std::string digits(const std::u32string& t, size_t& i) {
    std::string s;
    while (i < t.size() && (ascii_digit(t[i]) || (t[i] == U'.' && i + 1 < t.size() && ascii_digit(t[i + 1]) && !s.empty()))) {
        char32_t c = t[i++];
        s += c == U'.' ? '.' : static_cast<char>('0' + (c >= U'０' ? c - U'０' : c - U'0'));
    }
    return s;
}

bool compatible(NumberKind stated, NumberKind constant) {
    if (stated == NumberKind::Date || constant == NumberKind::Date) return stated == constant;
    return constant == NumberKind::Plain || stated == constant ||
           (stated == NumberKind::Year && constant == NumberKind::Years);
}

void walk(const ast::Module& M, ast::ExprId e, std::vector<RuleConstant>& out) {
    if (e == ast::kNone) return;
    const ast::Expr& x = M.exprs[e];
    using K = ast::ExprKind;
    switch (x.kind) {
        case K::IntLit: case K::DecLit: out.push_back({NumberKind::Plain, canonical(x.text), x.text, x.span}); break;
        case K::MoneyLit: out.push_back({NumberKind::Money, canonical(x.text), x.text + "元", x.span}); break;
        case K::DateLit: out.push_back({NumberKind::Date, x.text, x.text, x.span}); break;
        case K::DurationLit: {
            NumberKind k = x.unit == ast::DurationUnit::Days ? NumberKind::Days
                           : x.unit == ast::DurationUnit::Months ? NumberKind::Months : NumberKind::Years;
            const char* u = k == NumberKind::Days ? " days" : k == NumberKind::Months ? " months" : " years";
            out.push_back({k, canonical(x.text), x.text + u, x.span});
            break;
        }
        default: break;
    }
    walk(M, x.a, out);
    walk(M, x.b, out);
    walk(M, x.c, out);
    for (ast::ExprId i : x.list) walk(M, i, out);
    for (const ast::MatchArm& arm : x.arms) walk(M, arm.body, out);
}

bool trivial(const RuleConstant& c) { return c.kind != NumberKind::Date && (c.value == "0" || c.value == "1"); }

struct Declared {
    check::DeclRef ref;
    const ast::Decl* decl;
    StatedNumber number;  // the declared text read as a number
    bool used = false;
};

}  // namespace

std::vector<StatedNumber> stated_numbers(const std::u32string& t, size_t offset) {
    std::vector<StatedNumber> out;
    for (size_t i = 0; i < t.size();) {
        size_t start = i;
        NumberKind kind = NumberKind::Plain;
        std::string value;
        if (ascii_digit(t[i])) {
            value = digits(t, i);
            if (value.size() == 4 && i < t.size() && t[i] == U'年') {
                // 2020年2月29日 is a date; 2019年 alone names a year.
                size_t j = i + 1;
                std::string mo = digits(t, j);
                std::string day;
                if (!mo.empty() && j < t.size() && t[j] == U'月') {
                    ++j;
                    day = digits(t, j);
                }
                if (!day.empty() && j < t.size() && t[j] == U'日') {
                    value = fmt::format("{}-{:0>2}-{:0>2}", value, mo, day);
                    out.push_back({NumberKind::Date, utf8::encode(t.substr(start, j + 1 - start)), value, offset + start});
                    i = j + 1;
                    continue;
                }
                out.push_back({NumberKind::Year, utf8::encode(t.substr(start, i + 1 - start)), value, offset + start});
                ++i;
                continue;
            }
        } else if (cjk_numeral(t[i])) {
            while (i < t.size() && cjk_numeral(t[i])) ++i;
            // 下一日 (the next day), 最后一日 (the last day), 同一日: a position, not a count of one.
            if (i - start == 1 && t[start] == U'一' && start > 0 &&
                (t[start - 1] == U'下' || t[start - 1] == U'后' || t[start - 1] == U'同')) {
                continue;
            }
            value = std::to_string(cjk_value(t.substr(start, i - start)));
        } else {
            ++i;
            continue;
        }
        if (size_t u = unit_at(t, i, kind)) {
            out.push_back({kind, utf8::encode(t.substr(start, i + u - start)), canonical(value), offset + start});
            i += u;
        }
    }
    return out;
}

std::vector<RuleConstant> rule_constants(const check::CheckedProgram& P, check::DeclRef ref) {
    const ast::Module& M = P.modules[ref.module].ast;
    const ast::Decl& d = P.decl(ref);
    std::vector<RuleConstant> out;
    for (const ast::Case& c : d.cases) walk(M, c.condition, out), walk(M, c.value, out);
    for (const ast::DatedParamValue& v : d.values) walk(M, v.value, out);
    for (const ast::TableRow& r : d.rows) walk(M, r.key, out), walk(M, r.value, out);
    walk(M, d.body, out);
    walk(M, d.default_value, out);
    return out;
}

void check_numbers(const check::CheckedProgram& P, const CitationReport& R, Diagnostics& diags) {
    // Which declarations cite which clauses (where their quotes were found), and the first citation
    // of each clause, for the position of a message about the clause.
    std::map<Key, std::vector<check::DeclRef>> citing;
    std::map<Key, const ast::Citation*> first_cite;
    std::map<std::pair<uint32_t, uint32_t>, std::set<Key>> cited_by;
    for (const LocatedCitation& lc : R.citations) {
        if (lc.clause.empty()) continue;
        Key k{lc.notice, lc.clause};
        auto& v = citing[k];
        bool seen = false;
        for (check::DeclRef d : v) seen |= d.module == lc.decl.module && d.decl == lc.decl.decl;
        if (!seen) v.push_back(lc.decl);
        first_cite.emplace(k, lc.cite);
        cited_by[{lc.decl.module, lc.decl.decl}].insert(k);
    }
    std::map<std::string, std::vector<Declared>> unused, external;  // by clause id
    for (uint32_t mi = 0; mi < P.modules.size(); ++mi)
        for (uint32_t di = 0; di < P.modules[mi].ast.decls.size(); ++di) {
            const ast::Decl& d = P.modules[mi].ast.decls[di];
            if (d.kind != ast::DeclKind::Clause || d.items.size() != 2) continue;
            std::vector<StatedNumber> n = stated_numbers(normalise(d.items[1]));
            StatedNumber sn{NumberKind::Plain, d.items[1], canonical(d.items[1]), 0};
            if (!n.empty()) sn = n.front();
            else if (size_t sp = d.items[1].find(' '); sp != std::string::npos) sn.value = canonical(d.items[1].substr(0, sp));
            (d.items[0] == "unused" ? unused : external)[d.clause].push_back({{mi, di}, &d, sn});
        }
    auto declared = [&](std::vector<Declared>& list, const std::string& notice, NumberKind kind, const std::string& value) {
        for (Declared& x : list)
            if (x.number.value == value && (compatible(kind, x.number.kind) || compatible(x.number.kind, kind)) &&
                clause_declaration_concerns(P, R.texts, x.ref, notice))
                return x.used = true;
        return false;
    };
    // Stated numbers that no citing declaration uses.
    std::map<Key, std::vector<StatedNumber>> stated;
    for (const auto& [key, decls] : citing) {
        const NoticeText& t = *R.texts.at(key.first);
        const NoticeClause* cl = t.clause(key.second);
        for (auto [b, e] : cl->ranges) {
            // An item's own number ("5." in "5.2019年…", "（一）") is not a number it states.
            if (cl->kind == ClauseKind::Item)
                while (b < e && t.norm()[b] != U'.' && t.norm()[b] != U'．') ++b;
            if (cl->kind == ClauseKind::ArticleItem)
                while (b < e && t.norm()[b] != U'）' && t.norm()[b] != U')') ++b;
            if ((cl->kind == ClauseKind::Item || cl->kind == ClauseKind::ArticleItem) && b < e) ++b;
            for (StatedNumber& n : stated_numbers(t.norm().substr(b, e - b), b)) stated[key].push_back(n);
        }
        std::vector<RuleConstant> constants;
        std::string names;
        for (check::DeclRef d : decls) {
            for (RuleConstant& c : rule_constants(P, d)) constants.push_back(c);
            names += (names.empty() ? "" : ", ") + owner_name(P.decl(d));
        }
        std::set<std::pair<std::string, int>> reported;  // a number the clause states twice is reported once
        for (const StatedNumber& n : stated[key]) {
            if (!reported.insert({n.value, static_cast<int>(n.kind)}).second) continue;
            bool used = false;
            for (const RuleConstant& c : constants) used |= c.value == n.value && compatible(n.kind, c.kind);
            if (used || declared(unused[key.second], key.first, n.kind, n.value)) continue;
            Diagnostic& d = diags.error(DiagCode::E0511, first_cite.at(key)->span,
                                        fmt::format("§{} states {} ({}:{}), but no declaration citing it uses {}",
                                                    key.second, n.text, t.path, t.line_at(n.pos), n.value));
            d.help = fmt::format("cited by: {}. Use the number, or declare `clause §{} unused \"{}\" \"why\"`", names,
                                 key.second, n.text);
        }
    }
    // Constants of citing declarations that none of their clauses states.
    for (const auto& [decl, keys] : cited_by) {
        check::DeclRef ref{decl.first, decl.second};
        for (const RuleConstant& c : rule_constants(P, ref)) {
            if (trivial(c)) continue;
            bool ok = false;
            std::string ids;
            for (const Key& k : keys) {
                for (const StatedNumber& n : stated[k]) ok |= n.value == c.value && compatible(n.kind, c.kind);
                ok = ok || declared(external[k.second], k.first, c.kind, c.value);
                ids += (ids.empty() ? "§" : ", §") + k.second;
            }
            if (ok) continue;
            Diagnostic& d = diags.error(DiagCode::E0512, c.span, fmt::format("{} uses {}, which {} does not state",
                                                                     owner_name(P.decl(ref)), c.text, ids));
            std::string nums;
            for (const Key& k : keys)
                for (const StatedNumber& n : stated[k]) nums += (nums.empty() ? "" : ", ") + n.text;
            d.help = fmt::format("the cited text states {}. If the number comes from elsewhere, declare "
                                 "`clause {} external \"{}\" \"where it comes from\"`",
                                 nums.empty() ? "no number" : nums, ids.substr(0, ids.find(',')), c.text);
        }
    }
    // A declaration that matches nothing is stale: the text or the rules changed under it.
    for (auto* table : {&unused, &external})
        for (auto& [id, list] : *table)
            for (const Declared& x : list)
                if (!x.used)
                    diags.warning(DiagCode::W0513, x.decl->span,
                                  fmt::format("`clause §{} {} \"{}\"` matches no {} of §{}", id, x.decl->items[0],
                                              x.decl->items[1], table == &unused ? "stated number" : "rule constant",
                                              id));
}

}  // namespace edict::regression
