// What each rule reads, and what it depends on transitively: the one dependency closure the
// analyst tools (coverage, the report, the agreement test) share. Takes: a checked program.
// Produces: per rule the inputs, parameters, rules and functions its definitions (its base and its
// exceptions) name directly — through the bodies of the functions they call too — and, on demand,
// the rules a set of rules reaches. Every walk is iterative: rule chains and call chains can be
// tens of thousands deep, deeper than the C++ stack.
#pragma once
#include <cstdint>
#include <vector>

#include "compiler/check/checked.hpp"

namespace edict::regression {

// Indexes into CheckedProgram::inputs, params, rules and functions, in first-use order.
struct RuleReads {
    std::vector<uint32_t> inputs, params, rules, functions;
};

class Dependencies {
public:
    explicit Dependencies(const check::CheckedProgram& P);

    const RuleReads& reads(uint32_t rule) const { return reads_[rule]; }
    // The rules that read `rule` directly, in rule order.
    const std::vector<uint32_t>& used_by(uint32_t rule) const { return used_by_[rule]; }
    // `from` and every rule they depend on, transitively: reached[r] is true for each.
    std::vector<bool> reached(const std::vector<uint32_t>& from) const;
    // The parameters the rules marked in `rules` read directly.
    std::vector<bool> params_read(const std::vector<bool>& rules) const;
    // The functions the given rules call, directly or through other functions.
    std::vector<bool> functions_called(const std::vector<bool>& rules, size_t function_count) const;

private:
    std::vector<RuleReads> reads_;
    std::vector<std::vector<uint32_t>> used_by_;
    size_t params_ = 0;
};

}  // namespace edict::regression
