// CSV cases in, CSV results out (see csv_cases.hpp). Values are converted through the same JSON
// model and codec as .jsonl cases, so a CSV case and the equivalent JSON case evaluate alike.
#include "tools/cli/csv_cases.hpp"
#include "runtime/support/utf8.hpp"

#include <cstring>

#include <fmt/format.h>

#include "runtime/io/case_codec.hpp"
#include "compiler/syntax/parser.hpp"

namespace edict::cli {

void CsvRecord::start() {
    state_ = State::CellStart;
    cell_.clear();
    cells_.clear();
    error_.clear();
}

void CsvRecord::fail(std::string why) {
    error_ = std::move(why);
    state_ = State::Broken;
}

// record -> cell (',' cell)* ; cell -> '"' (char | '""' | line break)* '"' | (char except '"')*
bool CsvRecord::feed_line(std::string_view line) {
    if (state_ == State::Quoted) cell_ += '\n';  // the line break belongs to the quoted cell
    const size_t n = line.size();
    // The bytes from i on that leave the state as it is, appended at once rather than one by one.
    auto run = [&](size_t i, bool quoted) {
        size_t j = i + 1;
        while (j < n && line[j] != '"' && (quoted || line[j] != ',')) ++j;
        cell_.append(line.data() + i, j - i);
        return j - 1;
    };
    for (size_t i = 0; i < n; ++i) {
        const char c = line[i];
        switch (state_) {
            case State::CellStart:
                if (c == '"') state_ = State::Quoted;
                else if (c == ',') cells_.emplace_back();
                else { state_ = State::Unquoted; i = run(i, false); }
                break;
            case State::Unquoted:
                if (c == ',') { cells_.push_back(std::move(cell_)); cell_.clear(); state_ = State::CellStart; }
                else if (c == '"')
                    fail(fmt::format("a quote inside unquoted cell {} (quote the whole cell and double the quote)",
                                     cells_.size() + 1));
                else i = run(i, false);
                break;
            case State::Quoted:
                if (c == '"') state_ = State::QuoteInQuoted;
                else i = run(i, true);
                break;
            case State::QuoteInQuoted:  // "" is a quote; a lone quote closed the cell
                if (c == '"') { cell_ += '"'; state_ = State::Quoted; }
                else if (c == ',') { cells_.push_back(std::move(cell_)); cell_.clear(); state_ = State::CellStart; }
                else fail(fmt::format("unexpected character after a closing quote in cell {}", cells_.size() + 1));
                break;
            case State::Broken:
                return true;  // the rest of the line belongs to the broken record
        }
    }
    if (state_ == State::Quoted) return false;
    if (state_ != State::Broken) cells_.push_back(std::move(cell_));
    cell_.clear();
    return true;
}

namespace {

// The code point of the well-formed UTF-8 sequence of `n` bytes at s[i].
uint32_t code_point(std::string_view s, size_t i, size_t n) {
    static constexpr unsigned char kLead[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    uint32_t cp = static_cast<unsigned char>(s[i]) & kLead[n];
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    return cp;
}

// Characters a spreadsheet shows as nothing or as a plain space: controls, spaces of every width,
// zero-width and direction marks, the BOM, soft hyphen.
bool invisible(uint32_t c) {
    return c <= 0x20 || c == 0x7F || (c >= 0x80 && c <= 0xA0) || c == 0xAD || c == 0x34F || c == 0x61C ||
           c == 0x115F || c == 0x1160 || c == 0x17B4 || c == 0x17B5 || c == 0x180E ||
           (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x206F) ||
           c == 0x3000 || c == 0x3164 || c == 0xFEFF || c == 0xFFA0;
}

// The name without its invisible characters, and the name with each of them written <U+XXXX>.
void split_invisible(std::string_view name, std::string& bare, std::string& shown) {
    for (size_t i = 0; i < name.size();) {
        size_t n = utf8::sequence_length(name, i);
        if (n == 0) { shown += "\uFFFD"; ++i; continue; }
        uint32_t c = code_point(name, i, n);
        if (invisible(c)) {
            shown += fmt::format("<U+{:04X}>", c);
        } else {
            bare.append(name.data() + i, n);
            shown.append(name.data() + i, n);
        }
        i += n;
    }
}

}  // namespace

bool check_csv_header(const Program& p, const std::vector<std::string>& header, bool allow_extra, std::string& error) {
    for (size_t c = 0; c < header.size(); ++c) {
        const std::string& h = header[c];
        if (h.empty()) { error = fmt::format("the header row's column {} has no name", c + 1); return false; }
        for (size_t k = 0; k < c; ++k)
            if (header[k] == h) { error = fmt::format("column `{}` appears twice in the header row", utf8::valid(h)); return false; }
        if (p.find_input(h)) continue;
        std::string bare, shown;
        split_invisible(h, bare, shown);
        if (bare != h && p.find_input(bare)) {
            error = fmt::format("column `{}` is input `{}` with invisible or whitespace characters added; "
                                "rename the column `{}`",
                                shown, bare, bare);
            return false;
        }
        if (!allow_extra) {
            error = fmt::format("column `{}` is not an input of this policy (use --allow-extra to ignore it)", shown);
            return false;
        }
    }
    return true;
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

namespace {
// Whether a cell is plain ASCII, eight bytes at a time: then it is UTF-8 without a closer look.
bool ascii(std::string_view s) {
    size_t i = 0;
    uint64_t high = 0;
    for (; i + 8 <= s.size(); i += 8) {
        uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        high |= w;
    }
    for (; i < s.size(); ++i) high |= static_cast<unsigned char>(s[i]);
    return (high & 0x8080808080808080ull) == 0;
}
}  // namespace

CsvCaseDecoder::CsvCaseDecoder(const Program& p, const std::vector<std::string>& header)
    : p_(p), header_(header), columns_(header.size()), parsed_(header.size()) {
    for (size_t c = 0; c < header.size(); ++c)
        if (const InputInfo* in = p.find_input(header[c]))
            columns_[c] = {static_cast<int32_t>(in - p.inputs.data()), in->type, p.types.at(in->type).kind};
}

bool CsvCaseDecoder::decode(const std::vector<std::string>& row, io::DecodedCase& out, std::string& error) {
    if (row.size() != header_.size()) {
        error = fmt::format("this row has {} cells but the header names {} columns", row.size(), header_.size());
        return false;
    }
    // First what refuses the row as a whole, column by column: a cell that is not UTF-8, a list or
    // record cell that is not JSON.
    for (size_t c = 0; c < row.size(); ++c) {
        const std::string& cell = row[c];
        if (cell.empty()) continue;
        if (!ascii(cell))
            if (size_t bad = syntax::find_invalid_utf8(cell); bad != std::string::npos) {
                error = fmt::format("column `{}`: the cell is not UTF-8 text (byte {} of the cell)", header_[c], bad);
                return false;
            }
        const Kind k = columns_[c].kind;
        if (columns_[c].input >= 0 && (k == Kind::List || k == Kind::Record)) {
            std::string why;
            if (!io::parse_json(cell, parsed_[c], why)) {
                error = fmt::format("column `{}`: not JSON: {}", header_[c], why);
                return false;
            }
        }
    }
    // Then each cell as io::decode_case decodes the JSON value a .jsonl case would hold there: bool
    // cells `true`/`false` and int-like cells as JSON booleans and numbers, list and record cells
    // as the JSON they hold, every other cell as a JSON string (so money stays exact).
    out.start(p_);
    for (size_t c = 0; c < row.size(); ++c) {
        const std::string& cell = row[c];
        const Column& col = columns_[c];
        if (cell.empty() || col.input < 0) continue;  // absent, or not an input (--allow-extra)
        const size_t i = static_cast<size_t>(col.input);
        Value v;
        bool ok;
        switch (col.kind) {
            case Kind::Bool: {
                const bool boolean = cell == "true" || cell == "false";
                ok = io::decode_scalar(p_, col.type, boolean ? io::Json::Type::Bool : io::Json::Type::String,
                                       cell == "true", cell, out, v, why_);
                break;
            }
            case Kind::Int: case Kind::Days: case Kind::Months: case Kind::Years:
                ok = io::decode_scalar(p_, col.type, io::Json::Type::Number, false, cell, out, v, why_);
                break;
            case Kind::List: case Kind::Record:
                if (parsed_[c].type == io::Json::Type::Null) continue;  // null means absent
                ok = io::decode_value(p_, col.type, parsed_[c], out, v, why_);
                break;
            default:
                ok = io::decode_scalar(p_, col.type, io::Json::Type::String, false, cell, out, v, why_);
        }
        if (ok) out.set(i, v);
        else out.set_ill_typed(i, io::message::input(header_[c], why_));
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
    append_csv_cell(out, utf8::valid(e.input));
    out += ',';
    append_csv_cell(out, utf8::valid(e.message));
    out += '\n';
}

}  // namespace edict::cli
