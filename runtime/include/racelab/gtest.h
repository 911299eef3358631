// racelab/gtest.h: stress tests inside GoogleTest. A failing stress test fails the
// GoogleTest test with the failing interleaving (step table), its seed and schedule, and
// the environment variable that replays it.
//
//   TEST(Inventory, NeverSellsMoreThanItHas) {
//     racelab::TestOf<Inventory> test;
//     test.actor([](Inventory& inv) { inv.reserve(1); })
//         .actor([](Inventory& inv) { inv.reserve(1); })
//         .invariant([](Inventory& inv) { return racelab::expect(inv.stock() >= 0, "oversold"); });
//     EXPECT_TRUE(racelab::passes(test));
//   }
//
// Options come from the caller, then from the environment (racelab::options_from_environment):
// RACELAB_SCHEDULE=AB2A ./my_tests --gtest_filter=Inventory.* replays one interleaving.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "racelab/runner.h"

namespace racelab {

namespace detail {
inline std::string replay_hint(const Report& report) {
  if (!report.first_failure || report.options.mode != Mode::controlled || report.first_failure->schedule.empty()) {
    return "";
  }
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string filter = info != nullptr ? std::string(info->test_suite_name()) + "." + info->name() : "*";
  return "  replay it: RACELAB_SCHEDULE=" + report.first_failure->schedule + " <this test binary> --gtest_filter=" +
         filter + "\n";
}

inline std::string describe_failure(const Report& report) {
  std::string text = "\n" + summarize(report) + replay_hint(report);
  if (report.first_failure) text += render_step_table(report.first_failure->trace);
  return text;
}
}  // namespace detail

// Success when the invariant held in every run (and no run wedged).
inline ::testing::AssertionResult passes(const StressTest& test, const Options& options = {}) {
  const Report report = run(test, options_from_environment(options));
  if (report.runs == 0) return ::testing::AssertionFailure() << "no run was executed";
  if (report.verdict() == Verdict::pass) return ::testing::AssertionSuccess() << summarize(report);
  return ::testing::AssertionFailure() << "the stress test failed:" << detail::describe_failure(report);
}

// Success when at least one run broke the invariant: for tests that show a known bug.
inline ::testing::AssertionResult finds_failure(const StressTest& test, const Options& options = {}) {
  const Report report = run(test, options_from_environment(options));
  if (report.verdict() != Verdict::pass) return ::testing::AssertionSuccess() << detail::describe_failure(report);
  return ::testing::AssertionFailure() << "no run failed: " << summarize(report);
}

}  // namespace racelab
