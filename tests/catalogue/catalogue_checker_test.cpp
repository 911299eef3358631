// Runs racecheck over every variant in examples/ and compares what it reports with the
// variant's `// expect:` markers (markers.h): the same (file, line, rule) triples, nothing
// missing and nothing extra, in the variant's file and in every header it includes. The
// examples are the checker's fixtures as much as the learner's reading material, so a finding
// that drifts off its line fails here. The markers are also the only place a variant's
// checker expectation is written (catalogue_declarations_test holds the declarations to them).
#include <gtest/gtest.h>
#include <llvm/Support/JSON.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "markers.h"

namespace fs = std::filesystem;
using catalogue::Expectation;

namespace {

struct CommandResult {
  int exitCode;
  std::string output;
};

// From the build dir: the examples are not under it, so their paths come back absolute.
CommandResult runRacecheck(const std::vector<fs::path> &sources) {
  std::string command = "cd " COMPILE_DB_DIR " && " RACECHECK_PATH " -p " COMPILE_DB_DIR " --format json";
  for (const fs::path &source : sources) command += " '" + source.string() + "'";
  command += " 2>/dev/null";
  CommandResult result{-1, {}};
  FILE *pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
  int status = pclose(pipe);
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// Every finding of racecheck's JSON output, wherever it points; nullopt (and a test failure)
// when the output is not racecheck's JSON.
std::optional<std::set<Expectation>> reportedFindings(const CommandResult &result) {
  EXPECT_TRUE(result.exitCode == 0 || result.exitCode == 1) << "racecheck exited " << result.exitCode << "\n"
                                                            << result.output;
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(result.output);
  if (!parsed) {
    ADD_FAILURE() << "not JSON: " << llvm::toString(parsed.takeError()) << "\n" << result.output;
    return std::nullopt;
  }
  const llvm::json::Object *root = parsed->getAsObject();
  const llvm::json::Array *findings = root ? root->getArray("findings") : nullptr;
  if (!findings) {
    ADD_FAILURE() << "no findings array:\n" << result.output;
    return std::nullopt;
  }
  std::set<Expectation> reported;
  for (const llvm::json::Value &finding : *findings) {
    const llvm::json::Object *object = finding.getAsObject();
    if (!object || !object->getString("file") || !object->getInteger("line") || !object->getString("rule")) {
      ADD_FAILURE() << "a finding without file, line or rule:\n" << result.output;
      return std::nullopt;
    }
    reported.insert(Expectation{fs::weakly_canonical(object->getString("file")->str()).string(),
                                static_cast<int>(*object->getInteger("line")), object->getString("rule")->str()});
  }
  // The exit code counts every finding.
  EXPECT_EQ(result.exitCode, findings->empty() ? 0 : 1);
  return reported;
}

std::string testName(const testing::TestParamInfo<fs::path> &info) {
  std::string name = info.param.parent_path().filename().string() + "_" + info.param.stem().string();
  for (char &c : name)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

class CatalogueChecker : public testing::TestWithParam<fs::path> {};

TEST_P(CatalogueChecker, ReportsExactlyTheMarkedLines) {
  const fs::path source = GetParam();
  const CommandResult result = runRacecheck({source});
  const std::optional<std::set<Expectation>> reported = reportedFindings(result);
  ASSERT_TRUE(reported);
  EXPECT_EQ(*reported, catalogue::markedExpectations(source)) << "racecheck output:\n" << result.output;
}

INSTANTIATE_TEST_SUITE_P(Examples, CatalogueChecker, testing::ValuesIn(catalogue::catalogueSources(EXAMPLES_DIR)),
                         testName);

// The whole catalogue in one run, as `racecheck -p build examples/*/*.cpp` does: variants share
// names (main, anonymous-namespace balance, same file names in different scenarios), and each
// must still report exactly its own marked lines. A finding in a shared header that several
// variants mark is one finding here.
TEST(CatalogueCheckerOneRun, ReportsEveryVariantsMarkedLines) {
  const std::vector<fs::path> sources = catalogue::catalogueSources(EXAMPLES_DIR);
  std::set<Expectation> expected;
  for (const fs::path &source : sources) expected.merge(catalogue::markedExpectations(source));
  const CommandResult result = runRacecheck(sources);
  const std::optional<std::set<Expectation>> reported = reportedFindings(result);
  ASSERT_TRUE(reported);
  EXPECT_EQ(*reported, expected) << result.output;
}

}  // namespace
