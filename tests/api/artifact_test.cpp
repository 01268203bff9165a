// Compiled artifacts: every policy in the tree round-trips (same bytecode listing, same results on
// the Fujian contract examples); truncated, damaged, foreign, wrong-version and hostile files are
// refused with a clear error; a seeded fuzz of payload bytes (checksum recomputed, so the
// verifier sees them) never crashes the loader, nor describing what loaded; the verifier refuses
// hand-made bad code, including a record type that contains itself.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include <boost/crc.hpp>

#include "runtime/bytecode/artifact.hpp"
#include "runtime/bytecode/disasm.hpp"
#include "runtime/bytecode/verify.hpp"
#include "compiler/driver/compile.hpp"
#include "edict/edict.hpp"
#include "tests/api/fixtures.hpp"
#include "runtime/io/runner.hpp"
#include "runtime/vm/vm.hpp"

namespace edict {
namespace {

std::string fujian_bytes() {
    auto c = compile_path(testing::fujian_path());
    EXPECT_TRUE(c->ok());
    std::string bytes, error;
    EXPECT_TRUE(save_artifact(*c->program, bytes, error)) << error;
    return bytes;
}

// Rewrites the header checksum so that a mutated payload reaches the decoder and verifier.
void reseal(std::string& bytes) {
    boost::crc_32_type crc;
    crc.process_bytes(bytes.data() + kArtifactHeaderBytes, bytes.size() - kArtifactHeaderBytes);
    uint32_t v = crc.checksum();
    for (int i = 0; i < 4; ++i) bytes[24 + i] = static_cast<char>(v >> (8 * i));
}

std::string load_error(const std::string& bytes) {
    std::string error;
    auto p = load_artifact(bytes, error);
    return p ? std::string("<loaded>") : error;
}

TEST(Artifact, EveryPolicyRoundTripsToTheSameBytecode) {
    namespace fs = std::filesystem;
    int n = 0;
    for (auto& group : fs::directory_iterator(std::string(EDICT_SOURCE_DIR) + "/policies"))
        for (auto& policy : fs::directory_iterator(group.path())) {
            auto c = compile_path(policy.path().string());
            ASSERT_TRUE(c->ok()) << policy.path();
            std::string bytes, error;
            ASSERT_TRUE(save_artifact(*c->program, bytes, error)) << error;
            auto loaded = load_artifact(bytes, error);
            ASSERT_TRUE(loaded) << policy.path() << ": " << error;
            EXPECT_EQ(disassemble(*c->program), disassemble(*loaded)) << policy.path();
            // The verifier's exact depth may be below codegen's running estimate, never above.
            EXPECT_LE(loaded->max_stack, c->program->max_stack) << policy.path();
            std::string again, third;
            ASSERT_TRUE(save_artifact(*loaded, again, error));
            auto reloaded = load_artifact(again, error);
            ASSERT_TRUE(reloaded) << error;
            ASSERT_TRUE(save_artifact(*reloaded, third, error));
            EXPECT_TRUE(again == third) << policy.path() << ": saving a loaded artifact is a fixed point";
            ++n;
        }
    EXPECT_GE(n, 5);
}

TEST(Artifact, LoadedFujianGivesTheContractResults) {
    std::string error;
    auto p = load_artifact(fujian_bytes(), error);
    ASSERT_TRUE(p) << error;
    auto examples = testing::fujian_examples();
    ASSERT_GE(examples.size(), 10u);
    for (const auto& e : examples) {
        std::vector<uint32_t> rules;
        for (const auto& o : e.outputs) rules.push_back(p->outputs.at(p->find_output(o)).rule);
        io::CaseRunner runner(*p, rules, false);
        io::Json j;
        ASSERT_TRUE(io::parse_json(e.case_json, j, error));
        std::string out;
        io::CaseError ce;
        ASSERT_TRUE(runner.run(j, out, ce)) << ce.message;
        EXPECT_EQ(testing::normalised(out), e.expected) << e.case_json;
    }
}

TEST(Artifact, EveryTruncationIsRefused) {
    std::string bytes = fujian_bytes();
    for (size_t n = 0; n < bytes.size(); ++n) {
        std::string e = load_error(bytes.substr(0, n));
        ASSERT_NE(e, "<loaded>") << n;
        if (n >= kArtifactHeaderBytes) {
            ASSERT_NE(e.find("truncated"), std::string::npos) << n << ": " << e;
        }
    }
}

TEST(Artifact, DamagedBytesFailTheChecksum) {
    std::string bytes = fujian_bytes();
    for (size_t i = kArtifactHeaderBytes; i < bytes.size(); i += 13) {
        std::string b = bytes;
        b[i] = static_cast<char>(b[i] ^ 0x20);
        ASSERT_NE(load_error(b).find("checksum mismatch"), std::string::npos) << i;
    }
}

TEST(Artifact, ForeignFilesAreNotArtifacts) {
    for (std::string foreign : {std::string(), std::string("rule x: int = 1\n"), std::string("\x89PNG\r\n\x1a\n0000000000000000"),
                                std::string("{\"birth_date\": \"1960-01-10\"}")})
        EXPECT_NE(load_error(foreign).find("not an Edict artifact"), std::string::npos) << foreign;
    std::string bytes = fujian_bytes();
    EXPECT_NE(load_error(bytes + "x").find("follow the announced payload"), std::string::npos);
}

TEST(Artifact, OtherVersionsAndInstructionSetsAreRefused) {
    std::string bytes = fujian_bytes();
    std::string v5 = bytes;
    v5[8] = 5;
    EXPECT_NE(load_error(v5).find("format version 5 is not supported"), std::string::npos) << load_error(v5);
    // Version 1 calendars did not record the years their data covers: refused, saying so.
    std::string v1 = bytes;
    v1[8] = 1;
    EXPECT_NE(load_error(v1).find("format version 1 is not supported (this edict reads version 4): its calendars do not "
                                  "record the years their holiday data covers; rebuild it with `edict build`"),
              std::string::npos)
        << load_error(v1);
    // Version 2 holds the instruction set before compare-and-jump: refused, saying so.
    std::string v2 = bytes;
    v2[8] = 2;
    EXPECT_EQ(load_error(v2), "artifact format version 2 is not supported (this edict reads version 4): it was compiled "
                              "for the instruction set before compare-and-jump instructions; rebuild it with `edict build`");
    std::string isa = bytes;
    isa[12] = static_cast<char>(isa[12] ^ 1);
    EXPECT_NE(load_error(isa).find("different instruction set"), std::string::npos);
}

// Artifacts written by earlier edicts (the Fujian policy built by the edict of format 1 and of
// format 3, kept in the fuzz corpus) are refused by their version, with the reason and the fix.
TEST(Artifact, ArtifactsOfEarlierEdictsAreRefusedWithTheReason) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(EDICT_SOURCE_DIR) / "tests/fuzz/corpus/artifact";
    std::string error;
    EXPECT_EQ(load_artifact_file((dir / "v3-policies_fujian_2020-14.edictc").string(), error), nullptr);
    EXPECT_NE(error.find("artifact format version 3 is not supported (this edict reads version 4): it was compiled for the "
                         "instruction set before operand references (instructions that read inputs, locals, constants "
                         "and rules in place); rebuild it with `edict build`"),
              std::string::npos)
        << error;
    EXPECT_EQ(load_artifact_file((dir / "v1-policies_fujian_2020-14.edictc").string(), error), nullptr);
    EXPECT_NE(error.find("artifact format version 1 is not supported"), std::string::npos) << error;
}

TEST(Artifact, HostileCountsAllocateNothing) {
    // The instruction count is the payload's first field: claim four billion instructions.
    std::string bytes = fujian_bytes();
    for (int i = 0; i < 4; ++i) bytes[kArtifactHeaderBytes + i] = '\xff';
    reseal(bytes);
    EXPECT_NE(load_error(bytes).find("cannot fit"), std::string::npos) << load_error(bytes);
}

// Mutations that keep a valid checksum reach the decoder and the verifier: none may crash or
// hang, and each is either refused with a message or loads a program that verifies.
TEST(Artifact, FuzzedPayloadsNeverCrashTheLoader) {
    std::string bytes = fujian_bytes();
    std::mt19937 rng(2026);
    int refused = 0, loaded = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string b = bytes;
        int edits = 1 + static_cast<int>(rng() % 4);
        for (int k = 0; k < edits; ++k) {
            size_t at = kArtifactHeaderBytes + rng() % (b.size() - kArtifactHeaderBytes);
            switch (rng() % 3) {
                case 0: b[at] = static_cast<char>(rng()); break;                     // replace a byte
                case 1: b[at] = static_cast<char>(b[at] + (rng() % 2 ? 1 : -1)); break;  // nudge a count
                default: b.erase(at, 1 + rng() % 8); break;                          // drop bytes
            }
        }
        // Keep the header's size field right so the payload, not the size check, is exercised.
        uint64_t size = b.size() - kArtifactHeaderBytes;
        for (int i = 0; i < 8; ++i) b[16 + i] = static_cast<char>(size >> (8 * i));
        reseal(b);
        std::string error;
        auto p = load_artifact(b, error);
        if (p) {
            ++loaded;
            // What a host does next with a loaded program: describe it (walks every type).
            api::LoadResult r = api::load_artifact(b);
            ASSERT_TRUE(r);
            EXPECT_FALSE(r.program->input_schema().empty());
            EXPECT_FALSE(r.program->output_schema().empty());
        } else {
            ++refused;
            ASSERT_FALSE(error.empty());
        }
    }
    EXPECT_GT(refused, 1000);
    RecordProperty("loaded", loaded);
}

