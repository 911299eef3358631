// core_test.cpp: unit tests for the parts of racecheck that need no parsing: name globs, the
// --checks filter, the rule registry, NOLINT comments, baselines and path display.
#include "checks/Rule.h"
#include "driver/Suppressions.h"
#include "model/Config.h"
#include "report/Output.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include <unistd.h>

using namespace racecheck;

TEST(NamePattern, MatchesGlobsWithStarsAnywhere) {
  EXPECT_TRUE(matchesNamePattern("racelab::*::actor", "racelab::TestOf::actor"));
  EXPECT_TRUE(matchesNamePattern("racecheck-*", "racecheck-check-then-act"));
  EXPECT_TRUE(matchesNamePattern("*", "anything"));
  EXPECT_FALSE(matchesNamePattern("racelab::Test::actor", "racelab::Test::setup"));
  EXPECT_FALSE(matchesNamePattern("pool::submit", "pool::submit2"));
}

TEST(ChecksFilter, FollowsClangTidyGlobOrder) {
  EXPECT_TRUE(ruleEnabled("", "racecheck-non-atomic-rmw"));
  EXPECT_TRUE(ruleEnabled("-*,racecheck-non-atomic-rmw", "racecheck-non-atomic-rmw"));
  EXPECT_FALSE(ruleEnabled("-*,racecheck-non-atomic-rmw", "racecheck-check-then-act"));
  EXPECT_FALSE(ruleEnabled("-racecheck-check-then-act", "racecheck-check-then-act"));
  EXPECT_TRUE(ruleEnabled("-racecheck-check-then-act", "racecheck-unsynchronized-write"));
  EXPECT_TRUE(ruleEnabled("racecheck-unsynchronized-write", "racecheck-unsynchronized-write"));
  EXPECT_FALSE(ruleEnabled("racecheck-unsynchronized-write", "racecheck-check-then-act"));
}

TEST(Registry, EveryRuleHasAClassAndADocsPage) {
  ASSERT_EQ(allRules().size(), 9u);
  for (const RuleInfo &C : allRules()) {
    EXPECT_NE(makeRule(C.Id), nullptr) << C.Id;
    std::ifstream Doc(std::string(SOURCE_DIR) + "/" + C.DocPath);
    EXPECT_TRUE(Doc.good()) << C.DocPath << " is missing";
  }
}

namespace {
Finding findingAt(const std::string &File, unsigned Line, const std::string &Rule) {
  Finding F;
  F.Rule = Rule;
  F.Pos = SourcePos{File, Line, 1};
  F.Function = "work";
  F.Symbol = "counter";
  return F;
}
}  // namespace

TEST(Nolint, HonoursTheClangTidyForms) {
  std::string Path = testing::TempDir() + "/racecheck-core-nolint-" + std::to_string(getpid()) + ".cpp";
  std::ofstream(Path) << "a = 1; // NOLINT(racecheck-unsynchronized-write)\n"
                         "b = 1; // NOLINT(racecheck-check-then-act)\n"
                         "// NOLINTNEXTLINE(racecheck-*)\n"
                         "c = 1;\n"
                         "d = 1; // NOLINT\n"
                         "// NOLINTBEGIN(racecheck-unsynchronized-write)\n"
                         "e = 1;\n"
                         "// NOLINTEND(racecheck-unsynchronized-write)\n"
                         "f = 1;\n";
  SourceLines Lines;
  const std::string Rule = "racecheck-unsynchronized-write";
  EXPECT_TRUE(suppressedByNolint(findingAt(Path, 1, Rule), Lines));
  EXPECT_FALSE(suppressedByNolint(findingAt(Path, 2, Rule), Lines));
  EXPECT_TRUE(suppressedByNolint(findingAt(Path, 4, Rule), Lines));
  EXPECT_TRUE(suppressedByNolint(findingAt(Path, 5, Rule), Lines));
  EXPECT_TRUE(suppressedByNolint(findingAt(Path, 7, Rule), Lines));
  EXPECT_FALSE(suppressedByNolint(findingAt(Path, 9, Rule), Lines));
}

TEST(Baseline, HidesKnownFindingsByCountNotByLine) {
  std::string Path = testing::TempDir() + "/racecheck-core-baseline-" + std::to_string(getpid()) + ".json";
  PathStyle Paths("/src");
  std::string Error;
  std::vector<Finding> Old = {findingAt("/src/a.cpp", 10, "racecheck-unsynchronized-write")};
  ASSERT_TRUE(writeBaseline(Path, Old, Paths, Error)) << Error;
  // The same finding moved down two lines, plus a second one of the same kind: one is new.
  std::vector<Finding> Now = {findingAt("/src/a.cpp", 12, "racecheck-unsynchronized-write"),
                              findingAt("/src/a.cpp", 30, "racecheck-unsynchronized-write")};
  unsigned Removed = 0;
  ASSERT_TRUE(applyBaseline(Path, Now, Paths, Removed, Error)) << Error;
  EXPECT_EQ(Removed, 1u);
  EXPECT_EQ(Now.size(), 1u);
  EXPECT_FALSE(applyBaseline(Path + ".missing", Now, Paths, Removed, Error));
}

TEST(Paths, RelativeInsideTheRootAbsoluteOutside) {
  PathStyle Paths("/work/src");
  EXPECT_EQ(Paths.show("/work/src/a/b.cpp"), "a/b.cpp");
  EXPECT_EQ(Paths.show("/work/srcx/b.cpp"), "/work/srcx/b.cpp");
  EXPECT_EQ(Paths.show("/elsewhere/c.cpp"), "/elsewhere/c.cpp");
  EXPECT_EQ(PathStyle("/work/src/").show("/work/src/a.cpp"), "a.cpp");
}
