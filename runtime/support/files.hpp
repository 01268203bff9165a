// Whole files in and out: reading a file into memory (policy sources, notice texts, case files,
// artifacts) and replacing a named file atomically (formatted sources, artifacts, reports).
#pragma once
#include <string>
#include <string_view>

namespace edict {

// false when the file cannot be opened or read (a folder, no permission, gone).
bool read_whole_file(const std::string& path, std::string& out);

// Replaces the file at `path` with `bytes` so that a reader (or a crash, a full disk, a kill) sees
// the old contents or the new, never part of either: the bytes go to a new file with an
// unpredictable name in the same folder (created with O_EXCL|O_NOFOLLOW, so nothing planted there
// is followed), are fsynced, renamed over `path`, and the folder is fsynced. An existing file keeps
// its permission bits; a new one gets 0644 less the umask. `path` must be absent or a regular file:
// a folder, device, FIFO, socket or symbolic link is refused, not replaced. On any failure the
// temporary file is removed, `path` is untouched and `error` says what could not be written and why.
bool replace_file(const std::string& path, std::string_view bytes, std::string& error);

}  // namespace edict
