// PEGTL parse_tree → AST. The grammar (grammar.hpp) decides what is well-formed; this file
// picks the nodes worth keeping, limits nesting, recovers after errors, and builds ast::Module.
#include "compiler/syntax/parser.hpp"
#include "runtime/support/utf8.hpp"

#include <algorithm>

#include <tao/pegtl/contrib/parse_tree.hpp>

#include <fmt/format.h>

#include "compiler/syntax/depth.hpp"
#include "compiler/syntax/grammar.hpp"
#include "compiler/syntax/keywords.hpp"
#include "compiler/syntax/messages.hpp"

namespace edict::syntax {

namespace {

using Node = tao::pegtl::parse_tree::node;

// Nesting depth of one declaration's parse, handed to PEGTL as the parse state: a fresh one for
// each declaration, so a parse error thrown half-way leaves nothing behind for the next one.
// (PEGTL's contrib/limit_depth counts every rule and has its own message; this counts only the
// rules that nest expressions and types, and says what to do.)
struct Nesting {
    int depth = 0;
};

template <typename Rule>
constexpr bool counts_depth = std::is_same_v<Rule, expr> || std::is_same_v<Rule, unary> ||
                              std::is_same_v<Rule, not_expr> || std::is_same_v<Rule, postfix> ||
                              std::is_same_v<Rule, type>;

template <typename Rule>
struct control : tao::pegtl::normal<Rule> {
    template <typename Input>
    static void start(const Input& in, Nesting& nesting) {
        if constexpr (counts_depth<Rule>) {
            if (++nesting.depth > kMaxNesting)
                throw tao::pegtl::parse_error(
                    "this expression is nested too deeply; split it into named rules", in);
        }
    }
    template <typename Input>
    static void success(const Input&, Nesting& nesting) {
        if constexpr (counts_depth<Rule>) --nesting.depth;
    }
    template <typename Input>
    static void failure(const Input&, Nesting& nesting) {
        if constexpr (counts_depth<Rule>) --nesting.depth;
    }
    template <typename Input, typename... States>
    [[noreturn]] static void raise(const Input& in, States&&...) {
        if constexpr (message<Rule> != nullptr) throw tao::pegtl::parse_error(message<Rule>, in);
        else throw tao::pegtl::parse_error("unexpected text here", in);
    }
};

// PEGTL's fold_one, except that a node it keeps (an operator with its operands) keeps its end:
// fold_one clears it, as remove_content does.
struct fold_one_keeping_span : tao::pegtl::parse_tree::apply<fold_one_keeping_span> {
    template <typename Node, typename... States>
    static void transform(std::unique_ptr<Node>& n, States&&...) noexcept {
        if (n->children.size() == 1) n = std::move(n->children.front());
    }
};

template <typename Rule>
using selector = tao::pegtl::parse_tree::selector<
    Rule,
    tao::pegtl::parse_tree::store_content::on<
        decl_name, type_name, name, field_name, arg_name, let_name, filter_var, enum_case, output_name, exc_target,
        exc_over, assign_name, pattern, date_lit, month_lit, money_amount, duration_amount, dec_lit, int_lit, string_lit,
        bool_lit, null_lit, clause_ref, optional_mark, mul_op, add_op, coalesce_op, cmp_op, unit_days, unit_months,
        unit_years, is_not, cal_not, cal_holiday, cal_workday, cal_year, cal_beyond, ident, doc_part, cite_notice, cite_quote, clause_number_kind>,
    // Nodes with children keep their content too: PEGTL's remove_content clears the end position,
    // and every AST node needs its whole span (diagnostics underline it, fmt and lsp slice by it).
    tao::pegtl::parse_tree::store_content::on<
        list_type, call, arg, if_expr, let_expr, match_expr, arm, filter, list_lit, field_access, index_access,
        at_suffix, negation, not_op, and_op, or_op, is_null_test, cite, doc, import_decl,
        notice_decl, notice_text, notice_issued, notice_title, enum_decl, record_decl, field, input_decl, default_value,
        param_decl, param_value, dated_value, table_decl, table_row, key_type, rule_decl, def_eq, when_case,
        otherwise_case, exception_decl, function_decl, function_body, output_decl, calendar_decl, amend_decl,
        cal_entry, cal_range, cal_covers, override_decl, test_decl, assignment, expect_error, given_list, expect_list, clause_decl, money_lit,
        duration_lit>,
    fold_one_keeping_span::on<type, expr, or_expr, and_expr, not_expr, cmp_expr, coalesce_expr, add_expr,
                                         mul_expr, unary, postfix>> ;

// True when a declaration keyword, English or Chinese, starts at `pos` and is followed by a blank.
bool is_decl_keyword_at(std::string_view text, size_t pos) {
    for (const auto& k : kKeywords) {
        if (!k.declaration) continue;
        for (std::string_view w : {k.en, k.zh}) {
            size_t n = w.size();
            if (text.compare(pos, n, w) == 0 &&
                (pos + n >= text.size() || text[pos + n] == ' ' || text[pos + n] == '\t' ||
                 text.compare(pos + n, 3, "\xE3\x80\x80") == 0))
                return true;
        }
    }
    return false;
}

// Panic-mode recovery: the next line that starts (in column 1) with a declaration keyword.
size_t next_decl_start(std::string_view text, size_t from) {
    size_t pos = text.find('\n', from);
    while (pos != std::string_view::npos) {
        ++pos;
        if (is_decl_keyword_at(text, pos)) return pos;
        pos = text.find('\n', pos);
    }
    return text.size();
}

class Builder {
public:
    Builder(ast::Module& m, uint32_t file, const char* base) : m_(m), file_(file), base_(base) {}
    void declaration(const Node& n);

private:
    Span span(const Node& n) const {
        return {file_, static_cast<uint32_t>(n.m_begin.data - base_), static_cast<uint32_t>(n.m_end.data - base_)};
    }
    ast::ExprId expression(const Node& n);
    ast::ExprId binary_chain(const Node& n);
    ast::ExprId postfix_chain(const Node& n);
    ast::ExprId literal(const Node& n);
    ast::ExprId make(ast::ExprKind k, const Node& n) {
        ast::Expr e{};
        e.kind = k;
        e.span = span(n);
        return m_.add(std::move(e));
    }
    ast::TypeExprId type(const Node& n);
    ast::Citation citation(const Node& n);
    std::vector<ast::Citation> citations(const Node& parent);
    ast::Case body_case(const Node& n);
    void body(ast::Decl& d, const Node& parent);
    std::string doc(const Node& parent);
    ast::DatedParamValue param_value(const Node& n);
    void calendar_entries(ast::Decl& d, const Node& parent);
    ast::Assignment assignment(const Node& n);
    ast::Assignment expectation(const Node& n);

