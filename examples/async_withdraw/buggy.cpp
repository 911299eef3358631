// FILE: examples/async_withdraw/buggy.cpp
//
// THE BUG: check-then-act across a co_await, on ONE thread.
//
//   if (balance >= amount) {                      // check
//     co_await provider.pay_out(loop, amount);    // suspend: other customers run here
//     balance -= amount;                          // act on a check that may be stale
//   }
//
// Two customers each withdraw 100 from 100 on a single-threaded event loop; the second comes
// in one tick after the first, just as the first is back from the provider. If the loop
// resumes the first one first, it debits and the second is refused. If it runs the newcomer
// first, the newcomer checks (100 >= 100) and suspends; then both debit: -100.
//
// WHY: a co_await is a point where the coroutine gives up control, and the loop may run any
// other task before resuming it: the same gap between check and act as between two threads,
// only now it is visible in the source, at every co_await. There is one thread, so there is
// no data race: ThreadSanitizer has nothing to report, ever. TSan finds data races, not race
// conditions. (This is Microsoft Coyote's AccountManager tutorial, and the most common
// Node.js concurrency bug in the NodeCB study: an atomicity violation across an await.)
//
// RUN IT:  racestress run async_withdraw/buggy
//
// YOU SHOULD SEE: failing runs ("balance -100, paid out 200 from 100: overdrawn"), a step
// table with one column per task (A, B) where both check 100 before either debits; TSan
// clean; racecheck's check-then-act on the debit, naming the co_await. Without the harness
// the loop is first-in first-out: with the default one withdrawal each, the first
// customer's pay-out was queued before the newcomer, so it resumes first and the bug stays
// hidden on every plain run, until a provider that answers a little later, another arrival
// time, or more withdrawals per customer change the order.
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
  if (balance >= amount) {                                  // check
    racelab::point("checks balance", balance);
    const bool approved = co_await provider.pay_out(loop, amount);  // others run here
    if (!approved) co_return false;
    balance -= amount;                                      // act  // expect: racecheck-check-then-act
    racelab::point("debits, balance now", balance);
    co_return true;
  }
  co_return false;
}

using Customers = async_withdraw::Customers<async_withdraw::OneBalance<balance, provider, withdraw>>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "async_withdraw",
    .variant = "buggy",
    .rank = 1,
    .summary = "if (balance >= amount) { co_await pay_out(); balance -= amount; } on one thread",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::clean,
    .params = async_withdraw::customer_params(),
    .make = Customers::make_test,
    .plain = Customers::run_plain,
});
