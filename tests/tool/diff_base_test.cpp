// diff_base_test.cpp: racecheck --diff-base REF, the pull-request mode. The parser of
// `git diff -U0` on its own, then the real racecheck on a real git repository made for the test:
// a file with a race is committed, a second race is added, and only the new one is reported.
#include "driver/DiffBase.h"
#include "run_command.h"

#include <gtest/gtest.h>
#include <llvm/Support/JSON.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

using namespace racecheck;
using namespace racecheck_test;

namespace {

// -U0 hunks: 3 lines changed at 10-12, one added at 20, two deleted after new line 30.
const char *kDiff = "diff --git a/src/a.cpp b/src/a.cpp\n"
                    "index 1111111..2222222 100644\n"
                    "--- a/src/a.cpp\n"
                    "+++ b/src/a.cpp\n"
                    "@@ -10,2 +10,3 @@ void f() {\n"
                    "-old\n-old\n+new\n+new\n+new\n"
                    "@@ -18,0 +20 @@ void g() {\n"
                    "+added\n"
                    "@@ -29,2 +30,0 @@ void h() {\n"
                    "-gone\n-gone\n"
                    "diff --git a/with space.cpp b/with space.cpp\n"
                    "--- a/with space.cpp\t\n"
                    "+++ b/with space.cpp\t\n"
                    "@@ -3 +3 @@\n"
                    "-a\n+b\n"
                    "diff --git a/gone.cpp b/gone.cpp\n"
                    "deleted file mode 100644\n"
                    "--- a/gone.cpp\n"
                    "+++ /dev/null\n"
                    "@@ -1,5 +0,0 @@\n"
                    "-x\n";

Finding findingAt(const std::string &File, unsigned Line) {
  Finding F;
  F.Rule = "racecheck-unsynchronized-write";
  F.Pos = {File, Line, 1};
  return F;
}

TEST(DiffBase, ReadsTheNewSideOfEachHunk) {
  ChangedLines C;
  C.parse(kDiff, "/no/such/repo");
  const std::string A = "/no/such/repo/src/a.cpp";
  for (unsigned L : {10u, 11u, 12u, 20u})
    EXPECT_TRUE(C.changed(A, L)) << L;
  for (unsigned L : {9u, 13u, 19u, 21u, 29u, 32u})
    EXPECT_FALSE(C.changed(A, L)) << L;
  // Only deleted: the lines on each side of the deletion count.
  EXPECT_TRUE(C.changed(A, 30));
  EXPECT_TRUE(C.changed(A, 31));
  EXPECT_FALSE(C.changed("/no/such/repo/src/b.cpp", 10));
  EXPECT_TRUE(C.changed("/no/such/repo/with space.cpp", 3)) << "git ends such a name with a tab";
  EXPECT_EQ(C.files(), (std::vector<std::string>{A, "/no/such/repo/with space.cpp"}))
      << "a deleted file has no new lines";
}

TEST(DiffBase, AFindingInvolvesAChangedLineByItsLocationOrANote) {
  ChangedLines C;
  C.parse(kDiff, "/no/such/repo");
  const std::string A = "/no/such/repo/src/a.cpp";
  EXPECT_TRUE(C.involves(findingAt(A, 11)));
  Finding Old = findingAt(A, 50);
  EXPECT_FALSE(C.involves(Old));
  Old.Notes.push_back({{"/no/such/repo/src/b.cpp", 20, 1}, "the other access"});
  EXPECT_FALSE(C.involves(Old)) << "line 20 changed in a.cpp, not b.cpp";
  Old.Notes.push_back({{A, 20, 3}, "the other access"});
  EXPECT_TRUE(C.involves(Old)) << "its note is on a changed line";
}

// A git repository of its own in a fresh folder; git is run as a user would, with an identity
// and no signing whatever the machine's global configuration says.
class DiffBaseRepo : public testing::Test {
protected:
  void SetUp() override {
    Dir = testing::TempDir() + "/racecheck-diffbase-" + std::to_string(getpid()) + "-" +
          testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(Dir);
    std::filesystem::create_directories(Dir);
    Dir = std::filesystem::canonical(Dir).string();
  }
  void TearDown() override { std::filesystem::remove_all(Dir); }

  void git(const std::string &Args) {
    std::string Command = "cd '" + Dir + "' && GIT_CEILING_DIRECTORIES='" +
                          std::filesystem::path(Dir).parent_path().string() +
                          "' git -c user.name=racecheck-test -c user.email=test@example.invalid "
                          "-c commit.gpgsign=false -c init.defaultBranch=main " + Args +
                          " >/dev/null 2>&1";
    ASSERT_EQ(std::system(Command.c_str()), 0) << Command;
  }
  void write(const std::string &Name, const std::string &Text) { std::ofstream(Dir + "/" + Name) << Text; }
  CommandResult racecheckHere(const std::string &Args) {
    // Outside any other repository, whatever folder the tests run in.
    return runCommand("cd '" + Dir + "' && GIT_CEILING_DIRECTORIES='" +
                      std::filesystem::path(Dir).parent_path().string() + "' " + racecheck_test::racecheck() + " " + Args +
                      " app.cpp -- -std=c++20 -pthread 2>&1");
  }

