// Synchronisation steps in the trace (Options::record_sync): locks acquired, waited for and
// released; condition waits, notifies and wake-ups; co_await suspends and resumes. Off by
// default, so ordinary runs keep their step tables as they were.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "racelab/catalogue.h"
#include "racelab/point.h"
#include "racelab/runner.h"

namespace racelab {
namespace {

struct Mailbox {
  std::mutex m;
  std::condition_variable cv;
  int letter = 0;
};

Options controlled_with_sync(long long iterations) {
  Options o;
  o.iterations = iterations;
  o.run_timeout_seconds = 2;
  o.record_sync = true;
  return o;
}

std::string table_of(const Report& r) {
  return r.first_failure ? render_step_table(r.first_failure->trace) : std::string("(no failure)");
}

// The lost wake-up: the notify comes before the wait and nobody hears it.
TestOf<Mailbox> lost_wake_up() {
  TestOf<Mailbox> t;
  t.actor([](Mailbox& box) {
     std::unique_lock<std::mutex> lock(box.m);
     point("about to wait");
     box.cv.wait(lock);
   }).actor([](Mailbox& box) {
    {
      std::lock_guard<std::mutex> lock(box.m);
      box.letter = 7;
    }
    box.cv.notify_one();
  });
  return t;
}

TEST(SyncSteps, ALostWakeUpShowsTheNotifyNobodyHeardAndTheWaitAfterIt) {
  const Report r = run(lost_wake_up(), controlled_with_sync(300));
  ASSERT_EQ(r.verdict(), Verdict::deadlock) << summarize(r);
  const std::string table = table_of(r);
  const auto lost = table.find("B: [notifies one on condition 1: nobody waits (a later wait will not see it)]");
  const auto waits = table.find("A: (waits on condition 1, releasing mutex 1)");
  ASSERT_NE(lost, std::string::npos) << table;
  ASSERT_NE(waits, std::string::npos) << table;
  EXPECT_LT(lost, waits) << table;
  EXPECT_NE(table.find("[acquires mutex 1]"), std::string::npos) << table;
  EXPECT_NE(table.find("B: [releases mutex 1]"), std::string::npos) << table;
}

TEST(SyncSteps, TheDeadlockVerdictSaysDeadlockOnce) {
  const Report r = run(lost_wake_up(), controlled_with_sync(300));
  ASSERT_TRUE(r.first_failure.has_value());
  EXPECT_EQ(r.first_failure->message.find("deadlock"), std::string::npos) << r.first_failure->message;
  const std::string summary = summarize(r);
  EXPECT_EQ(summary.find("deadlock: deadlock"), std::string::npos) << summary;
  EXPECT_NE(summary.find("deadlock: every unfinished actor waits"), std::string::npos) << summary;
}

TEST(SyncSteps, AWakeUpNamesWhoNotified) {
  TestOf<Mailbox> t;
  t.actor([](Mailbox& box) {
     std::unique_lock<std::mutex> lock(box.m);
     box.cv.wait(lock, [&] { return box.letter != 0; });
     point("received", box.letter);
   }).actor([](Mailbox& box) {
    {
      std::lock_guard<std::mutex> lock(box.m);
      box.letter = 7;
    }
    box.cv.notify_one();
  });
  t.invariant([](Mailbox&) { return Check::broken("show the trace"); });
  Options o = controlled_with_sync(1);
  o.strategy = StrategyKind::replay;
  o.schedule = "A";  // A waits first, then B runs
  const Report r = run(t, o);
  const std::string table = table_of(r);
  EXPECT_NE(table.find("B: [notifies one on condition 1, wakes A]"), std::string::npos) << table;
  EXPECT_NE(table.find("A: [woken by B's notify on condition 1]"), std::string::npos) << table;
  EXPECT_NE(table.find("A: [takes back mutex 1]"), std::string::npos) << table;
}

TEST(SyncSteps, CoAwaitSuspendsAndResumesAreSteps) {
  const Variant* v = Catalogue::instance().find("async_withdraw/buggy");
  ASSERT_NE(v, nullptr);
  const Report r = run(v->make(v->params), controlled_with_sync(200));
  const std::string table = table_of(r);
  EXPECT_NE(table.find("[suspends at co_await]"), std::string::npos) << table;
  EXPECT_NE(table.find("[resumes after co_await]"), std::string::npos) << table;
}

TEST(SyncSteps, OffByDefault) {
  Options o;
  o.iterations = 300;
  o.run_timeout_seconds = 2;
  const Report r = run(lost_wake_up(), o);
  ASSERT_TRUE(r.first_failure.has_value());
  for (const Event& e : r.first_failure->trace.events) EXPECT_NE(e.kind, EventKind::sync) << e.label;
}

}  // namespace
}  // namespace racelab
