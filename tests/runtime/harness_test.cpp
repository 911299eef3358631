// The harness on small tests of its own: controlled mode really serialises the actors,
// seeds and schedules replay exactly, mutexes block without wedging the harness, deadlocks
// and hangs become verdicts, free mode and the typed StressTestOf API work.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <stdexcept>

#include "racelab/point.h"
#include "racelab/runner.h"

namespace racelab {
namespace {

// --- a lost update with a configurable number of increments
int shared_counter = 0;
void racy_increment(int times) {
  for (int i = 0; i < times; ++i) {
    int seen = shared_counter;
    point("read", seen);
    shared_counter = seen + 1;
    point("write", seen + 1);
  }
}
StressTest lost_update(int actors, int times) {
  StressTest t;
  t.setup([] { shared_counter = 0; });
  for (int a = 0; a < actors; ++a) t.actor([times] { racy_increment(times); });
  t.invariant([=] { return expect_eq("counter", shared_counter, 1LL * actors * times); });
  return t;
}

Options controlled(long long iterations, std::uint64_t seed = 1) {
  Options o;
  o.iterations = iterations;
  o.seed = seed;
  return o;
}

TEST(Point, OutsideTheHarnessItDoesNothing) {
  EXPECT_FALSE(in_harness());
  point("nothing happens", 42);
  RACELAB_POINT("nor here");
  SUCCEED();
}

std::atomic<int> inside{0};
std::atomic<int> overlaps{0};
void serial_actor() {
  // The actor counts as running everywhere but inside a point.
  if (++inside != 1) ++overlaps;
  for (int i = 0; i < 5; ++i) {
    --inside;
    point("switch here");
    if (++inside != 1) ++overlaps;
  }
  --inside;
}

TEST(ControlledMode, RunsOneActorAtATime) {
  StressTest t;
  for (int a = 0; a < 3; ++a) t.actor(serial_actor);
  overlaps = 0;
  const Report r = run(t, controlled(500));
  EXPECT_EQ(r.runs, 500);
  EXPECT_EQ(overlaps.load(), 0);
  EXPECT_GT(r.steps_max, 0);
}

TEST(ControlledMode, FindsTheLostUpdateAndReplaysItOnce) {
  const Report r = run(lost_update(2, 3), controlled(200));
  EXPECT_EQ(r.verdict(), Verdict::fail);
  ASSERT_TRUE(r.first_failure.has_value());
  EXPECT_FALSE(r.first_failure->schedule.empty());
  EXPECT_EQ(r.first_failure->replays, 1);
  EXPECT_TRUE(r.first_failure->reproduced());
  EXPECT_NE(r.first_failure->message.find("counter is"), std::string::npos);
  EXPECT_EQ(r.first_failure->trace.events.size(), 12U);
}

TEST(ControlledMode, TheSameSeedGivesTheSameRuns) {
  const Report a = run(lost_update(3, 2), controlled(300, 77));
  const Report b = run(lost_update(3, 2), controlled(300, 77));
  EXPECT_EQ(a.failing_runs, b.failing_runs);
  ASSERT_TRUE(a.first_failure && b.first_failure);
  EXPECT_EQ(a.first_failure->run_index, b.first_failure->run_index);
  EXPECT_EQ(a.first_failure->schedule, b.first_failure->schedule);
  EXPECT_TRUE(a.first_failure->trace.same_interleaving(b.first_failure->trace));
}

TEST(ControlledMode, AScheduleReplaysTheSameInterleavingEveryTime) {
  const Report found = run(lost_update(2, 4), controlled(100, 5));
  ASSERT_TRUE(found.first_failure.has_value());
  Options replay = controlled(1);
  replay.strategy = StrategyKind::replay;
  replay.schedule = found.first_failure->schedule;
  for (int i = 0; i < 200; ++i) {
    const Report again = run(lost_update(2, 4), replay);
    ASSERT_EQ(again.failing_runs, 1);
    ASSERT_TRUE(again.first_failure->trace.same_interleaving(found.first_failure->trace)) << "replay " << i;
  }
}

TEST(ControlledMode, ARunSeedReplaysTheSameRun) {
  const Report found = run(lost_update(2, 4), controlled(100, 9));
  ASSERT_TRUE(found.first_failure.has_value());
  Options replay = controlled(1);
  replay.exact_run_seed = found.first_failure->run_seed;
  const Report again = run(lost_update(2, 4), replay);
  EXPECT_EQ(again.runs, 1);
  ASSERT_TRUE(again.first_failure.has_value());
  EXPECT_EQ(again.first_failure->schedule, found.first_failure->schedule);
}

// --- a correct counter under a std::mutex that is held across points
std::mutex counter_mutex;
void locked_increment(int times) {
  for (int i = 0; i < times; ++i) {
    std::lock_guard<std::mutex> lock(counter_mutex);
    int seen = shared_counter;
    point("read", seen);
    shared_counter = seen + 1;
    point("write", seen + 1);
  }
}

TEST(ControlledMode, AnActorWaitingForAMutexIsNotPickedAndTheRunCompletes) {
  StressTest t;
  t.setup([] { shared_counter = 0; });
  for (int a = 0; a < 3; ++a) t.actor([] { locked_increment(3); });
  t.invariant([] { return expect_eq("counter", shared_counter, 9); });
  const Report r = run(t, controlled(2000));
  EXPECT_EQ(r.runs, 2000);
  EXPECT_EQ(r.failing_runs, 0);
  EXPECT_FALSE(r.wedged);
}

// --- a lock-order deadlock
std::mutex first_mutex, second_mutex;
void lock_in_order(std::mutex& a, std::mutex& b) {
  std::lock_guard<std::mutex> one(a);
  point("holds one lock");
  std::lock_guard<std::mutex> two(b);
  point("holds both");
}

TEST(ControlledMode, ALockOrderDeadlockIsAVerdictAndTheRunsGoOn) {
  StressTest t;
  t.actor([] { lock_in_order(first_mutex, second_mutex); });
  t.actor([] { lock_in_order(second_mutex, first_mutex); });
  const Report r = run(t, controlled(300));
  EXPECT_EQ(r.verdict(), Verdict::deadlock);
  EXPECT_EQ(r.runs, 300) << "the deadlocked actors are released and the pool is reused";
  EXPECT_FALSE(r.wedged);
  EXPECT_GT(r.failing_runs, 0);
  EXPECT_LT(r.failing_runs, 300);
  ASSERT_TRUE(r.first_failure.has_value());
  EXPECT_TRUE(r.first_failure->deadlock);
  // Each actor's held and wanted lock, numbered as the message first names them.
  EXPECT_NE(r.first_failure->message.find("holds mutex #1 and waits for mutex #2 (held by "), std::string::npos)
      << r.first_failure->message;
  EXPECT_NE(r.first_failure->message.find("holds mutex #2 and waits for mutex #1 (held by "), std::string::npos)
      << r.first_failure->message;
  EXPECT_EQ(r.first_failure->message.find("deadlock:"), std::string::npos) << "the verdict already says deadlock";
  EXPECT_NE(r.first_failure->message.find("holds one lock"), std::string::npos) << r.first_failure->message;
  // After all that, both mutexes are free again.
  EXPECT_TRUE(first_mutex.try_lock());
  EXPECT_TRUE(second_mutex.try_lock());
  first_mutex.unlock();
  second_mutex.unlock();
}

// A mutex taken by try_lock is held all the same: the verdict names it.
TEST(ControlledMode, ADeadlockVerdictCountsMutexesTakenByTryLock) {
  StressTest t;
  t.actor([] { lock_in_order(first_mutex, second_mutex); });
  t.actor([] {
    while (!second_mutex.try_lock()) point("second is busy");
    std::lock_guard<std::mutex> two(second_mutex, std::adopt_lock);
    point("holds one lock");
    std::lock_guard<std::mutex> one(first_mutex);
  });
  const Report r = run(t, controlled(300));
  ASSERT_EQ(r.verdict(), Verdict::deadlock);
  ASSERT_TRUE(r.first_failure.has_value());
  EXPECT_NE(r.first_failure->message.find("B holds mutex #2 and waits for mutex #1 (held by A)"), std::string::npos)
      << r.first_failure->message;
}

// --- an actor that waits for another without a point: the harness cannot switch, the
// watchdog must end the run
std::atomic<bool> released{false};
TEST(ControlledMode, TheWatchdogTurnsAWedgedRunIntoADeadlockVerdict) {
  released = false;
  static StressTest t;  // static: the wedged actor may still use it after the test
  t.actor([] {
    point("before waiting");
    while (!released.load()) usleep(1000);
  });
  t.actor([] { released = true; });
  Options o = controlled(10);
  o.strategy = StrategyKind::replay;
  o.schedule = "A2";  // A starts, and goes on after its point
  o.run_timeout_seconds = 0.2;
  const Report r = run(t, o);
  released = true;  // let the parked actor finish
  EXPECT_TRUE(r.wedged);
  EXPECT_EQ(r.verdict(), Verdict::deadlock);
  EXPECT_EQ(r.runs, 1);
  ASSERT_TRUE(r.first_failure.has_value());
  EXPECT_NE(r.first_failure->message.find("A running, last point \"before waiting\""), std::string::npos)
      << r.first_failure->message;
}

TEST(ControlledMode, AnActorThatThrowsFailsTheRun) {
  StressTest t;
  t.actor([] { throw std::runtime_error("boom"); });
  t.actor([] {});
  const Report r = run(t, controlled(3));
  EXPECT_EQ(r.failing_runs, 3);
  ASSERT_TRUE(r.first_failure.has_value());
  EXPECT_NE(r.first_failure->message.find("A threw: boom"), std::string::npos);
}

TEST(Strategies, PctFindsTheLostUpdateAndStatesItsBound) {
  Options o = controlled(2000);
  o.strategy = StrategyKind::pct;
  const Report r = run(lost_update(2, 3), o);
  EXPECT_GT(r.failing_runs, 0);
  EXPECT_EQ(r.pct_steps, 12);
  EXPECT_NEAR(r.pct_bound, 1.0 / (2 * 12), 1e-9);
  // The guarantee is a lower bound; with 2000 runs the rate is well above it.
  EXPECT_GT(r.failure_rate(), r.pct_bound);
}

TEST(Strategies, ExhaustiveExploresEveryInterleaving) {
  Options o = controlled(100000);
  o.strategy = StrategyKind::exhaustive;
  const Report buggy = run(lost_update(2, 1), o);
  EXPECT_TRUE(buggy.search_complete);
  EXPECT_GT(buggy.failing_runs, 0);
  // Two actors with two points each: C(4,2)=6 orders of the four steps, some equal after
  // the last point; at least those 6 distinct step orders are explored.
  EXPECT_GE(buggy.runs, 6);

  StressTest t;
  t.setup([] { shared_counter = 0; });
  for (int a = 0; a < 2; ++a) t.actor([] { locked_increment(2); });
  t.invariant([] { return expect_eq("counter", shared_counter, 4); });
  const Report locked = run(t, o);
  EXPECT_TRUE(locked.search_complete);
  EXPECT_EQ(locked.failing_runs, 0);
}

TEST(FreeMode, FindsTheLostUpdateAndMeasuresReproduction) {
  Options o = controlled(3000);
  o.mode = Mode::free;
  o.free_yield_probability = 0.5;
  const Report r = run(lost_update(2, 50), o);
  EXPECT_GT(r.failing_runs, 0);
  ASSERT_TRUE(r.first_failure.has_value());
  EXPECT_EQ(r.first_failure->replays, 20);
  EXPECT_FALSE(r.first_failure->trace.events.empty());
}

TEST(Budget, TheTimeBudgetStopsTheBatch) {
  Options o = controlled(1000000000LL);
  o.time_budget_seconds = 0.2;
  const Report r = run(lost_update(2, 2), o);
  EXPECT_GT(r.runs, 0);
  EXPECT_LT(r.runs, 1000000000LL);
}

struct Account {
  int balance = 100;
  std::mutex m;
};

TEST(StressTestOf, TypedStateIsFreshForEveryRun) {
  StressTestOf<Account> t;
  t.actor([](Account& a) {
     int seen = a.balance;
     point("read balance", seen);
     a.balance = seen - 10;
   })
      .actor([](Account& a) {
        std::lock_guard<std::mutex> lock(a.m);
        point("locked");
      })
      .invariant([](Account& a) { return expect_eq("balance", a.balance, 90); });
  const Report r = run(t, controlled(500));
  EXPECT_EQ(r.runs, 500);
  EXPECT_EQ(r.failing_runs, 0);
}

TEST(Runner, RejectsATestWithoutActors) {
  EXPECT_THROW(run(StressTest{}, controlled(1)), std::invalid_argument);
}

}  // namespace
}  // namespace racelab

