// FILE: examples/lost_update/mutex.cpp
//
// THE FIX: a std::mutex around the read and the write, held by a std::lock_guard.
//
// WHY IT WORKS: the read and the write of one increment now happen while the thread holds
// the lock, so no other thread can read the counter in between: the two steps become one
// indivisible step as far as other threads can tell. Unlocking and locking the same mutex
// also orders the threads' memory accesses (happens-before), so there is no data race.
// The harness still switches threads at the points inside the lock; a thread that then
// tries to lock waits, and the harness runs another thread until the lock is free.
//
// RUN IT:  racestress run lost_update/mutex
//
// YOU SHOULD SEE: no failing run, with "per-run failure probability below ..."; in the step
// table of a run (racestress replay), the other thread waiting for the mutex; TSan clean;
// racecheck silent.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <mutex>
#include <thread>

namespace {

std::mutex counter_mutex;
int counter = 0;  // only touched while counter_mutex is held

void add(int increments) {
  for (int i = 0; i < increments; ++i) {
    std::lock_guard<std::mutex> lock(counter_mutex);
    int seen = counter;
    racelab::point("read counter", seen);
    counter = seen + 1;
    racelab::point("write counter", seen + 1);
  }
}

racelab::Check run_plain(const racelab::Params& p) {
  const int increments = static_cast<int>(p.at("increments"));
  counter = 0;
  std::thread a(add, increments);
  std::thread b(add, increments);
  a.join();
  b.join();
  return racelab::expect_eq("counter", counter, 2LL * increments);
}

racelab::StressTest make_test(const racelab::Params& p) {
  const int threads = static_cast<int>(p.at("threads"));
  const int increments = static_cast<int>(p.at("increments"));
  racelab::StressTest test;
  test.setup([] { counter = 0; });
  for (int t = 0; t < threads; ++t) test.actor([increments] { add(increments); });
  test.invariant([=] { return racelab::expect_eq("counter", counter, 1LL * threads * increments); });
  test.state([] { return "counter = " + std::to_string(counter); });
  return test;
}

}  // namespace

RACELAB_VARIANT({
    .scenario = "lost_update",
    .variant = "mutex",
    .rank = 2,
    .summary = "std::mutex + std::lock_guard around the read and the write",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {{"threads", 2}, {"increments", 5}},
    .make = make_test,
    .plain = run_plain,
});
