// Decoding a case straight from its JSON text. Takes: a Program (its inputs' types drive the
// decoding) and the case's JSON text. Produces: the DecodedCase that decode_case(parse_json(text))
// would, with the same errors word for word, but without the io::Json tree in between: each value
// goes from the text into its Value as it is read, lists and texts into the case's CaseStore.
// Memory for a case is then its text plus its values (a 32-byte Value per scalar), not the ~90
// bytes per JSON value the tree costs on top (docs/reliability.md, "Memory per case").
#pragma once
#include <string_view>

#include "runtime/io/case_codec.hpp"

namespace edict::io {

// false with `error`: error.not_json when the text is not JSON or breaks a JSON limit (the
// message is parse_json's), else the case as a whole is wrong (decode_case's message). JSON
// errors come first, as they did when the text was parsed before anything was decoded.
bool decode_case_text(const Program& p, std::string_view text, bool allow_extra, DecodedCase& out, CaseError& error);

// The same by nlohmann's SAX events alone, without the fast path (case_fast_decoder.hpp) that
// decode_case_text tries first: the reader that words every error, here for the benchmark's
// baseline (what decoding cost before the fast path) and for tests that compare the two.
bool decode_case_text_sax(const Program& p, std::string_view text, bool allow_extra, DecodedCase& out, CaseError& error);

}  // namespace edict::io
