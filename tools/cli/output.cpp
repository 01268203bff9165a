#include "tools/cli/output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <streambuf>

#include <fmt/format.h>

#include "tools/cli/commands.hpp"

namespace edict::cli {

namespace {

int g_first_error = 0;  // errno of the first failed write to standard output
bool g_failed = false;  // a write failed (its errno may have been lost inside stdio)

// Hands everything to C stdio's stdout, as std::cout does by default (so output written with
// printf or fwrite stays in order with it), but notes every short write.
class CheckedStdout : public std::streambuf {
protected:
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        char ch = traits_type::to_char_type(c);
        return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        size_t written = std::fwrite(s, 1, static_cast<size_t>(n), stdout);
        if (written != static_cast<size_t>(n)) note_stdout_error(errno);
        return static_cast<std::streamsize>(written);
    }
    int sync() override {
        if (std::fflush(stdout) == 0) return 0;
        note_stdout_error(errno);
        return -1;
    }
};

CheckedStdout g_checked;
std::streambuf* g_original = nullptr;

}  // namespace

void check_stdout_writes() {
    std::streambuf* previous = std::cout.rdbuf(&g_checked);
    if (previous != &g_checked) g_original = previous;
}

void note_stdout_error(int err) {
    if (!g_failed) g_first_error = err;
    g_failed = true;
}

int finish_output(int status) {
    std::cout.flush();
    if (std::fflush(stdout) != 0) note_stdout_error(errno);
    if (std::ferror(stdout)) note_stdout_error(0);
    // The checking buffer is a static that dies before std::cout's final flush at exit.
    if (g_original && std::cout.rdbuf() == &g_checked) std::cout.rdbuf(g_original);
    if (!g_failed) return status;
    std::cerr << (g_first_error ? fmt::format("error: cannot write to standard output: {}\n", std::strerror(g_first_error))
                                : std::string("error: cannot write to standard output\n"));
    return kInput;
}

}  // namespace edict::cli
