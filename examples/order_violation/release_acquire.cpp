// FILE: examples/order_violation/release_acquire.cpp
//
// THE FIX: the ready flag is a std::atomic<bool>, stored with release, loaded with acquire.
//
//   main:    service.fill(); ready.store(true, std::memory_order_release);
//   worker:  while (!ready.load(std::memory_order_acquire)) wait();   use(service);
//
// WHY IT WORKS: a release store and an acquire load that reads it make a happens-before edge:
// everything the main thread wrote before the store (the whole Service) is visible to the
// worker after the load. Neither compiler nor CPU may move the Service's stores below the
// release, nor the worker's reads above the acquire. The spin burns a core while it waits; for
// long waits, ready.wait(false) (C++20) or a condition variable (ready_under_mutex.cpp) sleeps.
//
// RUN IT:  racestress run order_violation/release_acquire
//
// YOU SHOULD SEE: no failing run; TSan clean; racecheck reporting the write of `size` in
// Service::fill (program.h): a false alarm, it does not yet see the release/acquire edge.
#include <atomic>
#include <thread>

#include "program.h"

namespace {

struct ReleaseAcquire {
  static constexpr bool loads_before_start = false;
  static inline order_scenario::Service service;
  static inline std::atomic<bool> ready{false};

  static void reset() {
    service = {};
    ready.store(false);
  }
  static void load() {
    service.fill();  // a false alarm; expect: racecheck-unsynchronized-write at program.h:33
    ready.store(true, std::memory_order_release);  // publishes everything written above
    racelab::point("sets ready");
  }
  static const order_scenario::Service& service_for_worker() {
    while (!ready.load(std::memory_order_acquire)) {  // sees everything written before the store
      racelab::wait_point("waits for ready");
      std::this_thread::yield();
    }
    return service;
  }
};

using Program = order_scenario::Program<ReleaseAcquire>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "order_violation",
    .variant = "release_acquire",
    .rank = 4,
    .summary = "std::atomic<bool> ready: release store after the load, acquire load before the use",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {},
    .make = Program::make_test,
    .plain = Program::run_plain,
});
