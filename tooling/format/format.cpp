// The canonical layout (see format.hpp). Two passes over the lossless token stream: the first
// decides what each word is (keyword, contextual word, type name or plain name) and how to spell
// it in the requested keyword set; the second lays the tokens out line by line.
#include "tooling/format/format.hpp"

#include <optional>
#include <vector>

#include "tooling/format/tokens.hpp"
#include "compiler/diagnostics/diagnostics.hpp"
#include "compiler/syntax/keywords.hpp"
#include "compiler/syntax/parser.hpp"

namespace edict::format {

namespace {

using syntax::KeywordPair;

struct Word {
    std::string_view en;  // canonical English keyword ("" for a name, a literal or punctuation)
    std::string out;      // the spelling to write
};

bool is_punct(const Token& t, std::string_view p) { return t.kind == TokenKind::Punct && t.text == p; }

bool is_ascii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

// Number literals: the amount and its unit, the unit written in the requested set.
std::string number_text(const std::string& text, Keywords kw) {
    size_t n = 0;
    while (n < text.size() && ((text[n] >= '0' && text[n] <= '9') || text[n] == '.' || text[n] == '-')) ++n;
    if (n == 0 || n == text.size()) return text;  // ¥5, or no unit
    std::string amount = text.substr(0, n);
    size_t u = n;
    while (u < text.size() && text[u] == ' ') ++u;
    std::string unit = text.substr(u);
    auto cls = [&]() -> int {
        if (unit == "元" || unit == "yuan" || unit == "CNY") return 0;
        if (unit == "days" || unit == "day" || unit == "天" || unit == "日") return 1;
        if (unit == "months" || unit == "month" || unit == "个月") return 2;
        return 3;
    }();
    if (kw == Keywords::Chinese) {
        static const char* const kZh[] = {"元", "天", "个月", "年"};
        unit = kZh[cls];
    } else if (kw == Keywords::English && cls != 0) {
        static const char* const kEn[] = {"", "day", "month", "year"};
        unit = std::string(kEn[cls]) + (amount == "1" ? "" : "s");
    }
    return amount + (is_ascii(unit) ? " " : "") + unit;
}

class Classifier {
public:
    Classifier(const std::vector<Token>& t, Keywords kw) : t_(t), kw_(kw) {}

    std::vector<Word> run() {
        std::vector<Word> out(t_.size());
        for (size_t i = 0; i < t_.size(); ++i) {
            const Token& t = t_[i];
            out[i].out = t.kind == TokenKind::Number ? number_text(t.text, kw_) : t.text;
            if (t.kind == TokenKind::Punct) { bracket(i, out); continue; }
            if (t.kind != TokenKind::Word) continue;
            auto k = syntax::keyword_named(t.text);
            bool first_on_line = i == 0 || t.breaks_before > 0;
            if (k && k->reserved) {
                if (k->declaration && first_on_line && stack_.empty()) decl_ = k->en;
                word(out, i, *k);
            } else if (k && contextual(i, k->en)) {
                word(out, i, *k);
            } else if (auto ty = syntax::type_named(t.text); ty && type_position(i, out)) {
                out[i].out = std::string(spell(*ty, t.text));
            }
        }
        return out;
    }

private:
    struct Open { bool call; };

