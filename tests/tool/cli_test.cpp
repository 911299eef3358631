// cli_test.cpp: the command line's contract: diagnostics in Clang's layout, JSON and SARIF
// shapes, exit codes (0 clean, 1 findings, 2 usage, 3 a file that does not parse), -p with a
// compilation database, --checks, --exit-zero, baselines and -j.
#include "run_command.h"

#include <gtest/gtest.h>
#include <llvm/Support/JSON.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <unistd.h>

using namespace racecheck_test;

namespace {

const std::string kBuggy = std::string(FIXTURES_DIR) + "/unsynchronized-write/lost_update_plain_int.cpp";
const std::string kClean = std::string(FIXTURES_DIR) + "/unsynchronized-write/ok_lost_update_lock_guard.cpp";
const std::string kFlags = " -- -std=c++20 -pthread";

CommandResult racecheckOn(const std::string &Args) {
  return runCommand(racecheck() + " " + Args + " 2>/dev/null");
}

// Tests run in parallel (and in several build folders): every test gets its own folder.
std::string tempDir() {
  const auto *Info = testing::UnitTest::GetInstance()->current_test_info();
  std::string Dir = testing::TempDir() + "/racecheck-" + std::to_string(getpid()) + "-" +
                    Info->name();
  // A folder left by an earlier run whose process had the same id is stale (its
  // .racecheck.yaml would configure this run).
  std::filesystem::remove_all(Dir);
  std::filesystem::create_directories(Dir);
  return Dir;
}

std::string tempFile(const std::string &Name, const std::string &Text) {
  std::string Path = tempDir() + "/" + Name;
  std::ofstream(Path) << Text;
  return Path;
}

llvm::json::Object parseObject(const std::string &Text) {
  auto V = llvm::json::parse(Text);
  if (!V) {
    ADD_FAILURE() << llvm::toString(V.takeError()) << "\n" << Text;
    return {};
  }
  return std::move(*V->getAsObject());
}

TEST(Cli, PrintsClangStyleDiagnosticsWithSourceLineAndCaret) {
  CommandResult R = racecheckOn(kBuggy + kFlags);
  EXPECT_EQ(R.ExitCode, 1);
  std::regex Header(R"(lost_update_plain_int\.cpp:(\d+):(\d+): warning: .*'counter'.* \[racecheck-unsynchronized-write\]\n(.*)\n( *)\^\n)");
  std::smatch M;
  ASSERT_TRUE(std::regex_search(R.Output, M, Header)) << R.Output;
  EXPECT_NE(M[3].str().find("counter ="), std::string::npos);
  EXPECT_EQ(M[4].str().size() + 1, std::stoul(M[2].str())) << "caret under the column";
  EXPECT_NE(R.Output.find(": note: thread started here"), std::string::npos) << R.Output;
  EXPECT_NE(R.Output.find("no mutex is held"), std::string::npos);
}

TEST(Cli, CleanFileExitsZeroAndPrintsNothing) {
  CommandResult R = racecheckOn(kClean + kFlags);
  EXPECT_EQ(R.ExitCode, 0);
  EXPECT_EQ(R.Output, "");
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(racecheckOn("/no/such/file.cpp" + kFlags).ExitCode, 2);
  EXPECT_EQ(racecheckOn("--no-such-flag " + kBuggy + kFlags).ExitCode, 2);
  EXPECT_EQ(racecheckOn("--format=xml " + kBuggy + kFlags).ExitCode, 2);
  EXPECT_EQ(racecheckOn("--checks=-* " + kBuggy + kFlags).ExitCode, 2);
  EXPECT_EQ(racecheckOn("-p /no/such/build/dir " + kBuggy).ExitCode, 2);
}

TEST(Cli, UnparsableFileExitsThreeAndOthersAreStillAnalysed) {
  std::string Broken = tempFile("broken.cpp", "int main() { return undeclared_name; }\n");
  CommandResult R = racecheckOn("--format json " + Broken + " " + kBuggy + kFlags);
  EXPECT_EQ(R.ExitCode, 3);
  llvm::json::Object Root = parseObject(R.Output);
  ASSERT_NE(Root.getArray("errors"), nullptr);
  ASSERT_EQ(Root.getArray("errors")->size(), 1u) << R.Output;
  auto Message = (*Root.getArray("errors"))[0].getAsObject()->getString("message");
  ASSERT_TRUE(Message);
  EXPECT_NE(Message->find("could not be parsed"), llvm::StringRef::npos);
  EXPECT_GE(Root.getArray("findings")->size(), 1u) << "the good file is still reported";
}

TEST(Cli, JsonHasTheAgreedShape) {
  CommandResult R = racecheckOn("--format json --source-root " + std::string(FIXTURES_DIR) + " " +
                                kBuggy + kFlags);
  EXPECT_EQ(R.ExitCode, 1);
  llvm::json::Object Root = parseObject(R.Output);
  const llvm::json::Array *Findings = Root.getArray("findings");
  ASSERT_TRUE(Findings && Findings->size() == 1) << R.Output;
  const llvm::json::Object *F = (*Findings)[0].getAsObject();
  EXPECT_EQ(F->getString("rule"), llvm::StringRef("racecheck-unsynchronized-write"));
  EXPECT_EQ(F->getString("file"), llvm::StringRef("unsynchronized-write/lost_update_plain_int.cpp"));
  EXPECT_TRUE(F->getInteger("line") && F->getInteger("column") && F->getString("message"));
  ASSERT_NE(F->getArray("notes"), nullptr);
  EXPECT_GE(F->getArray("notes")->size(), 1u);
  EXPECT_NE(Root.getArray("errors"), nullptr);
}

TEST(Cli, SarifNamesTheToolRulesAndResults) {
  CommandResult R = racecheckOn("--format sarif " + kBuggy + kFlags);
  llvm::json::Object Root = parseObject(R.Output);
  EXPECT_EQ(Root.getString("version"), llvm::StringRef("2.1.0"));
  EXPECT_TRUE(Root.getString("$schema"));
  const llvm::json::Object *Run = (*Root.getArray("runs"))[0].getAsObject();
  const llvm::json::Object *Driver = Run->getObject("tool")->getObject("driver");
  EXPECT_EQ(Driver->getString("name"), llvm::StringRef("racecheck"));
  std::set<std::string> Ids, Listed;  // SARIF's rules and --list-checks' ones
  std::istringstream List(racecheckOn("--list-checks").Output);
  for (std::string Line; std::getline(List, Line);)
    if (Line.rfind("racecheck-", 0) == 0)
      Listed.insert(Line);
  for (const auto &Rule : *Driver->getArray("rules")) {
    const auto *O = Rule.getAsObject();
    Ids.insert(O->getString("id")->str());
    EXPECT_TRUE(O->getString("id") && O->getObject("shortDescription") &&
                O->getObject("fullDescription") && O->getObject("help"));
  }
  EXPECT_EQ(Ids, Listed);
  EXPECT_EQ(Ids.count("racecheck-unused-nolint"), 1u);
  const llvm::json::Array *Results = Run->getArray("results");
  ASSERT_EQ(Results->size(), 1u);
  const auto *Result = (*Results)[0].getAsObject();
  EXPECT_EQ(Result->getString("ruleId"), llvm::StringRef("racecheck-unsynchronized-write"));
  const auto *Region = (*Result->getArray("locations"))[0]
                           .getAsObject()
                           ->getObject("physicalLocation")
                           ->getObject("region");
  EXPECT_TRUE(Region->getInteger("startLine") && Region->getInteger("startColumn"));
  EXPECT_TRUE(Result->getObject("partialFingerprints"));
}

TEST(Cli, ListChecksNamesEveryRule) {
  CommandResult R = racecheckOn("--list-checks");
  EXPECT_EQ(R.ExitCode, 0);
  for (const char *Id : {"racecheck-unsynchronized-write", "racecheck-inconsistent-locking",
                         "racecheck-check-then-act", "racecheck-non-atomic-rmw"})
    EXPECT_NE(R.Output.find(Id), std::string::npos) << Id;
}

TEST(Cli, DocsIndexIsGeneratedFromTheRegistry) {
  CommandResult R = racecheckOn("--list-checks --format=markdown");
  std::ifstream In(std::string(SOURCE_DIR) + "/docs/checks/README.md");
  std::string Committed((std::istreambuf_iterator<char>(In)), std::istreambuf_iterator<char>());
  EXPECT_EQ(R.Output, Committed)
      << "regenerate: racecheck --list-checks --format=markdown > docs/checks/README.md";
}

TEST(Cli, ChecksFilterAndExitZero) {
  EXPECT_EQ(racecheckOn("--checks=-*,racecheck-check-then-act " + kBuggy + kFlags).ExitCode, 0);
  EXPECT_EQ(racecheckOn("--checks=-racecheck-check-then-act " + kBuggy + kFlags).ExitCode, 1);
  CommandResult R = racecheckOn("--exit-zero " + kBuggy + kFlags);
  EXPECT_EQ(R.ExitCode, 0);
  EXPECT_NE(R.Output.find("warning:"), std::string::npos);
}

TEST(Cli, BaselineHidesExistingFindings) {
  std::string Baseline = tempDir() + "/racecheck-baseline.json";
  EXPECT_EQ(racecheckOn("--export-baseline " + Baseline + " " + kBuggy + kFlags).ExitCode, 1);
  EXPECT_EQ(racecheckOn("--baseline " + Baseline + " " + kBuggy + kFlags).ExitCode, 0);
  EXPECT_EQ(racecheckOn("--baseline /no/such/baseline.json " + kBuggy + kFlags).ExitCode, 2);
}

TEST(Cli, ReadsACompilationDatabase) {
  std::string Dir = tempDir();
  std::ofstream(Dir + "/compile_commands.json")
      << "[{\"directory\": \"" << FIXTURES_DIR << "\", \"file\": \"" << kBuggy
      << "\", \"command\": \"c++ -std=c++20 -pthread -c " << kBuggy << "\"}]";
  CommandResult R = racecheckOn("-p " + Dir + " --format json " + kBuggy);
  EXPECT_EQ(R.ExitCode, 1) << R.Output;
  EXPECT_EQ(racecheckOn("-p " + Dir).ExitCode, 1) << "no files: every file of the database";
}

TEST(Cli, ParallelJobsReportTheSameFindings) {
  std::string Files = kBuggy + " " + kClean + " " + std::string(FIXTURES_DIR) +
                      "/non-atomic-rmw/store_of_load.cpp";
  CommandResult One = racecheckOn("--format json -j 1 " + Files + kFlags);
  CommandResult Two = racecheckOn("--format json -j 2 " + Files + kFlags);
  EXPECT_EQ(One.ExitCode, 1);
  EXPECT_EQ(One.Output, Two.Output);
}

// Build systems like plain make (recorded by bear) write relative files and -I flags, each
// resolved in the command's "directory". Parallel workers must not resolve them in each
// other's folders (a process-wide chdir would): every file parses, every run, with -j 2.
TEST(Cli, ParallelJobsResolveRelativePathsInTheirOwnDirectory) {
  std::string Dir = tempDir();
  std::string Db = "[";
  for (const std::string Sub : {"a", "b", "c", "d"}) {
    std::filesystem::create_directories(Dir + "/" + Sub);
    std::ofstream(Dir + "/" + Sub + "/only_in_" + Sub + ".h") << "static int value_" << Sub << ";\n";
    for (int I = 1; I <= 4; ++I) {
      std::string File = "f" + std::to_string(I) + ".c";
      std::ofstream(Dir + "/" + Sub + "/" + File)
          << "#include \"only_in_" << Sub << ".h\"\nint get" << I << "(void) { return value_" << Sub << "; }\n";
      Db += std::string(Db.size() > 1 ? "," : "") + "{\"directory\": \"" + Dir + "/" + Sub + "\", \"file\": \"" + File +
            "\", \"arguments\": [\"cc\", \"-I.\", \"-c\", \"" + File + "\"]}";
    }
  }
  std::ofstream(Dir + "/compile_commands.json") << Db << "]";
  for (int Run = 0; Run < 4; ++Run) {
    CommandResult R = runCommand(racecheck() + " -p " + Dir + " -j 2 2>&1");
    ASSERT_EQ(R.ExitCode, 0) << "run " << Run << ":\n" << R.Output;
  }
}

// A relative "file" is found in the command's directory; the finding's path must name that
// file too (not the same name under the folder racecheck was started in), or it is dropped as
// outside the files analysed.
TEST(Cli, RelativeFileInCompileCommandKeepsItsFindingsFromAnotherFolder) {
  std::string Dir = tempDir();
  std::filesystem::create_directories(Dir + "/src");
  std::ofstream(Dir + "/src/race.c") << R"(#include <pthread.h>
static int counter;
static void *work(void *arg) { (void)arg; counter += 1; return 0; }
int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, work, 0);
  pthread_create(&b, 0, work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return counter;
}
)";
  std::ofstream(Dir + "/compile_commands.json")
      << "[{\"directory\": \"" << Dir << "/src\", \"file\": \"race.c\", "
      << "\"arguments\": [\"cc\", \"-c\", \"race.c\"]}]";
  CommandResult R = runCommand("cd / && " + racecheck() + " -p " + Dir + " 2>&1");
  EXPECT_EQ(R.ExitCode, 1) << R.Output;
  EXPECT_NE(R.Output.find("race.c:3:"), std::string::npos) << R.Output;
}

