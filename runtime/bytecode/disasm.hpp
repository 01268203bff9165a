// Bytecode listing for people and golden tests. Takes: a Program. Produces: per rule, its
// instructions with operands decoded (constant values, rule and input names, jump targets).
#pragma once
#include <string>

#include "runtime/bytecode/program.hpp"

namespace edict {

std::string disassemble(const Program& p);
std::string disassemble_rule(const Program& p, uint32_t rule);
std::string format_constant(const Program& p, const Value& v);

}  // namespace edict
