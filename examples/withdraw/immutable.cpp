// FILE: examples/withdraw/immutable.cpp
//
// THE FIX: the account is an immutable snapshot; a withdrawal builds a new snapshot and swaps
// it in with an atomic compare-and-swap of the std::shared_ptr<const Account> that points to
// the current one.
//
//   auto seen = std::atomic_load(&account);
//   do {
//     if (seen->balance < amount) return false;                        // check the snapshot
//     next = std::make_shared<const Account>(seen->balance - amount, ...);
//   } while (!std::atomic_compare_exchange_strong(&account, &seen, next));  // swap, if unchanged
//
// WHY IT WORKS: nobody ever changes a snapshot, so a check made on one stays true of it
// forever; the only question is whether it is still the current one, and the
// compare-exchange answers that and publishes the new one in one step. It compares
// pointers, and `seen` keeps the old snapshot alive, so its address cannot be reused: no ABA
// problem even when a balance value repeats. This is Java Concurrency in Practice's
// OneValueCache idea, and it scales to invariants over several fields (here the balance and
// the number of withdrawals always change together).
//
// WHY NOT std::atomic<std::shared_ptr<const Account>> (C++20)? It is the modern spelling of
// the same idea, but with GCC 12's libstdc++, ThreadSanitizer reports a data race inside it:
// its load() releases its internal lock bit with a relaxed store (bits/shared_ptr_atomic.h),
// so TSan sees no order between a load's read and the next compare_exchange's write. The
// C++11 free functions used here (deprecated by C++20, but not warned about by GCC 12) take
// a lock from a small pool of mutexes, which TSan and the harness both understand.
//
// COST: an allocation per withdrawal, and a pooled mutex per atomic shared_ptr operation;
// readers never see a half-made multi-field update.
//
// RUN IT:  racestress run withdraw/immutable
//
// YOU SHOULD SEE: no failing run; "swap failed, retry" steps when the harness interleaves;
// TSan clean; racecheck silent.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <memory>

#include "customers.h"

namespace {

struct Account {
  long long balance = 0;
  long long withdrawals = 0;
};

std::shared_ptr<const Account> account;  // only through std::atomic_load / _compare_exchange

bool withdraw(long long amount) {
  std::shared_ptr<const Account> seen = std::atomic_load(&account);
  for (;;) {
    racelab::point("checks balance", seen->balance);
    if (seen->balance < amount) return false;                        // check this snapshot
    auto next = std::make_shared<const Account>(Account{seen->balance - amount, seen->withdrawals + 1});
    if (std::atomic_compare_exchange_strong(&account, &seen, next)) {  // still the current one?
      racelab::point("swapped in, balance now", next->balance);
      return true;
    }
    racelab::point("swap failed, retry with", seen->balance);        // `seen` is the newer one
  }
}

struct Bank {
  static void open(long long opening) { std::atomic_store(&account, std::make_shared<const Account>(Account{opening, 0})); }
  static bool pay_out(long long amount) { return withdraw(amount); }
  static long long closing_balance() { return std::atomic_load(&account)->balance; }
  // For the step table, between steps: no atomic_load, whose pooled mutex the harness would
  // take for an actor's lock (it crashed racestress play); the actors are parked meanwhile.
  static long long balance_between_steps() { return account->balance; }
};
using Customers = withdraw_scenario::Customers<Bank>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "withdraw",
    .variant = "immutable",
    .rank = 6,
    .summary = "immutable snapshots; a shared_ptr to the current one swapped by atomic compare-exchange",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = withdraw_scenario::customer_params(),
    .make = Customers::make_test,
    .plain = Customers::run_plain,
});
