// Standard output, checked, for every command. main() routes std::cout through a stream buffer that
// remembers the first failed write (a full disk, /dev/full, a closed pipe) and ends every command
// with finish_output(), which flushes and turns any failure into "error: cannot write to standard
// output: <why>" on stderr and exit 4, so no command can forget to check. Commands that write to
// file descriptor 1 themselves (the batch) report their failures with note_stdout_error().
#pragma once
#include <string_view>

namespace edict::cli {

// Installs the checking buffer under std::cout: first thing in main(), and again after anything
// that replaces std::cout's buffer (std::ios::sync_with_stdio(false) does).
void check_stdout_writes();

// Records a failed write to standard output (an errno value); the first one is reported.
void note_stdout_error(int err);

// Flushes standard output; if anything written to it failed, says so and returns kInput (4),
// otherwise returns `status`.
int finish_output(int status);

}  // namespace edict::cli