TEST(Cli, NolintSuppressesAndIsCountedOnStderr) {
  std::string Source = tempFile("nolint.cpp", R"(#include <thread>
int counter = 0;
void work() { counter = counter + 1; }  // NOLINT(racecheck-unsynchronized-write)
int main() { std::thread a(work), b(work); a.join(); b.join(); }
)");
  CommandResult R = runCommand(racecheck() + " " + Source + kFlags + " 2>&1");
  EXPECT_EQ(R.ExitCode, 0) << R.Output;
  EXPECT_NE(R.Output.find("1 by NOLINT"), std::string::npos) << R.Output;
}

TEST(Cli, ConfigFileNamesThreadApis) {
  std::string Dir = tempDir();
  std::string Source = Dir + "/pool_user.cpp";
  std::ofstream(Source) << R"(#include <functional>
struct Pool {
  void submit(std::function<void()> job);
};
int jobs_done = 0;
void run(Pool &pool) {
  pool.submit([] { jobs_done++; });
}
)";
  EXPECT_EQ(racecheckOn(Source + kFlags).ExitCode, 0) << "unknown API: not a thread";
  std::ofstream(Dir + "/.racecheck.yaml") << "ThreadApis:\n"
                                             "  - Name: 'Pool::submit'\n"
                                             "    Repeated: true\n";
  CommandResult R = racecheckOn(Source + kFlags);
  EXPECT_EQ(R.ExitCode, 1) << R.Output;
  EXPECT_NE(R.Output.find("pool_user.cpp:7:20: warning"), std::string::npos) << R.Output;
  std::ofstream(Dir + "/bad.yaml") << "ThreadApis: [ {Name: 3, Bogus: true} ]\n";
  EXPECT_EQ(racecheckOn("--config-file " + Dir + "/bad.yaml " + Source + kFlags).ExitCode, 2);
  std::ofstream(Dir + "/only-rmw.yaml") << "Checks: '-*,racecheck-non-atomic-rmw'\n";
  EXPECT_EQ(racecheckOn("--config-file " + Dir + "/only-rmw.yaml " + Source + kFlags).ExitCode, 0);
}

