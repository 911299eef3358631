// FILE: examples/async_withdraw/async_mutex.cpp
//
// THE FIX: an async mutex held from the check until after the act, across the co_await.
//
//   auto guard = co_await account_lock.lock();    // suspends (does not block) while taken
//   if (balance >= amount) {
//     co_await provider.pay_out(loop, amount);    // other customers wait at lock()
//     balance -= amount;
//   }
//
// WHY IT WORKS: while one customer holds the lock, the others suspend at lock() instead of
// checking, so no check can go stale. Why not std::mutex? On one thread a task that holds a
// std::mutex and suspends leaves it locked; the next task to lock it blocks the only thread,
// and the loop deadlocks (C++ Core Guidelines CP.52: never hold a lock across a suspension
// point). racelab::AsyncMutex suspends the waiting task and lets the loop run on; the waiters
// resume first-come first-served. A strand (one queue of work per account) is the same idea.
//
// COST: withdrawals from one account take turns for the whole round trip, pay-out included:
// pay-outs from one account never overlap, so N customers asking at the same moment are
// served in N ticks of the virtual clock instead of one.
//
// RUN IT:  racestress run async_withdraw/async_mutex
//
// YOU SHOULD SEE: no failing run; the second task checks only after the first debited; TSan
// clean; racecheck silent: it sees the co_await between check and act, and also that the
// AsyncMutex guard taken with `co_await lock()` is held across it, which keeps other tasks out.
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
racelab::AsyncMutex* account_lock = nullptr;  // the running loop's; guards balance across co_await

Task<bool> withdraw(EventLoop& loop, long long amount) {
  auto guard = co_await account_lock->lock();               // wait (suspended) for our turn
  racelab::point("holds the account lock");
  if (balance >= amount) {                                  // check
    racelab::point("checks balance", balance);
    const bool approved = co_await provider.pay_out(loop, amount);  // others wait at lock()
    if (!approved) co_return false;
    balance -= amount;                                      // act, still under the lock
    racelab::point("debits, balance now", balance);
    co_return true;
  }
  co_return false;
}                                                           // guard: unlock, next one runs

struct Bank : async_withdraw::OneBalance<balance, provider, withdraw> {
  // Made with each event loop, kept while it runs: the loop's account lock.
  struct PerLoop {
    explicit PerLoop(EventLoop& loop) : lock(loop) { account_lock = &lock; }
    ~PerLoop() { account_lock = nullptr; }
    racelab::AsyncMutex lock;
  };
};
using Customers = async_withdraw::Customers<Bank>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "async_withdraw",
    .variant = "async_mutex",
    .rank = 3,
    .summary = "racelab::AsyncMutex held across the co_await, from check to act",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = async_withdraw::customer_params(),
    .make = Customers::make_test,
    .plain = Customers::run_plain,
});
