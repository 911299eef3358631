// fixture_test.cpp: holds racecheck to the `// expect: racecheck-<rule>` markers of every file
// in fixtures/: the same (line, rule) pairs, nothing missing and nothing extra. The fixtures lie
// in one folder per rule, fixtures/<rule>/ (the rule's id without "racecheck-"), as clang-tidy's
// tests do; each rule of Checks.def gets its own suites, named after its class
// (UnsynchronizedWriteCheck/Fixture.*, UnsynchronizedWriteCheck/MultiUnit.*). In a rule's
// folder a file is a one-unit case and a folder is a multi-unit case. A fixture that expects
// findings lies in the folder of the first rule, in Checks.def's order, that it expects; one that
// expects none is named ok_* and lies in the folder of the rule it must not trigger. The Layout
// test holds the tree to that; the Corpus test runs everything once more and prints precision
// and recall per rule.
#include "run_command.h"

#include <gtest/gtest.h>
#include <llvm/Support/JSON.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

namespace fs = std::filesystem;
using namespace racecheck_test;

namespace {

using Expectation = std::pair<int, std::string>;  // line, rule

// llvm::Optional (LLVM 14) and std::optional (19) share no value_or spelling.
template <typename Opt, typename T> T orDefault(const Opt &O, T Default) {
  return O ? T(*O) : Default;
}

std::set<Expectation> marked(const fs::path &File) {
  static const std::regex Marker(R"(//.*\bexpect:\s*(racecheck-[a-z-]+))");
  std::set<Expectation> Out;
  std::ifstream In(File);
  std::string Line;
  for (int N = 1; std::getline(In, Line); ++N)
    for (auto It = std::sregex_iterator(Line.begin(), Line.end(), Marker);
         It != std::sregex_iterator(); ++It)
      Out.emplace(N, (*It)[1]);
  return Out;
}

// (file, (line, rule)) of every finding in racecheck's JSON; nothing when it is not JSON.
std::vector<std::pair<std::string, Expectation>> jsonFindings(const std::string &Output) {
  std::vector<std::pair<std::string, Expectation>> Out;
  auto Parsed = llvm::json::parse(Output);
  if (!Parsed) {
    llvm::consumeError(Parsed.takeError());
    return Out;
  }
  if (const auto *Root = Parsed->getAsObject())
    if (const auto *Findings = Root->getArray("findings"))
      for (const auto &F : *Findings)
        if (const auto *O = F.getAsObject())
          Out.emplace_back(
              orDefault(O->getString("file"), llvm::StringRef()).str(),
              Expectation(static_cast<int>(orDefault(O->getInteger("line"), int64_t(0))),
                          orDefault(O->getString("rule"), llvm::StringRef()).str()));
  return Out;
}

struct Reported {
  int ExitCode = -1;
  std::set<Expectation> Findings;
  std::string Output;
};

Reported analyse(const fs::path &File) {
  std::string Flags = File.extension() == ".c" ? "-std=gnu11 -pthread" : "-std=c++20 -pthread";
  CommandResult R = runCommand(racecheck() + " --quiet --report-unused-nolint --format json '" +
                               File.string() +
                               "' -- " + Flags + " 2>&1");
  Reported Out{R.ExitCode, {}, R.Output};
  for (const auto &[FileName, Finding] : jsonFindings(R.Output))
    Out.Findings.insert(Finding);
  return Out;
}

// The rules of Checks.def in its order: (folder, suite name).
const std::vector<std::pair<std::string, std::string>> kRules = {
#define RACECHECK_CHECK(Id, Class, Level, Precision, Summary) {#Id, #Class},
#include "checks/Checks.def"
};

bool isSource(const fs::path &P) { return P.extension() == ".c" || P.extension() == ".cpp"; }

// The one-unit cases of Rule's folder, or of every rule's when Rule is empty.
std::vector<fs::path> fixtures(const std::string &Rule = "") {
  std::vector<fs::path> Files;
  for (const auto &[Folder, Suite] : kRules)
    if (Rule.empty() || Rule == Folder)
      if (fs::is_directory(fs::path(FIXTURES_DIR) / Folder))
        for (const auto &E : fs::directory_iterator(fs::path(FIXTURES_DIR) / Folder))
          if (E.is_regular_file() && isSource(E.path()))
            Files.push_back(E.path());
  std::sort(Files.begin(), Files.end());
  return Files;
}

std::string testName(const testing::TestParamInfo<fs::path> &Info) {
  std::string Name = Info.param.stem().string() + "_" + Info.param.extension().string().substr(1);
  for (char &C : Name)
    if (!isalnum(static_cast<unsigned char>(C)))
      C = '_';
  return Name;
}

class Fixture : public testing::TestWithParam<fs::path> {};

TEST_P(Fixture, ReportsExactlyTheMarkedLines) {
  Reported R = analyse(GetParam());
  std::set<Expectation> Expected = marked(GetParam());
  EXPECT_EQ(R.Findings, Expected) << R.Output;
  EXPECT_EQ(R.ExitCode, Expected.empty() ? 0 : 1) << R.Output;
}

// fixtures/<rule>/<case>/: several translation units analysed in one run, as `racecheck -p
// build src/*.cpp` does; each file is held to its own markers.
using PlacedExpectation = std::pair<std::string, Expectation>;  // file name under the case

std::vector<fs::path> multiCases(const std::string &Rule = "") {
  std::vector<fs::path> Cases;
  for (const auto &[Folder, Suite] : kRules)
    if (Rule.empty() || Rule == Folder)
      if (fs::is_directory(fs::path(FIXTURES_DIR) / Folder))
        for (const auto &E : fs::directory_iterator(fs::path(FIXTURES_DIR) / Folder))
          if (E.is_directory())
            Cases.push_back(E.path());
  std::sort(Cases.begin(), Cases.end());
  return Cases;
}

std::vector<fs::path> unitsOf(const fs::path &Case) {
  std::vector<fs::path> Units;
  for (const auto &E : fs::recursive_directory_iterator(Case))
    if (E.path().extension() == ".cpp" || E.path().extension() == ".c")
      Units.push_back(E.path());
  std::sort(Units.begin(), Units.end());
  return Units;
}

std::set<PlacedExpectation> markedIn(const fs::path &Case) {
  std::set<PlacedExpectation> Out;
  for (const auto &E : fs::recursive_directory_iterator(Case))
    if (E.is_regular_file())
      for (const Expectation &X : marked(E.path()))
        Out.emplace(fs::relative(E.path(), Case).string(), X);
  return Out;
}

struct ReportedMulti {
  int ExitCode = -1;
  std::set<PlacedExpectation> Findings;
  std::string Output;
};

ReportedMulti analyseTogether(const fs::path &Case) {
  std::string Files;
  for (const fs::path &U : unitsOf(Case))
    Files += " '" + U.string() + "'";
  CommandResult R = runCommand("cd '" + Case.string() + "' && " + racecheck() +
                               " --quiet --report-unused-nolint --format json" + Files +
                               " -- -std=c++20 -pthread 2>&1");
  ReportedMulti Out{R.ExitCode, {}, R.Output};
  for (const auto &Placed : jsonFindings(R.Output))
    Out.Findings.insert(Placed);
  return Out;
}

std::string caseName(const testing::TestParamInfo<fs::path> &Info) {
  std::string Name = Info.param.filename().string();
  for (char &C : Name)
    if (!isalnum(static_cast<unsigned char>(C)))
      C = '_';
  return Name;
}

class MultiUnit : public testing::TestWithParam<fs::path> {};

TEST_P(MultiUnit, ReportsExactlyTheMarkedLinesOfEveryUnit) {
  ASSERT_GE(unitsOf(GetParam()).size(), 2u);
  ReportedMulti R = analyseTogether(GetParam());
  std::set<PlacedExpectation> Expected = markedIn(GetParam());
  EXPECT_EQ(R.Findings, Expected) << R.Output;
  EXPECT_EQ(R.ExitCode, Expected.empty() ? 0 : 1) << R.Output;
}

// One suite of each kind per rule, named after the rule's class.
#define RACECHECK_CHECK(Id, Class, Level, Precision, Summary)                                     \
  INSTANTIATE_TEST_SUITE_P(Class, Fixture, testing::ValuesIn(fixtures(#Id)), testName);           \
  INSTANTIATE_TEST_SUITE_P(Class, MultiUnit, testing::ValuesIn(multiCases(#Id)), caseName);
#include "checks/Checks.def"
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(MultiUnit);  // a rule may have no multi-unit case

// The rules of the layout (see the top of this file), so a new fixture cannot land where no
// suite runs it or in another rule's folder.
TEST(Layout, EveryFixtureLiesInItsRulesFolder) {
  std::set<std::string> Folders;
  for (const auto &[Folder, Suite] : kRules)
    Folders.insert(Folder);
  for (const auto &E : fs::directory_iterator(FIXTURES_DIR))
    EXPECT_TRUE(E.is_directory() && Folders.count(E.path().filename().string()))
        << E.path() << ": fixtures/ holds only one folder per rule of Checks.def";
  std::vector<fs::path> Cases = fixtures(), Multi = multiCases();
  Cases.insert(Cases.end(), Multi.begin(), Multi.end());
  EXPECT_GT(Cases.size(), 200u);
  for (const fs::path &Case : Cases) {
    std::set<std::string> Rules;
    std::set<Expectation> Marks;
    if (!fs::is_directory(Case))
      Marks = marked(Case);
    else
      for (const PlacedExpectation &X : markedIn(Case))
        Marks.insert(X.second);
    for (const Expectation &X : Marks)
      Rules.insert(X.second.substr(std::string("racecheck-").size()));
    std::string Folder = Case.parent_path().filename().string();
    bool Ok = Case.filename().string().rfind("ok_", 0) == 0;
    if (Ok)
      EXPECT_TRUE(Rules.empty()) << Case << ": an ok_ fixture expects no finding";
    if (Rules.empty())
      continue;
    auto First = std::find_if(kRules.begin(), kRules.end(),
                              [&](const auto &R) { return Rules.count(R.first) > 0; });
    ASSERT_NE(First, kRules.end()) << Case << " expects a rule Checks.def does not know";
    EXPECT_EQ(Folder, First->first) << Case << ": a fixture lies in the folder of the first "
                                        "rule (in Checks.def's order) it expects";
  }
}

struct Score {
  int TruePositives = 0, FalsePositives = 0, FalseNegatives = 0;
  double precision() const {
    int D = TruePositives + FalsePositives;
    return D ? double(TruePositives) / D : 1.0;
  }
  double recall() const {
    int D = TruePositives + FalseNegatives;
    return D ? double(TruePositives) / D : 1.0;
  }
};

TEST(Corpus, PrecisionAndRecallPerRule) {
  std::map<std::string, Score> Scores;
  int Files = 0, CFiles = 0, RaceFree = 0;
  for (const fs::path &File : fixtures()) {
    ++Files;
    CFiles += File.extension() == ".c";
    std::set<Expectation> Expected = marked(File);
    RaceFree += Expected.empty();
    Reported R = analyse(File);
    for (const auto &E : Expected)
      (R.Findings.count(E) ? Scores[E.second].TruePositives : Scores[E.second].FalseNegatives)++;
    for (const auto &F : R.Findings)
      if (!Expected.count(F))
        Scores[F.second].FalsePositives++;
  }
  int Cases = 0;
  for (const fs::path &Case : multiCases()) {
    ++Cases;
    std::set<PlacedExpectation> Expected = markedIn(Case);
    ReportedMulti R = analyseTogether(Case);
    for (const auto &E : Expected)
      (R.Findings.count(E) ? Scores[E.second.second].TruePositives
                           : Scores[E.second.second].FalseNegatives)++;
    for (const auto &F : R.Findings)
      if (!Expected.count(F))
        Scores[F.second.second].FalsePositives++;
  }
  std::printf("racecheck fixture corpus: %d files (%d C, %d without any expected finding), "
              "%d multi-unit cases\n",
              Files, CFiles, RaceFree, Cases);
  std::printf("%-32s %5s %5s %5s %10s %7s\n", "rule", "TP", "FP", "FN", "precision", "recall");
  for (const auto &[Rule, S] : Scores)
    std::printf("%-32s %5d %5d %5d %9.1f%% %6.1f%%\n", Rule.c_str(), S.TruePositives,
                S.FalsePositives, S.FalseNegatives, 100 * S.precision(), 100 * S.recall());
  for (const auto &[Rule, S] : Scores) {
    EXPECT_GE(S.precision(), 0.9) << Rule;
    EXPECT_GE(S.recall(), 0.9) << Rule;
  }
}

}  // namespace
