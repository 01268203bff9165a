// CSV cases in, CSV results out (see csv_cases.hpp). Values are converted through the same JSON
// model and codec as .jsonl cases, so a CSV case and the equivalent JSON case evaluate alike.
#include "csv_cases.hpp"

#include <fmt/format.h>

#include "io/case_codec.hpp"

namespace edict::cli {

bool split_csv(std::string_view rec, std::vector<std::string>& cells, bool& open_quote, std::string& error) {
    cells.clear();
    open_quote = false;
    std::string cell;
    size_t i = 0;
    for (;;) {
        cell.clear();
        if (i < rec.size() && rec[i] == '"') {
            ++i;
            for (;;) {
                if (i >= rec.size()) { open_quote = true; return false; }
                char c = rec[i++];
                if (c != '"') { cell += c; continue; }
                if (i < rec.size() && rec[i] == '"') { cell += '"'; ++i; continue; }
                break;  // closing quote
            }
            if (i < rec.size() && rec[i] != ',') {
                error = fmt::format("unexpected character after a closing quote in cell {}", cells.size() + 1);
                return false;
            }
        } else {
            size_t end = rec.find(',', i);
            if (end == std::string_view::npos) end = rec.size();
            std::string_view raw = rec.substr(i, end - i);
            if (raw.find('"') != std::string_view::npos) {
                error = fmt::format("a quote inside unquoted cell {} (quote the whole cell and double the quote)",
                                    cells.size() + 1);
                return false;
            }
            cell.assign(raw);
            i = end;
        }
        cells.push_back(cell);
        if (i >= rec.size()) return true;
        ++i;  // the comma
        if (i == rec.size()) { cells.emplace_back(); return true; }
    }
}

void append_csv_cell(std::string& out, std::string_view cell) {
    if (cell.find_first_of(",\"\r\n") == std::string_view::npos) { out += cell; return; }
    out += '"';
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

bool csv_row_to_case(const Program& p, const std::vector<std::string>& header, const std::vector<std::string>& row,
                     io::Json& out, std::string& error) {
    if (row.size() != header.size()) {
        error = fmt::format("this row has {} cells but the header names {} columns", row.size(), header.size());
        return false;
    }
    out = io::Json{};
    out.type = io::Json::Type::Object;
    out.members.reserve(header.size());
    for (size_t c = 0; c < header.size(); ++c) {
        const std::string& cell = row[c];
        if (cell.empty()) continue;  // an empty cell is an absent input
        io::Json v;
        v.type = io::Json::Type::String;
        v.text = cell;
        if (const InputInfo* in = p.find_input(header[c])) {
            switch (p.types.at(in->type).kind) {
                case Kind::Bool:
                    if (cell == "true" || cell == "false") { v.type = io::Json::Type::Bool; v.boolean = cell == "true"; }
                    break;  // other text stays a string, which the codec reports as "must be bool"
                case Kind::Int: case Kind::Days: case Kind::Months: case Kind::Years:
                    v.type = io::Json::Type::Number;  // the codec checks the digits
                    break;
                case Kind::List: case Kind::Record: {
                    std::string why;
                    if (!io::parse_json(cell, v, why)) {
                        error = fmt::format("column `{}`: not JSON: {}", header[c], why);
                        return false;
                    }
                    break;
                }
                default: break;  // money, dates, months, enums, text: the codec reads the text exactly
            }
        }
        out.members.emplace_back(header[c], std::move(v));
    }
    return true;
}

std::string csv_result_header(const Program& p, const std::vector<uint32_t>& rules) {
    std::string out;
    for (uint32_t r : rules) {
        append_csv_cell(out, p.rules[r].name);
        out += ',';
    }
    out += "error_input,error_message\n";
    return out;
}

void csv_result_row(const Program& p, const io::CaseRunner& runner, std::string& out) {
    std::string json;
    for (size_t i = 0; i < runner.rules().size(); ++i) {
        json.clear();
        io::encode_value(p, p.rules[runner.rules()[i]].type, runner.results()[i], json);
        if (json == "null") {
            // absent: an empty cell
        } else if (json.size() >= 2 && json.front() == '"' && json.find('\\') == std::string::npos) {
            append_csv_cell(out, std::string_view(json).substr(1, json.size() - 2));
        } else if (json.front() == '"') {
            io::Json j;
            std::string why;
            io::parse_json(json, j, why);  // our own encoder's output: always valid
            append_csv_cell(out, j.text);
        } else {
            append_csv_cell(out, json);  // numbers, booleans, lists and records as JSON text
        }
        out += ',';
    }
    out += ",\n";  // no error
}

void csv_error_row(size_t outputs, const io::CaseError& e, std::string& out) {
    out.append(outputs, ',');
    append_csv_cell(out, e.input);
    out += ',';
    append_csv_cell(out, e.message);
    out += '\n';
}

}  // namespace edict::cli
