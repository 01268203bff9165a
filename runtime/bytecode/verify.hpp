// The structural verifier for programs that did not come straight from codegen (artifacts).
// Takes: a Program read from bytes. Produces: true, or the first problem found. On success it
// also recomputes max_stack from the code, so the VM's stack size never trusts the file.
//
// What it guarantees for the VM: every operand indexes an existing constant, input, rule,
// parameter, calendar, table, definition, record or local slot; each rule's operand stack never
// underflows and has one depth at every instruction; execution cannot fall off the end of the
// code; the only backward jumps go to ITER_NEXT (which counts against the step budget), so no
// loop runs unbounded; constants fit the declared types of inputs and parameters; tables and
// calendars are sorted as the VM's searches need, their covered years are well formed and every
// day they list lies in a covered year.
// What it does not prove is that every instruction sees operand values of the right type:
// that was the type checker's job when the artifact was built, and the checksum guards it in
// transit. docs/embedding.md says which artifacts to trust.
#pragma once
#include <string>

#include "runtime/bytecode/program.hpp"

namespace edict {

bool verify_program(Program& p, std::string& error);

// Whether `v` is a value of type `t` all the way down: kinds, enum range, record shape. With
// `null_anywhere` null fits every type (constants: the VM never dereferences a null); without it
// only optional types (results handed to a host).
bool value_fits(const Program& p, TypeId t, const Value& v, bool null_anywhere, int depth = 0);

}  // namespace edict