    ast::Module& m_;
    uint32_t file_;
    const char* base_;
};

std::string unquote(std::string_view s) {
    std::string out;
    if (s.size() < 2) return out;
    s = s.substr(1, s.size() - 2);
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            char c = s[++i];
            out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
        } else {
            out += s[i];
        }
    }
    return out;
}

const Node* child_of(const Node& n, auto pred) {
    for (auto& c : n.children)
        if (pred(*c)) return c.get();
    return nullptr;
}

template <typename Rule>
const Node* find(const Node& n) {
    return child_of(n, [](const Node& c) { return c.is_type<Rule>(); });
}

}  // namespace

ast::TypeExprId Builder::type(const Node& n) {
    ast::TypeExpr t;
    t.span = span(n);
    const Node* inner = &n;
    if (n.is_type<syntax::type>()) {  // folded only when it had one child; here it has base + '?'
        inner = n.children.front().get();
        t.optional = true;
    }
    if (inner->is_type<list_type>()) {
        t.name = "list";
        t.elem = type(*inner->children.front());
    } else {
        t.name = std::string(english_type_name(inner->string_view()));  // 日期 → date
    }
    m_.types.push_back(std::move(t));
    return static_cast<ast::TypeExprId>(m_.types.size() - 1);
}

ast::ExprId Builder::literal(const Node& n) {
    using K = ast::ExprKind;
    if (n.is_type<money_lit>()) {
        ast::ExprId id = make(K::MoneyLit, n);
        m_.exprs[id].text = find<money_amount>(n)->string();
        return id;
    }
    if (n.is_type<duration_lit>()) {
        ast::ExprId id = make(K::DurationLit, n);
        m_.exprs[id].text = find<duration_amount>(n)->string();
        m_.exprs[id].unit = find<unit_days>(n) ? ast::DurationUnit::Days
                            : find<unit_months>(n) ? ast::DurationUnit::Months
                                                   : ast::DurationUnit::Years;
        return id;
    }
    K k = n.is_type<date_lit>()    ? K::DateLit
          : n.is_type<month_lit>() ? K::MonthLit
          : n.is_type<dec_lit>()   ? K::DecLit
          : n.is_type<int_lit>()   ? K::IntLit
          : n.is_type<bool_lit>()  ? K::BoolLit
          : n.is_type<null_lit>()  ? K::NullLit
                                   : K::TextLit;
    ast::ExprId id = make(k, n);
    m_.exprs[id].text = k == K::TextLit ? unquote(n.string_view()) : n.string();
    // 是/否/空 are the Chinese spellings of true/false/null: later stages read the English text.
    if (k == K::BoolLit || k == K::NullLit) m_.exprs[id].text = std::string(keyword_named(n.string_view())->en);
    return id;
}

