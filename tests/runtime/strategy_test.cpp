// Strategies on their own: they only pick runnable actors, replay and exhaustive search are
// exact, PCT follows its priorities.
#include <gtest/gtest.h>

#include <set>

#include "strategy.h"

namespace racelab::detail {
namespace {

Decision decision(ActorMask enabled, int current, long long step) {
  Decision d;
  d.enabled = enabled;
  d.current = current;
  d.step = step;
  return d;
}

TEST(Strategy, MaskHelpers) {
  EXPECT_EQ(lowest_actor(0b1010), 1);
  EXPECT_EQ(count_actors(0b1011), 3);
  EXPECT_EQ(nth_actor(0b1011, 2), 3);
  EXPECT_EQ(lowest_actor(0), -1);
}

TEST(RandomStrategy, PicksOnlyEnabledActorsAndAllOfThem) {
  auto s = make_random_strategy();
  std::set<int> seen;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    s->begin_run(seed);
    const int a = s->pick(decision(0b101, 0, 1));
    EXPECT_TRUE(a == 0 || a == 2) << a;
    seen.insert(a);
  }
  EXPECT_EQ(seen, (std::set<int>{0, 2}));
}

TEST(RandomStrategy, SameSeedSameChoices) {
  auto a = make_random_strategy();
  auto b = make_random_strategy();
  a->begin_run(42);
  b->begin_run(42);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(a->pick(decision(0b111, 0, i)), b->pick(decision(0b111, 0, i)));
}

TEST(ReplayStrategy, FollowsTheScheduleAndReportsDivergence) {
  auto s = make_replay_strategy({1, 0, 1});
  s->begin_run(0);
  EXPECT_EQ(s->pick(decision(0b11, -1, 0)), 1);
  EXPECT_EQ(s->pick(decision(0b11, 1, 1)), 0);
  EXPECT_EQ(s->pick(decision(0b01, 0, 2)), 0);  // 1 is not runnable: divergence
  EXPECT_TRUE(s->diverged());
}

TEST(ReplayStrategy, UnusedChoicesAreDivergence) {
  auto s = make_replay_strategy({1, 0});
  s->begin_run(0);
  EXPECT_EQ(s->pick(decision(0b11, -1, 0)), 1);
  EXPECT_TRUE(s->diverged());
}

// Two actors with `steps` decisions each, each decision between "go on" and "switch":
// a tiny model of a run, to count the paths the exhaustive search takes.
int count_interleavings(int points_a, int points_b) {
  auto s = make_exhaustive_strategy();
  std::set<std::vector<int>> seen;
  int runs = 0;
  do {
    s->begin_run(0);
    int left[2] = {points_a, points_b};
    std::vector<int> order;
    int current = -1;
    while (left[0] + left[1] > 0) {
      const ActorMask enabled = (left[0] > 0 ? 1U : 0U) | (left[1] > 0 ? 2U : 0U);
      const int next = count_actors(enabled) == 1 ? lowest_actor(enabled) : s->pick(decision(enabled, current, 0));
      --left[next];
      order.push_back(next);
      current = next;
    }
    seen.insert(order);
    ++runs;
  } while (s->end_run() && runs < 10000);
  EXPECT_EQ(static_cast<int>(seen.size()), runs) << "every run must be a new interleaving";
  return runs;
}

TEST(ExhaustiveStrategy, ExploresEveryInterleavingOnce) {
  EXPECT_EQ(count_interleavings(1, 1), 2);
  EXPECT_EQ(count_interleavings(2, 2), 6);   // C(4,2)
  EXPECT_EQ(count_interleavings(3, 2), 10);  // C(5,2)
  EXPECT_EQ(count_interleavings(4, 4), 70);  // C(8,4)
}

TEST(PctStrategy, WithoutChangePointsTheHighestPriorityRunsToTheEnd) {
  auto s = make_pct_strategy(1, 10);
  s->begin_run(7);
  const int first = s->pick(decision(0b11, -1, 0));
  for (int step = 1; step < 10; ++step) EXPECT_EQ(s->pick(decision(0b11, first, step)), first);
}

TEST(PctStrategy, DepthTwoSwitchesAtMostOnceWhileBothCanRun) {
  auto s = make_pct_strategy(2, 10);
  int runs_with_switch = 0;
  for (std::uint64_t seed = 0; seed < 100; ++seed) {
    s->begin_run(seed);
    int current = s->pick(decision(0b11, -1, 0));
    int switches = 0;
    for (int step = 1; step <= 10; ++step) {
      const int next = s->pick(decision(0b11, current, step));
      if (next != current) ++switches;
      current = next;
    }
    EXPECT_LE(switches, 1);
    runs_with_switch += switches;
  }
  EXPECT_GT(runs_with_switch, 50);  // the change point lands within the 10 steps
}

}  // namespace
}  // namespace racelab::detail
