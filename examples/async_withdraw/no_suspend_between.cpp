// FILE: examples/async_withdraw/no_suspend_between.cpp
//
// THE FIX: no co_await between the check and the act. Debit first, then pay out; if the
// provider declines, put the money back.
//
//   if (balance < amount) co_return false;        // check
//   balance -= amount;                            // act, at once: nothing can run in between
//   if (!co_await provider.pay_out(loop, amount)) balance += amount;   // refund if declined
//
// WHY IT WORKS: on a single-threaded event loop a task runs undisturbed from one co_await to
// the next. Code with no co_await in it is a critical section for free, no lock needed. So
// keep each check and the act that depends on it in the same stretch between suspensions.
// The slow part comes after: by then the money is already taken, and another customer's
// check sees the lower balance.
//
// COST: nothing at run time. The price is in the design: a declined payment must be undone
// (here, a refund), and another customer may briefly see a balance that later goes back up
// and be refused meanwhile. reserve_then_commit.cpp makes that state explicit.
//
// RUN IT:  racestress run async_withdraw/no_suspend_between
//
// YOU SHOULD SEE: no failing run; each task's check and debit in consecutive steps of its
// column; TSan clean; racecheck silent.
#include <racelab/async.h>
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include "ledger.h"
#include "payment_provider.h"

namespace {

using racelab::EventLoop;
using racelab::Task;

long long balance = 0;                    // one thread: no data race, ever
withdraw_scenario::Ledger ledger;         // what was paid out
async_withdraw::PaymentProvider provider;

Task<bool> withdraw(EventLoop& loop, long long amount) {
  if (balance < amount) co_return false;                    // check
  balance -= amount;                                        // act, with no co_await between
  racelab::point("checks and debits, balance now", balance);
  const bool approved = co_await provider.pay_out(loop, amount);  // others run here: fine now
  if (!approved) {
    balance += amount;                                      // declined: undo the debit
    racelab::point("refunds, balance now", balance);
  }
  co_return approved;
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
  balance = p.at("opening");
  ledger.open(p.at("opening"));
  provider.open(p.at("decline_every"));
}

racelab::StressTest make_test(const racelab::Params& p) {
  racelab::StressTest test;
  test.setup([p] { open(p); });
  test.actor([p] { run_bank(p); });  // one actor: the loop's thread; its tasks are the columns
  test.invariant([] { return ledger.check(balance); });
  return test;
}

racelab::Check run_plain(const racelab::Params& p) {
  open(p);
  run_bank(p);
  return ledger.check(balance);
}

}  // namespace

RACELAB_VARIANT({
    .scenario = "async_withdraw",
    .variant = "no_suspend_between",
    .rank = 2,
    .summary = "check and debit with no co_await between them; pay out after (refund if declined)",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .checker = {},
    .params = {{"customers", 2}, {"opening", 100}, {"amount", 100}, {"withdrawals", 1}, {"decline_every", 0}},
    .make = make_test,
    .plain = run_plain,
});
