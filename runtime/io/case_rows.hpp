// Many decoded cases held for evaluation, as a benchmark or a population run holds them. Takes:
// cases decoded into a DecodedCase, one after another (the decoders' workspace: with its lookup
// table, month cache and scratch about 23 KB for Fujian, and meant to be reused case after case).
// Produces: a vm::CaseView per row, as DecodedCase::view() gives for the case it holds.
//
// Each case's input values are one row of a single slab and its input states one row of another;
// the texts, lists and records they point at are copied into the rows' own store, so a row lives
// on after its DecodedCase decodes the next case. Why: 1,000 Fujian cases held as 1,000
// DecodedCases spread their 42 input values (1,344 bytes a case) over 23 MB, and the VM took about
// a tenth longer a case to read them (docs/performance.md, "the cases' memory"); as rows they are
// 1.3 MB in one piece, read in order.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/bytecode/program.hpp"
#include "runtime/io/case_codec.hpp"
#include "runtime/io/case_store.hpp"
#include "runtime/vm/vm.hpp"

namespace edict::io {

class CaseRows {
public:
    // Rows of cases decoded for program p, which must outlive them.
    explicit CaseRows(const Program& p) : program_(p), width_(p.inputs.size()) {}

    // The case c holds (decoded for the same program) as the next row. Views taken before may
    // point at memory the slabs have moved from: take them after the last append.
    void append(const DecodedCase& c);
    size_t size() const { return rows_.size(); }
    vm::CaseView view(size_t row) const;

private:
    Value own(const Value& v);  // v, with what it points at copied into store_

    // What a row has besides its cells.
    struct Row {
        bool absent_filled = false;  // DecodedCase's view().absent_filled
        uint32_t messages = 0;       // 1 + its index in messages_, 0 for a row without an ill-typed input
    };

    const Program& program_;
    const size_t width_;
    std::vector<Value> values_;           // row r: [r * width_, (r + 1) * width_)
    std::vector<vm::InputState> states_;  // the same cells' states
    std::vector<Row> rows_;
    std::vector<std::vector<std::string>> messages_;  // per row with an ill-typed input (rare): a message per input
    CaseStore store_;
};

}  // namespace edict::io