ast::ExprId Builder::binary_chain(const Node& n) {
    // children: operand (op operand)*, folded left to right
    ast::ExprId left = expression(*n.children[0]);
    for (size_t i = 1; i + 1 < n.children.size(); i += 2) {
        const Node& op = *n.children[i];
        ast::ExprId right = expression(*n.children[i + 1]);
        ast::Expr e{};
        e.kind = ast::ExprKind::Binary;
        e.span = {file_, m_.exprs[left].span.begin, m_.exprs[right].span.end};
        e.a = left;
        e.b = right;
        std::string_view s = op.has_content() ? op.string_view() : std::string_view();
        if (op.is_type<and_op>()) e.bop = ast::BinOp::And;
        else if (op.is_type<or_op>()) e.bop = ast::BinOp::Or;
        else if (s == "+") e.bop = ast::BinOp::Add;
        else if (s == "-") e.bop = ast::BinOp::Sub;
        else if (s == "*") e.bop = ast::BinOp::Mul;
        else if (s == "/") e.bop = ast::BinOp::Div;
        else if (s == "??") e.bop = ast::BinOp::Coalesce;
        else if (s == "==") e.bop = ast::BinOp::Eq;
        else if (s == "!=") e.bop = ast::BinOp::Ne;
        else if (s == "<") e.bop = ast::BinOp::Lt;
        else if (s == "<=") e.bop = ast::BinOp::Le;
        else if (s == ">") e.bop = ast::BinOp::Gt;
        else e.bop = ast::BinOp::Ge;
        left = m_.add(std::move(e));
    }
    return left;
}

ast::ExprId Builder::postfix_chain(const Node& n) {
    ast::ExprId cur = expression(*n.children[0]);
    for (size_t i = 1; i < n.children.size(); ++i) {
        const Node& s = *n.children[i];
        ast::Expr e{};
        e.span = {file_, m_.exprs[cur].span.begin, span(s).end};
        e.a = cur;
        if (s.is_type<field_access>()) {
            e.kind = ast::ExprKind::Field;
            e.text = s.children.front()->string();
        } else if (s.is_type<index_access>()) {
            e.kind = ast::ExprKind::Index;
            e.b = expression(*s.children.front());
        } else {
            e.kind = ast::ExprKind::At;
            e.b = expression(*s.children.front());
        }
        cur = m_.add(std::move(e));
    }
    return cur;
}

