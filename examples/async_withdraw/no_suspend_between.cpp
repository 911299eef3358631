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

#include "customers.h"
#include "payment_provider.h"

namespace {

using racelab::EventLoop;
using racelab::Task;

long long balance = 0;                    // one thread: no data race, ever
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

using Customers = async_withdraw::Customers<async_withdraw::OneBalance<balance, provider, withdraw>>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "async_withdraw",
    .variant = "no_suspend_between",
    .rank = 2,
    .summary = "check and debit with no co_await between them; pay out after (refund if declined)",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = async_withdraw::customer_params(),
    .make = Customers::make_test,
    .plain = Customers::run_plain,
});
