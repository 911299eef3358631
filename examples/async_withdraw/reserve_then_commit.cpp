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

#include "customers.h"
#include "payment_provider.h"

namespace {

using racelab::EventLoop;
using racelab::Task;

long long available = 0;                  // may be reserved by a new withdrawal
long long held = 0;                       // reserved, waiting for the provider
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
racelab::Check money_adds_up(const withdraw_scenario::Ledger& ledger) {
  if (held != 0) return racelab::Check::broken("still held after every customer finished: " + std::to_string(held));
  return ledger.check(available);
}

struct Bank {
  static void open(const racelab::Params& p) {
    available = p.at("opening");
    held = 0;
    provider.open(p.at("decline_every"));
  }
  static Task<bool> pay_out(EventLoop& loop, long long amount) { return withdraw(loop, amount); }
  static racelab::Check check(const withdraw_scenario::Ledger& ledger) { return money_adds_up(ledger); }
  static std::string describe(const withdraw_scenario::Ledger& ledger) {
    return ledger.describe(available) + ", held " + std::to_string(held);
  }
};
using Customers = async_withdraw::Customers<Bank>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "async_withdraw",
    .variant = "reserve_then_commit",
    .rank = 4,
    .summary = "reserve before the co_await, then commit or release",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = async_withdraw::customer_params(),
    .make = Customers::make_test,
    .plain = Customers::run_plain,
});
