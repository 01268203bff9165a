// Content-Length framing for the language server (see transport.hpp).
#include "tooling/lsp/transport.hpp"

#include <istream>
#include <ostream>

namespace edict::lsp {

ReadStatus read_message(std::istream& in, std::string& body, std::string& error) {
    long long length = -1;
    bool any_header = false;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) {
            if (!any_header) continue;  // stray blank line between messages
            if (length < 0) {
                error = "a message without a Content-Length header";
                return ReadStatus::Malformed;
            }
            if (static_cast<unsigned long long>(length) > kMaxMessageBytes) {
                error = "a message larger than the server accepts";
                return ReadStatus::Malformed;
            }
            body.assign(static_cast<size_t>(length), '\0');
            in.read(body.data(), length);
            if (in.gcount() != length) {
                error = "the stream ended inside a message";
                return ReadStatus::Malformed;
            }
            return ReadStatus::Message;
        }
        any_header = true;
        static const std::string kLength = "content-length:";
        std::string lower;
        for (char c : line.substr(0, kLength.size())) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower == kLength) {
            try {
                size_t used = 0;
                length = std::stoll(line.substr(kLength.size()), &used);
                if (length < 0) throw std::invalid_argument("negative");
            } catch (const std::exception&) {
                error = "a Content-Length header that is not a number";
                return ReadStatus::Malformed;
            }
        }
    }
    return any_header ? (error = "the stream ended inside a header", ReadStatus::Malformed) : ReadStatus::End;
}

void write_message(std::ostream& out, const nlohmann::json& message) {
    std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
    out.flush();
}

}  // namespace edict::lsp
