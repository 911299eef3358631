// FILE: examples/order_violation/buggy.cpp
//
// THE BUG: the worker is started before the Service it uses is loaded, and nothing makes it
// wait. The author "knew" the load is quick and the worker slow to start.
//
//   std::thread worker(handle_requests);   // uses `service` right away
//   service.fill();                        // ...which is only loaded now
//
// WHY: starting a thread orders what came before the start, not what comes after it. From the
// worker's first step on, the main thread's loading and the worker's reading are concurrent:
// the worker can read the size while it is still 0, or the size before the table. It is an
// order violation (the program needs "load happens before use" and never says so), and a data
// race on the Service's fields.
//
// RUN IT:  racestress run order_violation/buggy
//
// YOU SHOULD SEE: failing runs ("the worker saw the table sum to 0"); a step table in which the
// worker reads the size before the main thread sets it; in the tsan build, TSan's "data race"
// on the Service's fields; racecheck flagging the write of `size` in Service::fill (program.h).
#include "program.h"

namespace {

struct Buggy {
  static constexpr bool loads_before_start = false;
  static inline order_scenario::Service service;

  static void reset() { service = {}; }
  static void load() { service.fill(); }  // the worker may be using it; expect: racecheck-unsynchronized-write at program.h:33
  static const order_scenario::Service& service_for_worker() { return service; }
};

using Program = order_scenario::Program<Buggy>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "order_violation",
    .variant = "buggy",
    .rank = 1,
    .summary = "the worker starts before the Service is loaded and uses it at once",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::race,
    .params = {},
    .make = Program::make_test,
    .plain = Program::run_plain,
});
