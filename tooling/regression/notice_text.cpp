// Normalises a notice text and cuts it into clauses (see notice_text.hpp for the rules).
#include "tooling/regression/notice_text.hpp"
#include "runtime/support/files.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "runtime/support/utf8.hpp"

namespace edict::regression {

// What PDF extraction adds and nothing else: line breaks, ASCII and full-width spaces, tabs, form
// feeds (page breaks) and U+FFFD where a glyph could not be mapped.
bool is_ignorable(char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == U'\f' || c == 0x3000 || c == 0xFFFD;
}

std::u32string normalise(const std::string& text) {
    std::u32string cps, out;
    if (!utf8::decode_all(text, cps)) return out;
    for (char32_t c : cps)
        if (!is_ignorable(c)) out.push_back(c);
    return out;
}

namespace {

bool is_digit(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９'); }
bool is_cjk_numeral(char32_t c) { return std::u32string_view(U"一二三四五六七八九十").find(c) != std::u32string_view::npos; }
// The numerals of article numbers: 第二百零四条, 第一千二百六十条.
bool is_count_numeral(char32_t c) { return std::u32string_view(U"〇零一二三四五六七八九十百千").find(c) != std::u32string_view::npos; }
bool is_space(char32_t c) { return c == U' ' || c == U'\t' || c == 0x3000 || c == 0xFFFD; }

// A line that is only a page number ("- 3 -", "—3—", "第3页") is a page-break artefact.
bool is_page_number(const std::u32string& t) {
    if (t.empty()) return false;
    bool digit = false, mark = false;
    for (char32_t c : t) {
        if (is_digit(c)) digit = true;
        else if (c == U'-' || c == U'—' || c == U'－' || c == U'第' || c == U'页') mark = true;
        else return false;
    }
    return digit && mark;
}

// "一、…" gives "一"; "1.…" gives "1"; otherwise empty.
std::u32string heading_number(const std::u32string& p, bool cjk) {
    size_t i = 0;
    while (i < p.size() && (cjk ? is_cjk_numeral(p[i]) : is_digit(p[i]))) ++i;
    if (i == 0 || i >= p.size()) return {};
    char32_t sep = p[i];
    bool ok = cjk ? sep == U'、' : (sep == U'.' || sep == U'．');
    if (!ok) return {};
    std::u32string n = p.substr(0, i);
    for (char32_t& c : n)
        if (c >= U'０' && c <= U'９') c = U'0' + (c - U'０');
    return n;
}

// article -> '第' numerals '条' ('之' numerals)? space: "第一条　…" gives "第一条". Read on the line as
// written (the space after the number is what tells an article from a sentence opening "第一条规定").
std::u32string article_number(const std::u32string& raw) {
    size_t i = 0;
    while (i < raw.size() && is_space(raw[i])) ++i;
    const size_t start = i;
    auto numerals = [&] {
        size_t from = i;
        while (i < raw.size() && is_count_numeral(raw[i])) ++i;
        return i > from;
    };
    if (i >= raw.size() || raw[i++] != U'第' || !numerals() || i >= raw.size() || raw[i++] != U'条') return {};
    if (i + 1 < raw.size() && raw[i] == U'之' && is_count_numeral(raw[i + 1])) ++i, numerals();
    if (i >= raw.size() || (raw[i] != U' ' && raw[i] != 0x3000)) return {};
    return raw.substr(start, i - start);
}

// item -> '（' numerals '）': "（一）男年满…" gives "一" (ASCII parentheses too).
std::u32string item_number(const std::u32string& p) {
    if (p.empty() || (p[0] != U'（' && p[0] != U'(')) return {};
    size_t i = 1;
    while (i < p.size() && is_count_numeral(p[i])) ++i;
    if (i == 1 || i >= p.size() || (p[i] != U'）' && p[i] != U')')) return {};
    return p.substr(1, i - 1);
}

// A paragraph wholly in parentheses that is no item: an editor's note ("（第五条至第十条从略。）").
bool editorial_note(const std::u32string& p) {
    return p.size() >= 2 && p.front() == U'（' && p.back() == U'）' && item_number(p).empty();
}

// 第一编, 第十章, 第二节, 第一部分: a division of a statute, not the title of a law.
bool division_heading(const std::u32string& p) {
    size_t i = 1;
    while (i < p.size() && is_count_numeral(p[i])) ++i;
    return !p.empty() && p[0] == U'第' && i > 1 && i < p.size() &&
           std::u32string_view(U"编章节部").find(p[i]) != std::u32string_view::npos;
}

bool ends_sentence(char32_t c) { return std::u32string_view(U"。；：！？").find(c) != std::u32string_view::npos; }

// 1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十: the count of a 款 (beyond 99, digits).
std::string cjk_count(size_t n) {
    static const char32_t* d = U"零一二三四五六七八九";
    if (n == 0 || n > 99) return std::to_string(n);
    std::u32string s;
    if (n >= 10) {
        if (n >= 20) s += d[n / 10];
        s += U'十';
    }
    if (n % 10) s += d[n % 10];
    return utf8::encode(s);
}

}  // namespace

struct NoticeText::Paragraph {
    size_t begin = 0, end = 0;
    uint32_t line = 0;
    bool indented = false;
    std::u32string article;  // the article it opens, "第一条"
};

struct NoticeText::Part {
    Paragraph p;
    std::u32string item;  // "1" of "1.", "一" of "（一）"; empty for a plain paragraph
};

bool NoticeText::load(const std::string& file, std::string& error) {
    std::string text;
    if (!read_whole_file(file, text)) {
        error = "cannot read the notice text " + file;
        return false;
    }
    std::u32string probe;
    if (!utf8::decode_all(text, probe)) {
        error = "the notice text " + file + " is not UTF-8";
        return false;
    }
    path = file;
    build(text);
    return true;
}

NoticeText NoticeText::from_string(const std::string& text) {
    NoticeText t;
    t.build(text);
    return t;
}

void NoticeText::build(const std::string& text) {
    std::u32string cps;
    utf8::decode_all(text, cps);
    std::vector<Paragraph> paras = split_paragraphs(cps);
    name_clauses(paras);
    // Indexes, not scans: a text may hold thousands of clauses (the Civil Code has 1,260 articles).
    for (size_t i = 0; i < clauses_.size(); ++i) {
        auto [at, fresh] = by_id_.emplace(clauses_[i].id, i);
        if (!fresh && problem_.empty())
            problem_ = fmt::format("§{} twice (lines {} and {}): a clause id must name one clause", clauses_[i].id,
                                   clauses_[at->second].line, clauses_[i].line);
        for (auto [b, e] : clauses_[i].ranges) by_position_.push_back({b, e, i});
    }
    std::sort(by_position_.begin(), by_position_.end());
    for (NoticeParagraph& p : paragraphs_)
        if (const NoticeClause* c = clause_at(p.begin)) p.clause = c->id;
    if (clauses_with_text() == 0)
        problem_ = "no clause found: a clause opens with a section number (一、) or an article number and a space "
                   "(第一条　) after an indent of two full-width spaces";
}

std::vector<NoticeText::Paragraph> NoticeText::split_paragraphs(const std::u32string& cps) {
    std::vector<Paragraph> paras;
    bool statute = false;
    for (size_t i = 0; i <= cps.size() && !statute;) {
        size_t nl = std::min(cps.find(U'\n', i), cps.size());
        statute = !article_number(cps.substr(i, nl - i)).empty();
        i = nl + 1;
    }
    uint32_t line = 0;
    // Before the first section (title, number, date, addressees: lines without the indent) a line
    // that extraction ended with U+FFFD also ends its paragraph, so the report shows them apart.
    bool preamble = true, line_ended_paragraph = false;
    for (size_t i = 0; i <= cps.size();) {
        size_t nl = cps.find(U'\n', i);
        if (nl == std::u32string::npos) nl = cps.size();
        ++line;
        std::u32string raw = cps.substr(i, nl - i), kept;
        for (char32_t c : raw)
            if (!is_ignorable(c)) kept.push_back(c);
        i = nl + 1;
        if (kept.empty() || is_page_number(kept)) continue;
        size_t k = 0;
        while (k < raw.size() && (raw[k] == U' ' || raw[k] == U'\t' || raw[k] == 0xFFFD)) ++k;
        bool indented = k + 1 < raw.size() && raw[k] == 0x3000 && raw[k + 1] == 0x3000;
        std::u32string article = article_number(raw);
        // In a statute an unindented line is a title or heading, unless an indented paragraph
        // stopped mid-sentence before it (the line is wrapped).
        bool heading = statute && !indented &&
                       (paras.empty() || !paras.back().indented || ends_sentence(norm_[paras.back().end - 1]));
        if (indented || !article.empty() || heading || paras.empty() || (preamble && line_ended_paragraph))
            paras.push_back({norm_.size(), norm_.size(), line, indented || !article.empty(), article});
        if (!heading_number(kept, true).empty() || !article.empty()) preamble = false;
        size_t last = raw.find_last_not_of(U" \t\r");
        line_ended_paragraph = last != std::u32string::npos && raw[last] == 0xFFFD;
        for (char32_t c : kept) {
            norm_.push_back(c);
            lines_.push_back(line);
        }
        paras.back().end = norm_.size();
    }
    return paras;
}

void NoticeText::name_clauses(const std::vector<Paragraph>& paras) {
    // A section ("一、") or an article ("第一条　") with the paragraphs up to the next one.
    struct Block {
        bool article = false;
        std::u32string num;
        std::string law;
        Paragraph head;
        std::vector<Part> body;
        bool items = false;
        size_t first_clause = 0, end_clause = 0;
    };
    std::vector<Block> blocks;
    bool open = false;  // paragraphs after an editor's note or a heading belong to no clause
    std::string law;
    for (const Paragraph& p : paras) {
        std::u32string t = norm_.substr(p.begin, p.end - p.begin);
        std::u32string sec = heading_number(t, true);
        paragraphs_.push_back({p.begin, p.end, p.line, {}, !sec.empty() && p.article.empty(), !p.article.empty()});
        if (!p.article.empty() || !sec.empty()) {
            blocks.push_back({!p.article.empty(), p.article.empty() ? sec : p.article, law, p, {}, false});
            open = true;
            continue;
        }
        if (editorial_note(t) || !p.indented) {
            // In no clause: an editor's note, a statute's title or heading, a notice's unindented
            // first lines. A title (not 第一章 and the like) names the law of the articles below it.
            if (!p.indented && !division_heading(t)) law = utf8::encode(t);
            open = false;
            continue;
        }
        if (!open) continue;  // the title, number, date and addressees before 一、
        Block& b = blocks.back();
        std::u32string item = b.article ? item_number(t) : heading_number(t, false);
        b.body.push_back({p, item});
        paragraphs_.back().numbered = !item.empty() || b.article;
        if (!item.empty()) b.items = true;
    }
    for (Block& b : blocks) {
        b.first_clause = clauses_.size();
        if (b.article) name_article(b.num, b.head, b.body, b.law);
        else name_section(b.num, b.head, b.body, b.items);
        b.end_clause = clauses_.size();
    }
    // An article number that two laws of the text use is qualified by each one's title.
    std::map<std::u32string, size_t> uses;
    for (const Block& b : blocks) uses[b.num] += b.article;
    for (const Block& b : blocks) {
        if (!b.article || b.law.empty() || uses[b.num] < 2) continue;
        for (size_t i = b.first_clause; i < b.end_clause; ++i) {
            clauses_[i].id = "《" + b.law + "》" + clauses_[i].id;
            clauses_[i].section = "《" + b.law + "》" + clauses_[i].section;
        }
    }
}

void NoticeText::name_section(const std::u32string& num, const Paragraph& head, const std::vector<Part>& body, bool items) {
    std::string sid = utf8::encode(num);
    size_t sec_index = clauses_.size();
    // A section that is only its heading paragraph ("五、本决定自2025年1月1日起施行。") says what it
    // says there: it is a clause; a heading over items or paragraphs is not.
    clauses_.push_back({sid, sid, ClauseKind::Section, {{head.begin, head.end}}, head.line, body.empty(), {}});
    bool numbered_paragraphs = !items && body.size() > 1;
    size_t n = 0;
    for (const Part& part : body) {
        if (!part.item.empty() || numbered_paragraphs) {
            std::string id = sid + "." + (part.item.empty() ? std::to_string(++n) : utf8::encode(part.item));
            clauses_.push_back({id, sid, part.item.empty() ? ClauseKind::Paragraph : ClauseKind::Item,
                                {{part.p.begin, part.p.end}}, part.p.line, true, {}});
        } else {
            clauses_[sec_index].ranges.push_back({part.p.begin, part.p.end});
            clauses_[sec_index].has_text = true;
        }
    }
}

// 款 are the article's paragraphs that are no item; each item belongs to the 款 before it.
void NoticeText::name_article(const std::u32string& num, const Paragraph& head, const std::vector<Part>& body,
                              const std::string& law) {
    std::vector<std::pair<Paragraph, std::vector<Part>>> kuan{{head, {}}};
    for (const Part& part : body) {
        if (part.item.empty()) kuan.push_back({part.p, {}});
        else kuan.back().second.push_back(part);
    }
    const std::string aid = utf8::encode(num);
    const bool several = kuan.size() > 1;
    if (several) clauses_.push_back({aid, aid, ClauseKind::Article, {}, head.line, false, law});
    for (size_t k = 0; k < kuan.size(); ++k) {
        const Paragraph& kp = kuan[k].first;
        std::string kid = several ? aid + "第" + cjk_count(k + 1) + "款" : aid;
        clauses_.push_back({kid, aid, several ? ClauseKind::ArticleParagraph : ClauseKind::Article,
                            {{kp.begin, kp.end}}, kp.line, true, law});
        for (const Part& item : kuan[k].second)
            clauses_.push_back({kid + "第" + utf8::encode(item.item) + "项", aid, ClauseKind::ArticleItem,
                                {{item.p.begin, item.p.end}}, item.p.line, true, law});
    }
}

size_t NoticeText::clauses_with_text() const {
    return static_cast<size_t>(std::count_if(clauses_.begin(), clauses_.end(), [](const NoticeClause& c) { return c.has_text; }));
}

const NoticeClause* NoticeText::clause(const std::string& id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &clauses_[it->second];
}

// The ranges do not overlap: the one starting last at or before `pos` is the only candidate.
const NoticeClause* NoticeText::clause_at(size_t pos) const {
    auto it = std::upper_bound(by_position_.begin(), by_position_.end(), std::tuple<size_t, size_t, size_t>{pos, SIZE_MAX, SIZE_MAX});
    if (it == by_position_.begin()) return nullptr;
    const auto& [b, e, index] = *std::prev(it);
    return pos >= b && pos < e ? &clauses_[index] : nullptr;
}

std::vector<Match> NoticeText::find_all(const std::u32string& quote) const {
    std::vector<Match> out;
    if (quote.empty()) return out;
    for (size_t at = norm_.find(quote); at != std::u32string::npos; at = norm_.find(quote, at + 1))
        out.push_back({true, at, at + quote.size()});
    return out;
}

Match NoticeText::closest(const std::u32string& q, size_t& first_difference) const {
    Match best;
    size_t best_score = 0;
    first_difference = 0;
    const size_t n = norm_.size(), m = q.size();
    if (m == 0 || n == 0) return best;
    // Anchored at the start: position s holds q[0]; anchored at the end: position e holds q[m-1].
    for (size_t s = 0; s < n; ++s) {
        size_t fwd = 0, bwd = 0;
        for (size_t i = 0; i < m && s + i < n; ++i) fwd += norm_[s + i] == q[i];
        for (size_t i = 0; i < m && i <= s; ++i) bwd += norm_[s - i] == q[m - 1 - i];
        if (fwd > best_score) { best_score = fwd; best = {false, s, std::min(n, s + m)}; }
        if (bwd > best_score) { best_score = bwd; best = {false, s + 1 >= m ? s + 1 - m : 0, s + 1}; }
    }
    while (first_difference < m && best.begin + first_difference < best.end &&
           norm_[best.begin + first_difference] == q[first_difference])
        ++first_difference;
    return best;
}

}  // namespace edict::regression