TEST(Cli, ConfigFileNamesAsyncLockMethods) {
  std::string Dir = tempDir();
  std::string Source = Dir + "/turnstile.cpp";
  std::ofstream(Source) << R"(#include <coroutine>
struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
struct Turnstile {
  struct Pass { Turnstile *t; ~Pass() { t->busy = false; } };
  struct Entry {
    Turnstile *t;
    bool await_ready() const noexcept { return true; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    Pass await_resume() const noexcept { t->busy = true; return Pass{t}; }
  };
  Entry enter() { return Entry{this}; }
  bool busy = false;
};
Turnstile gate;
long seats = 1;
Task take_seat() {
  auto pass = co_await gate.enter();
  if (seats > 0) {
    co_await std::suspend_always{};
    seats -= 1;
  }
}
)";
  CommandResult Unknown = racecheckOn(Source + kFlags);
  EXPECT_EQ(Unknown.ExitCode, 1) << "enter() is no lock by name: " << Unknown.Output;
  EXPECT_NE(Unknown.Output.find("turnstile.cpp:28:5: warning"), std::string::npos)
      << Unknown.Output;
  std::ofstream(Dir + "/.racecheck.yaml") << "AsyncLockMethods: ['Turnstile::enter']\n";
  CommandResult Known = racecheckOn(Source + kFlags);
  EXPECT_EQ(Known.ExitCode, 0) << Known.Output;
}

