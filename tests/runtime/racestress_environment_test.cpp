// A variant's `environment` is made by racestress, in its own process, before the variant's
// process starts: how the PostgreSQL variants share one server per racestress run.
#include <gtest/gtest.h>

#include "run_racestress.h"

namespace racestress {
namespace {

int run_fixture(const std::vector<std::string>& extra, std::string& out) {
  std::vector<std::string> args = {"run", "selftest/environment", "--iterations", "20", "--no-checker"};
  args.insert(args.end(), extra.begin(), extra.end());
  const Ran r = run_racestress(RACESTRESS_FIXTURE_BIN, args);
  out = r.out + r.err;
  return r.code;
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
