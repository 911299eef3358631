// Runs racecheck over every variant in examples/ and compares what it reports with the
// `// expect: racecheck-<rule>` comments in the variant's source: the same (line, rule) pairs,
// nothing missing and nothing extra. The examples are the checker's fixtures as much as the
// learner's reading material, so a finding that drifts off its line fails here.
#include <gtest/gtest.h>
#include <llvm/Support/JSON.h>

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

using Expectation = std::pair<int, std::string>;  // line, rule id

std::set<Expectation> markedExpectations(const fs::path &source) {
  static const std::regex marker(R"(//.*\bexpect:\s*(racecheck-[a-z-]+))");
  std::set<Expectation> out;
  std::ifstream in(source);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::smatch match;
    if (std::regex_search(line, match, marker)) out.emplace(number, match[1]);
  }
  return out;
}

struct CommandResult {
  int exitCode;
  std::string output;
};

CommandResult run(const std::string &command) {
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

bool registersAVariant(const fs::path &source) {
  std::ifstream in(source);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.find("RACELAB_VARIANT(") != std::string::npos;
}

// Every variant file; support code and benchmarks register no variant and are left out.
std::vector<fs::path> catalogueSources() {
  std::vector<fs::path> sources;
  for (const auto &entry : fs::recursive_directory_iterator(EXAMPLES_DIR))
    if (entry.path().extension() == ".cpp" && registersAVariant(entry.path())) sources.push_back(entry.path());
  std::sort(sources.begin(), sources.end());
  return sources;
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
  const std::string command = std::string(RACECHECK_PATH) + " -p " COMPILE_DB_DIR " --format json '" +
                              source.string() + "' 2>/dev/null";
  CommandResult result = run(command);
  ASSERT_TRUE(result.exitCode == 0 || result.exitCode == 1)
      << "racecheck exited " << result.exitCode << " on " << source << "\n" << result.output;

  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(result.output);
  ASSERT_TRUE(static_cast<bool>(parsed)) << "not JSON: " << llvm::toString(parsed.takeError()) << "\n"
                                         << result.output;
  const llvm::json::Object *root = parsed->getAsObject();
  ASSERT_NE(root, nullptr);
  const llvm::json::Array *findings = root->getArray("findings");
  ASSERT_NE(findings, nullptr) << result.output;

  std::set<Expectation> reported;
  for (const llvm::json::Value &finding : *findings) {
    const llvm::json::Object *object = finding.getAsObject();
    ASSERT_NE(object, nullptr);
    auto file = object->getString("file");
    auto line = object->getInteger("line");
    auto rule = object->getString("rule");
    ASSERT_TRUE(file && line && rule) << result.output;
    // Findings may point into headers; only this file's lines are held to its markers.
    if (fs::path(file->str()).filename() != source.filename()) continue;
    reported.emplace(static_cast<int>(*line), rule->str());
  }
  EXPECT_EQ(reported, markedExpectations(source)) << "racecheck output:\n" << result.output;
  // The exit code counts every finding, a shared header's too (order_violation/program.h).
  EXPECT_EQ(result.exitCode, findings->empty() ? 0 : 1);
}

INSTANTIATE_TEST_SUITE_P(Examples, CatalogueChecker, testing::ValuesIn(catalogueSources()), testName);

// The whole catalogue in one run, as `racecheck -p build examples/*/*.cpp` does: variants share
// names (main, anonymous-namespace balance, same file names in different scenarios), and each
// must still report exactly its own marked lines.
TEST(CatalogueCheckerOneRun, ReportsEveryVariantsMarkedLines) {
  std::string command = std::string(RACECHECK_PATH) + " -p " COMPILE_DB_DIR " --format json";
  std::set<std::pair<std::string, Expectation>> expected;
  for (const fs::path &source : catalogueSources()) {
    command += " '" + source.string() + "'";
    for (const Expectation &e : markedExpectations(source)) expected.emplace(source.string(), e);
  }
  // Run from the build dir: the examples are not under it, so their paths come back absolute.
  CommandResult result = run("cd " COMPILE_DB_DIR " && " + command + " 2>/dev/null");
  ASSERT_TRUE(result.exitCode == 0 || result.exitCode == 1) << result.output;
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(result.output);
  ASSERT_TRUE(static_cast<bool>(parsed)) << llvm::toString(parsed.takeError());
  const llvm::json::Array *findings = parsed->getAsObject()->getArray("findings");
  ASSERT_NE(findings, nullptr) << result.output;
  std::set<std::pair<std::string, Expectation>> reported;
  for (const llvm::json::Value &finding : *findings) {
    const llvm::json::Object *object = finding.getAsObject();
    auto file = object->getString("file");
    auto line = object->getInteger("line");
    auto rule = object->getString("rule");
    ASSERT_TRUE(file && line && rule) << result.output;
    const std::string path = file->str();
    if (path.rfind(EXAMPLES_DIR, 0) == 0 && registersAVariant(path))
      reported.emplace(path, Expectation(static_cast<int>(*line), rule->str()));
  }
  EXPECT_EQ(reported, expected) << result.output;
}

}  // namespace
