// Compiled artifacts (.edictc): a Program written to bytes and read back without the compiler.
// Takes: a Program (to save), or bytes from anywhere (to load). Produces: a versioned,
// checksummed byte string, or a Program that passed the structural verifier (verify.hpp), or an
// error that says what is wrong ("truncated", "not an Edict artifact", "checksum mismatch", ...).
//
// Layout (all integers little-endian):
//   0  8 bytes  magic "\x89EDICTC\n"  (the high byte and newline catch text-mode transfers)
//   8  u32      format version (kArtifactVersion); any other version is refused
//  12  u32      instruction-set fingerprint (a hash of opcodes.def); refused when it differs
//  16  u64      payload size in bytes; the file must be exactly header + payload
//  24  u32      CRC-32 of the payload
//  28  u32      reserved, zero
//  32  payload  the program's tables in a fixed order (artifact.cpp)
// Every count in the payload is checked against the bytes that remain before anything is
// allocated, so a hostile length cannot make the loader allocate gigabytes.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/bytecode/program.hpp"

namespace edict {

// 2: each calendar records the years its data covers and whether weekends-only applies beyond them.
// 3: conditions compile to compare-and-jump instructions (JUMP_IF_NOT_CMP, JUMP_IF_NOT_CMP_K,
//    POP_JUMP_IF_NULL, POP_JUMP_IF_NOT_NULL) and each constant is stored once.
// 4: 16-byte instructions with operand references x and y (opcodes.hpp, Operand): inputs, locals,
//    constants and rules are read in place by the instruction that uses them.
constexpr uint32_t kArtifactVersion = 4;
constexpr size_t kArtifactHeaderBytes = 32;
// A policy artifact is kilobytes; a gigabyte is certainly not one.
constexpr size_t kMaxArtifactBytes = size_t{1} << 30;

// A hash of the opcode table: artifacts built by an edict with a different instruction set are
// refused rather than run with shifted opcodes.
uint32_t instruction_set_fingerprint();

// Bytes of the artifact. false (with `error`) only for constants that have no encoding.
bool save_artifact(const Program& p, std::string& bytes, std::string& error);

// The program in `bytes`, or null with `error` set. Never throws on bad input, never crashes:
// this is the entry point the fuzz tests drive.
std::shared_ptr<const Program> load_artifact(std::string_view bytes, std::string& error);

// Reads a file and loads it; the error names the file.
std::shared_ptr<const Program> load_artifact_file(const std::string& path, std::string& error);

// True when `bytes` starts with the artifact magic (so a host can tell artifacts from sources).
bool looks_like_artifact(std::string_view bytes);

}  // namespace edict
