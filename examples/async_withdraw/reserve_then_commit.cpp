// FILE: examples/async_withdraw/reserve_then_commit.cpp
//
// THE FIX: reserve the money before suspending; after the slow part, commit or release the
// reservation.
//
//   if (available < amount) co_return false;      // check
//   available -= amount;  held += amount;         // reserve, with no co_await between
//   approved = co_await provider.pay_out(loop, amount);
//   held -= amount;                               // commit: the money leaves for good
//   if (!approved) available += amount;           // or release it
//
// WHY IT WORKS: the check and the reservation are one uninterrupted step, so every later
// check sees the money as already spoken for. Unlike no_suspend_between's debit-and-refund,
// the reservation is visible as what it is ("held"), not as a balance that drops and bounces
// back: card payments work this way (authorise, then capture or void). It also composes:
// a transfer can reserve on both accounts before doing anything slow.
//
// COST: no waiting and no lock: customers pay out concurrently (one tick for all), at the
// price of a second field, and of the rule that every reservation must end in a commit or a
// release (here, in the same function, on every path).
//
// RUN IT:  racestress run async_withdraw/reserve_then_commit
//          racestress run async_withdraw/reserve_then_commit --decline_every 2
//
// YOU SHOULD SEE: no failing run; "reserves" steps for both tasks before any commit; TSan
// clean; racecheck silent.
#include <racelab/async.h>
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <string>

#include "ledger.h"
#include "payment_provider.h"

namespace {

using racelab::EventLoop;
using racelab::Task;

long long available = 0;                  // may be reserved by a new withdrawal
long long held = 0;                       // reserved, waiting for the provider
withdraw_scenario::Ledger ledger;         // what was paid out
async_withdraw::PaymentProvider provider;

Task<bool> withdraw(EventLoop& loop, long long amount) {
  if (available < amount) co_return false;                  // check
  available -= amount;                                      // reserve, with no co_await between
  held += amount;
  racelab::point("reserves, available now", available);
  const bool approved = co_await provider.pay_out(loop, amount);  // others run here: fine
  held -= amount;                                           // the reservation ends either way
  if (!approved) available += amount;                       // declined: release it
  racelab::point(approved ? "commits, held now" : "releases, held now", held);
  co_return approved;
}

// Every reservation ended (committed or released), and the ledger balances.
racelab::Check money_adds_up() {
  if (held != 0) return racelab::Check::broken("still held after every customer finished: " + std::to_string(held));
  return ledger.check(available);
}

// Customer c comes in at tick c: just as the one before is back from the provider.
Task<> customer(EventLoop& loop, long long arrival, racelab::Params p) {
  if (arrival > 0) co_await loop.sleep(arrival);
  for (long long i = 0; i < p.at("withdrawals"); ++i) {
    if (co_await withdraw(loop, p.at("amount"))) ledger.paid(p.at("amount"));
  }
}

// One event loop, one thread: every customer is a task on it.
void run_bank(const racelab::Params& p) {
  EventLoop loop;
  for (long long c = 0; c < p.at("customers"); ++c) loop.spawn(customer(loop, c, p));
  loop.run();
}

void open(const racelab::Params& p) {
  available = p.at("opening");
  held = 0;
  ledger.open(p.at("opening"));
  provider.open(p.at("decline_every"));
}

racelab::StressTest make_test(const racelab::Params& p) {
  racelab::StressTest test;
  test.setup([p] { open(p); });
  test.actor([p] { run_bank(p); });  // one actor: the loop's thread; its tasks are the columns
  test.invariant([] { return money_adds_up(); });
  return test;
}

racelab::Check run_plain(const racelab::Params& p) {
  open(p);
  run_bank(p);
  return money_adds_up();
}

}  // namespace

RACELAB_VARIANT({
    .scenario = "async_withdraw",
    .variant = "reserve_then_commit",
    .rank = 4,
    .summary = "reserve before the co_await, then commit or release",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .checker = {},
    .params = {{"customers", 2}, {"opening", 100}, {"amount", 100}, {"withdrawals", 1}, {"decline_every", 0}},
    .make = make_test,
    .plain = run_plain,
});
