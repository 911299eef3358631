// FILE: examples/transfer_deadlock/scoped_lock.cpp
//
// THE FIX: take both locks in one call, std::scoped_lock(from.mutex, to.mutex).
//
// WHY IT WORKS: std::scoped_lock with two mutexes calls std::lock, a deadlock-avoidance
// algorithm: it locks one mutex and only *tries* the other; if the try fails it lets go of
// the first and starts again from the one that was busy. A thread never waits for a lock
// while holding another, so no cycle of waiting can form, whatever order the arguments come
// in. The same works with std::lock(a, b) and two std::adopt_lock guards.
//
// COST: nothing when there is no contention; under contention a thread may lock and release
// a mutex more than once before it gets both.
//
// RUN IT:  racestress run transfer_deadlock/scoped_lock
//
// YOU SHOULD SEE: no failing or deadlocked run; TSan clean (no lock-order-inversion: the
// second lock is only ever tried); racecheck silent.
#include "clerks.h"

namespace {

void transfer(transfer_scenario::Account& from, transfer_scenario::Account& to, long long amount) {
  std::scoped_lock both(from.mutex, to.mutex);  // both or neither, never one while waiting
  racelab::point("locks both accounts", from.id);
  transfer_scenario::move_money(from, to, amount);
}

using Clerks = transfer_scenario::Clerks<transfer>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "transfer_deadlock",
    .variant = "scoped_lock",
    .rank = 2,
    .summary = "std::scoped_lock(from.mutex, to.mutex): std::lock's try-and-back-off takes both",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = transfer_scenario::clerk_params(),
    .make = Clerks::make_test,
    .plain = Clerks::run_plain,
});
