// racestress site DIR: the folders it refuses to write into (exit 2, before anything runs, and
// nothing of the user's touched), and its usage errors. The whole site, written and checked in a
// browser, is ctest's site.build, site.valid and site.browser (tests/site/).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "run_racestress.h"

namespace racestress {
namespace {

namespace fs = std::filesystem;

Ran racestress(const std::vector<std::string>& args) { return run_racestress(RACESTRESS_BIN, args); }

class RacestressSite : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir("racestress-site"); }
  void TearDown() override { remove_tree(dir_); }
  fs::path path(const std::string& name) const { return fs::path(dir_) / name; }
  std::string dir_;
};

TEST_F(RacestressSite, RefusesAFolderWithFilesThatIsNotASite) {
  fs::create_directories(path("mine"));
  std::ofstream(path("mine/notes.txt")) << "my notes\n";
  const Ran r = racestress({"site", path("mine").string(), "--no-course"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("is not a site racestress wrote (no .racelab-site in it); not touching it"), std::string::npos)
      << r.err;
  EXPECT_EQ(read_file(path("mine/notes.txt")), "my notes\n");
  EXPECT_FALSE(fs::exists(path("mine.partial")));
  EXPECT_EQ(r.err.find("lost_update/buggy"), std::string::npos) << "nothing should run before the check: " << r.err;
}

TEST_F(RacestressSite, RefusesAFileAndSomeoneElsesPartialFolder) {
  std::ofstream(path("file")) << "x";
  EXPECT_EQ(racestress({"site", path("file").string(), "--no-course"}).code, 2);
  fs::create_directories(path("site.partial"));
  std::ofstream(path("site.partial/keep")) << "keep";
  const Ran r = racestress({"site", path("site").string(), "--no-course"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("site.partial exists and is not a site racestress wrote"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(path("site.partial/keep")), "keep");
}

TEST_F(RacestressSite, NeedsAFolderExceptToUpdateTheDocs) {
  const Ran none = racestress({"site"});
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("site needs DIR"), std::string::npos) << none.err;
  const Ran both = racestress({"site", path("x").string(), "--update-docs"});
  EXPECT_EQ(both.code, 2);
  EXPECT_NE(both.err.find("give no DIR"), std::string::npos) << both.err;
  EXPECT_FALSE(fs::exists(path("x")));
}

TEST_F(RacestressSite, ACourseNeedsItsSourceTree) {
  const Ran r = racestress({"site", path("site").string(), "--source", path("nowhere").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("no racelab source tree at"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--no-course"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(path("site")));
}

TEST_F(RacestressSite, IsInTheHelp) {
  const Ran r = racestress({"site", "--help"});
  EXPECT_EQ(r.code, 0);
  for (const char* option : {"--no-course", "--source", "--update-docs", "--racecheck-variants", "--iterations"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option << "\n" << r.out;
  }
}

}  // namespace
}  // namespace racestress
