// examples/withdraw/database_customers.h: the harness wiring every database withdraw variant
// shares, so that a variant file is its banner, its withdraw() and its declaration.
//
//   `threads` customers, each on its own connection of the bank, each make `withdrawals`
//   withdrawals of `amount` from the one account opened with `opening`; once they are all done,
//   the Ledger checks the invariant (no overdraft, no money made or lost).
//
// A variant passes its bank (SqliteBank or PgBank: open(customers, opening), connection(c),
// balance(), close()), its `bool withdraw(Connection&, long long amount)`, and what to do when
// the database refuses a withdrawal: RunOnce, or a retry policy of its bank's header. It
// registers DatabaseCustomers<...>::make_test and ::run_plain.
#pragma once

#include <racelab/catalogue.h>

#include "ledger.h"
#include "on_threads.h"

namespace withdraw_scenario {

// A refused withdrawal is not paid and not tried again.
struct RunOnce {
  template <class Withdrawal>
  static bool run(Withdrawal&& withdrawal) {
    return withdrawal();
  }
};

template <auto& Bank, auto& Withdraw, class Retry = RunOnce>
class DatabaseCustomers {
 public:
  static racelab::StressTest make_test(const racelab::Params& p) {
    racelab::StressTest test;
    test.setup([p] { open(p); });
    for (int c = 0; c < p.at("threads"); ++c) test.actor([p, c] { customer(c, p); });
    test.invariant([] { return ledger_.check(Bank.balance()); });
    test.teardown([] { Bank.close(); });
    return test;
  }

  // The same customers on plain threads, without the harness.
  static racelab::Check run_plain(const racelab::Params& p) {
    open(p);
    on_threads(p.at("threads"), [&p](int c) { customer(c, p); });
    return ledger_.check(Bank.balance());
  }

 private:
  static void open(const racelab::Params& p) {
    Bank.open(p.at("threads"), p.at("opening"));
    ledger_.open(p.at("opening"));
  }

  static void customer(int self, const racelab::Params& p) {
    for (long long i = 0; i < p.at("withdrawals"); ++i) {
      if (Retry::run([&] { return Withdraw(Bank.connection(self), p.at("amount")); })) {
        ledger_.paid(p.at("amount"));
      }
    }
  }

  static inline Ledger ledger_;  // what was paid out
};

}  // namespace withdraw_scenario