ast::ExprId Builder::expression(const Node& n) {
    using K = ast::ExprKind;
    if (n.is_type<or_expr>() || n.is_type<and_expr>() || n.is_type<coalesce_expr>() || n.is_type<add_expr>() ||
        n.is_type<mul_expr>())
        return binary_chain(n);
    if (n.is_type<expr>() || n.is_type<function_body>()) return binary_chain(n);
    if (n.is_type<unary>()) return expression(*n.children.front());
    if (n.is_type<cmp_expr>()) {
        const Node& second = *n.children[1];
        if (second.is_type<is_null_test>()) {
            ast::ExprId id = make(K::IsNull, n);
            m_.exprs[id].a = expression(*n.children[0]);
            m_.exprs[id].negated = find<is_not>(second) != nullptr;
            return id;
        }
        return binary_chain(n);
    }
    if (n.is_type<not_expr>()) {
        ast::ExprId id = make(K::Unary, n);
        m_.exprs[id].uop = ast::UnOp::Not;
        ast::ExprId a = expression(*n.children[1]);
        m_.exprs[id].a = a;
        return id;
    }
    if (n.is_type<negation>()) {
        ast::ExprId id = make(K::Unary, n);
        m_.exprs[id].uop = ast::UnOp::Neg;
        ast::ExprId a = expression(*n.children.back());
        m_.exprs[id].a = a;
        return id;
    }
    if (n.is_type<postfix>()) return postfix_chain(n);
    if (n.is_type<name>()) {
        ast::ExprId id = make(K::Name, n);
        m_.exprs[id].text = n.string();
        return id;
    }
    if (n.is_type<call>()) {
        ast::ExprId id = make(K::Call, n);
        std::string fname = n.children.front()->string();
        std::vector<ast::ExprId> args;
        std::vector<std::string> names;
        for (size_t i = 1; i < n.children.size(); ++i) {
            const Node& a = *n.children[i];
            const Node* an = find<arg_name>(a);
            names.push_back(an ? an->string() : std::string());
            args.push_back(expression(*a.children.back()));
        }
        m_.exprs[id].text = std::move(fname);
        m_.exprs[id].list = std::move(args);
        m_.exprs[id].names = std::move(names);
        return id;
    }
    if (n.is_type<if_expr>()) {
        ast::ExprId id = make(K::If, n);
        ast::ExprId a = expression(*n.children[0]), b = expression(*n.children[1]), c = expression(*n.children[2]);
        m_.exprs[id].a = a; m_.exprs[id].b = b; m_.exprs[id].c = c;
        return id;
    }
    if (n.is_type<let_expr>()) {
        ast::ExprId id = make(K::Let, n);
        m_.exprs[id].text = n.children[0]->string();
        ast::ExprId a = expression(*n.children[1]), b = expression(*n.children[2]);
        m_.exprs[id].a = a; m_.exprs[id].b = b;
        return id;
    }
    if (n.is_type<match_expr>()) {
        ast::ExprId id = make(K::Match, n);
        ast::ExprId a = expression(*n.children[0]);
        std::vector<ast::MatchArm> arms;
        for (size_t i = 1; i < n.children.size(); ++i) {
            const Node& arm_node = *n.children[i];
            ast::MatchArm arm;
            for (auto& c : arm_node.children) {
                if (c->is_type<pattern>()) {
                    arm.patterns.push_back(c->string());
                    arm.pattern_spans.push_back(span(*c));
                } else if (c->is_type<cite>()) {
                    arm.cites.push_back(citation(*c));
                } else {
                    arm.body = expression(*c);
                }
            }
            arms.push_back(std::move(arm));
        }
        m_.exprs[id].a = a;
        m_.exprs[id].arms = std::move(arms);
        return id;
    }
    if (n.is_type<filter>()) {
        ast::ExprId id = make(K::Filter, n);
        m_.exprs[id].text = n.children[0]->string();
        ast::ExprId a = expression(*n.children[1]), b = expression(*n.children[2]);
        m_.exprs[id].a = a; m_.exprs[id].b = b;
        return id;
    }
    if (n.is_type<list_lit>()) {
        ast::ExprId id = make(K::ListLit, n);
        std::vector<ast::ExprId> items;
        for (auto& c : n.children) items.push_back(expression(*c));
        m_.exprs[id].list = std::move(items);
        return id;
    }
    return literal(n);
}

ast::Citation Builder::citation(const Node& n) {
    ast::Citation c;
    c.span = span(n);
    c.notice = unquote(find<cite_notice>(n)->string_view());
    c.clause = find<clause_ref>(n)->string().substr(2);  // drop '§' (2 bytes in UTF-8)
    c.quote = unquote(find<cite_quote>(n)->string_view());
    return c;
}

std::vector<ast::Citation> Builder::citations(const Node& parent) {
    std::vector<ast::Citation> out;
    for (auto& c : parent.children)
        if (c->is_type<cite>()) out.push_back(citation(*c));
    return out;
}

// The doc's strings joined as written: "a" "b" is "ab".
std::string Builder::doc(const Node& parent) {
    const Node* d = find<syntax::doc>(parent);
    std::string out;
    if (d)
        for (auto& part : d->children) out += unquote(part->string_view());
    return out;
}

