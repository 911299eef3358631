// FILE: examples/transfer_deadlock/ordered_by_id.cpp
//
// THE FIX: one global lock order. Every transfer locks the account with the smaller id first,
// whichever way the money goes.
//
// WHY IT WORKS: a deadlock needs a cycle: A holds X and waits for Y while B holds Y and waits
// for X. If every thread takes locks in increasing id order, a thread holding account 2's
// mutex never waits for account 1's, so the cycle cannot close. It scales to any number of
// locks, as long as *every* code path keeps the order (that is the part that breaks in big
// programs). Ordering by address (std::less<std::mutex*>) works too, but an id is stable
// and readable in a log.
//
// RUN IT:  racestress run transfer_deadlock/ordered_by_id
//
// YOU SHOULD SEE: no failing or deadlocked run; in a step table, the second clerk waiting
// for account 1's mutex before it has taken anything; TSan clean; racecheck silent.
#include "clerks.h"

namespace {

void transfer(transfer_scenario::Account& from, transfer_scenario::Account& to, long long amount) {
  transfer_scenario::Account& lower = from.id < to.id ? from : to;
  transfer_scenario::Account& higher = from.id < to.id ? to : from;
  std::lock_guard first(lower.mutex);   // always the smaller id first
  racelab::point("locks account", lower.id);
  std::lock_guard second(higher.mutex);
  racelab::point("locks account", higher.id);
  transfer_scenario::move_money(from, to, amount);
}

using Clerks = transfer_scenario::Clerks<transfer>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "transfer_deadlock",
    .variant = "ordered_by_id",
    .rank = 3,
    .summary = "lock the account with the smaller id first, whichever way the money goes",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = transfer_scenario::clerk_params(),
    .make = Clerks::make_test,
    .plain = Clerks::run_plain,
});
