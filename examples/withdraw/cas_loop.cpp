// FILE: examples/withdraw/cas_loop.cpp
//
// THE FIX: a compare-and-swap loop on a std::atomic balance; no lock at all.
//
//   long long seen = balance.load();
//   do {
//     if (seen < amount) return false;                                // check
//   } while (!balance.compare_exchange_strong(seen, seen - amount));  // act, if unchanged
//
// WHY IT WORKS: compare_exchange writes `seen - amount` only if the balance is still `seen`,
// the value the check looked at, and does so in one indivisible step. If the other thread
// got in between, the exchange fails, hands back the new balance in `seen`, and the loop
// checks again. The check is made stale, but never acted on while stale.
// (Comparing values is enough here: if the balance went 100 -> 0 -> 100 in between, 100 is
// still enough money. When the value alone does not tell, compare a version too; see
// immutable.cpp, which compares pointers to snapshots.)
//
// COST: no thread ever sleeps; under heavy contention threads retry, which wastes work.
//
// RUN IT:  racestress run withdraw/cas_loop
//
// YOU SHOULD SEE: no failing run; step tables with "exchange failed, retry" when the harness
// switches between load and exchange; TSan clean (atomics); racecheck silent.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <atomic>

#include "customers.h"

namespace {

std::atomic<long long> balance{0};

bool withdraw(long long amount) {
  long long seen = balance.load();
  for (;;) {
    racelab::point("checks balance", seen);
    if (seen < amount) return false;                           // check
    if (balance.compare_exchange_strong(seen, seen - amount)) {  // act, only if still `seen`
      racelab::point("exchanged, balance now", seen - amount);
      return true;
    }
    racelab::point("exchange failed, retry with", seen);       // `seen` is the new balance
  }
}

struct Bank {
  static void open(long long opening) { balance = opening; }
  static bool pay_out(long long amount) { return withdraw(amount); }
  static long long closing_balance() { return balance.load(); }
};
using Customers = withdraw_scenario::Customers<Bank>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "withdraw",
    .variant = "cas_loop",
    .rank = 4,
    .summary = "compare_exchange_strong loop on std::atomic<long long>",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = withdraw_scenario::customer_params(),
    .make = Customers::make_test,
    .plain = Customers::run_plain,
});
