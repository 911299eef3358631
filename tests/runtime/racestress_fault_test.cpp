// Fault injection: variants whose processes kill themselves, run out of memory, block in the
// kernel, write without end, or fork and leave the copy running (scenario "fault" of
// racestress_fixture). Each gets a verdict of its own with its seed, and the variant after them
// in the same run still runs and reports.
#include <dirent.h>

#include <fstream>
#include <map>
#include <string>

#include "run_racestress.h"

namespace racestress {
namespace {

#if defined(__SANITIZE_THREAD__)
constexpr bool kTsanBuild = true;
#else
constexpr bool kTsanBuild = false;
#endif

// Processes whose command line mentions `text`.
int processes_mentioning(const std::string& text) {
  int count = 0;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return 0;
  while (dirent* e = readdir(proc)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    std::ifstream in(std::string("/proc/") + e->d_name + "/cmdline");
    const std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmdline.find(text) != std::string::npos) ++count;
  }
  closedir(proc);
  return count;
}

TEST(RacestressFaults, EachFaultGetsItsVerdictAndTheRestOfTheRunGoesOn) {
  // Under TSan a process starts larger and allocates more slowly.
  const Ran r = run_racestress(RACESTRESS_FIXTURE_BIN,
                               {"run", "fault", "lost_update/atomic", "--iterations", "3", "--seed", "7",
                                "--run-timeout", kTsanBuild ? "4" : "1.5", "--variant-timeout", "60",
                                "--variant-memory-limit", kTsanBuild ? "384" : "64", "--variant-output-limit", "1",
                                "--format", "json", "--no-checker"});
  EXPECT_EQ(r.code, 1) << "the faults are declared to pass, so the run's verdict is 'invariant': " << r.err;
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 6U) << r.out << r.err;
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& j : lines) by_name[j["scenario"].get<std::string>() + "/" + j["variant"].get<std::string>()] = j;
  auto verdict = [&](const std::string& name) { return by_name[name]["verdict"].get<std::string>(); };
  auto note = [&](const std::string& name) { return by_name[name].value("harness_note", std::string()); };
  for (const auto& [name, j] : by_name) EXPECT_EQ(j["seed"].get<long long>(), 7) << name;

  EXPECT_EQ(verdict("fault/sigkill"), "crash");
  EXPECT_NE(note("fault/sigkill").find("killed with SIGKILL"), std::string::npos) << note("fault/sigkill");
  EXPECT_NE(note("fault/sigkill").find("(seed 7)"), std::string::npos) << note("fault/sigkill");

  if (kTsanBuild) {
    // racestress watches the resident memory and kills the process.
    EXPECT_EQ(verdict("fault/out_of_memory"), "crash");
    EXPECT_NE(note("fault/out_of_memory").find("passed its memory limit of 384 MiB resident"), std::string::npos)
        << note("fault/out_of_memory");
    EXPECT_NE(note("fault/out_of_memory").find("(seed 7)"), std::string::npos);
  } else {
    // RLIMIT_AS: the allocation fails in the actor, and the run says so.
    EXPECT_EQ(verdict("fault/out_of_memory"), "fail");
    const std::string message = by_name["fault/out_of_memory"]["first_failure"]["message"].get<std::string>();
    EXPECT_NE(message.find("A threw: std::bad_alloc"), std::string::npos) << message;
  }

  EXPECT_EQ(verdict("fault/blocked_read"), "deadlock");
  EXPECT_NE(by_name["fault/blocked_read"]["first_failure"]["message"].get<std::string>().find("before the read"),
            std::string::npos);

  EXPECT_EQ(verdict("fault/endless_output"), "crash");
  EXPECT_NE(note("fault/endless_output").find("more than its output limit of 1 MiB"), std::string::npos)
      << note("fault/endless_output");
  EXPECT_NE(note("fault/endless_output").find("(seed 7)"), std::string::npos);

  EXPECT_EQ(verdict("fault/fork"), "error");
  EXPECT_NE(note("fault/fork").find("left 1 process(es) of its own running"), std::string::npos) << note("fault/fork");
  EXPECT_NE(note("fault/fork").find("(seed 7)"), std::string::npos);
  EXPECT_EQ(processes_mentioning("fault/fork"), 0) << "the fork's copy outlived racestress";

  EXPECT_EQ(verdict("lost_update/atomic"), "pass");
  EXPECT_EQ(by_name["lost_update/atomic"]["runs"].get<long long>(), 3);
}

TEST(RacestressFaults, LimitsAreCheckedOnTheCommandLine) {
  for (const char* option : {"--variant-memory-limit", "--variant-output-limit"}) {
    for (const char* value : {"-1", "x", "99999999999999999999"}) {
      const Ran r = run_racestress(RACESTRESS_FIXTURE_BIN, {"run", "fault/fork", option, value, "--no-checker"});
      EXPECT_EQ(r.code, 2) << option << " " << value;
      EXPECT_NE(r.err.find("a number of MiB (0 for no limit)"), std::string::npos) << r.err;
    }
  }
}

}  // namespace
}  // namespace racestress
