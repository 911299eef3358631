// FILE: examples/order_violation/start_after_load.cpp
//
// THE FIX: load the Service first, then start the worker.
//
//   service.fill();
//   std::thread worker(handle_requests);
//
// WHY IT WORKS: everything a thread did before it started another thread happens-before
// everything the new thread does. No flag, no lock: the order of the two lines is the
// synchronisation. It is the simplest fix, when the program can be arranged that way (the
// worker is not needed during the load).
//
// IN THE HARNESS: both actors start together, so "before the worker starts" is the test's
// setup, which happens before every actor (program.h).
//
// RUN IT:  racestress run order_violation/start_after_load
//
// YOU SHOULD SEE: no failing run; TSan clean; racecheck silent.
#include "program.h"

namespace {

struct StartAfterLoad {
  static constexpr bool loads_before_start = true;
  static inline order_scenario::Service service;

  static void reset() { service = {}; }
  static void load() { service.fill(); }  // before the worker thread exists
  static const order_scenario::Service& service_for_worker() { return service; }
};

using Program = order_scenario::Program<StartAfterLoad>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "order_violation",
    .variant = "start_after_load",
    .rank = 3,
    .summary = "load the Service, then start the worker: thread start orders the load before every use",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {},
    .make = Program::make_test,
    .plain = Program::run_plain,
});