// --- the async event loop: the ready queue is a scheduling point
#include "racelab/async.h"

namespace racelab {
namespace {

int balance = 100;

Task<bool> withdraw(EventLoop& loop, int amount) {
  const int seen = balance;
  point("check balance", seen);
  if (seen < amount) co_return false;
  co_await loop.sleep(1);  // e.g. a round trip to a fraud check: others run meanwhile
  balance -= amount;
  point("balance after withdrawal", balance);
  co_return true;
}

// The second customer arrives one tick later: just when the first one's check returns.
Task<> customer(EventLoop& loop, int arrival) {
  if (arrival > 0) co_await loop.sleep(arrival);
  co_await withdraw(loop, 80);
}

Task<> careful_customer(EventLoop& loop, AsyncMutex& m, int arrival) {
  if (arrival > 0) co_await loop.sleep(arrival);
  auto guard = co_await m.lock();
  co_await withdraw(loop, 80);
}

StressTest async_withdraw(bool with_mutex) {
  StressTest t;
  t.setup([] { balance = 100; });
  t.actor([with_mutex] {
    EventLoop loop;
    AsyncMutex m(loop);
    for (int i = 0; i < 2; ++i) {
      if (with_mutex) {
        loop.spawn(careful_customer(loop, m, i));
      } else {
        loop.spawn(customer(loop, i));
      }
    }
    loop.run();
  });
  t.invariant([] { return expect(balance >= 0, "balance is " + std::to_string(balance)); });
  return t;
}

TEST(EventLoop, OutsideTheHarnessItIsFirstInFirstOut) {
  balance = 100;
  EventLoop loop;
  loop.spawn(customer(loop, 0));
  loop.spawn(customer(loop, 1));
  loop.run();
  EXPECT_TRUE(loop.all_done());
  EXPECT_EQ(balance, 20) << "FIFO: the first customer acts before the second checks";
  EXPECT_EQ(loop.now(), 1);
}

TEST(EventLoop, TheHarnessFindsTheAsyncCheckThenActAndReplaysIt) {
  const Report r = run(async_withdraw(false), controlled(200));
  EXPECT_GT(r.failing_runs, 0);
  EXPECT_LT(r.failing_runs, 200) << "some orders are fine";
  ASSERT_TRUE(r.first_failure.has_value());
  EXPECT_TRUE(r.first_failure->reproduced());
  EXPECT_EQ(r.first_failure->trace.columns, "task");
  EXPECT_EQ(r.first_failure->trace.actors, 2);
  EXPECT_NE(render_step_table(r.first_failure->trace).find("task B"), std::string::npos);

  Options replay = controlled(1);
  replay.strategy = StrategyKind::replay;
  replay.schedule = r.first_failure->schedule;
  for (int i = 0; i < 50; ++i) {
    const Report again = run(async_withdraw(false), replay);
    ASSERT_EQ(again.failing_runs, 1);
    ASSERT_TRUE(again.first_failure->trace.same_interleaving(r.first_failure->trace));
  }
}

TEST(EventLoop, AnAsyncMutexAroundCheckAndActHolds) {
  Options o = controlled(100000);
  o.strategy = StrategyKind::exhaustive;
  const Report r = run(async_withdraw(true), o);
  EXPECT_TRUE(r.search_complete);
  EXPECT_GT(r.runs, 1);
  EXPECT_EQ(r.failing_runs, 0);
}

TEST(EventLoop, ExhaustiveSearchCountsTheAsyncInterleavings) {
  Options o = controlled(100000);
  o.strategy = StrategyKind::exhaustive;
  const Report r = run(async_withdraw(false), o);
  EXPECT_TRUE(r.search_complete);
  EXPECT_GT(r.failing_runs, 0);
  EXPECT_LT(r.failing_runs, r.runs);
}

}  // namespace
}  // namespace racelab

