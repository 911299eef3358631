// FILE: examples/lost_update/atomic.cpp
//
// THE FIX: std::atomic<int> and fetch_add.
//
// WHY IT WORKS: fetch_add reads, adds and writes in one indivisible hardware operation
// (a locked add on x86), so no other thread can get in between. The point after it records
// the value it saw; there is nothing left to interleave within one increment.
//
// RUN IT:  racestress run lost_update/atomic
//
// YOU SHOULD SEE: no failing run; TSan clean (atomics are not data races); racecheck silent.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <atomic>
#include <thread>

namespace {

std::atomic<int> counter{0};

void add(int increments) {
  for (int i = 0; i < increments; ++i) {
    int before = counter.fetch_add(1);  // read, add one, write: one step
    racelab::point("fetch_add counter", before);
  }
}

racelab::Check run_plain(const racelab::Params& p) {
  const int increments = static_cast<int>(p.at("increments"));
  counter = 0;
  std::thread a(add, increments);
  std::thread b(add, increments);
  a.join();
  b.join();
  return racelab::expect_eq("counter", counter.load(), 2LL * increments);
}

racelab::StressTest make_test(const racelab::Params& p) {
  const int threads = static_cast<int>(p.at("threads"));
  const int increments = static_cast<int>(p.at("increments"));
  racelab::StressTest test;
  test.setup([] { counter = 0; });
  for (int t = 0; t < threads; ++t) test.actor([increments] { add(increments); });
  test.invariant([=] { return racelab::expect_eq("counter", counter.load(), 1LL * threads * increments); });
  test.state([] { return "counter = " + std::to_string(counter.load()); });
  return test;
}

}  // namespace

RACELAB_VARIANT({
    .scenario = "lost_update",
    .variant = "atomic",
    .rank = 3,
    .summary = "std::atomic<int>::fetch_add: read-add-write as one step",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {{"threads", 2}, {"increments", 5}},
    .make = make_test,
    .plain = run_plain,
});
