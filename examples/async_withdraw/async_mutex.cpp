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

#include "ledger.h"
#include "payment_provider.h"

namespace {

using racelab::EventLoop;
using racelab::Task;

long long balance = 0;                    // one thread: no data race, ever
withdraw_scenario::Ledger ledger;         // what was paid out
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
  racelab::AsyncMutex lock(loop);
  account_lock = &lock;
  for (long long c = 0; c < p.at("customers"); ++c) loop.spawn(customer(loop, c, p));
  loop.run();
  account_lock = nullptr;
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
    .variant = "async_mutex",
    .rank = 3,
    .summary = "racelab::AsyncMutex held across the co_await, from check to act",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .checker = {},
    .params = {{"customers", 2}, {"opening", 100}, {"amount", 100}, {"withdrawals", 1}, {"decline_every", 0}},
    .make = make_test,
    .plain = run_plain,
});
