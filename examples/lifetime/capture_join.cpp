// FILE: examples/lifetime/capture_join.cpp
//
// THE FIX: keep the capture by reference, and do not leave the scope until the task is done
// with it: the caller waits for the task to finish (joins it) before `order` dies:
//
//   void start_shipping() {
//     Order order(3);
//     Mailbox<bool> done;
//     post([&order, &done] { ship(order); done.send(true); });
//     done.receive();                      // the join: the task has finished with `order`
//   }
//
// WHY IT WORKS: the task's last use of `order` happens before its send, which happens before
// the caller's receive returns, which happens before `order` is destroyed. With one thread per
// task, std::jthread does this by itself: declared after `order`, it is destroyed (and joins)
// before `order` is:
//
//     Order order(3);
//     std::jthread shipper([&order] { ship(order); });
//   }                                      // ~jthread joins, then ~Order
//
// THE COST: the caller waits for the task, so the work is no longer in the background: right
// when the caller needs the result anyway (fork-join), wrong for fire-and-forget work.
//
// RUN IT:  racestress run lifetime/capture_join
//
// YOU SHOULD SEE: no failing run; TSan clean.
#include "orders.h"

namespace {

struct Joined {
  static void start_shipping() {
    lifetime_scenario::Order order(3);
    racelab::support::Mailbox<bool> done;
    lifetime_scenario::post([&order, &done] {
      lifetime_scenario::ship(order);
      done.send(true);
    });
    racelab::point("posts the task");
    done.receive();  // joins the task before `order` dies
  }
};

using Shipping = lifetime_scenario::Shipping<Joined>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "lifetime",
    .variant = "capture_join",
    .rank = 7,
    .summary = "the caller waits for the task (joins it) before the captured local dies",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {},
    .make = Shipping::make_test,
    .plain = Shipping::run_plain,
});
