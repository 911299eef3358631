// racestress exits 3 when racecheck's findings on a variant disagree with the rules the
// variant declares (and the harness and TSan met their expectations). racecheck itself is
// played by a stand-in script, so these tests check racestress's verdict, not the checker.
#include <gtest/gtest.h>

#include "run_racestress.h"

namespace racestress {
namespace {

// lost_update/mutex declares no racecheck rule; its harness and TSan verdicts are met.
Ran run_mutex_variant_with_checker_finding(const std::string& rules) {
  return run_racestress(RACESTRESS_BIN,
                        {"run", "lost_update/mutex", "--iterations", "100", "--racecheck", STAND_IN_RACECHECK, "-p", "."},
                        {{"STAND_IN_RULES", rules}});
}

TEST(RacestressChecker, ADisagreementExitsThree) {
  const Ran r = run_mutex_variant_with_checker_finding("racecheck-unsynchronized-write");
  EXPECT_EQ(r.code, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("NO (racecheck)"), std::string::npos) << r.out;
}

TEST(RacestressChecker, AgreementExitsZero) {
  const Ran r = run_mutex_variant_with_checker_finding("");
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("racecheck: none"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace racestress
