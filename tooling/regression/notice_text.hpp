// A notice's text as PDF extraction left it, made comparable. Takes: the text file a `notice "N"
// text "FILE"` declaration names. Produces: the text with only extraction artefacts removed (line
// wraps, ASCII and full-width spaces, U+FFFD, form feeds and page-number lines), each remaining code
// point mapped back to its line, and the text cut into clauses:
//   - a paragraph opening "一、" starts section 一 (its heading belongs to id 一);
//   - a paragraph opening "1." (or "1．") inside a section is item 一.1; the other paragraphs of a
//     section with items (its introduction and closing text) are id 一 itself;
//   - a section without items and with several paragraphs numbers them in order: 五.1, 五.2, …
//     (these ids are the reader's, not the text's); with one paragraph, the section is the clause.
// A paragraph opens with an indent of two full-width spaces; unindented lines continue it (before
// the first section, a line ending in U+FFFD also ends its paragraph: the preamble is unindented).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace edict::regression {

enum class ClauseKind : uint8_t { Section, Item, Paragraph };

struct NoticeClause {
    std::string id;        // "一", "一.1", "五.2"
    std::string section;   // "一"
    ClauseKind kind = ClauseKind::Section;
    std::vector<std::pair<size_t, size_t>> ranges;  // [begin, end) in NoticeText::norm; the heading is in the section's
    uint32_t line = 0;          // 1-based line of its first character
    bool has_text = false;      // a Section that is only a heading over its paragraphs has none
};

// A paragraph as the text has it, for display: the preamble's too (clause ""). `heading`: it
// opens a section ("一、…"); `numbered`: it opens an item ("1.…").
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
    void build(const std::string& text);
    std::u32string norm_;
    std::vector<uint32_t> lines_;  // by norm position
    std::vector<NoticeClause> clauses_;
    std::vector<NoticeParagraph> paragraphs_;
};

// UTF-8 <-> UTF-32 and the normalisation shared by text and quotes.
bool decode_utf8(const std::string& in, std::u32string& out);
std::string encode_utf8(const std::u32string& in);
bool is_ignorable(char32_t c);
std::u32string normalise(const std::string& utf8);

}  // namespace edict::regression