ast::Case Builder::body_case(const Node& n) {
    ast::Case c;
    c.span = span(n);
    c.cites = citations(n);
    if (n.is_type<when_case>()) {
        c.condition = expression(*n.children[0]);
        c.value = expression(*n.children[1]);
    } else {
        c.value = expression(*n.children[0]);
        c.is_otherwise = n.is_type<otherwise_case>();
    }
    return c;
}

void Builder::body(ast::Decl& d, const Node& parent) {
    for (auto& c : parent.children)
        if (c->is_type<def_eq>() || c->is_type<when_case>() || c->is_type<otherwise_case>())
            d.cases.push_back(body_case(*c));
}

ast::DatedParamValue Builder::param_value(const Node& n) {
    ast::DatedParamValue v;
    v.span = span(n);
    v.cites = citations(n);
    v.value = expression(*n.children[0]);
    if (n.is_type<dated_value>()) v.from = expression(*n.children[1]);
    return v;
}

void Builder::calendar_entries(ast::Decl& d, const Node& parent) {
    for (auto& c : parent.children) {
        if (c->is_type<cal_beyond>()) d.weekends_beyond = span(*c);
        if (c->is_type<cal_covers>()) {
            // cal_year is exactly four digits, so std::stoi cannot fail or overflow.
            const Node& first = *c->children.front();
            d.covers.push_back({span(*c), std::stoi(first.string()), std::stoi(c->children.back()->string())});
        }
        if (!c->is_type<cal_entry>()) continue;
        bool negate = find<cal_not>(*c) != nullptr;
        bool holiday = find<cal_holiday>(*c) != nullptr;
        for (auto& r : c->children) {
            if (!r->is_type<cal_range>()) continue;
            ast::CalendarEntry e;
            e.span = span(*r);
            e.op = holiday ? (negate ? ast::CalendarEntry::NotHoliday : ast::CalendarEntry::Holiday)
                           : (negate ? ast::CalendarEntry::NotWorkday : ast::CalendarEntry::Workday);
            e.from = literal(*r->children[0]);
            if (r->children.size() > 1) e.to = literal(*r->children[1]);
            d.entries.push_back(e);
        }
    }
}

ast::Assignment Builder::assignment(const Node& n) {
    ast::Assignment a;
    a.span = span(n);
    a.name = n.children[0]->string();
    a.name_span = span(*n.children[0]);
    a.value = expression(*n.children[1]);
    return a;
}

// expectation -> name 'error' string | assignment
ast::Assignment Builder::expectation(const Node& n) {
    if (!n.is_type<expect_error>()) return assignment(n);
    ast::Assignment a;
    a.span = span(n);
    a.name = n.children[0]->string();
    a.name_span = span(*n.children[0]);
    a.expects_error = true;
    a.error_text = unquote(n.children[1]->string_view());
    return a;
}

