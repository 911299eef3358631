// FILE: examples/lost_update/atomic_load_store.cpp
//
// THE BUG, STILL: the counter is a std::atomic<int>, but each increment is an atomic load
// followed by a separate atomic store. It looks fixed and it is not.
//
// WHY: each load and each store is atomic on its own, so there is no data race: the program
// is well defined and ThreadSanitizer stays silent. But another thread can still load
// between this thread's load and its store, and then both store the same number: the same
// lost update as the plain int. Atomicity of the pieces is not atomicity of the whole.
// This is a race condition without a data race; only a check of the result finds it.
//
// RUN IT:  racestress run lost_update/atomic_load_store
//
// YOU SHOULD SEE: failing runs and a step table just like buggy's; TSan clean (in the tsan
// build); racecheck silent about unsynchronized writes (every access is atomic) but flagging
// the store as a non-atomic read-modify-write. Compare with lost_update/buggy and /atomic.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <atomic>
#include <thread>

namespace {

std::atomic<int> counter{0};

void add(int increments) {
  for (int i = 0; i < increments; ++i) {
    int seen = counter.load();  // atomic read; the store below is atomic too, but not together
    racelab::point("load counter", seen);
    counter.store(seen + 1);  // expect: racecheck-non-atomic-rmw
    racelab::point("store counter", seen + 1);
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
    .variant = "atomic_load_store",
    .rank = 4,
    .summary = "std::atomic load, then a separate store: no data race, updates still lost",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::clean,
    .params = {{"threads", 2}, {"increments", 5}},
    .make = make_test,
    .plain = run_plain,
});
