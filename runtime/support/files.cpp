#include "runtime/support/files.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include <fmt/format.h>

namespace edict {

bool read_whole_file(const std::string& path, std::string& out) {
    // POSIX reads rather than an ifstream: a folder opens as a stream and reads as empty without
    // an error, where read() says EISDIR; pipes and /dev/stdin work the same either way.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    out.clear();
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) out.reserve(static_cast<size_t>(st.st_size));
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) { out.append(buf, static_cast<size_t>(n)); continue; }
        if (n < 0 && errno == EINTR) continue;
        int saved = errno;
        ::close(fd);
        errno = saved;
        return n == 0;
    }
}

namespace {

const char* kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode)) return "a symbolic link";
    return "not a regular file";
}

// The destination must be absent or a regular file. lstat, not stat: renaming over a symbolic link
// would replace the link, not the file it names, so a link is refused too.
bool check_destination(const std::string& path, struct stat& st, bool& exists, std::string& error) {
    exists = false;
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return true;
        error = fmt::format("cannot write {}: {}", path, std::strerror(errno));
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        error = fmt::format("refusing to write {}: it is {}, and edict replaces only regular files", path,
                            kind_of(st.st_mode));
        return false;
    }
    exists = true;
    return true;
}

// 64 bits from the kernel's generator: the temporary's name cannot be guessed in advance, so no
// one can prepare anything at it (and O_EXCL refuses whatever is there anyway).
std::string random_suffix() {
    uint64_t r = 0;
    if (::getrandom(&r, sizeof r, 0) != static_cast<ssize_t>(sizeof r)) r = (uint64_t(std::random_device{}()) << 32) ^ std::random_device{}();
    return fmt::format("{:016x}", r);
}

// A new file beside the destination: hidden (a leading dot, so `*.edict` globs and folder scans
// skip it), the base name shortened so the whole name stays under NAME_MAX.
int create_temporary(const std::string& folder, const std::string& base, std::string& tmp) {
    for (int attempt = 0; attempt < 8; ++attempt) {
        tmp = fmt::format("{}/.{}.tmp-{}", folder, base.substr(0, 64), random_suffix());
        int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd >= 0 || errno != EEXIST) return fd;
    }
    return -1;
}

bool write_fully(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = EIO;
            return false;
        }
        bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

// Makes the rename itself durable. Filesystems that cannot sync a folder say EINVAL: nothing to do.
bool sync_folder(const std::string& folder) {
    int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = ::fsync(fd) == 0 || errno == EINVAL;
    int saved = errno;
    ::close(fd);
    errno = saved;
    return ok;
}

}  // namespace

bool replace_file(const std::string& path, std::string_view bytes, std::string& error) {
    size_t slash = path.find_last_of('/');
    std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    if (base.empty() || base == "." || base == "..") {
        error = fmt::format("refusing to write {}: it names a folder, not a file", path);
        return false;
    }
    struct stat st {};
    bool exists = false;
    if (!check_destination(path, st, exists, error)) return false;

    std::string tmp;
    int fd = create_temporary(folder, base, tmp);
    if (fd < 0) {
        error = fmt::format("cannot write {}: cannot create a file in {}: {}", path, folder, std::strerror(errno));
        return false;
    }
    auto fail = [&](const char* step) {
        int saved = errno;
        if (fd >= 0) ::close(fd);
        ::unlink(tmp.c_str());
        error = fmt::format("cannot write {}: {}{}", path, step, std::strerror(saved));
        return false;
    };
    // The replacement keeps the permissions (and, when we may, the owner) of the file it replaces.
    if (exists && ::fchmod(fd, st.st_mode & 07777) != 0) return fail("cannot set its permissions: ");
    if (exists && ::geteuid() == 0 && (st.st_uid != ::geteuid() || st.st_gid != ::getegid()) &&
        ::fchown(fd, st.st_uid, st.st_gid) != 0)
        return fail("cannot set its owner: ");
    if (!write_fully(fd, bytes)) return fail("");
    if (::fsync(fd) != 0) return fail("");
    int closing = fd;
    fd = -1;
    if (::close(closing) != 0) return fail("");
    // Checked again just before the rename: something put there meanwhile is not replaced either.
    std::string refused;
    if (!check_destination(path, st, exists, refused)) {
        ::unlink(tmp.c_str());
        error = refused;
        return false;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) return fail("");
    if (!sync_folder(folder)) {
        error = fmt::format("{} was written but its folder could not be synced to disk: {}", path, std::strerror(errno));
        return false;
    }
    return true;
}

}  // namespace edict