TEST(Cli, ReportsUnusedNolintOnlyWhenAsked) {
  std::string Source = tempFile("stale.cpp", R"(#include <thread>
int counter = 0;
int level = 0;
void work() { counter = counter + 1; }  // NOLINT(racecheck-unsynchronized-write)
// NOLINTNEXTLINE(racecheck-check-then-act)
void idle() { level = 0; }  // NOLINT
int main() { std::thread a(work), b(work); a.join(); b.join(); idle(); }
)");
  EXPECT_EQ(racecheckOn(Source + kFlags).ExitCode, 0) << "off by default";
  CommandResult R =
      racecheckOn("--report-unused-nolint --format json " + Source + kFlags);
  EXPECT_EQ(R.ExitCode, 1) << R.Output;
  llvm::json::Object Root = parseObject(R.Output);
  const llvm::json::Array *Findings = Root.getArray("findings");
  ASSERT_NE(Findings, nullptr) << R.Output;
  ASSERT_EQ(Findings->size(), 1u) << "only the stale NOLINTNEXTLINE: " << R.Output;
  const llvm::json::Object *F = (*Findings)[0].getAsObject();
  EXPECT_EQ(F->getString("rule")->str(), "racecheck-unused-nolint");
  EXPECT_EQ(*F->getInteger("line"), 5);
  CommandResult Other = racecheckOn("--report-unused-nolint --checks=-*,racecheck-non-atomic-rmw " +
                                    Source + kFlags);
  EXPECT_EQ(Other.ExitCode, 0) << "comments for rules not run are left alone: " << Other.Output;
}

