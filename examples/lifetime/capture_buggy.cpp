// FILE: examples/lifetime/capture_buggy.cpp
//
// THE BUG: a lambda that captures a local by reference, handed to a thread that outlives the
// local's scope:
//
//   void start_shipping() {
//     Order order(3);
//     post([&order] { ship(order); });     // the task holds a reference to `order`
//   }                                      // `order` dies here; the task may not have run
//
// WHY: `[&order]` stores the address of the caller's local, not the order. Nothing ties the
// task's lifetime to the caller's scope: the worker runs it when it gets to it, often after
// start_shipping() has returned and its stack has been reused. The task then reads a dead
// object: a use after scope, and a data race with whatever the caller's thread writes into
// that stack next. The same holds for `std::thread([&] { ... }).detach()`, and for a task
// posted to a pool or an event loop, an std::async whose future is dropped into a member, a
// callback stored for later.
//
// RUN IT:  racestress run lifetime/capture_buggy
//
// YOU SHOULD SEE: failing runs ("the worker read the order after the caller's scope had
// ended"); a step table in which the caller returns before the worker ships; in the tsan
// build, TSan's report on the order: the task's read in ship() against the destructor's write. racecheck is silent:
// its capture-by-reference rule looks at detached std::threads and pthread_create only, not at
// a task posted to a worker queue, so it misses this bug (declared below).
#include "orders.h"

namespace {

struct ByReference {
  static void start_shipping() {
    lifetime_scenario::Order order(3);
    lifetime_scenario::post([&order] { lifetime_scenario::ship(order); });
    racelab::point("posts the task");
  }  // `order` dies here
};

using Shipping = lifetime_scenario::Shipping<ByReference>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "lifetime",
    .variant = "capture_buggy",
    .rank = 5,
    .summary = "a task captures a local by reference and runs on a worker after the local's scope has ended",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::race,
    .params = {},
    .make = Shipping::make_test,
});