// A program with one rule whose code is `code`, for verifier tests.
std::string verify_error(std::vector<Instr> code, uint32_t locals = 0) {
    Program p;
    p.code = std::move(code);
    p.constants.push_back(Value::integer(1));
    RuleInfo r;
    r.name = "r";
    r.locals = locals;
    p.rules.push_back(r);
    std::string error;
    return verify_program(p, error) ? "<ok>" : error;
}

// The edited artifacts (checksum recomputed) with which libFuzzer crashed the VM, kept as
// tests/fuzz/corpus/artifact/regress-*: each must now load and run every rule without crashing
// (under the asan preset, without a sanitizer report), or be refused.
TEST(Artifact, EditedArtifactsThatCrashedTheVmNowFailCleanly) {
    namespace fs = std::filesystem;
    int seen = 0;
    for (const auto& f : fs::directory_iterator(fs::path(EDICT_SOURCE_DIR) / "tests/fuzz/corpus/artifact")) {
        if (f.path().filename().string().rfind("regress-", 0) != 0) continue;
        ++seen;
        std::ifstream in(f.path(), std::ios::binary);
        std::string b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        ASSERT_GE(b.size(), kArtifactHeaderBytes) << f.path();
        uint64_t size = b.size() - kArtifactHeaderBytes;
        for (int i = 0; i < 8; ++i) b[16 + i] = static_cast<char>(size >> (8 * i));
        reseal(b);
        std::string error;
        auto p = load_artifact(b, error);
        if (!p) continue;
        vm::Session session(*p);
        session.set_step_budget(200000);
        std::vector<vm::InputState> present(p->inputs.size(), vm::InputState::Absent);
        std::vector<Value> values(p->inputs.size());
        std::vector<std::string> messages(p->inputs.size());
        vm::CaseView view{values.data(), present.data(), messages.data()};
        for (uint32_t r = 0; r < p->rules.size(); ++r) {
            Value out;
            vm::RuntimeError err;
            if (session.evaluate(view, &r, 1, &out, err)) {
                EXPECT_TRUE(value_fits(*p, p->rules[r].type, out, false));
            }
        }
    }
    EXPECT_GE(seen, 3);
}