TEST(Cli, ConfigFileInheritsItsParentsWhenAsked) {
  std::string Dir = tempDir();
  std::filesystem::create_directories(Dir + "/sub");
  std::string Source = Dir + "/sub/pool_user.cpp";
  std::ofstream(Source) << R"(#include <functional>
struct Pool {
  void submit(std::function<void()> job);
};
int jobs_done = 0;
void run(Pool &pool) {
  pool.submit([] { jobs_done++; });
}
)";
  std::ofstream(Dir + "/.racecheck.yaml") << "Checks: '-*,racecheck-non-atomic-rmw'\n"
                                             "ThreadApis:\n"
                                             "  - Name: 'Pool::submit'\n"
                                             "    Repeated: true\n";
  std::ofstream(Dir + "/sub/.racecheck.yaml") << "Checks: 'racecheck-unsynchronized-write'\n";
  EXPECT_EQ(racecheckOn(Source + kFlags).ExitCode, 0) << "the nearest file alone: no Pool API";
  std::ofstream(Dir + "/sub/.racecheck.yaml") << "Checks: 'racecheck-unsynchronized-write'\n"
                                                 "InheritParentConfig: true\n";
  CommandResult R = racecheckOn(Source + kFlags);
  EXPECT_EQ(R.ExitCode, 1) << R.Output;
  EXPECT_NE(R.Output.find("pool_user.cpp:7:20: warning"), std::string::npos) << R.Output;
  std::ofstream(Dir + "/sub/.racecheck.yaml") << "Checks: '-racecheck-unsynchronized-write'\n"
                                                 "InheritParentConfig: true\n";
  EXPECT_EQ(racecheckOn(Source + kFlags).ExitCode, 0) << "the child's globs come last and win";
}

