// examples/withdraw/customers.h: the harness wiring every in-memory withdraw variant shares,
// so that a variant file is its banner, its version of the account code, and its declaration.
//
//   `threads` customers each make `withdrawals` withdrawals of `amount` from one account
//   opened with `opening`; once they are all done, the Ledger checks the invariant (no
//   overdraft, no money made or lost).
//
// A variant describes its bank as a type with three static functions:
//   static void open(long long opening);      fresh state, before the customers start
//   static bool pay_out(long long amount);    the variant's withdraw(); true when paid
//   static long long closing_balance();       read once every customer has finished
// and, if one thread owns the account (actor.cpp), a fourth that runs as one more actor:
//   static void serve(long long requests);    answers that many withdrawals, then returns
// It registers Customers<ItsBank>::make_test and ::run_plain. A variant whose account is one
// `long long balance` uses OneBalance<balance, withdraw> as its bank.
#pragma once

#include <racelab/catalogue.h>

#include <thread>

#include "ledger.h"
#include "on_threads.h"

namespace withdraw_scenario {

// The parameters the in-memory variants start from (racestress run withdraw --threads 3 ...).
inline racelab::Params customer_params() {
  return {{"threads", 2}, {"opening", 100}, {"amount", 100}, {"withdrawals", 1}};
}

template <class Bank>
class Customers {
 public:
  static racelab::StressTest make_test(const racelab::Params& p) {
    racelab::StressTest test;
    test.setup([p] { open(p); });
    for (int c = 0; c < p.at("threads"); ++c) test.actor([p] { customer(p); });
    if constexpr (has_owner) test.actor([p] { Bank::serve(requests(p)); });
    test.invariant([] { return ledger_.check(Bank::closing_balance()); });
    test.state([] { return ledger_.describe(balance_between_steps()); });
    return test;
  }

  // The same customers on plain threads, without the harness: what a learner would write,
  // and what the benchmark times.
  static racelab::Check run_plain(const racelab::Params& p) {
    open(p);
    if constexpr (has_owner) {
      std::thread owner(Bank::serve, requests(p));
      on_threads(p.at("threads"), [&p](int) { customer(p); });
      owner.join();
    } else {
      on_threads(p.at("threads"), [&p](int) { customer(p); });
    }
    return ledger_.check(Bank::closing_balance());
  }

 private:
  static constexpr bool has_owner = requires { Bank::serve(0LL); };

  // What the step table shows; a bank whose closing_balance() takes a lock says how to read it
  // between steps instead.
  static long long balance_between_steps() {
    if constexpr (requires { Bank::balance_between_steps(); }) {
      return Bank::balance_between_steps();
    } else {
      return Bank::closing_balance();
    }
  }

  static long long requests(const racelab::Params& p) { return p.at("threads") * p.at("withdrawals"); }

  static void open(const racelab::Params& p) {
    Bank::open(p.at("opening"));
    ledger_.open(p.at("opening"));
  }

  static void customer(const racelab::Params& p) {
    for (long long i = 0; i < p.at("withdrawals"); ++i) {
      if (Bank::pay_out(p.at("amount"))) ledger_.paid(p.at("amount"));
    }
  }

  static inline Ledger ledger_;  // what was paid out
};

// The bank of most variants: one `long long` balance, and the variant's withdraw().
template <long long& Balance, bool (&Withdraw)(long long)>
struct OneBalance {
  static void open(long long opening) { Balance = opening; }
  static bool pay_out(long long amount) { return Withdraw(amount); }
  static long long closing_balance() { return Balance; }
};

}  // namespace withdraw_scenario
