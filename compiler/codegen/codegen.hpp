// Bytecode generation. Takes: a CheckedProgram (every expression typed and resolved) and the
// sources (for positions). Produces: a Program for the VM. Nothing here re-checks types; it
// only chooses opcodes from the annotations and lays out rule frames and default logic.
#pragma once
#include <memory>

#include "runtime/bytecode/program.hpp"
#include "compiler/check/checked.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict::codegen {

struct GenerateOptions {
    // Explanations: follow every expression with TRACE (a TracePoint, runtime/bytecode/opcodes.hpp) so a Session with a
    // trace sink records each value computed. Off by default: normal bytecode has no TRACE at all.
    bool trace = false;
};

std::shared_ptr<const Program> generate(const check::CheckedProgram& checked, const SourceMap& sources,
                                        Diagnostics& diags, const GenerateOptions& options = {});

// Where constant texts and lists live; values point into it, so it must outlive them.
struct ConstantStore {
    std::deque<std::string>& texts;
    std::deque<std::vector<Value>>& lists;
};

// A literal expression's value (for defaults, parameter values, tables and tests).
Value constant_value(const check::CheckedProgram& checked, uint32_t module, ast::ExprId e, TypeId type,
                     ConstantStore store);

}  // namespace edict::codegen