    std::string_view spell(const KeywordPair& k, std::string_view as_written) const {
        if (kw_ == Keywords::Chinese) return k.zh;
        if (kw_ == Keywords::English) return k.en;
        return as_written;
    }
    void word(std::vector<Word>& out, size_t i, const KeywordPair& k) {
        out[i].en = k.en;
        out[i].out = std::string(spell(k, t_[i].text));
        if (k.en == "to" && kw_ == Keywords::Chinese && (decl_ == "calendar" || decl_ == "amend"))
            out[i].out = std::string(syntax::kToInRangeZh);
    }
    void bracket(size_t i, const std::vector<Word>& out) {
        const std::string& p = t_[i].text;
        if (p == "(" || p == "[" || p == "{") {
            bool call = p == "(" && i > 0 && t_[i - 1].kind == TokenKind::Word && out[i - 1].en.empty() &&
                        !(decl_ == "function" && i > 1 && out[i - 2].en == "function");
            stack_.push_back({call});
        } else if ((p == ")" || p == "]" || p == "}") && !stack_.empty()) {
            stack_.pop_back();
        }
    }
    const Token* at(size_t i, int d) const {
        long j = static_cast<long>(i) + d;
        return j >= 0 && j < static_cast<long>(t_.size()) ? &t_[j] : nullptr;
    }
    static bool is_error_word(const Token& t) {
        auto k = syntax::keyword_named(t.text);
        return t.kind == TokenKind::Word && k && k->en == "error";
    }
    bool contextual(size_t i, std::string_view en) const {
        const Token* prev = at(i, -1);
        const Token* next = at(i, 1);
        const Token* next2 = at(i, 2);
        if (en == "list") return next && is_punct(*next, "[") && prev && prev->kind == TokenKind::Punct &&
                                 (prev->text == ":" || prev->text == "->" || prev->text == "[");
        if (en == "text" || en == "issued" || en == "title") return decl_ == "notice" && stack_.empty() && prev &&
                                                                   (prev->kind == TokenKind::String || prev->kind == TokenKind::Number);
        if (en == "holiday" || en == "workday") {  // an entry, unless it is the calendar's own name
            auto k = prev ? syntax::keyword_named(prev->text) : std::nullopt;
            return (decl_ == "calendar" || decl_ == "amend") && !(k && k->en == "calendar");
        }
        if (en == "covers") return (decl_ == "calendar" || decl_ == "amend") && next && next->kind == TokenKind::Number;
        if (en == "weekends") {  // `otherwise weekends` in a calendar layer
            auto k = prev ? syntax::keyword_named(prev->text) : std::nullopt;
            return (decl_ == "calendar" || decl_ == "amend") && k && k->en == "otherwise";
        }
        if (en == "given") return decl_ == "test" && prev && (prev->kind == TokenKind::String || prev->kind == TokenKind::Clause);
        if (en == "expect") return decl_ == "test" && stack_.empty() && next && next->kind == TokenKind::Word && next2 &&
                                   (is_punct(*next2, "=") || is_error_word(*next2));
        // `expect NAME error "TEXT"`: a name then the word, then the text.
        if (en == "error") return decl_ == "test" && stack_.empty() && prev && prev->kind == TokenKind::Word && next &&
                                  next->kind == TokenKind::String;
        if (en == "computable") {
            auto k = prev ? syntax::keyword_named(prev->text) : std::nullopt;
            return decl_ == "clause" && k && k->en == "not";
        }
        if (en == "unused" || en == "external") return decl_ == "clause" && prev && prev->kind == TokenKind::Clause;
        return false;
    }
    bool type_position(size_t i, const std::vector<Word>& out) const {
        const Token* prev = at(i, -1);
        if (!prev || prev->kind != TokenKind::Punct) return false;
        if (prev->text == "->") return true;
        if (prev->text == "[") return i > 1 && out[i - 2].en == "list";
        return prev->text == ":" && (stack_.empty() || !stack_.back().call);
    }

    const std::vector<Token>& t_;
    Keywords kw_;
    std::string_view decl_;
    std::vector<Open> stack_;
};

// A token after which a '-' is subtraction rather than negation.
bool ends_value(const Token& t, const Word& w) {
    if (t.kind == TokenKind::Number || t.kind == TokenKind::String) return true;
    if (t.kind == TokenKind::Word) return w.en.empty() || w.en == "true" || w.en == "false" || w.en == "null";
    return t.kind == TokenKind::Punct && (t.text == ")" || t.text == "]" || t.text == "}");
}

class Layout {
public:
    Layout(const std::vector<Token>& t, const std::vector<Word>& w) : t_(t), w_(w) {}

    std::string run() {
        size_t i = 0;
        bool first = true;
        while (i < t_.size()) {
            size_t end = i + 1;
            while (end < t_.size() && t_[end].breaks_before == 0) ++end;
            int blank = first ? 0 : std::min(1, t_[i].breaks_before - 1);
            first = false;
            if (t_[i].kind == TokenKind::Comment) {
                pending_.push_back({t_[i].text, blank});
            } else {
                line(i, end, blank);
            }
            i = end;
        }
        flush_comments(0);
        return out_;
    }

private:
    struct Open { int indent; };  // the indent of the lines inside the bracket
    struct PendingComment { std::string text; int blank; };

    void flush_comments(int indent) {
        for (auto& c : pending_) {
            if (c.blank && !out_.empty()) out_ += '\n';
            out_ += std::string(indent, ' ') + c.text + '\n';
        }
        pending_.clear();
    }

    bool part_keyword(size_t i) {
        const Token& t = t_[i];
        std::string_view en = w_[i].en;
        if (is_punct(t, "=") || t.kind == TokenKind::String) return true;  // `= value`, a doc string
        if (en == "cite" || en == "when" || en == "otherwise" || en == "given" || en == "expect" || en == "holiday" ||
            en == "workday" || en == "covers")
            return true;
        if (en == "not") return decl_ == "calendar" || decl_ == "amend";
        if (en == "then") return ifs_pending_ == 0;
        return decl_ == "param" || decl_ == "override";  // dated values, one per line
    }

    int indent_of(size_t i) {
        const Token& t = t_[i];
        bool decl_start = !w_[i].en.empty() && stack_.empty() && syntax::keyword_named(t.text)->declaration;
        if (decl_start) {
            decl_ = w_[i].en;
            ifs_pending_ = 0;
            return 0;
        }
        bool closer = t.kind == TokenKind::Punct && (t.text == ")" || t.text == "]" || t.text == "}");
        if (closer && !stack_.empty()) return stack_.back().indent - 2;
        if (!stack_.empty()) return stack_.back().indent;
        line_is_part_ = part_keyword(i);
        return line_is_part_ ? 2 : 4;
    }

