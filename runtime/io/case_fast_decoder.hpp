// The fast path of decode_case_text (case_decoder.hpp). Takes: a Program and a case's JSON text.
// Produces: the DecodedCase the SAX reader would produce, for the plain, valid cases a batch or a
// service sees nearly always, in one pass over the text with no JSON events, no copies of keys and
// no heap allocation once the case's buffers have grown; or `false` when the text holds anything it
// does not decode itself: any JSON error, an escape in a string, an exponent, an ill-typed,
// unknown or repeated input, a record field given twice or unknown, nesting past 48 levels. Then
// `out` is left half-written and the caller decodes the text again with the SAX reader, which words
// the error exactly as before (docs/performance.md, "The JSON path"). Internal to runtime/io.
#pragma once
#include <string_view>

#include "runtime/io/case_codec.hpp"

namespace edict::io {

// `out` must have been started for `p` (DecodedCase::start: every input absent, store rewound) by the caller.
bool decode_case_fast(const Program& p, std::string_view text, bool allow_extra, DecodedCase& out);

}  // namespace edict::io
