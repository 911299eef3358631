// docs/bad-input.md, racestress's rows: each bad input, its exit code and its message. Replay
// and play run in this process, so their rows use a race-free variant (under TSan, a race's exit code 66
// would come first).
#include <string>
#include <vector>

#include "run_racestress.h"

namespace racestress {
namespace {

struct Row {
  std::vector<std::string> args;
  int code;
  std::string message;  // a part of stderr
};

TEST(RacestressBadInput, EachRowOfTheTable) {
  const std::string dir = make_temp_dir("racestress-bad-input");
  const std::vector<Row> rows = {
      {{"run", "no_such_scenario"}, 2, "no scenario or variant named 'no_such_scenario'"},
      {{"replay", "lost_update/mutex", "--schedule", "AC"}, 2, "decision 2 of the schedule picks C, but only A, B could run"},
      {{"replay", "lost_update/mutex", "--schedule", ""}, 2, "--schedule: the schedule is empty"},
      {{"replay", "lost_update/mutex", "--schedule", "A?"}, 2, "is not a schedule string"},
      {{"play", "lost_update/mutex", "--steps", ""}, 2, "--steps: no steps given"},
      {{"play", "lost_update/mutex", "--steps", "Q.read"}, 2, "there is no actor Q"},
      {{"run", "lost_update/buggy", "--time-budget", "-1"}, 2, "--time-budget: needs a positive number of seconds"},
      {{"run", "lost_update/buggy", "--time-budget", "1e308"}, 2, "at most 1e300, got '1e308'"},
      {{"run", "lost_update/buggy", "--iterations", "-5"}, 2, "--iterations: needs a positive integer, got '-5'"},
      {{"run", "lost_update/buggy", "--iterations", "99999999999999999999"}, 2, "needs a positive integer"},
      {{"run", "lost_update/buggy", "--seed", "-1"}, 2, "--seed: needs a non-negative integer"},
      {{"run", "lost_update/buggy", "--variant-memory-limit", "-1"}, 2, "a number of MiB (0 for no limit)"},
      {{"run", "lost_update/buggy", "--iterations", "5", "--no-checker", "--junit", dir + "/no/such/folder/x.xml"},
       2, "cannot write " + dir + "/no/such/folder/x.xml (checked before running anything)"},
      {{"run", "lost_update/buggy", "--iterations", "5", "--no-checker", "--html", dir + "/no/such/folder/x.html"},
       2, "cannot write " + dir + "/no/such/folder/x.html (checked before running anything)"},
      {{"run", "lost_update/buggy", "--no-checker", "--junit", dir}, 2, "cannot write " + dir + " (checked"},
      {{"run", "lost_update/buggy", "--shard", "3/2"}, 2, "--shard needs I/N with whole numbers 0 <= I < N"},
  };
  for (const Row& row : rows) {
    const Ran r = run_racestress(RACESTRESS_BIN, row.args);
    std::string shown;
    for (const auto& a : row.args) shown += "'" + a + "' ";
    EXPECT_EQ(r.code, row.code) << shown << r.err;
    EXPECT_NE(r.err.find(row.message), std::string::npos) << shown << "\n" << r.err;
    EXPECT_EQ(r.err.rfind("racestress: ", 0), 0U) << shown << r.err;
  }
  remove_tree(dir);
}

// A huge budget is accepted and the run still ends (by its iterations).
TEST(RacestressBadInput, AHugeBudgetIsAcceptedAndTheRunStillEnds) {
  const Ran r = run_racestress(RACESTRESS_BIN, {"run", "lost_update/atomic", "--time-budget", "1e300",
                                                "--variant-timeout", "1e300", "--iterations", "10", "--no-checker"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace racestress
