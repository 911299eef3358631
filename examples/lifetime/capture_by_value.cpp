// FILE: examples/lifetime/capture_by_value.cpp
//
// THE FIX: the task captures the order by value, so it carries its own copy:
//
//   void start_shipping() {
//     Order order(3);
//     post([order] { ship(order); });      // a copy of `order` lives inside the task
//   }
//
// WHY IT WORKS: the copy is made on the caller's thread before the task is posted, and it
// lives as long as the task does, on whichever thread runs it. The caller's `order` can die
// whenever it likes. For an object that is costly to copy or cannot be copied, move it in:
// `[order = std::move(order)]`; for one that must stay shared, capture a std::shared_ptr to it
// by value. (With std::thread, the constructor's arguments are copied too:
// `std::thread(ship_copy, order)` copies `order`; `std::ref(order)` would undo that.)
//
// THE COST: one copy (or move) of what the task captures.
//
// RUN IT:  racestress run lifetime/capture_by_value
//
// YOU SHOULD SEE: no failing run; TSan clean.
#include "orders.h"

namespace {

struct ByValue {
  static void start_shipping() {
    lifetime_scenario::Order order(3);
    lifetime_scenario::post([order] { lifetime_scenario::ship(order); });
    racelab::point("posts the task");
  }
};

using Shipping = lifetime_scenario::Shipping<ByValue>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "lifetime",
    .variant = "capture_by_value",
    .rank = 6,
    .summary = "the task captures the order by value: it carries its own copy",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {},
    .make = Shipping::make_test,
    .plain = Shipping::run_plain,
});
