// FILE: examples/transfer_deadlock/buggy.cpp
//
// THE BUG: transfer(from, to) locks `from`'s mutex, then `to`'s. Clerk A transfers from
// account 1 to account 2 while clerk B transfers from account 2 to account 1: A holds 1 and
// waits for 2, B holds 2 and waits for 1, and neither ever lets go. The lock-order deadlock.
//
// WHY: each call takes its locks in the order of its arguments, so two calls with the
// arguments swapped take the same two locks in opposite orders. If each gets its first lock
// before the other gets its second, there is a cycle in "who waits for whom". Nothing is
// corrupted and there is no data race: the program just stops.
//
// RUN IT:  racestress run transfer_deadlock/buggy
//
// YOU SHOULD SEE: a deadlock verdict in some of the runs, naming what each clerk holds and
// waits for ("A holds account 1's mutex and waits for a mutex, account 2's mutex (held by
// B)"); in the tsan build, TSan's "lock-order-inversion (potential deadlock)", reported even
// by runs that did not hang; racecheck silent. Its lock-order rule would flag the second lock
// (it does, with both clerks' chains in the notes, when `racelab::StressTest::actor` is listed
// under ThreadApis in .racecheck.yaml), but this variant has no plain run, and racecheck does not
// model the harness's StressTest actors as threads, so it sees no two paths that run at once.
#include "clerks.h"

namespace {

void transfer(transfer_scenario::Account& from, transfer_scenario::Account& to, long long amount) {
  std::lock_guard first(from.mutex);   // the order of the arguments...
  racelab::point("locks account", from.id);
  std::lock_guard second(to.mutex);    // ...is the order of the locks
  racelab::point("locks account", to.id);
  transfer_scenario::move_money(from, to, amount);
}

using Clerks = transfer_scenario::Clerks<transfer>;

}  // namespace

// No plain run: on bare threads a deadlocked run never returns.
RACELAB_VARIANT({
    .scenario = "transfer_deadlock",
    .variant = "buggy",
    .rank = 1,
    .summary = "transfer(from, to) locks from, then to: opposite transfers lock in opposite orders",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::race,
    .params = transfer_scenario::clerk_params(),
    .make = Clerks::make_test,
});