    bool space_before(size_t i, bool prev_unary) const {
        const Token& p = t_[i - 1];
        const Token& t = t_[i];
        if (t.kind == TokenKind::Comment) return true;
        if (prev_unary) return false;
        if (p.kind == TokenKind::Punct && (p.text == "(" || p.text == "[" || p.text == ".")) return false;
        if (t.kind == TokenKind::Punct) {
            const std::string& s = t.text;
            if (s == "," || s == ")" || s == "]" || s == ":" || s == "." || s == "?") return false;
            if (s == "(") return !(p.kind == TokenKind::Word && w_[i - 1].en.empty());
            if (s == "[") return !((p.kind == TokenKind::Word && (w_[i - 1].en.empty() || w_[i - 1].en == "list")) ||
                                   is_punct(p, ")") || is_punct(p, "]"));
        }
        return true;
    }

    void track(size_t i, int line_indent) {
        const Token& t = t_[i];
        if (w_[i].en == "if") ++ifs_pending_;
        if (w_[i].en == "then" && ifs_pending_ > 0) --ifs_pending_;
        if (t.kind != TokenKind::Punct) return;
        // Inside a bracket opened on `= match x {` the arms line up under `match`, not under `=`.
        if (t.text == "(" || t.text == "[" || t.text == "{") stack_.push_back({line_indent + (line_is_part_ ? 4 : 2)});
        else if ((t.text == ")" || t.text == "]" || t.text == "}") && !stack_.empty()) stack_.pop_back();
    }

    void line(size_t begin, size_t end, int blank) {
        line_is_part_ = false;
        int indent = indent_of(begin);
        flush_comments(indent == 0 ? 0 : indent);
        if (blank && !out_.empty()) out_ += '\n';
        std::string text(indent, ' ');
        bool prev_unary = false;
        for (size_t i = begin; i < end; ++i) {
            if (i > begin) {
                if (t_[i].kind == TokenKind::Comment) text += "  ";
                else if (space_before(i, prev_unary)) text += ' ';
            }
            text += w_[i].out;
            prev_unary = is_punct(t_[i], "-") && (i == 0 || !ends_value(t_[i - 1], w_[i - 1]));
            track(i, indent);
        }
        out_ += text + '\n';
    }

    const std::vector<Token>& t_;
    const std::vector<Word>& w_;
    std::vector<Open> stack_;
    std::vector<PendingComment> pending_;
    std::string_view decl_;
    int ifs_pending_ = 0;
    bool line_is_part_ = false;  // the current line starts a part of the declaration (cite, =, when…)
    std::string out_;
};

// The canonical English form of a token, so input and output can be compared token by token.
std::string canonical(const Token& t) {
    if (t.kind == TokenKind::Number) return number_text(t.text, Keywords::English);
    if (t.kind != TokenKind::Word) return t.text;
    if (auto k = syntax::keyword_named(t.text)) return std::string(k->en);
    if (auto k = syntax::type_named(t.text)) return std::string(k->en);
    return t.text;
}

// The first syntax error of a text, or nullopt.
std::optional<std::pair<std::string, uint32_t>> syntax_error(std::string_view text) {
    SourceMap sources;
    uint32_t file = sources.add("<fmt>", std::string(text));
    Diagnostics diags;
    syntax::parse_module(sources, file, diags);
    for (const auto& d : diags.items())
        if (d.severity == Severity::Error) return std::make_pair(d.message, d.span.begin);
    return std::nullopt;
}

}  // namespace

FormatResult format_source(std::string_view text, Keywords keywords) {
    FormatResult r;
    if (auto e = syntax_error(text)) {
        r.error = "this file has a syntax error, so it was not formatted: " + e->first;
        r.error_offset = e->second;
        return r;
    }
    LexResult lexed = lex(text);
    if (!lexed.error.empty()) {
        r.error = lexed.error;
        r.error_offset = lexed.error_offset;
        return r;
    }
    std::vector<Word> words = Classifier(lexed.tokens, keywords).run();
    std::string out = Layout(lexed.tokens, words).run();
    // Never hand back a file that means something else: same tokens, and it still parses.
    LexResult again = lex(out);
    bool same = again.error.empty() && again.tokens.size() == lexed.tokens.size();
    for (size_t i = 0; same && i < again.tokens.size(); ++i)
        same = again.tokens[i].kind == lexed.tokens[i].kind && canonical(again.tokens[i]) == canonical(lexed.tokens[i]);
    if (!same || syntax_error(out)) {
        r.error = "internal error: the formatted text would differ from the input; the file was left unchanged";
        return r;
    }
    r.text = std::move(out);
    return r;
}

}  // namespace edict::format