void Builder::declaration(const Node& n) {
    using D = ast::DeclKind;
    ast::Decl d{};
    d.span = span(n);
    d.cites = citations(n);
    d.doc = doc(n);
    if (const Node* dn = find<decl_name>(n)) {
        d.name = dn->string();
        d.name_span = span(*dn);
    }
    if (const Node* t = child_of(n, [](const Node& c) {
            return c.is_type<syntax::type>() || c.is_type<type_name>() || c.is_type<list_type>();
        }))
        d.type = type(*t);
    if (n.is_type<import_decl>()) {
        d.kind = D::Import;
        d.path = unquote(n.children.front()->string_view());
        d.name_span = span(*n.children.front());
    } else if (n.is_type<notice_decl>()) {
        d.kind = D::Notice;
        d.name = unquote(n.children.front()->string_view());
        d.name_span = span(*n.children.front());
        for (auto& c : n.children) {
            if (c->is_type<notice_text>()) d.path = unquote(c->children.front()->string_view());
            if (c->is_type<notice_issued>()) d.notice_date = c->children.front()->string();
            if (c->is_type<notice_title>()) d.doc = unquote(c->children.front()->string_view());
        }
    } else if (n.is_type<enum_decl>()) {
        d.kind = D::Enum;
        for (auto& c : n.children)
            if (c->is_type<enum_case>()) { d.items.push_back(c->string()); d.item_spans.push_back(span(*c)); }
    } else if (n.is_type<record_decl>() || n.is_type<function_decl>()) {
        d.kind = n.is_type<record_decl>() ? D::Record : D::Function;
        d.type = ast::kNone;
        for (auto& c : n.children) {
            if (c->is_type<field>()) d.fields.push_back({span(*c), c->children[0]->string(), type(*c->children[1])});
            else if (d.kind == D::Function && (c->is_type<syntax::type>() || c->is_type<type_name>() || c->is_type<list_type>()))
                d.type = type(*c);
            else if (c->is_type<function_body>()) d.body = expression(*c);
        }
    } else if (n.is_type<input_decl>()) {
        d.kind = D::Input;
        if (const Node* dv = find<default_value>(n)) d.default_value = expression(*dv->children.front());
    } else if (n.is_type<override_decl>() && d.type != ast::kNone) {
        // `override rule NAME: TYPE …`: a rule declaration that redefines an imported rule.
        d.kind = D::Rule;
        d.overrides = true;
        const Node* t = find<exc_target>(n);
        d.name = d.target = t->string();
        d.name_span = d.target_span = span(*t);
        body(d, n);
    } else if (n.is_type<override_decl>() && find<default_value>(n)) {
        // `override input NAME = VALUE`: a new default for an imported input.
        d.kind = D::Input;
        d.overrides = true;
        const Node* t = find<exc_target>(n);
        d.name = d.target = t->string();
        d.name_span = d.target_span = span(*t);
        d.default_value = expression(*find<default_value>(n)->children.front());
    } else if (n.is_type<param_decl>() || n.is_type<override_decl>()) {
        d.kind = n.is_type<param_decl>() ? D::Param : D::Override;
        if (d.kind == D::Override) {
            const Node* t = find<exc_target>(n);
            d.name = d.target = t->string();
            d.name_span = d.target_span = span(*t);
        }
        for (auto& c : n.children)
            if (c->is_type<syntax::param_value>() || c->is_type<dated_value>()) d.values.push_back(param_value(*c));
    } else if (n.is_type<table_decl>()) {
        d.kind = D::Table;
        d.key_type = type(*find<key_type>(n)->children.front());  // key types are never optional
        for (auto& c : n.children)
            if (c->is_type<table_row>()) d.rows.push_back({span(*c), expression(*c->children[0]), expression(*c->children[1])});
    } else if (n.is_type<rule_decl>() || n.is_type<exception_decl>()) {
        d.kind = n.is_type<rule_decl>() ? D::Rule : D::Exception;
        if (const Node* t = find<exc_target>(n)) { d.target = t->string(); d.target_span = span(*t); }
        if (const Node* o = find<exc_over>(n)) { d.over = o->string(); d.over_span = span(*o); }
        body(d, n);
    } else if (n.is_type<output_decl>()) {
        d.kind = D::Output;
        for (auto& c : n.children) { d.items.push_back(c->string()); d.item_spans.push_back(span(*c)); }
    } else if (n.is_type<calendar_decl>() || n.is_type<amend_decl>()) {
        d.kind = n.is_type<calendar_decl>() ? D::Calendar : D::CalendarAmend;
        if (const Node* t = find<exc_target>(n)) {
            d.name = d.target = t->string();
            d.name_span = d.target_span = span(*t);
        }
        calendar_entries(d, n);
    } else if (n.is_type<test_decl>()) {
        d.kind = D::Test;
        d.name = unquote(n.children.front()->string_view());
        d.name_span = span(*n.children.front());
        if (const Node* c = find<clause_ref>(n)) d.clause = c->string().substr(2);
        for (auto& c : find<given_list>(n)->children) d.given.push_back(assignment(*c));
        for (auto& c : find<expect_list>(n)->children) d.expect.push_back(expectation(*c));
    } else if (n.is_type<clause_decl>()) {
        d.kind = D::Clause;
        d.clause = find<clause_ref>(n)->string().substr(2);
        std::vector<std::string> texts;
        for (auto& c : n.children)
            if (c->is_type<string_lit>()) texts.push_back(unquote(c->string_view()));
        d.doc = texts.back();  // the reason
        // `unused`/`external` declarations: items = {kind, number text}; `not computable`: no items.
        if (const Node* k = find<clause_number_kind>(n)) {
            bool external = k->string() == "external" || k->string() == "外部";  // either spelling
            d.items = {external ? "external" : "unused", texts.front()};
        }
    }
    m_.decls.push_back(std::move(d));
}

