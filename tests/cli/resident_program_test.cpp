// Where `edict` looks for edict-resident, which place wins, and what it says when there is none
// (tools/cli/resident_program.hpp).
#include "tools/cli/resident_program.hpp"

#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

namespace edict::cli {
namespace {

namespace fs = std::filesystem;

class ResidentProgramPlaces : public ::testing::Test {
protected:
    void SetUp() override {
        root = fs::temp_directory_path() / ("edict-resident-test-" + std::to_string(getpid()));
        fs::remove_all(root);
        fs::create_directories(root / "bin");
        fs::create_directories(root / "libexec" / "edict");
    }
    void TearDown() override { fs::remove_all(root); }
    // A file at `p` with mode `perms`.
    static void make(const fs::path& p, fs::perms perms) {
        std::ofstream(p) << "#!/bin/sh\n";
        fs::permissions(p, perms);
    }
    std::vector<fs::path> places() const { return resident_program_places(root / "bin"); }
    fs::path beside() const { return root / "bin" / "edict-resident"; }
    fs::path installed() const {
        return (root / "bin" / EDICT_BIN_TO_LIBEXEC / "edict" / "edict-resident").lexically_normal();
    }
    fs::path root;
};

constexpr fs::perms kRunnable = fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read;
constexpr fs::perms kNotRunnable = fs::perms::owner_read | fs::perms::owner_write;

TEST_F(ResidentProgramPlaces, BesideTheExecutableFirstThenLibexecOfItsPrefix) {
    ASSERT_EQ(places().size(), 2u);
    EXPECT_EQ(places()[0], beside());
    EXPECT_EQ(places()[1], installed());
    EXPECT_EQ(places()[1].string().find(".."), std::string::npos) << places()[1];  // shown to users: normalised
    EXPECT_EQ(resident_program_places("/opt/edict/bin")[0], fs::path("/opt/edict/bin/edict-resident"));
}

TEST_F(ResidentProgramPlaces, TheDefaultLayoutIsLibexecEdict) {
    if (std::string(EDICT_BIN_TO_LIBEXEC) != "../libexec") GTEST_SKIP() << "configured with another libexec";
    EXPECT_EQ(resident_program_places("/opt/edict/bin")[1], fs::path("/opt/edict/libexec/edict/edict-resident"));
}

TEST_F(ResidentProgramPlaces, NoneWhenNeitherExists) { EXPECT_EQ(first_runnable(places()), fs::path()); }

TEST_F(ResidentProgramPlaces, TheInstalledOneWhenNoneIsBeside) {
    make(installed(), kRunnable);
    EXPECT_EQ(first_runnable(places()), installed());
}

TEST_F(ResidentProgramPlaces, TheOneBesideWinsOverTheInstalledOne) {
    make(installed(), kRunnable);
    make(beside(), kRunnable);
    EXPECT_EQ(first_runnable(places()), beside());
}

TEST_F(ResidentProgramPlaces, AFileThatCannotBeRunOrAFolderIsPassedOver) {
    make(beside(), kNotRunnable);
    EXPECT_EQ(first_runnable(places()), fs::path());
    make(installed(), kRunnable);
    EXPECT_EQ(first_runnable(places()), installed());
    fs::remove(beside());
    fs::create_directory(beside());  // a folder is executable (searchable) but no program
    EXPECT_EQ(first_runnable(places()), installed());
}

TEST_F(ResidentProgramPlaces, ALinkToTheProgramIsTheProgram) {
    make(installed(), kRunnable);
    fs::create_symlink(installed(), beside());
    EXPECT_EQ(first_runnable(places()), beside());
}

TEST_F(ResidentProgramPlaces, TheMessageNamesBothPlacesAndWhatToDo) {
    EXPECT_EQ(resident_program_missing("edict serve", {"/a/bin/edict-resident", "/a/libexec/edict/edict-resident"}),
              "error: `edict serve` is run by the program edict-resident, which is not at /a/bin/edict-resident nor "
              "/a/libexec/edict/edict-resident (or cannot be run there); build the target edict-resident (cmake "
              "--build --preset release --target edict-resident) or reinstall Edict");
}

}  // namespace
}  // namespace edict::cli
