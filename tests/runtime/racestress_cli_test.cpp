// racestress as a user runs it: the real binary, its output and its exit codes.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "child_process.h"
#include "run_racestress.h"

namespace racestress {
namespace {

#if defined(__SANITIZE_THREAD__)
constexpr bool kTsanBuild = true;
#else
constexpr bool kTsanBuild = false;
#endif

Ran racestress(const std::vector<std::string>& args, const char* binary = RACESTRESS_BIN) {
  return run_racestress(binary, args);
}

TEST(Racestress, ListsTheCatalogue) {
  const Ran r = racestress({"list"});
  EXPECT_EQ(r.code, 0) << r.err;
  for (const char* name : {"lost_update/buggy", "lost_update/mutex", "lost_update/atomic ",
                           "lost_update/atomic_load_store"}) {
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
  }
}

TEST(Racestress, ListsScenarioNames) {
  const Ran r = racestress({"list", "--scenarios"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("lost_update\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("lost_update/"), std::string::npos) << r.out;
}

TEST(Racestress, RunsAScenarioAndPrintsTheStepTableAndTheComparison) {
  const Ran r = racestress({"run", "lost_update/buggy", "lost_update/mutex",
                            "lost_update/atomic", "lost_update/atomic_load_store", "--iterations", "300", "--no-checker"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("A: read counter -> "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("B: read counter -> "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("replay it: racestress replay lost_update/buggy --schedule "), std::string::npos);
  EXPECT_NE(r.out.find("variant"), std::string::npos);
  EXPECT_NE(r.out.find("as declared"), std::string::npos);
  EXPECT_EQ(r.out.find("NO ("), std::string::npos) << r.out;
}

TEST(Racestress, JsonLinesHaveTheDocumentedKeys) {
  const Ran r = racestress({"run", "lost_update/buggy", "lost_update/mutex",
                            "lost_update/atomic", "lost_update/atomic_load_store", "--iterations", "200", "--seed", "3", "--format", "json",
                            "--no-checker"});
  EXPECT_EQ(r.code, 0) << r.err;
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 4U) << r.out;
  for (const auto& j : lines) {
    for (const char* key : {"scenario", "variant", "expected", "verdict", "runs", "failing_runs", "seed", "tsan",
                            "checker", "checker_expected"}) {
      EXPECT_TRUE(j.contains(key)) << key;
    }
    EXPECT_EQ(j["scenario"].get<std::string>(), "lost_update");
    EXPECT_EQ(j["runs"].get<long long>(), 200);
    EXPECT_EQ(j["seed"].get<long long>(), 3);
    EXPECT_EQ(j["verdict"].get<std::string>(), j["expected"].get<std::string>()) << j["variant"].get<std::string>();
    EXPECT_EQ(j["checker"].get<std::string>(), "not-run");
  }
}

TEST(Racestress, ThePrintedScheduleReplaysTheFailure) {
  const Ran r = racestress({"run", "lost_update/buggy", "--format", "json", "--no-checker"});
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 1U);
  const std::string schedule = lines[0]["first_failure"]["schedule"].get<std::string>();
  ASSERT_FALSE(schedule.empty());
  const Ran replay = racestress({"replay", "lost_update/buggy", "--schedule", schedule, "--repeat", "50"});
  // In-process, so in the tsan build TSan's own exit code (66) wins.
  EXPECT_EQ(replay.code, kTsanBuild ? 66 : 1) << "the invariant broke again";
  EXPECT_NE(replay.out.find("the invariant broke"), std::string::npos);
  EXPECT_NE(replay.out.find("50/50 replays gave the same outcome and interleaving"), std::string::npos) << replay.out;
}

TEST(Racestress, UsageErrorsExitTwoWithOneLine) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"run", "no_such_scenario"},
           {"run", "lost_update/buggy", "--bogus", "1"},
           {"run", "lost_update/buggy", "--iterations", "x"},
           {"explode"}, {}}) {
    const Ran r = racestress(args);
    EXPECT_EQ(r.code, 2) << (args.empty() ? "(no args)" : args[0]);
    EXPECT_EQ(r.err.rfind("racestress: ", 0), 0U) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
  }
}

TEST(Racestress, AFailVariantThatNeverFailsExitsOne) {
  const Ran r = racestress({"run", "lost_update/buggy", "--increments", "0", "--no-checker"});
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("NO (harness"), std::string::npos) << r.out;
  const Ran fixture = racestress({"run", "selftest/never_fails", "--no-checker"}, RACESTRESS_FIXTURE_BIN);
  EXPECT_EQ(fixture.code, 1) << fixture.out;
}

TEST(Racestress, ACrashIsReportedAndTheOtherVariantsStillRun) {
  const Ran r = racestress({"run", "selftest/crash", "lost_update/atomic", "--iterations", "100", "--format", "json",
                            "--no-checker"},
                           RACESTRESS_FIXTURE_BIN);
  EXPECT_EQ(r.code, 1);
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 2U) << r.out;
  EXPECT_EQ(lines[0]["verdict"].get<std::string>(), "crash");
  // Plain build: the signal; TSan build: TSan's own SEGV report.
  EXPECT_NE(lines[0]["harness_note"].get<std::string>().find("SEGV"), std::string::npos) << lines[0]["harness_note"].get<std::string>();
  EXPECT_NE(lines[0]["harness_note"].get<std::string>().find("seed 1"), std::string::npos);
  if (!kTsanBuild) {  // under TSan, TSan's own SEGV handler reports the crash instead
    EXPECT_NE(lines[0]["harness_note"].get<std::string>().find("in run 1 (run seed "), std::string::npos)
        << lines[0]["harness_note"].get<std::string>();
    EXPECT_NE(lines[0]["harness_note"].get<std::string>().find("racestress replay selftest/crash --seed "), std::string::npos);
  }
  EXPECT_EQ(lines[1]["verdict"].get<std::string>(), "pass");
}