// Operand references name something that exists, and the rule's own locals only; an opcode
// without operand x keeps it 0 (the stack), so each instruction has one encoding.
TEST(Verifier, RefusesOperandReferencesOutOfRange) {
    const uint32_t k0 = Operand::make(OperandKind::Const, 0);
    EXPECT_EQ(verify_error({{Op::RET, 0, 0, 0, k0}}), "<ok>");
    EXPECT_EQ(verify_error({{Op::SET_LOCAL, 0, 0, 0, k0}, {Op::RET, 0, 0, 0, Operand::make(OperandKind::Local, 0)}}, 1), "<ok>");
    for (uint32_t bad : {Operand::make(OperandKind::Const, 1), Operand::make(OperandKind::Input, 0),
                         Operand::make(OperandKind::Rule, 1), Operand::make(OperandKind::Local, 1),
                         Operand::make(static_cast<OperandKind>(7), 0), uint32_t{5} /* the stack names no index */})
        EXPECT_NE(verify_error({{Op::RET, 0, 0, 0, bad}}, 1).find("operand reference is out of range"), std::string::npos)
            << bad;
    // CONST has no operand x: a non-zero one is refused, not ignored.
    EXPECT_NE(verify_error({{Op::CONST, 0, 0, 0, k0}, {Op::RET, 0, 0, 0}}).find("operand reference is out of range"),
              std::string::npos);
}

