// Normalises a notice text and cuts it into clauses (see notice_text.hpp for the rules).
#include "tooling/regression/notice_text.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace edict::regression {

bool decode_utf8(const std::string& in, std::u32string& out) {
    out.clear();
    for (size_t i = 0; i < in.size();) {
        unsigned char c = static_cast<unsigned char>(in[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > in.size()) return false;
        char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (size_t k = 1; k < len; ++k) {
            unsigned char b = static_cast<unsigned char>(in[i + k]);
            if ((b & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (b & 0x3F);
        }
        out.push_back(cp);
        i += len;
    }
    return true;
}

std::string encode_utf8(const std::u32string& in) {
    std::string out;
    for (char32_t c : in) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (c >> 18));
            out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

// What PDF extraction adds and nothing else: line breaks, ASCII and full-width spaces, tabs, form
// feeds (page breaks) and U+FFFD where a glyph could not be mapped.
bool is_ignorable(char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == U'\f' || c == 0x3000 || c == 0xFFFD;
}

std::u32string normalise(const std::string& utf8) {
    std::u32string cps, out;
    if (!decode_utf8(utf8, cps)) return out;
    for (char32_t c : cps)
        if (!is_ignorable(c)) out.push_back(c);
    return out;
}

namespace {

bool is_digit(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９'); }
bool is_cjk_numeral(char32_t c) { return std::u32string_view(U"一二三四五六七八九十").find(c) != std::u32string_view::npos; }

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

struct Paragraph {
    size_t begin = 0, end = 0;
    uint32_t line = 0;
};

}  // namespace

bool NoticeText::load(const std::string& file, std::string& error) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        error = "cannot read the notice text " + file;
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    std::u32string probe;
    if (!decode_utf8(ss.str(), probe)) {
        error = "the notice text " + file + " is not UTF-8";
        return false;
    }
    path = file;
    build(ss.str());
    return true;
}

NoticeText NoticeText::from_string(const std::string& text) {
    NoticeText t;
    t.build(text);
    return t;
}

void NoticeText::build(const std::string& text) {
    std::u32string cps;
    decode_utf8(text, cps);
    std::vector<Paragraph> paras;
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
        if (indented || paras.empty() || (preamble && line_ended_paragraph))
            paras.push_back({norm_.size(), norm_.size(), line});
        if (!heading_number(kept, true).empty()) preamble = false;
        size_t last = raw.find_last_not_of(U" \t\r");
        line_ended_paragraph = last != std::u32string::npos && raw[last] == 0xFFFD;
        for (char32_t c : kept) {
            norm_.push_back(c);
            lines_.push_back(line);
        }
        paras.back().end = norm_.size();
    }
    // Group paragraphs by section, then name them.
    struct Part { Paragraph p; std::u32string item; };
    struct Section { std::u32string num; Paragraph heading; std::vector<Part> body; bool items = false; };
    std::vector<Section> sections;
    for (const Paragraph& p : paras) {
        std::u32string t = norm_.substr(p.begin, p.end - p.begin);
        std::u32string sec = heading_number(t, true);
        paragraphs_.push_back({p.begin, p.end, p.line, {}, !sec.empty(), false});
        if (!sec.empty()) { sections.push_back({sec, p, {}, false}); continue; }
        if (sections.empty()) continue;  // the title, number, date and addressees before 一、
        std::u32string item = heading_number(t, false);
        sections.back().body.push_back({p, item});
        paragraphs_.back().numbered = !item.empty();
        if (!item.empty()) sections.back().items = true;
    }
    for (const Section& s : sections) {
        std::string sid = encode_utf8(s.num);
        size_t sec_index = clauses_.size();
        clauses_.push_back({sid, sid, ClauseKind::Section, {{s.heading.begin, s.heading.end}}, s.heading.line, false});
        bool numbered_paragraphs = !s.items && s.body.size() > 1;
        size_t n = 0;
        for (const Part& part : s.body) {
            if (!part.item.empty() || numbered_paragraphs) {
                std::string id = sid + "." + (part.item.empty() ? std::to_string(++n) : encode_utf8(part.item));
                clauses_.push_back({id, sid, part.item.empty() ? ClauseKind::Paragraph : ClauseKind::Item,
                                    {{part.p.begin, part.p.end}}, part.p.line, true});
            } else {
                clauses_[sec_index].ranges.push_back({part.p.begin, part.p.end});
                clauses_[sec_index].has_text = true;
            }
        }
    }
    for (NoticeParagraph& p : paragraphs_)
        if (const NoticeClause* c = clause_at(p.begin)) p.clause = c->id;
}

const NoticeClause* NoticeText::clause(const std::string& id) const {
    for (const NoticeClause& c : clauses_)
        if (c.id == id) return &c;
    return nullptr;
}

const NoticeClause* NoticeText::clause_at(size_t pos) const {
    for (const NoticeClause& c : clauses_)
        for (auto [b, e] : c.ranges)
            if (pos >= b && pos < e) return &c;
    return nullptr;
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
