// Straight-line evaluation: the rules a host asks for, run one after the other with no call.
//
// A Session evaluates rules by calls: the driver calls each requested rule, a rule calls the rules
// it reads, and every call checks whether the rule is done, keeps a frame and comes back. When
// the requested rules read no rule outside themselves and none depends on itself (a host asking
// for every output of a policy, which is the usual case), all of that is known before the case:
// each will be evaluated, each after the ones it reads. So their specialised code is copied into
// one block, dependencies first, and each copy's return writes the rule's register and the host's
// slot and goes straight on to the next rule -- no driver call, no frame, no "is it done?" test,
// and the rules' registers need not be marked "not evaluated" for each case.
//
// The block has fast paths only. Anything else -- an error, a specialised form that would bail,
// a rule not ready, the step budget -- abandons it, and the Session evaluates the case again by
// calls from the start, which gives exactly the answer or error it always gave (rules are pure, so
// evaluating a case twice changes nothing). vm.cpp: FUSED_START, FUSED_LOCALS, FUSED_END,
// FUSED_STOP, STRAIGHT_RET_S/R and the fused branch of the other returns.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "runtime/bytecode/program.hpp"

namespace edict::vm {

// Where each rule's code starts and its first local register (a Session's, by rule index).
struct RuleStart {
    uint32_t entry;
    uint32_t locals;
};

// Where a Session keeps what the block names: register numbers of its file; and where each rule's
// code ends (rule_code_ends).
struct FuseRegisters {
    uint32_t first_rule = 0;                 // rule r's value is register first_rule + r
    const RuleStart* starts = nullptr;       // rule r's first local register: starts[r].locals
    const uint32_t* code_ends = nullptr;     // rule r's code is [entry, code_ends[r])
};

// Where each rule's code ends: at the next rule's entry in code order (codegen emits one block per
// rule, and the verifier refuses code reached from two rules), or the end of the code; 0 for a
// rule that shares its entry with another (then it has no block of its own). Computed once per
// Session, so making a block costs only the requested rules' code.
std::vector<uint32_t> rule_code_ends(const Program& program);

// The block for `rules[0, n)`, to be placed at instruction index `base` of a code vector that
// starts with `spec`, the program's code specialised (specialise.hpp: program.code.size() forms), or nullopt
// when these rules cannot run straight: one reads a rule not asked for, rules depend on each other
// in a cycle, a rule is asked for twice, or a rule's code is not one block of its own. The block:
// FUSED_START (L := the lowest of the rules' first local registers); for each rule, its code (its
// local indexes moved by where its locals lie from that base; RET_S and RET_R made
// STRAIGHT_RET_S/R, which go on to the next rule; the other returns' c pointing at its FUSED_END)
// and its FUSED_END; then FUSED_STOP. Rules whose locals lie more than 65,536 registers apart keep
// their indexes, and each with locals (but the first) starts with FUSED_LOCALS instead. A form
// followed by the form it has a variant for (THEN_FORM, spec_forms.def) becomes that variant; then
// a return whose jump target holds the form it has a variant for (INTO_FORM) becomes that one.
std::optional<std::vector<Instr>> fuse(const Program& program, const Instr* spec, uint32_t base,
                                       const uint32_t* rules, size_t n, const FuseRegisters& regs);

}  // namespace edict::vm
