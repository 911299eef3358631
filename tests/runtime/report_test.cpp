// Schedule strings and statistics.
#include <gtest/gtest.h>

#include "racelab/report.h"

namespace racelab {
namespace {

TEST(ScheduleString, RunLengthEncodes) {
  EXPECT_EQ(encode_schedule({1, 0, 0, 0, 1, 1, 0}), "BA3B2A");
  EXPECT_EQ(encode_schedule({}), "");
  EXPECT_EQ(encode_schedule({27}), "b");
}

TEST(ScheduleString, RoundTrips) {
  const std::vector<int> choices = {0, 1, 1, 2, 2, 2, 0, 30, 30};
  EXPECT_EQ(decode_schedule(encode_schedule(choices)), choices);
}

TEST(ScheduleString, RejectsGarbage) {
  EXPECT_FALSE(decode_schedule("A-B").has_value());
  EXPECT_FALSE(decode_schedule("3A").has_value());
  EXPECT_FALSE(decode_schedule("A999999999999").has_value());
}

TEST(Statistics, WilsonIntervalContainsTheRateAndNarrowsWithRuns) {
  const Interval small = wilson_interval(50, 100);
  const Interval large = wilson_interval(5000, 10000);
  EXPECT_LT(small.low, 0.5);
  EXPECT_GT(small.high, 0.5);
  EXPECT_NEAR(small.low, 0.404, 0.002);  // textbook value for 50/100
  EXPECT_LT(large.high - large.low, small.high - small.low);
  const Interval none = wilson_interval(0, 1000);
  EXPECT_EQ(none.low, 0.0);
  EXPECT_GT(none.high, 0.0);
}

TEST(Statistics, ZeroFailureBoundIsTheRuleOfThree) {
  // 1 - 0.05^(1/n) is close to 3/n for large n.
  EXPECT_NEAR(zero_failure_upper_bound(10000), 3.0 / 10000, 0.00001);
  EXPECT_EQ(zero_failure_upper_bound(0), 1.0);
}

TEST(ReportVerdict, FollowsCountsAndDeadlocks) {
  Report r;
  r.runs = 10;
  EXPECT_EQ(r.verdict(), Verdict::pass);
  r.failing_runs = 1;
  EXPECT_EQ(r.verdict(), Verdict::fail);
  r.first_failure = Failure{};
  r.first_failure->deadlock = true;
  EXPECT_EQ(r.verdict(), Verdict::deadlock);
}

}  // namespace
}  // namespace racelab