// A C library with no threads of its own: its API is called from the clients' threads.
const char *kCLibrary = R"(#include <pthread.h>
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int hits;
static int plain;
void api_hit(void) { pthread_mutex_lock(&mu); hits++; pthread_mutex_unlock(&mu); }
int api_peek(void) { return hits; }
void api_reset(void) { hits = 0; }
void api_plain(void) { plain++; }
)";
// The same functions with a `main`: a program, where only configuration makes entry points
// (without one, a library taking a global mutex has them by default).
const std::string kCProgram = std::string(kCLibrary) + "int main(void) { return 0; }\n";

TEST(Cli, ConfigFileNamesEntryPoints) {
  std::string Dir = tempDir();
  std::string Source = Dir + "/api.c";
  std::ofstream(Source) << kCProgram;
  const std::string CFlags = " -- -std=gnu11 -pthread";
  EXPECT_EQ(racecheckOn(Source + CFlags).ExitCode, 0) << "no thread, no entry point: silent";
  std::ofstream(Dir + "/.racecheck.yaml") << "EntryPoints: ['api_*']\n";
  CommandResult R = racecheckOn(Source + CFlags);
  EXPECT_EQ(R.ExitCode, 1) << R.Output;
  EXPECT_NE(R.Output.find("api.c:6:29: warning"), std::string::npos) << R.Output;
  EXPECT_NE(R.Output.find("api.c:7:24: warning"), std::string::npos) << R.Output;
  EXPECT_NE(R.Output.find("a client thread calling the library's entry points"),
            std::string::npos) << R.Output;
  // `plain` is never locked anywhere: nothing says it is meant to be shared (RacerD's policy).
  EXPECT_EQ(R.Output.find("api.c:8:"), std::string::npos) << R.Output;
  // Only the readers are entry points: the locked writer is not called concurrently.
  std::ofstream(Dir + "/.racecheck.yaml") << "EntryPoints: ['api_peek', 'api_plain']\n";
  EXPECT_EQ(racecheckOn(Source + CFlags).ExitCode, 0);
  std::ofstream(Dir + "/.racecheck.yaml") << "EntryPoints: 3\n";
  EXPECT_EQ(racecheckOn(Source + CFlags).ExitCode, 2) << "not a list";
}

TEST(Cli, LibraryFlagMakesEveryExternalFunctionAnEntryPoint) {
  std::string Dir = tempDir();
  std::string Source = Dir + "/api.c";
  std::ofstream(Source) << kCProgram;
  const std::string CFlags = " -- -std=gnu11 -pthread";
  EXPECT_EQ(racecheckOn(Source + CFlags).ExitCode, 0);
  CommandResult R = racecheckOn("--library " + Source + CFlags);
  EXPECT_EQ(R.ExitCode, 1) << R.Output;
  EXPECT_NE(R.Output.find("api.c:6:29: warning"), std::string::npos) << R.Output;
  EXPECT_NE(R.Output.find("api.c:7:24: warning"), std::string::npos) << R.Output;
  EXPECT_EQ(R.Output.find("api.c:8:"), std::string::npos) << R.Output;
}

// Without `main` the functions are a library's, and one takes a global mutex: every function
// called without an object is an entry point, with no configuration.
TEST(Cli, LibraryTakingAGlobalMutexHasEntryPointsByDefault) {
  std::string Dir = tempDir();
  std::string Source = Dir + "/api.c";
  std::ofstream(Source) << kCLibrary;
  CommandResult R = racecheckOn(Source + " -- -std=gnu11 -pthread");
  EXPECT_EQ(R.ExitCode, 1) << R.Output;
  EXPECT_NE(R.Output.find("api.c:6:29: warning"), std::string::npos) << R.Output;
  EXPECT_NE(R.Output.find("api.c:7:24: warning"), std::string::npos) << R.Output;
  EXPECT_EQ(R.Output.find("api.c:8:"), std::string::npos) << R.Output;
}