TEST(Verifier, AcceptsAWellFormedRule) {
    EXPECT_EQ(verify_error({{Op::CONST, 0, 0, 0}, {Op::RET, 0, 0, 0}}), "<ok>");
}

TEST(Verifier, RefusesBadCode) {
    EXPECT_NE(verify_error({{Op::CONST, 0, 0, 7}, {Op::RET, 0, 0, 0}}).find("out of range"), std::string::npos);
    EXPECT_NE(verify_error({{Op::RET, 0, 0, 0}}).find("underflow"), std::string::npos);
    EXPECT_NE(verify_error({{Op::CONST, 0, 0, 0}}).find("runs off the end"), std::string::npos);
    EXPECT_NE(verify_error({{Op::JUMP, 0, 0, 0}}).find("backwards outside a loop"), std::string::npos);
    // UINT32_MAX is the verifier's own "no jump" mark; as a target it must still be refused
    // (libFuzzer found a JUMP_IF_FALSE to it that ran the VM off its code).
    EXPECT_NE(verify_error({{Op::PUSH_NULL, 0, 0, 0}, {Op::JUMP_IF_FALSE, 0, 0, UINT32_MAX}, {Op::CONST, 0, 0, 0},
                            {Op::RET, 0, 0, 0}}).find("out of range"), std::string::npos);
    EXPECT_NE(verify_error({{Op::JUMP, 0, 0, UINT32_MAX}}).find("out of range"), std::string::npos);
    EXPECT_NE(verify_error({{Op::LOCAL, 0, 3, 0}, {Op::RET, 0, 0, 0}}, 2).find("out of range"), std::string::npos);
    EXPECT_NE(verify_error({{Op::CONST, 0, 0, 0}, {Op::ERROR, 0, 0, 0}}).find("out of range"), std::string::npos)
        << "ERROR needs a text constant";
    // Two paths reach instruction 3 with different stack depths.
    EXPECT_NE(verify_error({{Op::CONST, 0, 0, 0}, {Op::JUMP_IF_TRUE, 0, 0, 3}, {Op::CONST, 0, 0, 0}, {Op::CONST, 0, 0, 0},
                            {Op::RET, 0, 0, 0}})
                  .find("stack depths"),
              std::string::npos);
}

TEST(Verifier, RefusesCodeSharedBetweenRules) {
    // Two rules starting at one instruction would make verification quadratic in the rule count.
    Program p;
    p.code = {{Op::CONST, 0, 0, 0}, {Op::RET, 0, 0, 0}};
    p.constants.push_back(Value::integer(1));
    p.rules.resize(2);
    p.rules[0].name = "a";
    p.rules[1].name = "b";
    std::string error;
    EXPECT_FALSE(verify_program(p, error));
    EXPECT_NE(error.find("starts inside another rule's code"), std::string::npos) << error;
}

TEST(Verifier, RefusesDeeplyNestedListTypes) {
    Program p;
    p.code = {{Op::PUSH_NULL, 0, 0, 0}, {Op::RET, 0, 0, 0}};
    TypeId t = p.types.prim(Kind::Int);
    for (int i = 0; i < 33; ++i) t = p.types.list_of(t);
    std::string error;
    EXPECT_FALSE(verify_program(p, error));
    EXPECT_NE(error.find("nest too deeply"), std::string::npos) << error;
}

TEST(Verifier, RefusesARecordThatContainsItself) {
    Program p;
    p.code = {{Op::PUSH_NULL, 0, 0, 0}, {Op::RET, 0, 0, 0}};
    uint32_t rec = p.types.add_record({"Loop", {}});
    TypeId t = p.types.intern({Kind::Record, false, rec});
    p.types.record_mut(rec).fields.push_back({"next", p.types.list_of(t)});
    std::string error;
    EXPECT_FALSE(verify_program(p, error));
    EXPECT_NE(error.find("contains itself"), std::string::npos) << error;
}

}  // namespace
}  // namespace edict
