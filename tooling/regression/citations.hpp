// Citation verification. Takes: a checked program (every `cite "NOTICE" §CLAUSE "quote"` of every
// declaration) and the notice texts its `notice "NAME" text "FILE"` declarations name. Produces: an
// error for each quote that does not occur in the text (naming the declaration, showing the quote
// and the closest passage), an error when a quote lies in another clause than the one a text-numbered
// id (一, 一.1) names, a warning when it lies in another paragraph than a reader-numbered id (五.2)
// names, and the clause each citation was found in, which coverage and the number check build on.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/check/checked.hpp"
#include "tooling/regression/notice_text.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict::regression {

struct LocatedCitation {
    check::DeclRef decl;
    const ast::Citation* cite = nullptr;
    std::string owner;       // "rule back_pay", "exception 疫情结束前不暂停 to benefit_suspended"
    std::string notice;
    std::string clause;      // the clause the quote was found in; empty: not found or no text
    size_t begin = 0, end = 0;  // where, in NoticeText::norm (when clause is not empty)
};

// The texts of the notices that declare one, by notice name.
using NoticeTexts = std::map<std::string, std::shared_ptr<NoticeText>>;

struct CitationReport {
    NoticeTexts texts;
    std::vector<LocatedCitation> citations;
};

// How diagnostics and reports name a declaration.
std::string owner_name(const ast::Decl& d);

// Loads each notice's text; an unreadable or non-UTF-8 text is error E0507 and left out.
NoticeTexts load_notice_texts(const check::CheckedProgram& P, Diagnostics& diags);

CitationReport verify_citations(const check::CheckedProgram& P, Diagnostics& diags);

// Whether the `clause §X …` declaration at `decl` concerns clause X of `notice`. A declaration names
// no notice, and texts of several laws share ids (第一条): it concerns the notices declared in its
// own folder when one of them has a clause X, otherwise every notice that has one.
bool clause_declaration_concerns(const check::CheckedProgram& P, const NoticeTexts& texts, check::DeclRef decl,
                                 const std::string& notice);

}  // namespace edict::regression