  std::string Dir;
};

// The lines of the findings in racecheck --format json's output (stderr after it).
std::vector<int64_t> findingLines(const std::string &Output) {
  std::vector<int64_t> Lines;
  auto V = llvm::json::parse(Output.substr(0, Output.rfind("}\n") + 1));
  if (!V) {
    ADD_FAILURE() << llvm::toString(V.takeError()) << "\n" << Output;
    return Lines;
  }
  if (const llvm::json::Array *Findings = V->getAsObject()->getArray("findings"))
    for (const llvm::json::Value &F : *Findings)
      Lines.push_back(*F.getAsObject()->getInteger("line"));
  return Lines;
}

const char *kOneRace = "#include <thread>\n"
                       "int counter = 0;\n"
                       "void work() {\n"
                       "  for (int i = 0; i < 100; ++i) counter = counter + 1;\n"
                       "}\n"
                       "int main() {\n"
                       "  std::thread a(work), b(work);\n"
                       "  a.join();\n"
                       "  b.join();\n"
                       "}\n";

// The same, and a second counter raced on by new code at the end of the file.
const char *kTwoRaces = "#include <thread>\n"
                        "int counter = 0;\n"
                        "void work() {\n"
                        "  for (int i = 0; i < 100; ++i) counter = counter + 1;\n"
                        "}\n"
                        "int main() {\n"
                        "  std::thread a(work), b(work);\n"
                        "  a.join();\n"
                        "  b.join();\n"
                        "}\n"
                        "int hits = 0;\n"
                        "void visit() { hits = hits + 1; }\n"
                        "void crowd() {\n"
                        "  std::thread c(visit), d(visit);\n"
                        "  c.join();\n"
                        "  d.join();\n"
                        "}\n";

TEST_F(DiffBaseRepo, OnlyTheFindingOnAChangedLineIsReported) {
  write("app.cpp", kOneRace);
  git("init -q");
  git("add app.cpp");
  git("commit -q -m base");
  write("app.cpp", kTwoRaces);

  CommandResult All = racecheckHere("");
  EXPECT_EQ(All.ExitCode, 1) << All.Output;
  ASSERT_NE(All.Output.find("app.cpp:4:"), std::string::npos) << "the old race: " << All.Output;
  ASSERT_NE(All.Output.find("app.cpp:12:"), std::string::npos) << "the new race: " << All.Output;

  CommandResult Diff = racecheckHere("--diff-base HEAD");
  EXPECT_EQ(Diff.ExitCode, 1) << Diff.Output;
  EXPECT_NE(Diff.Output.find("app.cpp:12:"), std::string::npos) << Diff.Output;
  EXPECT_EQ(Diff.Output.find("app.cpp:4:"), std::string::npos) << "unchanged line: " << Diff.Output;
  EXPECT_NE(Diff.Output.find("involve no line changed since HEAD"), std::string::npos) << Diff.Output;

  // Committed, then compared with its parent: the same; compared with itself: nothing.
  git("commit -q -a -m 'second counter'");
  CommandResult Parent = racecheckHere("--diff-base HEAD~1 --format json");
  EXPECT_EQ(Parent.ExitCode, 1) << Parent.Output;
  EXPECT_EQ(findingLines(Parent.Output), std::vector<int64_t>{12}) << Parent.Output;
  CommandResult Same = racecheckHere("--diff-base HEAD");
  EXPECT_EQ(Same.ExitCode, 0) << Same.Output;
  EXPECT_EQ(Same.Output.find("warning:"), std::string::npos) << Same.Output;
}

TEST_F(DiffBaseRepo, TheBaselineStillApplies) {
  write("app.cpp", kOneRace);
  git("init -q");
  git("add app.cpp");
  git("commit -q -m base");
  write("app.cpp", kTwoRaces);
  ASSERT_EQ(racecheckHere("--export-baseline " + Dir + "/baseline.json").ExitCode, 1);
  CommandResult Both = racecheckHere("--diff-base HEAD --baseline " + Dir + "/baseline.json");
  EXPECT_EQ(Both.ExitCode, 0) << "the new race is in the baseline: " << Both.Output;
}

TEST_F(DiffBaseRepo, NotAGitRepositoryIsAUsageError) {
  write("app.cpp", kOneRace);
  CommandResult R = racecheckHere("--diff-base HEAD");
  EXPECT_EQ(R.ExitCode, 2) << R.Output;
  EXPECT_NE(R.Output.find("racecheck: error: --diff-base: '" + Dir + "' is not in a git work tree"),
            std::string::npos)
      << R.Output;
  EXPECT_EQ(R.Output.find("warning:"), std::string::npos) << "nothing analysed: " << R.Output;
}

TEST_F(DiffBaseRepo, AnUnknownRevisionIsAUsageError) {
  write("app.cpp", kOneRace);
  git("init -q");
  git("add app.cpp");
  git("commit -q -m base");
  for (const char *Ref : {"no-such-branch", "HEAD~5", "--output=/tmp/x"}) {
    CommandResult R = racecheckHere(std::string("--diff-base='") + Ref + "'");
    EXPECT_EQ(R.ExitCode, 2) << Ref << ": " << R.Output;
    EXPECT_NE(R.Output.find(std::string("racecheck: error: --diff-base: '") + Ref + "' is not a commit"),
              std::string::npos)
        << R.Output;
  }
}

}  // namespace
