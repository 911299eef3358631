// racelab::wait_point: an actor that polls for something only another actor can do (a flag,
// a database lock) must not be picked again and again while the other could run. With a
// plain point in its place, PCT wedges whenever the waiter has the higher priority, random
// lets it look many times in a row, and exhaustive's first path (keep running the current
// actor) never ends.
#include <gtest/gtest.h>

#include <atomic>

#include "racelab/point.h"
#include "racelab/runner.h"

namespace racelab {
namespace {

constexpr int kSetterSteps = 3;

std::atomic<bool> ready{false};
int looks = 0;  // how often the waiter looked in vain, this run

// Actor A waits for B's flag; B takes a few steps before it sets it.
StressTest waiter_and_setter() {
  StressTest t;
  t.setup([] {
    ready = false;
    looks = 0;
  });
  t.actor([] {
    while (!ready.load()) {
      ++looks;
      wait_point("waits for ready");
    }
  });
  t.actor([] {
    for (int i = 0; i < kSetterSteps; ++i) point("works", i);
    ready = true;
    point("set ready");
  });
  // The waiter looks once, then only after each step of the setter: at most once per step.
  t.invariant([] { return expect(looks <= kSetterSteps + 1, "looked " + std::to_string(looks) + " times"); });
  return t;
}

Options with(StrategyKind strategy, long long iterations) {
  Options o;
  o.strategy = strategy;
  o.iterations = iterations;
  o.seed = 1;
  o.run_timeout_seconds = 2;
  return o;
}

TEST(WaitPoint, OutsideTheHarnessItDoesNothing) {
  wait_point("nothing happens");
  SUCCEED();
}

TEST(WaitPoint, PctRunsTheOtherActorWhileOneWaits) {
  const Report r = run(waiter_and_setter(), with(StrategyKind::pct, 300));
  EXPECT_FALSE(r.wedged) << (r.first_failure ? r.first_failure->message : "");
  EXPECT_EQ(r.verdict(), Verdict::pass) << (r.first_failure ? r.first_failure->message : "");
  EXPECT_EQ(r.runs, 300);
}

TEST(WaitPoint, RandomPicksTheOthersFirst) {
  const Report r = run(waiter_and_setter(), with(StrategyKind::random, 2000));
  EXPECT_EQ(r.verdict(), Verdict::pass) << (r.first_failure ? r.first_failure->message : "");
  EXPECT_EQ(r.runs, 2000);
}

TEST(WaitPoint, ExhaustiveExploresAFiniteTree) {
  const Report r = run(waiter_and_setter(), with(StrategyKind::exhaustive, 100000));
  EXPECT_TRUE(r.search_complete);
  EXPECT_EQ(r.verdict(), Verdict::pass) << (r.first_failure ? r.first_failure->message : "");
  // Each decision is where the waiter looks (again) or the setter steps, so there are few.
  EXPECT_LT(r.runs, 100);
}

// When nobody else can run, the waiter looks again instead of being declared deadlocked:
// the thing it waits for may come from outside (a database server).
TEST(WaitPoint, AWaiterAloneLooksAgain) {
  std::atomic<int> outside{0};
  StressTest t;
  t.setup([&] { outside = 0; });
  t.actor([&] {
    while (outside.fetch_add(1) < 5) wait_point("waits for the world");
  });
  t.actor([] { point("done"); });
  t.invariant([&] { return expect_eq("looks", outside.load(), 6); });
  const Report r = run(t, with(StrategyKind::pct, 100));
  EXPECT_EQ(r.verdict(), Verdict::pass) << (r.first_failure ? r.first_failure->message : "");
}

}  // namespace
}  // namespace racelab
