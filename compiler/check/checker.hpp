// Name resolution and static type checking. Takes: parsed modules (imports first, the policy
// last). Produces: a CheckedProgram, and diagnostics for every mistake found before anything
// runs: unknown names (with "did you mean"), type errors naming both types, unhandled nulls,
// non-exhaustive matches, exceptions without a rule, and cycles between rules.
#pragma once
#include "compiler/check/checked.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict::check {

// Fills prog.types/symbols/annotations from prog.modules; returns false on any error.
bool check_program(CheckedProgram& prog, const SourceMap& sources, Diagnostics& diags);

// Edit distance in code points, for "did you mean".
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace edict::check
