// replace_file (runtime/support/files.hpp): the one way Edict replaces a named file.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include <gtest/gtest.h>

#include "runtime/support/files.hpp"

namespace fs = std::filesystem;
using edict::read_whole_file;
using edict::replace_file;

namespace {

class ReplaceFile : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / fmt_name();
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    static std::string fmt_name() { return "edict-files-test-" + std::to_string(::getpid()); }
    std::string at(const char* name) const { return (dir_ / name).string(); }
    size_t entries() const { return static_cast<size_t>(std::distance(fs::directory_iterator(dir_), {})); }
    fs::path dir_;
};

TEST_F(ReplaceFile, CreatesAndReplacesWithNothingLeftBeside) {
    std::string error, text;
    ASSERT_TRUE(replace_file(at("a.txt"), "one", error)) << error;
    ASSERT_TRUE(replace_file(at("a.txt"), "two", error)) << error;
    ASSERT_TRUE(read_whole_file(at("a.txt"), text));
    EXPECT_EQ(text, "two");
    EXPECT_EQ(entries(), 1u);
}

TEST_F(ReplaceFile, KeepsThePermissionsOfTheFileItReplaces) {
    std::string error;
    ASSERT_TRUE(replace_file(at("a.txt"), "one", error)) << error;
    ::chmod(at("a.txt").c_str(), 0600);
    ASSERT_TRUE(replace_file(at("a.txt"), "two", error)) << error;
    struct stat st {};
    ASSERT_EQ(::stat(at("a.txt").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
}

TEST_F(ReplaceFile, RefusesWhatIsNotARegularFile) {
    std::string error, text;
    ASSERT_EQ(::mkfifo(at("fifo").c_str(), 0644), 0);
    EXPECT_FALSE(replace_file(at("fifo"), "x", error));
    EXPECT_NE(error.find("FIFO"), std::string::npos) << error;
    fs::create_directory(dir_ / "sub");
    EXPECT_FALSE(replace_file(at("sub"), "x", error));
    EXPECT_NE(error.find("folder"), std::string::npos) << error;
    ASSERT_TRUE(replace_file(at("target"), "kept", error)) << error;
    fs::create_symlink(dir_ / "target", dir_ / "link");
    EXPECT_FALSE(replace_file(at("link"), "x", error));
    EXPECT_NE(error.find("symbolic link"), std::string::npos) << error;
    ASSERT_TRUE(read_whole_file(at("target"), text));
    EXPECT_EQ(text, "kept");
    EXPECT_TRUE(fs::is_symlink(dir_ / "link"));
    EXPECT_TRUE(fs::is_fifo(dir_ / "fifo"));
    EXPECT_EQ(entries(), 4u);  // fifo, sub, target, link: no temporary left
}

TEST_F(ReplaceFile, AMissingFolderNamesTheFile) {
    std::string error;
    EXPECT_FALSE(replace_file(at("no/such/report.xml"), "x", error));
    EXPECT_NE(error.find("report.xml"), std::string::npos) << error;
    EXPECT_NE(error.find("No such file"), std::string::npos) << error;
}

}  // namespace

// read_whole_file: the one whole-file reader. A folder opens as a stream on Linux and used to read
// as an empty file; it must be a failure with the OS reason in errno.
TEST_F(ReplaceFile, ReadingAFolderOrAMissingFileFails) {
    std::string text = "left over";
    EXPECT_FALSE(read_whole_file(dir_.string(), text));
    EXPECT_EQ(errno, EISDIR);
    EXPECT_FALSE(read_whole_file(at("absent"), text));
    EXPECT_EQ(errno, ENOENT);
}

TEST_F(ReplaceFile, ReadsAFileLargerThanOneBuffer) {
    std::string big(200000, 'x'), error, text;
    big[123456] = '\0';  // bytes, not C strings
    ASSERT_TRUE(replace_file(at("big"), big, error)) << error;
    ASSERT_TRUE(read_whole_file(at("big"), text));
    EXPECT_EQ(text, big);
}
