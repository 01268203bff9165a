// A compiled policy: bytecode, constants, types, and the tables the VM and hosts need.
// Produced by the compiler's codegen (or an artifact loader); read-only afterwards, so one
// Program is shared by any number of threads, each with its own vm::Session.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "runtime/bytecode/opcodes.hpp"
#include "runtime/bytecode/types.hpp"
#include "runtime/support/source.hpp"
#include "runtime/value/value.hpp"

namespace edict {

struct Citation {
    std::string notice;  // "闽人社办[2020]14号"
    std::string clause;  // "一.1"
    std::string quote;   // the sentence of the notice
    SourceLoc loc;
};

struct InputInfo {
    std::string name;
    TypeId type = 0;       // optional types may be absent (null)
    bool has_default = false;
    uint32_t default_const = 0;
    std::string doc;
    SourceLoc loc;
};

// One definition of a rule: a `when` case, `otherwise`, `= expr`, or a case of an exception.
struct DefinitionInfo {
    std::string label;  // "base", or the exception's label
    uint32_t rule = 0;
    SourceLoc loc;
    std::vector<Citation> citations;
};

struct RuleInfo {
    std::string name;
    TypeId type = 0;
    uint32_t entry = 0;   // first instruction
    uint32_t locals = 0;  // frame size
    SourceLoc loc;
    std::string doc;
    std::vector<Citation> citations;
    std::vector<uint32_t> inputs;  // every input this rule may read, transitively (sorted)
};

struct OutputInfo {
    std::string name;
    uint32_t rule = 0;
};

struct DatedValue {
    int64_t from_day = 0;  // in force from this day
    uint32_t constant = 0;
};

struct ParamInfo {
    std::string name;
    TypeId type = 0;
    std::vector<DatedValue> values;  // sorted by from_day
};

// Years first..last (both included) whose holidays a calendar's data publishes in full.
struct YearSpan {
    int32_t first = 0;
    int32_t last = 0;
};

// A working-day calendar after every amendment was applied, in order.
struct CalendarInfo {
    std::string name;
    std::vector<int64_t> holidays;  // sorted day numbers that are days off
    std::vector<int64_t> workdays;  // sorted weekend days designated working days
    // The years the data covers (`covers` in each layer): sorted, disjoint and not adjacent. A
    // question about a day of any other year is an error, unless `weekends_beyond`: the policy
    // said `otherwise weekends`, so such a day is a working day exactly when it is Monday–Friday.
    std::vector<YearSpan> covers;
    bool weekends_beyond = false;

    bool covers_year(int year) const;
    std::string covered_years() const;  // "2019–2026", "2019–2021, 2023", "no years"
    // "中国工作日 has no holiday data for 2027: it covers 2019–2026"
    std::string no_data_message(int year) const;
};

struct TableInfo {
    std::string name;
    std::vector<uint32_t> keys;    // constants
    std::vector<uint32_t> values;  // constants
    uint8_t key_class = 0;         // CmpClass
};

struct PcLoc {
    uint32_t pc = 0;
    SourceLoc loc;
};

// Where an operand read in place (an input or a rule named as x or y) is written in the source:
// reading it can fail (a missing input, a rule that depends on itself), and the error points at
// the name, as it did when a separate instruction pushed it.
struct OperandLoc {
    uint32_t pc = 0;
    uint8_t operand = 0;  // 0: x, 1: y
    SourceLoc loc;
};

struct Program {
    std::vector<Instr> code;
    std::vector<Value> constants;
    std::deque<std::string> text_pool;         // storage for text constants (deque: stable addresses)
    std::deque<std::vector<Value>> list_pool;  // storage for list constants
    TypeTable types;
    std::vector<std::string> files;  // SourceLoc::file indexes
    std::vector<InputInfo> inputs;
    std::vector<RuleInfo> rules;
    std::vector<DefinitionInfo> definitions;
    std::vector<OutputInfo> outputs;
    std::vector<ParamInfo> params;
    std::vector<CalendarInfo> calendars;
    std::vector<TableInfo> tables;
    std::vector<PcLoc> pc_locs;  // sorted by pc: the source of each instruction run
    std::vector<OperandLoc> operand_locs;  // sorted by (pc, operand)
    uint32_t max_stack = 0;      // deepest operand stack any rule needs
    // Set by load_artifact: the program was not type-checked in this process, so sessions check
    // each result against its rule's type before a host reads it (docs/embedding.md).
    bool from_artifact = false;

    const RuleInfo* find_rule(std::string_view name) const;
    const InputInfo* find_input(std::string_view name) const;
    int find_output(std::string_view name) const;  // index into outputs, -1 if none
    SourceLoc loc_of_pc(uint32_t pc) const;
    // Where operand x (0) or y (1) of instruction pc is written; that of the instruction if not listed.
    SourceLoc loc_of_operand(uint32_t pc, uint8_t operand) const;
    std::string describe(const SourceLoc& loc) const;  // "file:line:col"
};

}  // namespace edict
