// A notice's text as PDF extraction left it, made comparable. Takes: the text file a `notice "N"
// text "FILE"` declaration names. Produces: the text with only extraction artefacts removed (line
// wraps, ASCII and full-width spaces, U+FFFD, form feeds and page-number lines), each remaining code
// point mapped back to its line, and the text cut into clauses, numbered as the text numbers them
// (docs/regression.md, "Clause ids"):
//   - a paragraph opening "一、" starts section 一 (its heading belongs to id 一);
//   - a paragraph opening "1." (or "1．") inside a section is item 一.1; the other paragraphs of a
//     section with items (its introduction and closing text) are id 一 itself;
//   - a section without items and with several paragraphs numbers them in order: 五.1, 五.2, …
//     (these ids are the reader's, not the text's); with one paragraph, the section is the clause;
//     with none (the heading paragraph is all it says), the heading is the clause;
//   - a paragraph opening "第一条" and a space (ASCII or full-width) starts article 第一条 (also
//     第一百二十条之一); an article of one paragraph is the clause 第一条; an article of several
//     paragraphs (款) is a heading over 第一条第一款, 第一条第二款, …; a paragraph opening "（一）"
//     inside an article is item (项) 第一条第一项 (in an article of several paragraphs, of the
//     paragraph before it: 第一条第二款第一项); the paragraph that introduces items keeps its id;
//   - a paragraph wholly in parentheses ("（第五条至第十条从略。）") is an editor's note, in no
//     clause; it ends the section or article before it.
// A paragraph opens with an indent of two full-width spaces; unindented lines continue it (before
// the first section, a line ending in U+FFFD also ends its paragraph: the preamble is unindented).
// A text with articles (a statute) is published one paragraph a line: there, an unindented line is a
// title or heading ("国务院关于工人退休、退职的暂行办法", "第一编 总则"), in no clause, unless it
// continues an indented paragraph that stops mid-sentence (a wrapped line). A text may hold several
// laws, each under its title; an article number that two of them use is qualified by the title:
// 《国务院关于工人退休、退职的暂行办法》第一条 (the others keep the number alone).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace edict::regression {

// Section 一, its Item 一.1 and reader-numbered Paragraph 五.2; Article 第一条, its ArticleParagraph
// (款) 第一条第二款 and its ArticleItem (项) 第四条第一项.
enum class ClauseKind : uint8_t { Section, Item, Paragraph, Article, ArticleParagraph, ArticleItem };

struct NoticeClause {
    std::string id;        // "一", "一.1", "五.2", "第一条", "第一条第二款", "第四条第一项"
    std::string section;   // the section or article it belongs to: "一", "第一条"
    ClauseKind kind = ClauseKind::Section;
    std::vector<std::pair<size_t, size_t>> ranges;  // [begin, end) in NoticeText::norm; the heading is in the section's
    uint32_t line = 0;          // 1-based line of its first character
    bool has_text = false;      // a Section (Article) that is only a heading over its paragraphs has none
    std::string law;            // a statute's title above the article, when the text gives one
};

// A paragraph as the text has it, for display: the preamble's too (clause ""). `heading`: it
// opens a section ("一、…"); `numbered`: it opens an item ("1.…"), an article, a 款 or a 项.
struct NoticeParagraph {
    size_t begin = 0, end = 0;  // in NoticeText::norm
    uint32_t line = 0;
    std::string clause;
    bool heading = false, numbered = false;
};

struct Match {
    bool found = false;
    size_t begin = 0, end = 0;  // in norm
};

class NoticeText {
public:
    // Returns false (with a message) when the file cannot be read or is not UTF-8.
    bool load(const std::string& path, std::string& error);
    static NoticeText from_string(const std::string& text);  // for tests

    const std::u32string& norm() const { return norm_; }
    const std::vector<NoticeClause>& clauses() const { return clauses_; }
    const std::vector<NoticeParagraph>& paragraphs() const { return paragraphs_; }
    // The clauses with text of their own, the ones coverage grades.
    size_t clauses_with_text() const;
    // Why the clauses cannot be used, empty when they can: no clause found, or one id twice.
    const std::string& problem() const { return problem_; }
    const NoticeClause* clause(const std::string& id) const;
    // The clause holding norm position `pos` (a heading position gives its section); null outside.
    const NoticeClause* clause_at(size_t pos) const;
    uint32_t line_at(size_t pos) const { return pos < lines_.size() ? lines_[pos] : 0; }

    // Every occurrence of the normalised quote.
    std::vector<Match> find_all(const std::u32string& quote) const;
    // The passage that agrees with the quote in the most characters (by position, anchored at the
    // start or at the end, so an insertion or deletion still finds it).
    Match closest(const std::u32string& quote, size_t& first_difference) const;

    std::string path;

private:
    struct Paragraph;  // a paragraph while the text is cut
    struct Part;       // a paragraph of a section or article, with its item number
    void build(const std::string& text);
    std::vector<Paragraph> split_paragraphs(const std::u32string& cps);
    void name_clauses(const std::vector<Paragraph>& paras);
    void name_section(const std::u32string& num, const Paragraph& head, const std::vector<Part>& body, bool items);
    void name_article(const std::u32string& num, const Paragraph& head, const std::vector<Part>& body,
                      const std::string& law);
    std::u32string norm_;
    std::vector<uint32_t> lines_;  // by norm position
    std::vector<NoticeClause> clauses_;
    std::vector<NoticeParagraph> paragraphs_;
    std::string problem_;
    std::map<std::string, size_t> by_id_;                        // the first clause of each id
    std::vector<std::tuple<size_t, size_t, size_t>> by_position_;  // range begin, end, clause: sorted
};

// The normalisation shared by text and quotes (UTF-8 itself: runtime/support/utf8.hpp).
bool is_ignorable(char32_t c);
std::u32string normalise(const std::string& text);

}  // namespace edict::regression
