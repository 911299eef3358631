// FILE: examples/withdraw/buggy.cpp
//
// THE BUG: check-then-act on a shared balance.
//
//   if (balance >= amount) {      // check
//     balance -= amount;          // act
//   }
//
// Two threads each withdraw 100 from a balance of 100. Both can pass the check before either
// acts, and then both act: the balance ends at -100 and 200 has been paid out of 100.
//
// WHY: the check and the act are two steps, and nothing stops the other thread from running
// between them. The answer the check gave ("there is enough") is stale by the time the act
// relies on it. It is also a data race (two threads, one plain int, no synchronisation, a
// write), so ThreadSanitizer reports it and racecheck flags the write. But fixing the data
// race alone does not fix the bug: see split_lock.cpp.
//
// RUN IT:  racestress run withdraw/buggy
//          racestress run withdraw/buggy --threads 3 --opening 200
//
// YOU SHOULD SEE: failing runs ("balance -100, paid out 200 from 100: overdrawn"),
// a step table where both threads check 100 before either debits; in the tsan build, a data
// race on `balance`; racecheck's unsynchronized-write on the debit.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include "customers.h"

namespace {

long long balance = 0;  // shared by every thread, protected by nothing

bool withdraw(long long amount) {
  if (balance >= amount) {                           // check
    racelab::point("checks balance", balance);
    balance -= amount;                               // act  // expect: racecheck-unsynchronized-write
    racelab::point("debits, balance now", balance);
    return true;
  }
  return false;
}

struct Account {
  static void open(long long opening) { balance = opening; }
  static bool pay_out(long long amount) { return withdraw(amount); }
  static long long closing_balance() { return balance; }
};
using Customers = withdraw_scenario::Customers<Account>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "withdraw",
    .variant = "buggy",
    .rank = 1,
    .summary = "if (balance >= amount) balance -= amount; on a plain shared integer",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::race,
    .params = withdraw_scenario::customer_params(),
    .make = Customers::make_test,
    .plain = Customers::run_plain,
});
