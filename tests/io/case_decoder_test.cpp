// The case decoder that reads JSON text straight into values (runtime/io/case_decoder.cpp) against
// the reference it replaces, parse_json + decode_case (the io::Json tree): over every file of the
// case_json fuzz corpus and a set of hand-made edges, both must give the same values, the same
// per-input messages and the same case error, word for word.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiler/driver/compile.hpp"
#include "runtime/io/case_decoder.hpp"
#include "runtime/io/case_fast_decoder.hpp"
#include "runtime/value/date.hpp"
#include "compiler/diagnostics/diagnostics.hpp"

namespace edict {
namespace {

// Everything a decoded value holds, spelled out (the text bytes raw, decimals unrounded).
std::string dump(const Program& p, TypeId t, const Value& v) {
    const TypeDesc& d = p.types.at(t);
    switch (v.tag) {
        case Tag::Null: return "null";
        case Tag::Text: return fmt::format("text({})", v.text_view());
        case Tag::Dec: return fmt::format("dec({}e-{})", dec_to_string(v.dec()), v.scale);
        case Tag::List: {
            std::string s = "[";
            for (uint32_t i = 0; i < v.aux; ++i) s += dump(p, d.ref, v.items[i]) + ",";
            return s + "]";
        }
        case Tag::Record: {
            const RecordDesc& rd = p.types.record_at(d.ref);
            std::string s = fmt::format("{}{{", rd.name);
            for (size_t i = 0; i < rd.fields.size(); ++i) s += rd.fields[i].name + ":" + dump(p, rd.fields[i].type, v.items[i]) + ",";
            return s + "}";
        }
        default: return fmt::format("tag{}({},{})", static_cast<int>(v.tag), v.i, v.aux);
    }
}

std::string outcome(const Program& p, bool ok, const io::CaseError& e, const io::DecodedCase& d) {
    if (!ok) return fmt::format("error [{}] {}{}", e.input, e.message, e.not_json ? " (not JSON)" : "");
    std::string s;
    for (size_t i = 0; i < p.inputs.size(); ++i) {
        s += fmt::format("{}: present {} ", p.inputs[i].name, static_cast<int>(d.state(i)));
        if (d.state(i) == vm::InputState::Present) s += dump(p, p.inputs[i].type, d.value(i));
        if (d.state(i) == vm::InputState::IllTyped) s += d.message(i);
        s += "\n";
    }
    return s;
}

std::string via_tree(const Program& p, std::string_view text, bool allow_extra) {
    io::Json j;
    io::DecodedCase d;
    io::CaseError e;
    if (!io::parse_json(text, j, e.message)) {
        e.not_json = true;
        return outcome(p, false, e, d);
    }
    bool ok = io::decode_case(p, j, allow_extra, d, e);
    return outcome(p, ok, e, d);
}

// `d` is reused from case to case, as a batch worker reuses it.
std::string via_text(const Program& p, std::string_view text, bool allow_extra, io::DecodedCase& d) {
    io::CaseError e;
    bool ok = io::decode_case_text(p, text, allow_extra, d, e);
    return outcome(p, ok, e, d);
}

std::shared_ptr<const Program> compile_dir(const std::string& dir) {
    auto c = compile_path(std::string(EDICT_SOURCE_DIR) + "/" + dir);
    EXPECT_TRUE(c->ok()) << dir;
    return c->program;
}

const char* kShapes = R"(enum Color { red, green }
record Kid { name: text, born: date, note: text?, marks: list[int] }
record Pair { left: Kid?, right: Kid }
input n: int "n"
input m: money? "m"
input r: decimal "r"
input mo: month "mo"
input color: Color "color"
input ds: list[date?] "ds"
input grid: list[list[int]] "grid"
input kids: list[Kid] "kids"
input pair: Pair "pair"
input ok: bool "ok"
rule k: int = count(kids)
)";

// Edges of the shapes above: each wrong in a different place, several wrong at once.
const char* kShapeCases[] = {
    R"({})",
    R"({"n": 1, "m": "1.50", "r": 2.5e3, "mo": "2020-02", "color": "green", "ds": ["2020-01-01", null], "ok": true})",
    R"({"n": 1.0, "m": 1e2, "r": "1e2", "mo": "2020-13", "color": "blue", "ok": 1})",
    R"({"n": 18446744073709551615, "m": -0, "r": -9223372036854775809})",
    R"({"n": -9223372036854775808, "m": null, "r": null, "n2": 1})",
    R"({"n": 1, "n": 2})",
    R"({"n": null, "n": 2})",
    R"({"x": [1, {"y": 1e999}]})",
    R"({"grid": [[1, 2], [3, "4"], [5, true]]})",
    R"({"grid": [[1, 2], [], [[]]]})",
    R"({"grid": [[1, 2], [], [3]], "ds": [null, "2020-02-29", null]})",
    R"({"kids": [{"name": "a", "born": "2020-01-01", "marks": [1, 2]}, {"name": "b", "born": "2020-01-02", "marks": []}]})",
    R"({"grid": [[1, 2], {"a": 1}, 3]})",
    R"({"grid": {"a": [1]}, "ds": "2020-01-01"})",
    R"({"kids": [{"name": "a", "born": "2020-01-01", "marks": [1]}, {"name": "b"}]})",
    R"({"kids": [{"born": "2020-02-30", "name": 3, "marks": []}]})",
    R"({"kids": [{"marks": ["x"], "born": "bad", "zzz": 1}]})",
    R"({"kids": [{"name": "a", "name": 5, "born": "2020-01-01", "marks": [1], "note": "n"}]})",
    R"({"kids": [{"name": "a", "born": "2020-01-01", "marks": [1], "note": null}, 7]})",
    R"({"pair": {"right": {"name": "r", "born": "2020-01-01", "marks": [1, 2, 3]}}})",
    R"({"pair": {"left": {"name": "l"}, "right": {"name": "r", "born": "2020-01-01", "marks": []}}})",
    R"({"pair": {"left": null, "right": {"name": "r", "born": "2020-01-01", "marks": [1e400]}}})",
    R"({"pair": {"left": {"name": "l", "born": "2020-01-01", "marks": [1]}, "right": {"name": 1}, "extra": []}})",
    R"({"kids": [{"name": "\u00e9\ud83d\ude00", "born": "2020-01-01", "marks": [0]}], "n": 1, "unknown": 2})",
    R"([1, 2])",
    R"("text")",
    R"(null)",
    R"(12)",
    R"({"n": 1,})",
    R"({"n": 1} x)",
    R"({"n": 1, "nope": 2, "n": 3)",
    R"({"nope": 1, "grid": [[1e999]]})",
    R"({"pair": {"right": {"marks": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}})",
    "",
    " ",
};

// Outcomes of huge cases are huge: a mismatch shows where they part, not all of both.
void expect_same(const Program& p, std::string_view text, io::DecodedCase& reused, const std::string& what) {
    for (bool allow_extra : {false, true}) {
        std::string tree = via_tree(p, text, allow_extra), streamed = via_text(p, text, allow_extra, reused);
        if (tree == streamed) continue;
        size_t at = std::mismatch(tree.begin(), tree.end(), streamed.begin(), streamed.end()).first - tree.begin();
        size_t from = at > 200 ? at - 200 : 0;
        ADD_FAILURE() << what.substr(0, 300) << (allow_extra ? " with --allow-extra" : "") << ": the outcomes part at "
                      << at << "\ntree:     " << tree.substr(from, 400) << "\nstreamed: " << streamed.substr(from, 400);
    }
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

TEST(CaseDecoder, SameAsTheTreeOnEveryCaseJsonCorpusFile) {
    // The corpus is Fujian's; the everything policy reads the same bytes with other types.
    auto fujian = compile_dir("policies/fujian/2020-14");
    auto everything = compile_dir("policies/examples/everything");
    ASSERT_TRUE(fujian && everything);
    io::DecodedCase a, b;
    size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(EDICT_SOURCE_DIR "/tests/fuzz/corpus/case_json")) {
        std::string text = read_file(e.path());
        expect_same(*fujian, text, a, e.path().filename().string());
        expect_same(*everything, text, b, e.path().filename().string());
        ++files;
    }
    EXPECT_GT(files, 1000u);
    // And the policies' own example cases.
    expect_same(*fujian, read_file(EDICT_SOURCE_DIR "/policies/fujian/2020-14/examples/case.json"), a, "case.json");
    std::istringstream lines(read_file(EDICT_SOURCE_DIR "/policies/examples/everything/examples.jsonl"));
    for (std::string line; std::getline(lines, line);) expect_same(*everything, line, b, line);
}

TEST(CaseDecoder, SameAsTheTreeOnEveryShapeOfValue) {
    auto c = compile_sources({{"p.edict", kShapes}});
    ASSERT_TRUE(c->ok()) << render_all(c->diags, c->sources, false);
    io::DecodedCase reused;
    for (const char* text : kShapeCases) expect_same(*c->program, text, reused, text);
    expect_same(*c->program, std::string("{\"n\": 1, \"m\": \"1\0\"}", 15), reused, "a NUL byte");
}

TEST(CaseDecoder, SameAsTheTreeAtTheLimits) {
    auto c = compile_sources({{"p.edict", kShapes}});
    ASSERT_TRUE(c->ok());
    io::DecodedCase reused;
    auto ints = [](size_t n, const std::string& first) {
        std::string s = "[" + first;
        for (size_t i = 1; i < n; ++i) s += ",1";
        return s + "]";
    };
    const size_t max = io::kMaxListItems;
    expect_same(*c->program, "{\"grid\": [" + ints(max, "1") + "]}", reused, "a list at the limit");
    expect_same(*c->program, "{\"grid\": [" + ints(max + 1, "1") + "]}", reused, "an inner list past it");
    expect_same(*c->program, "{\"grid\": [[1], " + ints(max + 1, "\"x\"") + "]}", reused, "past it and wrong");
    std::string outer = "{\"grid\": [" + ints(max + 1, "[1]").substr(1) + "}";
    expect_same(*c->program, outer, reused, "an outer list past it");
    auto nested = [](size_t depth) { return "{\"x\": " + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}"; };
    expect_same(*c->program, nested(io::kMaxJsonDepth), reused, "nested to the limit");
    expect_same(*c->program, nested(io::kMaxJsonDepth + 1), reused, "nested past it");
    std::string deep = "{\"kids\": [{\"marks\": [1, 2, -1e999]}]}";
    expect_same(*c->program, deep, reused, "a number beyond a double");
}

TEST(CaseDecoder, ReusedStoreKeepsItsMemoryFlat) {
    // A batch decodes case after case into one DecodedCase: the same case twice lands in the same
    // cells, so a batch's memory is that of its largest case.
    auto c = compile_sources({{"p.edict", kShapes}});
    ASSERT_TRUE(c->ok());
    io::DecodedCase d;
    io::CaseError e;
    std::string text = "{\"grid\": [" + std::string("[1,2,3],") + "[4]], \"kids\": [{\"name\": \"a long name, past any small-string buffer\", \"born\": \"2020-01-01\", \"marks\": []}]}";
    ASSERT_TRUE(io::decode_case_text(*c->program, text, false, d, e)) << e.message;
    const Value* grid = d.value(6).items;
    const char* name = d.value(7).items[0].items[0].str;
    ASSERT_TRUE(io::decode_case_text(*c->program, text, false, d, e)) << e.message;
    EXPECT_EQ(grid, d.value(6).items);
    EXPECT_EQ(name, d.value(7).items[0].items[0].str);
}

// The fast path (case_fast_decoder.cpp) must take the plain valid cases a batch is made of, and
// decode them exactly as the tree does; everything else it must leave to the SAX reader.
bool fast_path_takes(const Program& p, std::string_view text, bool allow_extra, io::DecodedCase& d) {
    d.start(p.inputs.size());
    return io::decode_case_fast(p, text, allow_extra, d);
}

TEST(CaseFastDecoder, TakesPlainCasesAndDecodesThemAsTheTreeDoes) {
    auto c = compile_sources({{"p.edict", kShapes}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const char* plain[] = {
        R"({})",
        " \t\r\n{ \"n\" : -12 , \"ok\":false } \n",
        R"({"n": 1, "m": "1.50", "r": 2.5, "mo": "2020-02", "color": "green", "ds": ["2020-01-01", null], "ok": true})",
        R"({"m": -0, "r": 7, "n": -9223372036854775808})",
        R"({"m": null, "grid": [[1, 2], [], [3]], "ds": []})",
        R"({"kids": [{"name": "é", "born": "2020-01-01", "marks": [1, 2]}, {"name": "b", "born": "2020-01-02", "marks": [], "note": null}]})",
        R"({"pair": {"right": {"name": "r", "born": "2020-01-01", "marks": [1, 2, 3]}}, "kids": []})",
        "{\"kids\": [{\"name\": \"\xE4\xB8\xAD\xE6\x96\x87\", \"born\": \"2020-02-29\", \"marks\": [0]}]}",
    };
    io::DecodedCase fast, reused;
    for (const char* text : plain) {
        EXPECT_TRUE(fast_path_takes(p, text, false, fast)) << text;
        io::CaseError none;
        EXPECT_EQ(outcome(p, true, none, fast), via_tree(p, text, false)) << text;
        expect_same(p, text, reused, text);
    }
    // An unknown key is read through with --allow-extra, whatever its value.
    const char* extra = R"({"zz": [1, {"a": [true, null, "x", -0.5]}], "n": 3})";
    EXPECT_TRUE(fast_path_takes(p, extra, true, fast));
    EXPECT_FALSE(fast_path_takes(p, extra, false, fast));
    expect_same(p, extra, reused, extra);
}

TEST(CaseFastDecoder, LeavesEveryOtherCaseToTheSaxReader) {
    auto c = compile_sources({{"p.edict", kShapes}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const char* others[] = {
        R"({"n": 1.0})",                       // ill-typed: its message is the SAX reader's
        R"({"r": 2.5e3})",                     // an exponent
        R"({"n": 18446744073709551615})",      // beyond int64
        R"({"kids": [{"name": "a\"b", "born": "2020-01-01", "marks": []}]})",  // an escape
        R"({"n": 1, "n": 2})",                 // given twice
        R"({"nope": 1})",                      // unknown, no --allow-extra
        R"({"n": 1,})", R"({"n": 1} x)", R"({"n": 01})", R"({"n": -})", R"({"n": 1)", R"([1])", "", " ",
        "\xEF\xBB\xBF{}",                     // a BOM (nlohmann skips it; the SAX reader decides)
        "{\"kids\": [{\"name\": \"\xC3\", \"born\": \"2020-01-01\", \"marks\": []}]}",  // cut UTF-8
        R"({"kids": [{"name": "a", "born": "2020-01-01", "marks": [], "zz": 1}]})",  // no such field
        R"({"kids": [{"name": "a", "name": "b", "born": "2020-01-01", "marks": []}]})",  // field twice
        R"({"kids": [{"name": "a", "marks": []}]})",  // a required field missing
        R"({"ds": "2020-01-01"})",             // a scalar where a list goes
    };
    io::DecodedCase fast, reused;
    for (const char* text : others) {
        EXPECT_FALSE(fast_path_takes(p, text, false, fast)) << text;
        expect_same(p, text, reused, text);
    }
    std::string deep = "{\"grid\": " + std::string(60, '[') + std::string(60, ']') + "}";
    EXPECT_FALSE(fast_path_takes(p, deep, true, fast));
    expect_same(p, deep, reused, "deep");
    EXPECT_FALSE(fast_path_takes(p, std::string("{\"n\": 1\0}", 9), false, fast));
}


// Plain dates take the fast decoder's month-start memo (MonthStarts): every day of 1899..2101, the
// ends of the calendar and dates that do not exist, through one reused DecodedCase (so the memo's
// entries are filled, hit and replaced), must decode as the tree decodes them.
TEST(CaseFastDecoder, DatesThroughTheMonthMemoAreTheTreesDates) {
    auto c = compile_sources({{"p.edict", kShapes}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    io::DecodedCase reused;
    io::CaseError e;
    const size_t ds = static_cast<size_t>(p.find_input("ds") - p.inputs.data());
    size_t days = 0;
    for (DayNumber day = day_number(Ymd{1899, 1, 1}); day <= day_number(Ymd{2101, 12, 31}); ++day, ++days) {
        const std::string text = "{\"ds\": [\"" + date_to_string(day) + "\"]}";
        ASSERT_TRUE(io::decode_case_text(p, text, false, reused, e)) << text;
        ASSERT_EQ(reused.value(ds).aux, 1u);
        ASSERT_EQ(reused.value(ds).items[0].i, day) << text;
    }
    EXPECT_GT(days, 73000u);
    for (const char* date : {"0001-01-01", "0001-03-01", "9999-12-31", "2000-02-29", "2020-02-29", "0000-01-01",
                             "0000-12-31", "2019-02-29", "2100-02-29", "1900-02-29", "2020-13-01", "2020-00-10",
                             "2020-01-00", "2020-01-32", "2020-04-31", "2020-1-01", "20200-01-01", "+020-01-01",
                             " 2020-01-01", "2020-01-01 ", "2020/01/01", "2020-01-0a", "2020-01-01T00", "-001-01-01"}) {
        expect_same(p, fmt::format("{{\"ds\": [\"{}\"]}}", date), reused, date);
        expect_same(p, fmt::format("{{\"kids\": [{{\"name\": \"k\", \"born\": \"{}\", \"marks\": []}}]}}", date),
                    reused, date);
    }
}

// Months, money, decimals and enum cases written plainly are decoded in the fast decoder's case
// loop (plain_month, plain_decimal, plain_enum), each byte pattern read at once: every value it
// takes must be the tree's, and everything else, valid or not, must go the general way. Each text
// below sits at an edge of those readers (digits by count, a byte just past '0' or '9', quotes,
// signs, leading zeros, exponents, escapes).
TEST(CaseFastDecoder, PlainMonthsMoneyAndEnumCasesAreTheTreesValues) {
    auto c = compile_sources({{"p.edict", kShapes}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    io::DecodedCase reused, fast;
    const char* amounts[] = {
        "0", "-0", "0.00", "-0.0", "1.50", "-12.345", "7", "8657.60", "0.05", "100", "123456789012345678",
        "-123456789012345678", "12345678901234567.8", "0.000000000000000001", "1234567890123456789", "1.0000000000000000001",
        "99999999999999999999", "01", "1.", ".5", "-", "1e2", "1E2", "1.5e1", "00", "-01", "1.5.5", "0x10", "+1",
    };
    for (const char* a : amounts) {
        for (const std::string& text : {fmt::format("{{\"m\": {}}}", a), fmt::format("{{\"m\": \"{}\"}}", a),
                                        fmt::format("{{\"r\": {}, \"n\": 1}}", a), fmt::format("{{\"r\": \"{}\"}}", a)})
            expect_same(p, text, reused, text);
    }
    for (const char* a : {"0", "-0", "1.50", "-12.345", "123456789012345678", "0.000000000000000001"}) {
        const std::string text = fmt::format("{{\"m\": \"{}\", \"r\": {}}}", a, a);
        EXPECT_TRUE(fast_path_takes(p, text, false, fast)) << text;
    }
    const char* months[] = {"2020-01", "2020-12", "0001-01", "9999-12", "0000-01", "2020-13", "2020-00", "2020-1",
                            "20200-01", "2020/01", "2020-01-01", "2:20-01", "20/0-01", "2020-0:", "2020-/1", "2020-01 ",
                            " 2020-01", "2020_01", "\\u0032020-01"};
    for (const char* m : months) {
        const std::string text = fmt::format("{{\"mo\": \"{}\"}}", m);
        expect_same(p, text, reused, text);
    }
    EXPECT_TRUE(fast_path_takes(p, R"({"mo": "0001-01", "ok": true})", false, fast));
    const char* colors[] = {"red", "green", "blue", "re", "redd", "RED", "", "gree\\u006e", "gr\xC3\xA9" "en", "red\t"};
    for (const char* color : colors) {
        const std::string text = fmt::format("{{\"color\": \"{}\"}}", color);
        expect_same(p, text, reused, text);
    }
    EXPECT_TRUE(fast_path_takes(p, R"({"color": "green"})", false, fast));
    // dates: a byte just outside '0'..'9' in each digit place, and separators other than '-'
    for (const char* d : {"2:20-01-01", "20/0-01-01", "2020-0:-01", "2020-/1-01", "2020-01-0:", "2020-01-/1",
                          "2020-01:01", "2020:01-01", "2020-01-01", "1959-07-10", "2020-02-29"})
        expect_same(p, fmt::format("{{\"ds\": [\"{}\"]}}", d), reused, d);
}

// Names of one length that share their first and last eight bytes are told apart by the bytes
// between (case_fast_decoder.cpp: find_short's masked 32-byte compare for keys under 32 bytes,
// same_middle's loop past that): each key must reach its own input, and a key one byte off in the
// middle none.
TEST(CaseFastDecoder, NamesThatDifferOnlyInTheMiddleReachTheirOwnInputs) {
    const std::string a = "interval" "a" "_offsets", b = "interval" "b" "_offsets";  // 17 bytes
    const std::string c = "appraisa" "l_window_x_statut" "ory_dead", d = "appraisa" "l_window_y_statut" "ory_dead";  // 33
    const std::string e = "appraisa" "l_window_is_the_st" "atutory_", f = "appraisa" "l_window_is_thx_st" "atutory_";  // 34
    std::string src;
    for (const std::string& name : {a, b, c, d, e, f}) src += "input " + name + ": int \"" + name + "\"\n";
    src += "rule r: int = " + a + "\n";
    auto compiled = compile_sources({{"p.edict", src}});
    ASSERT_TRUE(compiled->ok()) << render_all(compiled->diags, compiled->sources, false);
    const Program& p = *compiled->program;
    io::DecodedCase fast, reused;
    const std::string text = fmt::format(R"({{"{}": 1, "{}": 2, "{}": 3, "{}": 4, "{}": 5, "{}": 6}})", a, b, c, d, e, f);
    ASSERT_TRUE(fast_path_takes(p, text, false, fast));
    int64_t expected = 1;
    for (const std::string& name : {a, b, c, d, e, f}) {
        const size_t slot = static_cast<size_t>(p.find_input(name) - p.inputs.data());
        EXPECT_EQ(fast.value(slot).i, expected++) << name;
    }
    expect_same(p, text, reused, text);
    for (const char* other : {"intervalc_offsets", "appraisal_window_z_statutory_dead", "appraisal_window_is_thz_statutory_"}) {
        const std::string one = fmt::format(R"({{"{}": 1}})", other);
        EXPECT_FALSE(fast_path_takes(p, one, false, fast)) << other;
        EXPECT_TRUE(fast_path_takes(p, one, true, fast)) << other;
        expect_same(p, one, reused, one);
    }
}

// The input table (InputIndex) belongs to the program it was built for: a DecodedCase moved to
// another program rebuilds it, and decodes each program's names as that program's inputs.
TEST(CaseFastDecoder, InputTableFollowsTheProgram) {
    auto a = compile_sources({{"p.edict", kShapes}});
    auto b = compile_sources({{"p.edict", "input ok: int \"ok\"\ninput n: bool \"n\"\nrule r: int = ok\n"}});
    ASSERT_TRUE(a->ok() && b->ok());
    io::DecodedCase d;
    for (int round = 0; round < 2; ++round) {
        expect_same(*a->program, R"({"n": 3, "ok": true})", d, "a");
        expect_same(*b->program, R"({"n": true, "ok": 3})", d, "b");
        expect_same(*b->program, R"({"n": 3})", d, "b, ill-typed");
    }
}

// DecodedCase::start makes every input absent again, whichever way it was written (messages are
// cleared by a bitmap of the inputs that have one: over more than one 64-input word of it).
TEST(DecodedCase, StartMakesEveryInputAbsentAgain) {
    io::DecodedCase d;
    d.start(70);
    ASSERT_EQ(d.size(), 70u);
    ASSERT_NE(d.give(3), nullptr);
    EXPECT_EQ(d.give(3), nullptr) << "a key given twice";
    d.set(65, Value::integer(7));
    d.set_ill_typed(10, "input `x` is wrong");
    d.set_ill_typed(66, "input `y` is wrong");
    *d.give(40) = Value::integer(5);  // written in place, then declined (the fast path's fallback)
    d.set_present(69);
    EXPECT_EQ(d.state(65), vm::InputState::Present);
    EXPECT_EQ(d.value(65).i, 7);
    EXPECT_EQ(d.state(10), vm::InputState::IllTyped);
    EXPECT_EQ(d.state(40), vm::InputState::Absent);
    d.start(70);
    for (size_t i = 0; i < 70; ++i) {
        EXPECT_TRUE(d.value(i).is_null()) << i;
        EXPECT_EQ(d.state(i), vm::InputState::Absent) << i;
        EXPECT_TRUE(d.message(i).empty()) << i;
    }
    EXPECT_NE(d.give(3), nullptr) << "a new case gives input 3 again";
    d.start(2);  // another program's inputs: from scratch
    EXPECT_EQ(d.size(), 2u);
    EXPECT_NE(d.give(1), nullptr);
}

// start(p) leaves in each input what evaluation starts from when the case does not give it
// (vm::absent_inputs), and the view says so; set_ill_typed marks the input, leave_absent puts back
// what start left whatever a decoder wrote into the cell; start(n) fills nothing.
TEST(DecodedCase, StartForAProgramFillsWhatAbsentInputsStartFrom) {
    auto c = compile_sources({{"p.edict", "input a: int = 7 \"a\"\ninput b: date? \"b\"\ninput c: int \"c\"\nrule r: int = a + c\n"}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    io::DecodedCase d;
    d.start(p);
    EXPECT_TRUE(d.view().absent_filled);
    EXPECT_EQ(d.value(0).tag, Tag::Int);
    EXPECT_EQ(d.value(0).i, 7);
    EXPECT_TRUE(d.value(1).is_null());
    EXPECT_EQ(d.value(1).pad, 0);
    EXPECT_EQ(d.value(2).pad, vm::kNotReady);
    *d.give(0) = Value::integer(99);  // written in place, then the key's value was null
    d.leave_absent(0);
    EXPECT_EQ(d.value(0).i, 7);
    EXPECT_EQ(d.state(0), vm::InputState::Absent);
    *d.give(1) = Value::integer(3);
    d.set_ill_typed(1, "input `b` is wrong");
    EXPECT_EQ(d.value(1).pad, vm::kNotReady) << "an ill-typed input is an error if read";
    d.start(p);
    EXPECT_TRUE(d.value(1).is_null());
    EXPECT_EQ(d.value(1).pad, 0) << "the next case starts from the program's values again";
    d.start(p.inputs.size());
    EXPECT_FALSE(d.view().absent_filled);
    EXPECT_TRUE(d.value(0).is_null());
}

// Every writer keeps the filled view's promise to the VM: an input given holds a whole value
// (mark 0, or the VM's fast path would turn it down), one not given holds what start(p) put
// there (a default, null, or a mark), one ill-typed is marked. Over every edge of kShapeCases.
TEST(DecodedCase, EveryWriterKeepsTheFilledViewsPromise) {
    const std::string src = std::string(kShapes) + "input dflt: date = 2020-01-31 \"dflt\"\ninput opt: int? = 4 \"opt\"\n";
    auto c = compile_sources({{"p.edict", src}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const std::vector<Value> image = vm::absent_inputs(p);
    auto check = [&](const char* writer, const std::string& text, const io::DecodedCase& d) {
        ASSERT_TRUE(d.view().absent_filled) << writer;
        for (size_t i = 0; i < p.inputs.size(); ++i) {
            const Value& v = d.value(i);
            switch (d.state(i)) {
                case vm::InputState::Present: EXPECT_EQ(v.pad, 0) << writer << " " << text << " input " << i; break;
                case vm::InputState::IllTyped: EXPECT_EQ(v.pad, vm::kNotReady) << writer << " " << text << " input " << i; break;
                case vm::InputState::Absent:
                    EXPECT_TRUE(v.tag == image[i].tag && v.pad == image[i].pad && v.i == image[i].i)
                        << writer << " " << text << " input " << i;
                    break;
            }
        }
    };
    std::vector<std::string> cases(std::begin(kShapeCases), std::end(kShapeCases));
    cases.push_back(R"({"n": 1, "dflt": null, "opt": null, "ok": null})");
    cases.push_back(R"({"n": 1, "dflt": "2021-02-03", "opt": 9})");
    cases.push_back(R"({"dflt": "bad", "opt": "x"})");
    io::DecodedCase reused;
    for (const std::string& text : cases) {
        io::CaseError e;
        if (io::decode_case_text(p, text, false, reused, e)) check("decode_case_text", text, reused);
        io::DecodedCase sax;
        if (io::decode_case_text_sax(p, text, false, sax, e)) check("decode_case_text_sax", text, sax);
        io::Json j;
        io::DecodedCase tree;
        if (io::parse_json(text, j, e.message) && io::decode_case(p, j, false, tree, e)) check("decode_case", text, tree);
    }
}

// A case decoded after a case with more keys (and values of every shape, ill-typed ones too)
// into the same DecodedCase must see none of the earlier values: the same outcome as decoding it
// into a new one. Each writer: the fast path, the SAX reader, the fast path declining half-way
// (the SAX reader then starts again), and the tree decoder.
TEST(DecodedCase, ACaseAfterALargerCaseSeesNoneOfItsValues) {
    auto c = compile_sources({{"p.edict", kShapes}});
    ASSERT_TRUE(c->ok());
    const Program& p = *c->program;
    const char* larger[] = {
        R"({"n": 1, "m": "2.50", "r": 1.5, "mo": "2020-01", "color": "red", "ds": ["2020-01-01", null],
            "grid": [[1, 2], []], "kids": [{"name": "a", "born": "2019-02-03", "marks": [1]}],
            "pair": {"right": {"name": "b", "born": "2018-01-01", "marks": []}}, "ok": true})",
        R"({"n": "x", "m": "abc", "r": 1.5, "mo": "2020-13", "color": "blue", "ds": [3], "ok": 3})",
        R"({"n": 1, "m": "2.50", "mo": "2020-01", "ok": "not a bool"})",  // the fast path declines at "ok"
    };
    const char* smaller[] = {R"({"ok": false})", R"({})", R"({"n": 2, "color": "green"})", R"({"m": null, "r": "1e5"})"};
    using Decode = bool (*)(const Program&, std::string_view, io::DecodedCase&, io::CaseError&);
    const std::pair<const char*, Decode> writers[] = {
        {"decode_case_text", [](const Program& p, std::string_view t, io::DecodedCase& d, io::CaseError& e) {
             return io::decode_case_text(p, t, false, d, e);
         }},
        {"decode_case_text_sax", [](const Program& p, std::string_view t, io::DecodedCase& d, io::CaseError& e) {
             return io::decode_case_text_sax(p, t, false, d, e);
         }},
        {"decode_case", [](const Program& p, std::string_view t, io::DecodedCase& d, io::CaseError& e) {
             io::Json j;
             return io::parse_json(t, j, e.message) && io::decode_case(p, j, false, d, e);
         }},
    };
    for (const auto& [name, decode] : writers)
        for (const char* first : larger)
            for (const char* second : smaller) {
                io::DecodedCase reused, fresh;
                io::CaseError e1, e2, e3;
                decode(p, first, reused, e1);
                const bool ok = decode(p, second, reused, e2);
                const bool fresh_ok = decode(p, second, fresh, e3);
                EXPECT_EQ(outcome(p, ok, e2, reused), outcome(p, fresh_ok, e3, fresh))
                    << name << ": " << second << " after " << first;
            }
}

}  // namespace
}  // namespace edict
