// Look-ups on a compiled program that hosts and the VM's error reporting use.
#include "runtime/bytecode/program.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

namespace edict {

const RuleInfo* Program::find_rule(std::string_view name) const {
    for (const RuleInfo& r : rules)
        if (r.name == name) return &r;
    return nullptr;
}

const InputInfo* Program::find_input(std::string_view name) const {
    for (const InputInfo& i : inputs)
        if (i.name == name) return &i;
    return nullptr;
}

int Program::find_output(std::string_view name) const {
    for (size_t i = 0; i < outputs.size(); ++i)
        if (outputs[i].name == name) return static_cast<int>(i);
    return -1;
}

SourceLoc Program::loc_of_pc(uint32_t pc) const {
    auto it = std::upper_bound(pc_locs.begin(), pc_locs.end(), pc,
                               [](uint32_t p, const PcLoc& e) { return p < e.pc; });
    if (it == pc_locs.begin()) return {};
    return std::prev(it)->loc;
}

SourceLoc Program::loc_of_operand(uint32_t pc, uint8_t operand) const {
    auto before = [](const OperandLoc& e, std::pair<uint32_t, uint8_t> k) { return std::pair{e.pc, e.operand} < k; };
    auto it = std::lower_bound(operand_locs.begin(), operand_locs.end(), std::pair{pc, operand}, before);
    if (it != operand_locs.end() && it->pc == pc && it->operand == operand) return it->loc;
    return loc_of_pc(pc);
}

std::string Program::describe(const SourceLoc& loc) const {
    if (loc.file >= files.size()) return "<unknown>";
    return fmt::format("{}:{}:{}", files[loc.file], loc.line, loc.column);
}

bool CalendarInfo::covers_year(int year) const {
    for (const YearSpan& y : covers)
        if (y.first <= year && year <= y.last) return true;
    return false;
}

std::string CalendarInfo::covered_years() const {
    if (covers.empty()) return "no years";
    std::string out;
    for (const YearSpan& y : covers) {
        if (!out.empty()) out += ", ";
        out += y.first == y.last ? fmt::format("{}", y.first) : fmt::format("{}–{}", y.first, y.last);
    }
    return out;
}

std::string CalendarInfo::no_data_message(int year) const {
    return fmt::format("{} has no holiday data for {}: it covers {}", name, year, covered_years());
}

}  // namespace edict
