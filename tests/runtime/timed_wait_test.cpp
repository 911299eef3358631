// Timed waits in controlled mode: whether a wait times out is a scheduling choice, like who
// runs next, and it never sleeps (the actors' clocks jump to the deadline instead). So an hour
// long `try_lock_for` or `wait_for` finishes at once, both outcomes are explored, and a run in
// which the wait timed out replays exactly. Before, a timed lock blocked the whole harness
// (the watchdog then ended the run), and a timed condition wait slept until its real deadline.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "racelab/point.h"
#include "racelab/runner.h"

namespace racelab {
namespace {

using namespace std::chrono_literals;

Options controlled(StrategyKind strategy, long long iterations) {
  Options o;
  o.strategy = strategy;
  o.iterations = iterations;
  o.seed = 1;
  o.run_timeout_seconds = 2;  // far below the hour the waits ask for
  return o;
}

struct Door {
  std::timed_mutex lock;
  int entered = 0;    // B got the lock within its timeout
  int gave_up = 0;    // B's try_lock_for timed out
};

// A holds the lock across a point; B tries for an hour.
TestOf<Door> door_test() {
  TestOf<Door> t;
  t.actor([](Door& d) {
     std::lock_guard<std::timed_mutex> hold(d.lock);
     point("holds the lock");
   })
      .actor([](Door& d) {
        if (d.lock.try_lock_for(1h)) {
          ++d.entered;
          d.lock.unlock();
        } else {
          ++d.gave_up;
        }
      })
      .invariant([](Door& d) { return expect(d.gave_up == 0, "B gave up waiting for the lock"); });
  return t;
}

TEST(TimedMutex, TryLockForTimesOutAsAChoiceAndReplays) {
  const Report r = run(door_test(), controlled(StrategyKind::random, 300));
  EXPECT_EQ(r.runs, 300);
  EXPECT_FALSE(r.wedged) << summarize(r);
  // Both outcomes: some runs B waited and entered, some it timed out.
  EXPECT_GT(r.failing_runs, 0) << summarize(r);
  EXPECT_LT(r.failing_runs, r.runs) << summarize(r);
  ASSERT_TRUE(r.first_failure.has_value());
  EXPECT_FALSE(r.first_failure->deadlock) << r.first_failure->message;
  EXPECT_TRUE(r.first_failure->reproduced()) << summarize(r);
}

TEST(TimedMutex, ExhaustiveCoversBothOutcomes) {
  const Report r = run(door_test(), controlled(StrategyKind::exhaustive, 1000));
  EXPECT_TRUE(r.search_complete) << summarize(r);
  EXPECT_GT(r.failing_runs, 0);
  EXPECT_LT(r.failing_runs, r.runs);
}

struct Mailbox {
  std::mutex m;
  std::condition_variable cv;
  bool full = false;
  int received = -1;
  bool clock_passed_deadline = true;  // after a timeout, the clock read the deadline
};

TestOf<Mailbox> mailbox_test(bool with_predicate) {
  TestOf<Mailbox> t;
  t.actor([with_predicate](Mailbox& box) {
     std::unique_lock<std::mutex> lock(box.m);
     const auto deadline = std::chrono::steady_clock::now() + 1h;
     bool got = false;
     if (with_predicate) {
       got = box.cv.wait_until(lock, deadline, [&] { return box.full; });
     } else {
       got = box.cv.wait_until(lock, deadline) == std::cv_status::no_timeout && box.full;
     }
     if (!got) box.clock_passed_deadline = std::chrono::steady_clock::now() >= deadline;
     box.received = got ? 1 : 0;
   })
      .actor([](Mailbox& box) {
        point("about to post");
        {
          std::lock_guard<std::mutex> lock(box.m);
          box.full = true;
        }
        box.cv.notify_one();
      })
      .invariant([](Mailbox& box) {
        if (!box.clock_passed_deadline) return Check::broken("timed out before its deadline");
        return expect_eq("received", box.received, 1);
      });
  return t;
}

TEST(TimedConditionWait, WaitForTimesOutAsAChoiceWithoutSleepingAndReplays) {
  for (const bool with_predicate : {true, false}) {
    const Report r = run(mailbox_test(with_predicate), controlled(StrategyKind::random, 300));
    EXPECT_EQ(r.runs, 300);
    EXPECT_FALSE(r.wedged) << summarize(r);
    EXPECT_GT(r.failing_runs, 0) << summarize(r);
    EXPECT_LT(r.failing_runs, r.runs) << summarize(r);
    ASSERT_TRUE(r.first_failure.has_value());
    EXPECT_NE(r.first_failure->message.find("received is 0"), std::string::npos) << r.first_failure->message;
    EXPECT_TRUE(r.first_failure->reproduced()) << summarize(r);
  }
}

// PCT keeps its highest-priority actor running: a waiter that times out and waits again must
// not be timed out again before the other actor has taken a step.
TEST(TimedConditionWait, ARetryLoopOfTimedWaitsLetsTheOthersRunUnderPct) {
  TestOf<Mailbox> t;
  t.actor([](Mailbox& box) {
     std::unique_lock<std::mutex> lock(box.m);
     while (!box.cv.wait_for(lock, 10ms, [&] { return box.full; })) {
     }
     box.received = 1;
   })
      .actor([](Mailbox& box) {
        for (int i = 0; i < 3; ++i) point("works", i);
        {
          std::lock_guard<std::mutex> lock(box.m);
          box.full = true;
        }
        box.cv.notify_one();
      })
      .invariant([](Mailbox& box) { return expect_eq("received", box.received, 1); });
  const Report r = run(t, controlled(StrategyKind::pct, 300));
  EXPECT_EQ(r.verdict(), Verdict::pass) << summarize(r);
  EXPECT_EQ(r.runs, 300);
}

}  // namespace
}  // namespace racelab