// --- condition variables: a waiting actor gives up the mutex and the baton
#include <chrono>
#include <condition_variable>

namespace racelab {
namespace {

struct Mailbox {
  std::mutex m;
  std::condition_variable cv;
  bool full = false;
  int letter = 0;
  int received = -1;
};

TEST(ConditionVariable, AWaiterGetsTheSignalAndTheRunCompletes) {
  TestOf<Mailbox> t;
  t.actor([](Mailbox& box) {
     std::unique_lock<std::mutex> lock(box.m);
     box.cv.wait(lock, [&] { return box.full; });
     box.received = box.letter;
     point("received", box.received);
   })
      .actor([](Mailbox& box) {
        {
          std::lock_guard<std::mutex> lock(box.m);
          box.letter = 42;
          box.full = true;
          point("posted");
        }
        box.cv.notify_one();
      })
      .invariant([](Mailbox& box) { return expect_eq("received", box.received, 42); });
  Options o = controlled(2000);
  o.run_timeout_seconds = 2;
  const Report r = run(t, o);
  EXPECT_EQ(r.runs, 2000);
  EXPECT_EQ(r.failing_runs, 0) << summarize(r);
  EXPECT_FALSE(r.wedged);
}

TEST(ConditionVariable, AWaitWithoutPredicateMissesAnEarlySignal) {
  // The classic lost wake-up: if the signal comes before the wait, the waiter sleeps forever.
  TestOf<Mailbox> t;
  t.actor([](Mailbox& box) {
     std::unique_lock<std::mutex> lock(box.m);
     point("about to wait");
     box.cv.wait(lock);
     box.received = box.letter;
   })
      .actor([](Mailbox& box) {
        {
          std::lock_guard<std::mutex> lock(box.m);
          box.letter = 7;
        }
        box.cv.notify_one();
      });
  Options o = controlled(300);
  o.run_timeout_seconds = 2;
  const Report r = run(t, o);
  EXPECT_EQ(r.verdict(), Verdict::deadlock) << summarize(r);
  ASSERT_TRUE(r.first_failure.has_value());
  EXPECT_NE(r.first_failure->message.find("waits for a condition variable"), std::string::npos)
      << r.first_failure->message;
}

TEST(ConditionVariable, ATimedWaitTimesOutWhenNobodyElseCanRun) {
  TestOf<Mailbox> t;
  t.actor([](Mailbox& box) {
     std::unique_lock<std::mutex> lock(box.m);
     const bool got = box.cv.wait_for(lock, std::chrono::milliseconds(2), [&] { return box.full; });
     box.received = got ? 1 : 0;
   })
      .actor([](Mailbox&) { point("does nothing"); })
      .invariant([](Mailbox& box) { return expect_eq("received", box.received, 0); });
  const Report r = run(t, controlled(200));
  EXPECT_EQ(r.runs, 200);
  EXPECT_EQ(r.failing_runs, 0) << summarize(r);
}

}  // namespace
}  // namespace racelab
