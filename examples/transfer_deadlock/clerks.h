// examples/transfer_deadlock/clerks.h: the harness wiring every transfer_deadlock variant
// shares, so that a variant file is its banner, its transfer(), and its declaration.
//
//   Two accounts, each with its own mutex, each opened with `opening`. Clerk A moves `amount`
//   from account 1 to account 2, clerk B from account 2 to account 1, `transfers` times each.
//   When both are done, no money may have been made or lost. A run in which the clerks wait
//   for each other for ever is the harness's deadlock verdict.
//
// A variant registers Clerks<its_transfer>::make_test (and ::run_plain if it cannot deadlock:
// a deadlocked plain program would never return).
#pragma once

#include <racelab/catalogue.h>
#include <racelab/lock_name.h>
#include <racelab/point.h>

#include <mutex>
#include <string>
#include <thread>

namespace transfer_scenario {

struct Account {
  explicit Account(int account_id) : id(account_id) {}
  const int id;           // fixed for the account's life: a lock order can rely on it
  std::mutex mutex;       // guards balance
  long long balance = 0;
};

using Transfer = void (*)(Account& from, Account& to, long long amount);

// What every variant does once it holds both locks: the same in all of them, so the files show
// only how the locks are taken.
inline void move_money(Account& from, Account& to, long long amount) {
  from.balance -= amount;
  racelab::point("debits account", from.id);
  to.balance += amount;
  racelab::point("credits account", to.id);
}

inline racelab::Params clerk_params() { return {{"transfers", 1}, {"amount", 10}, {"opening", 100}}; }

template <Transfer transfer>
class Clerks {
 public:
  static racelab::StressTest make_test(const racelab::Params& p) {
    racelab::StressTest test;
    test.setup([p] { open(p); });
    test.actor([p] { clerk(one_, two_, p); });
    test.actor([p] { clerk(two_, one_, p); });
    test.invariant([p] { return total_kept(p); }).state([] { return balances(); });
    return test;
  }

  static racelab::Check run_plain(const racelab::Params& p) {
    open(p);
    std::thread a([&p] { clerk(one_, two_, p); });
    std::thread b([&p] { clerk(two_, one_, p); });
    a.join();
    b.join();
    return total_kept(p);
  }

 private:
  static void open(const racelab::Params& p) {
    one_.balance = p.at("opening");
    two_.balance = p.at("opening");
    racelab::name_lock(&one_.mutex, "account 1's mutex");
    racelab::name_lock(&two_.mutex, "account 2's mutex");
  }

  static void clerk(Account& from, Account& to, const racelab::Params& p) {
    for (long long i = 0; i < p.at("transfers"); ++i) transfer(from, to, p.at("amount"));
  }

  static racelab::Check total_kept(const racelab::Params& p) {
    return racelab::expect_eq("total of both balances", one_.balance + two_.balance, 2 * p.at("opening"));
  }

  // The state for step tables and outcome histograms.
  static std::string balances() {
    return "account 1: " + std::to_string(one_.balance) + ", account 2: " + std::to_string(two_.balance);
  }

  static inline Account one_{1};
  static inline Account two_{2};
};

}  // namespace transfer_scenario
