// Language Server Protocol framing. Takes: a byte stream of messages, each "Content-Length: N"
// headers, a blank line, then N bytes of JSON. Produces: one message body at a time, and writes
// replies framed the same way. Malformed headers are reported, never guessed past.
#pragma once
#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

namespace edict::lsp {

enum class ReadStatus { Message, End, Malformed };

// Reads one framed message into `body`; on Malformed, `error` says what was wrong.
ReadStatus read_message(std::istream& in, std::string& body, std::string& error);
void write_message(std::ostream& out, const nlohmann::json& message);

constexpr size_t kMaxMessageBytes = 64u << 20;  // a 16 MiB file, JSON-escaped, fits easily

}  // namespace edict::lsp
