// A variant's `environment` is made by racestress, in its own process, before the variant's
// process starts: how the PostgreSQL variants share one server per racestress run.
#include <gtest/gtest.h>

#include "child_process.h"

namespace racestress {
namespace {

int run_fixture(const std::vector<std::string>& extra, std::string& out) {
  std::vector<std::string> args = {RACESTRESS_FIXTURE_BIN, "run", "selftest/environment", "--iterations", "20",
                                   "--no-checker"};
  args.insert(args.end(), extra.begin(), extra.end());
  const std::string scratch = make_temp_dir("racestress-env-test");
  const ChildResult r = run_child(args, {}, 300, scratch);
  remove_tree(scratch);
  out = r.out + r.err;
  return r.timed_out ? -2 : r.exit_code;
}

TEST(RacestressEnvironment, TheVariantsProcessGetsWhatRacestressMade) {
  std::string out;
  EXPECT_EQ(run_fixture({}, out), 0) << out;
  EXPECT_NE(out.find("harness: pass"), std::string::npos) << out;
}

TEST(RacestressEnvironment, InProcessToo) {
  std::string out;
  EXPECT_EQ(run_fixture({"--in-process"}, out), 0) << out;
}

}  // namespace
}  // namespace racestress