// Refuses (E0008) a declaration whose expressions, numbered [from, m.exprs.size()), hold a tree
// deeper than kMaxExprDepth. Folding a chain left to right gives a tree as deep as the chain is
// long, which the nesting count (kMaxNesting) does not see.
static void refuse_deep_expressions(const ast::Module& m, ast::ExprId from, Diagnostics& diags) {
    auto n = static_cast<ast::ExprId>(m.exprs.size());
    std::vector<bool> is_child(n - from, false);
    for (ast::ExprId e = from; e < n; ++e) {
        const ast::Expr& x = m.exprs[e];
        auto mark = [&](ast::ExprId k) { if (k != ast::kNone && k >= from && k < n) is_child[k - from] = true; };
        mark(x.a), mark(x.b), mark(x.c);
        for (ast::ExprId k : x.list) mark(k);
        for (const ast::MatchArm& arm : x.arms) mark(arm.body);
    }
    for (ast::ExprId e = from; e < n; ++e) {
        if (is_child[e - from]) continue;
        ast::ExprId deepest = ast::kNone;
        if (expr_depth(m, e, kMaxExprDepth, &deepest) <= kMaxExprDepth) continue;
        diags.error(DiagCode::E0008, m.exprs[deepest].span,
                    fmt::format("this expression is more than {} levels deep (operators chained or nested)", kMaxExprDepth))
            .help = "split it into named rules, e.g. sum a long chain of terms in parts";
        return;  // one report per declaration
    }
}

// Copies the citations of the match arms among expressions [from, end) into the declaration that
// holds them, in source order (ast::Decl::arm_cites).
static void collect_arm_citations(const ast::Module& m, ast::ExprId from, ast::Decl& d) {
    for (auto e = from; e < m.exprs.size(); ++e)
        for (const ast::MatchArm& arm : m.exprs[e].arms) d.arm_cites.insert(d.arm_cites.end(), arm.cites.begin(), arm.cites.end());
    std::stable_sort(d.arm_cites.begin(), d.arm_cites.end(),
                     [](const ast::Citation& a, const ast::Citation& b) { return a.span.begin < b.span.begin; });
}

size_t find_invalid_utf8(std::string_view s) {
    // A NUL byte is valid UTF-8 but means binary data, not text.
    return std::min(utf8::find_invalid(s), s.find('\0'));
}

// Chinese input methods type full-width punctuation; the grammar wants the ASCII sign. Returns a
// suggestion when the error sits on (or just before) such a character, else "".
std::string fullwidth_help(std::string_view text, size_t at) {
    static constexpr std::pair<std::string_view, std::string_view> kSigns[] = {
        {"，", ","}, {"（", "("}, {"）", ")"}, {"：", ":"}, {"；", ";"}, {"“", "\""}, {"”", "\""},
        {"【", "["}, {"】", "]"}, {"＝", "="}, {"＋", "+"}, {"－", "-"}, {"＜", "<"}, {"＞", ">"}, {"。", "."}};
    size_t from = at;
    while (from < text.size() && (text[from] == ' ' || text[from] == '\t')) ++from;
    for (auto [wide, ascii] : kSigns)
        if (text.compare(from, wide.size(), wide) == 0)
            return fmt::format("`{}` is the full-width sign; write the ASCII `{}` here", wide, ascii);
    return {};
}

// An unterminated text is found at the end of its line; the analyst looks for its opening quote.
// Scans the line up to `at` as the lexer does (escapes, comments) and returns the quote still open.
size_t opening_quote(std::string_view text, size_t at) {
    size_t line = text.rfind('\n', at == 0 ? 0 : at - 1);
    line = line == std::string_view::npos ? 0 : line + 1;
    size_t open = std::string_view::npos;
    for (size_t i = line; i < at && i < text.size(); ++i) {
        char c = text[i];
        if (open == std::string_view::npos && c == '#') break;
        if (open != std::string_view::npos && c == '\\') ++i;
        else if (c == '"') open = open == std::string_view::npos ? i : std::string_view::npos;
    }
    return open == std::string_view::npos ? at : open;
}

