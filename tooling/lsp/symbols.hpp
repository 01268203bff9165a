// What a name in a policy refers to, and everywhere that thing is named. Takes: a compilation
// (checked program, sources) and a position in one of its files. Produces: the symbol there (from
// the checker's resolution of the expression, not from matching text, so a `let` that shadows a
// rule is not the rule) and its occurrences in every module of the compilation: declarations,
// overrides, uses in expressions, exception and override targets, output lists, tests' given and
// expect names, match patterns and type names. Feeds go-to-definition, find references and rename.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/compile.hpp"

namespace edict::lsp {

enum class SymbolKind : uint8_t { Input, Rule, Param, Function, Table, Calendar, EnumCase, Enum, Record, Local };

struct Symbol {
    SymbolKind kind;
    uint32_t index = 0;  // in the checked program's list of its kind; the binding id for a Local
    std::string name;
};

struct Occurrence {
    Span span;                 // the name itself
    bool declaration = false;  // where it is declared (or redeclared by an override)
};

std::optional<Symbol> symbol_at(const Compilation& c, uint32_t file, uint32_t offset);

// Sorted by file and position, each span once. A Local's binder (the name after `let`, a filter's
// variable, a function parameter) is not among them: only its uses are.
std::vector<Occurrence> occurrences(const Compilation& c, const Symbol& s);

const char* kind_name(SymbolKind k);

}  // namespace edict::lsp