// A mutex of a class private to its unit is keyed by the unit's file name, which may hold dots
// (a versioned folder): the message still names it as the code does.
TEST(Cli, LockNamesSurviveDotsInTheFolderName) {
  std::string Dir = tempDir() + "/lib-1.2.3";
  std::filesystem::create_directories(Dir);
  std::string Source = Dir + "/counter.cpp";
  std::ofstream(Source) << "#include <mutex>\n"
                           "namespace {\n"
                           "class Counter {\n"
                           " public:\n"
                           "  void add() { std::lock_guard<std::mutex> g(mu_); n_++; }\n"
                           "  int peek() { return n_; }\n"
                           " private:\n"
                           "  std::mutex mu_;\n"
                           "  int n_ = 0;\n"
                           "};\n"
                           "}  // namespace\n"
                           "int use() { Counter c; c.add(); return c.peek(); }\n";
  CommandResult R = racecheckOn(Source + kFlags);
  EXPECT_EQ(R.ExitCode, 1) << R.Output;
  EXPECT_NE(R.Output.find("written under 'this->mu_'"), std::string::npos) << R.Output;
  EXPECT_EQ(R.Output.find("counter.cpp|"), std::string::npos) << R.Output;
}

TEST(Cli, HeaderFindingsUnderTheProjectFolderByDefault) {
  std::string Dir = tempDir();
  std::filesystem::create_directories(Dir + "/include");
  std::filesystem::create_directories(Dir + "/vendor");
  std::filesystem::create_directories(Dir + "/tests");
  const char *Header = R"(#pragma once
#include <mutex>
class NAME {
 public:
  void add() { std::lock_guard<std::mutex> l(mu_); ++n_; }
  int get() const { return n_; }
 private:
  mutable std::mutex mu_;
  int n_ = 0;
};
)";
  auto Write = [&](const std::string &Path, const std::string &Class) {
    std::string Text = Header;
    Text.replace(Text.find("NAME"), 4, Class);
    std::ofstream(Dir + Path) << Text;
  };
  Write("/include/own.hpp", "Own");
  Write("/vendor/theirs.hpp", "Theirs");
  std::ofstream(Dir + "/use.cpp") << "#include \"include/own.hpp\"\n#include \"vendor/theirs.hpp\"\n";
  CommandResult R = racecheckOn(Dir + "/use.cpp" + kFlags);
  EXPECT_EQ(R.ExitCode, 1) << R.Output;
  EXPECT_NE(R.Output.find("own.hpp:6:"), std::string::npos) << R.Output;
  EXPECT_EQ(R.Output.find("theirs.hpp"), std::string::npos) << "third-party folder: " << R.Output;
  // A unit in a sibling folder: the header is outside the analysed files' folder...
  std::ofstream(Dir + "/tests/t.cpp") << "#include \"../include/own.hpp\"\n";
  EXPECT_EQ(racecheckOn(Dir + "/tests/t.cpp" + kFlags).ExitCode, 0);
  // ... unless --source-root names the project, or --header-filter the header.
  EXPECT_EQ(racecheckOn("--source-root " + Dir + " " + Dir + "/tests/t.cpp" + kFlags).ExitCode, 1);
  EXPECT_EQ(racecheckOn("--header-filter 'own\\.hpp$' " + Dir + "/tests/t.cpp" + kFlags).ExitCode,
            1);
  // An explicit --header-filter replaces the default.
  CommandResult Only = racecheckOn("--header-filter theirs " + Dir + "/use.cpp" + kFlags);
  EXPECT_EQ(Only.Output.find("own.hpp"), std::string::npos) << Only.Output;
  EXPECT_NE(Only.Output.find("theirs.hpp:6:"), std::string::npos) << Only.Output;
}

}  // namespace
