// FILE: examples/withdraw/mutex.cpp
//
// THE FIX: one critical section around both the check and the act.
//
//   std::lock_guard lock(mutex);
//   if (balance >= amount) balance -= amount;
//
// WHY IT WORKS: while one thread holds the mutex, the other cannot check, so the answer the
// check gave is still true when the act relies on it. The harness still tries to switch
// threads at the point between check and act, but the other thread then waits for the mutex:
// whichever order the harness picks, the second withdrawal sees 0 and is refused.
//
// COST: withdrawals from all threads take turns; under contention the mutex is also a
// sleep/wake-up. See docs/withdraw.md for operations per second against the other fixes.
//
// RUN IT:  racestress run withdraw/mutex
//
// YOU SHOULD SEE: no failing run (a bound such as "per-run failure probability below 0.03%
// at 95%"), step tables that show "waits for a mutex"; TSan clean; racecheck silent.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <mutex>

#include "customers.h"

namespace {

std::mutex mutex;                  // guards balance
long long balance = 0;

bool withdraw(long long amount) {
  std::lock_guard lock(mutex);                       // held for the check AND the act
  if (balance >= amount) {                           // check
    racelab::point("checks balance", balance);
    balance -= amount;                               // act
    racelab::point("debits, balance now", balance);
    return true;
  }
  return false;
}

using Customers = withdraw_scenario::Customers<withdraw_scenario::OneBalance<balance, withdraw>>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "withdraw",
    .variant = "mutex",
    .rank = 3,
    .summary = "one std::lock_guard around the check and the act",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = withdraw_scenario::customer_params(),
    .make = Customers::make_test,
    .plain = Customers::run_plain,
});