// Suggestions for the slips analysts make most: full-width punctuation, `=` for `==`, and a
// keyword used as a name. Empty when none applies at `at`.
std::string mistake_help(std::string_view text, size_t at, std::string_view message) {
    if (std::string h = fullwidth_help(text, at); !h.empty()) return h;
    size_t from = at;
    while (from < text.size() && (text[from] == ' ' || text[from] == '\t')) ++from;
    if (message.find("'then'") != std::string_view::npos && from < text.size() && text[from] == '=' && (from + 1 >= text.size() || (text[from + 1] != '=' && text[from + 1] != '>')))
        return "to compare two values write `==`; a single `=` gives a rule its value";
    size_t end = from;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_' ||
                                 static_cast<unsigned char>(text[end]) >= 0x80))
        ++end;
    std::string_view word = text.substr(from, end - from);
    if (message.find("expected a name") != 0) return {};
    for (const auto& k : kKeywords)
        if (k.reserved && (word == k.en || word == k.zh))
            return fmt::format("`{}` is a keyword, so it cannot be a name; choose another, e.g. `{}_date`", word, word);
    return {};
}

ast::Module parse_module(const SourceMap& sources, uint32_t file, Diagnostics& diags) {
    ast::Module m;
    m.file = file;
    const std::string& text = sources.file(file).text();
    if (text.size() > kMaxSourceBytes) {
        diags.error(DiagCode::E0001, {file, 0, 0},
                    fmt::format("this file is {} bytes; a policy file may have at most {} bytes", text.size(),
                                kMaxSourceBytes));
        return m;
    }
    size_t bad = find_invalid_utf8(text);
    if (bad != std::string_view::npos) {
        diags.error(DiagCode::E0002, {file, static_cast<uint32_t>(bad), static_cast<uint32_t>(bad + 1)},
                    "this file is not valid UTF-8 text (a stray byte or binary data here); save it as UTF-8");
        return m;
    }
    size_t pos = 0;
    // A UTF-8 byte-order mark is harmless; skip it.
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;
    Builder builder(m, file, text.data());
    const std::string& path = sources.file(file).path();
    while (pos < text.size() && !diags.full()) {
        // skip layout before the declaration so an empty tail is not an error
        size_t skip = pos;
        for (;;) {
            while (skip < text.size() && (text[skip] == ' ' || text[skip] == '\t' || text[skip] == '\n' ||
                                          text[skip] == '\r'))
                ++skip;
            if (skip < text.size() && text[skip] == '#') { while (skip < text.size() && text[skip] != '\n') ++skip; continue; }
            if (text.compare(skip, 3, "\xE3\x80\x80") == 0) { skip += 3; continue; }
            break;
        }
        if (skip >= text.size()) break;
        pos = skip;
        tao::pegtl::memory_input<> in(text.data() + pos, text.data() + text.size(), path, pos, 1, 1);
        try {
            Nesting nesting;
            auto root = tao::pegtl::parse_tree::parse<one_decl, selector, tao::pegtl::nothing, control>(in, nesting);
            if (!root || root->children.empty()) break;
            auto first_expr = static_cast<ast::ExprId>(m.exprs.size());
            builder.declaration(*root->children.front());
            refuse_deep_expressions(m, first_expr, diags);
            if (!m.decls.empty() && m.exprs.size() > first_expr) collect_arm_citations(m, first_expr, m.decls.back());
            pos = static_cast<size_t>(in.current() - text.data());
        } catch (const tao::pegtl::parse_error& e) {
            size_t at = e.positions().empty() ? pos : e.positions().front().byte;
            std::string message(e.message()), help;
            if (std::string_view close = syntax::message<string_close>; message.rfind(close.substr(0, close.find('\n')), 0) == 0)
                at = opening_quote(text, at);
            if (size_t nl = message.find('\n'); nl != std::string::npos) {
                help = message.substr(nl + 1);
                message.resize(nl);
            }
            if (std::string h = mistake_help(text, at, message); !h.empty()) help = h;  // more specific
            diags.error(DiagCode::E0100, {file, static_cast<uint32_t>(at), static_cast<uint32_t>(at + 1)}, message).help = help;
            pos = next_decl_start(text, std::max(at, pos));
        }
    }
    return m;
}

}  // namespace edict::syntax
