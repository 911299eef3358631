// docs/bad-input.md, racecheck's rows: each bad input, its exit code and its message (stderr).
#include "run_command.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

#include <unistd.h>

using namespace racecheck_test;

namespace {

const std::string kBuggy = std::string(FIXTURES_DIR) + "/unsynchronized-write/lost_update_plain_int.cpp";
const std::string kFlags = " -- -std=c++20 -pthread";

std::string folder() {
  const auto *Info = testing::UnitTest::GetInstance()->current_test_info();
  std::string Dir = testing::TempDir() + "/racecheck-bad-" + std::to_string(getpid()) + "-" + Info->name();
  std::filesystem::remove_all(Dir);
  std::filesystem::create_directories(Dir);
  return Dir;
}

std::string write(const std::string &Path, const std::string &Text) {
  std::ofstream(Path, std::ios::binary) << Text;
  return Path;
}

// stdout and stderr together, with the exit code.
CommandResult racecheckWithStderr(const std::string &Args) {
  return runCommand(racecheck() + " " + Args + " 2>&1");
}

void expectRow(const std::string &Args, int Code, const std::string &Message) {
  CommandResult R = racecheckWithStderr(Args);
  EXPECT_EQ(R.ExitCode, Code) << Args << "\n" << R.Output;
  EXPECT_NE(R.Output.find(Message), std::string::npos) << Args << "\n" << R.Output;
}

TEST(BadInput, MissingFileAndBadFlags) {
  expectRow("/no/such/file.cpp" + kFlags, 2, "no such file: '/no/such/file.cpp'");
  expectRow("--format=xml " + kBuggy + kFlags, 2, "racecheck: error:");
  expectRow("--checks=-* " + kBuggy + kFlags, 2, "racecheck: error:");
}

TEST(BadInput, ABinaryFileIsAFileThatDoesNotParse) {
  std::string Dir = folder();
  std::string Bytes(3000, '\0');
  std::mt19937 Random(7);
  for (char &C : Bytes)
    C = static_cast<char>(Random());
  std::string Path = write(Dir + "/binary.cpp", Bytes);
  expectRow(Path + kFlags, 3, "binary.cpp: could not be parsed");
}

TEST(BadInput, ATenMegabyteSourceIsAnalysed) {
  std::string Dir = folder();
  std::ifstream In(kBuggy);
  std::string Program((std::istreambuf_iterator<char>(In)), std::istreambuf_iterator<char>());
  std::string Padding;
  const std::string Line = "// " + std::string(96, 'x') + "\n";
  while (Padding.size() < 10u * 1024 * 1024)
    Padding += Line;
  std::string Path = write(Dir + "/big.cpp", Padding + Program);
  CommandResult R = racecheckWithStderr(Path + kFlags);
  EXPECT_EQ(R.ExitCode, 1) << R.Output.substr(0, 2000);
  EXPECT_NE(R.Output.find("[racecheck-unsynchronized-write]"), std::string::npos);
}

TEST(BadInput, UnwritableBaseline) {
  expectRow("--export-baseline=/no/such/folder/b.json " + kBuggy + kFlags, 2,
            "cannot write baseline '/no/such/folder/b.json'");
}

TEST(BadInput, CompilationDatabases) {
  std::string Dir = folder();
  std::string Source = Dir + "/a.cpp";
  std::filesystem::copy_file(kBuggy, Source);
  // Not JSON.
  write(Dir + "/compile_commands.json", "[{\"directory\": \"" + Dir + "\",");
  expectRow("-p " + Dir + " " + Source, 2, "cannot load a compilation database from '" + Dir + "'");
  // An entry without its "file".
  write(Dir + "/compile_commands.json", "[{\"directory\": \"" + Dir + "\", \"command\": \"c++ -c a.cpp\"}]");
  expectRow("-p " + Dir + " " + Source, 2, "Missing key: \"file\"");
  // No entry for the file asked for: analysed with the flags of the nearest entry.
  write(Dir + "/compile_commands.json", "[{\"directory\": \"" + Dir + "\", \"file\": \"" + Dir +
                                           "/other.cpp\", \"command\": \"c++ -std=c++20 -c other.cpp\"}]");
  expectRow("-p " + Dir + " " + Source, 1, "[racecheck-unsynchronized-write]");
  // The entry names a file that does not exist.
  write(Dir + "/compile_commands.json", "[{\"directory\": \"" + Dir + "\", \"file\": \"" + Dir +
                                           "/gone.cpp\", \"command\": \"c++ -std=c++20 -c gone.cpp\"}]");
  expectRow("-p " + Dir + " " + Dir + "/gone.cpp", 2, "no such file: '" + Dir + "/gone.cpp'");
}

TEST(BadInput, ConfigKeysOfTheWrongTypeOrUnknown) {
  std::string Dir = folder();
  std::string Source = Dir + "/a.cpp";
  std::filesystem::copy_file(kBuggy, Source);
  for (const auto &[Yaml, Message] : std::vector<std::pair<std::string, std::string>>{
           {"Checks: [1, 2]\n", "unexpected scalar"},
           {"InheritParentConfig: maybe\n", "invalid boolean"},
           {"ThreadSafeTypes: 5\n", "not a sequence"},
           {"ThreadApis:\n  - Name: spawn\n    Arg: two\n", "invalid number"},
           {"NoSuchKey: 3\n", "unknown key 'NoSuchKey'"},
       }) {
    write(Dir + "/.racecheck.yaml", Yaml);
    CommandResult R = racecheckWithStderr(Source + kFlags);
    EXPECT_EQ(R.ExitCode, 2) << Yaml << R.Output;
    EXPECT_NE(R.Output.find(Message), std::string::npos) << Yaml << R.Output;
    EXPECT_NE(R.Output.find("/.racecheck.yaml' is not valid"), std::string::npos) << Yaml << R.Output;
  }
}

}  // namespace