TEST(Racestress, AWedgedRunIsADeadlockVerdictNotAHungJob) {
  const Ran r = racestress({"run", "selftest/hang", "--run-timeout", "0.3", "--format", "json", "--no-checker"},
                           RACESTRESS_FIXTURE_BIN);
  EXPECT_EQ(r.code, 0) << "declared to fail, and a deadlock is a failure: " << r.out << r.err;
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0]["verdict"].get<std::string>(), "deadlock");
  EXPECT_NE(lines[0]["first_failure"]["message"].get<std::string>().find("before the endless wait"), std::string::npos);
}

TEST(Racestress, AVariantThatOutlivesItsTimeoutExits124) {
  const Ran r = racestress({"run", "lost_update/mutex", "--iterations", "1000000000", "--variant-timeout", "0.5",
                            "--no-checker"});
  EXPECT_EQ(r.code, 124) << r.out;
  EXPECT_NE(r.out.find("timeout"), std::string::npos);
}

TEST(Racestress, TheTimeBudgetEndsABatchEarly) {
  const Ran r = racestress({"run", "lost_update/buggy", "lost_update/mutex",
                            "lost_update/atomic", "lost_update/atomic_load_store", "--iterations", "1000000000", "--time-budget", "1", "--format",
                            "json", "--no-checker"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  for (const auto& j : json_lines(r.out)) {
    EXPECT_GT(j["runs"].get<long long>(), 0);
    EXPECT_LT(j["runs"].get<long long>(), 1000000000);
  }
}

TEST(Racestress, WritesJUnit) {
  const std::string dir = make_temp_dir("racestress-junit");
  const std::string path = dir + "/out.xml";
  const Ran r = racestress({"run", "lost_update/buggy", "lost_update/mutex",
                            "lost_update/atomic", "lost_update/atomic_load_store", "--iterations", "100", "--junit", path, "--no-checker"});
  EXPECT_EQ(r.code, 0);
  std::ifstream in(path);
  std::stringstream xml;
  xml << in.rdbuf();
  remove_tree(dir);
  EXPECT_NE(xml.str().find("<testsuites name=\"racestress\" tests=\"4\" failures=\"0\""), std::string::npos)
      << xml.str();
  EXPECT_NE(xml.str().find("<testcase classname=\"lost_update\" name=\"atomic_load_store\""), std::string::npos);
}

TEST(Racestress, WithoutRacecheckTheCheckerColumnIsNotRun) {
  const Ran r = racestress({"run", "lost_update/atomic", "--iterations", "10", "--racecheck", "/nonexistent/racecheck",
                            "--format", "json"});
  EXPECT_EQ(r.code, 0);
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0]["checker"].get<std::string>(), "not-run");
  EXPECT_NE(lines[0]["checker_note"].get<std::string>().find("not found"), std::string::npos);
}

}  // namespace
}  // namespace racestress
