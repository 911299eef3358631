// FILE: examples/withdraw/split_lock.cpp
//
// THE BUG, STILL: every access to the balance is under the mutex, but the check and the act
// are in two separate critical sections:
//
//   { std::lock_guard lock(mutex); enough = balance >= amount; }   // check, unlock
//   if (enough) { std::lock_guard lock(mutex); balance -= amount; } // lock again, act
//
// WHY: the lock makes each section atomic, not the pair. Between the first unlock and the
// second lock the other thread can take the mutex, check the same untouched balance, and
// both act: -100 again. There is no data race at all (every access is ordered by the mutex),
// so ThreadSanitizer is silent: TSan finds data races, not race conditions. Lock-discipline
// checkers such as Clang's -Wthread-safety are satisfied too. racecheck's check-then-act
// rule sees that the lock was released and taken again between the check and the act.
//
// RUN IT:  racestress run withdraw/split_lock
//
// YOU SHOULD SEE: failing runs, the same overdraft as buggy; TSan clean in the tsan build;
// racecheck's check-then-act on the debit. The fix is one critical section: mutex.cpp.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <mutex>

#include "customers.h"

namespace {

std::mutex mutex;                  // guards balance
long long balance = 0;

bool withdraw(long long amount) {
  bool enough = false;
  {
    std::lock_guard lock(mutex);
    enough = balance >= amount;                      // check
    racelab::point("checks balance", balance);
  }                                                  // unlock: the answer is stale from here
  if (enough) {
    std::lock_guard lock(mutex);
    balance -= amount;                               // act  // expect: racecheck-check-then-act
    racelab::point("debits, balance now", balance);
    return true;
  }
  return false;
}

using Customers = withdraw_scenario::Customers<withdraw_scenario::OneBalance<balance, withdraw>>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "withdraw",
    .variant = "split_lock",
    .rank = 2,
    .summary = "check and act each under the mutex, in two sections: no data race, still overdraws",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::clean,
    .params = withdraw_scenario::customer_params(),
    .make = Customers::make_test,
    .plain = Customers::run_plain,
});
