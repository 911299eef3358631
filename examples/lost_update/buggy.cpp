// FILE: examples/lost_update/buggy.cpp
//
// THE BUG: two threads add to one plain `int`. Some increments vanish: the lost update.
//
// WHY: `counter++` is not one step but three: read the counter, add one, write it back.
// If thread B reads between thread A's read and A's write, both write the same number and
// one increment is lost. This file spells `counter++` out as that read and that write, with
// a racelab::point after each: the harness switches threads only at points, so it can put B's
// read exactly between A's read and A's write. It is also a data race (two threads, one
// variable, no synchronisation, at least one write): undefined behaviour in C++, and
// ThreadSanitizer reports it.
//
// RUN IT:  racestress run lost_update/buggy
//          racestress run lost_update/buggy --threads 4 --increments 10
//
// YOU SHOULD SEE: most runs fail ("counter is 5, expected 6"); a step table in which both
// threads read the same value before either writes; in the tsan build, TSan's "data race"
// on `counter`; racecheck flagging the write.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <thread>

namespace {

int counter = 0;  // shared by every thread, protected by nothing

// What each thread does: `counter++`, `increments` times, one visible step at a time.
void add(int increments) {
  for (int i = 0; i < increments; ++i) {
    int seen = counter;
    racelab::point("read counter", seen);
    counter = seen + 1;  // expect: racecheck-unsynchronized-write
    racelab::point("write counter", seen + 1);
  }
}

// The same code as an ordinary program: two threads, then the total.
racelab::Check run_plain(const racelab::Params& p) {
  const int increments = static_cast<int>(p.at("increments"));
  counter = 0;
  std::thread a(add, increments);
  std::thread b(add, increments);
  a.join();
  b.join();
  return racelab::expect_eq("counter", counter, 2LL * increments);
}

// Under the harness: one actor per thread, a fresh counter per run, and the invariant.
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
    .variant = "buggy",
    .rank = 1,
    .summary = "plain int; counter++ spelled out as read, then write",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::race,
    .params = {{"threads", 2}, {"increments", 5}},
    .make = make_test,
    .plain = run_plain,
});
