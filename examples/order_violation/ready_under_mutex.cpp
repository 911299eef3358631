// FILE: examples/order_violation/ready_under_mutex.cpp
//
// THE FIX: a ready flag under a mutex, with a condition variable to sleep on.
//
//   main:    service.fill(); { lock; ready = true; } loaded.notify_all();
//   worker:  { lock; loaded.wait(lock, [] { return ready; }); }   use(service);
//
// WHY IT WORKS: the main thread's unlock after setting `ready` happens-before the worker's
// lock that sees it, so everything written before (the whole Service) is visible. Unlike the
// spinning atomic flag, the worker sleeps until it is told. This is the shape of std::latch
// (count_down / wait), which is the one-line version of this fix in C++20; the catalogue
// uses the mutex form because libstdc++'s latch sleeps in futex, which the harness does not
// intercept (see docs/order_violation.md).
//
// RUN IT:  racestress run order_violation/ready_under_mutex
//
// YOU SHOULD SEE: no failing run; TSan clean; racecheck reporting the write of `size` in
// Service::fill (program.h): a false alarm, it does not yet see that the flag set under the
// mutex orders the load before the worker's use.
#include <condition_variable>
#include <mutex>

#include "program.h"

namespace {

struct ReadyUnderMutex {
  static constexpr bool loads_before_start = false;
  static inline order_scenario::Service service;
  static inline std::mutex mutex;  // guards ready
  static inline std::condition_variable loaded;
  static inline bool ready = false;

  static void reset() {
    service = {};
    ready = false;
  }
  static void load() {
    service.fill();  // a false alarm; expect: racecheck-unsynchronized-write at program.h:33
    {
      std::lock_guard lock(mutex);
      ready = true;
    }
    loaded.notify_all();
    racelab::point("sets ready");
  }
  static const order_scenario::Service& service_for_worker() {
    std::unique_lock lock(mutex);
    loaded.wait(lock, [] { return ready; });
    return service;
  }
};

using Program = order_scenario::Program<ReadyUnderMutex>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "order_violation",
    .variant = "ready_under_mutex",
    .rank = 5,
    .summary = "ready flag set under a mutex, the worker waits on a condition variable (what std::latch does)",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {},
    .make = Program::make_test,
    .plain = Program::run_plain,
});
