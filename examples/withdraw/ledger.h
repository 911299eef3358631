// examples/withdraw/ledger.h: what the customers were paid, and the invariant every withdraw
// variant must keep whatever the interleaving:
//
//   1. the balance never goes below zero (no overdraft), and
//   2. no money is made or lost: balance + everything paid out == the opening balance.
//
// The total is a relaxed atomic: safe to add to from every thread, and (being relaxed) it
// creates no happens-before between them, so the bookkeeping cannot hide a variant's data
// race from ThreadSanitizer.
#pragma once

#include <racelab/test.h>

#include <atomic>
#include <string>

namespace withdraw_scenario {

class Ledger {
 public:
  // Before the customers start.
  void open(long long opening) {
    opening_ = opening;
    paid_out_.store(0, std::memory_order_relaxed);
  }
  // A customer got `amount` in cash.
  void paid(long long amount) { paid_out_.fetch_add(amount, std::memory_order_relaxed); }

  // The state in a few words, for step tables and outcome histograms ("balance 0, paid out 100").
  std::string describe(long long balance) const {
    return "balance " + std::to_string(balance) + ", paid out " +
           std::to_string(paid_out_.load(std::memory_order_relaxed));
  }

  // After every customer finished.
  racelab::Check check(long long balance) const {
    const long long paid = paid_out_.load(std::memory_order_relaxed);
    const std::string numbers = "balance " + std::to_string(balance) + ", paid out " + std::to_string(paid) +
                                " from " + std::to_string(opening_);
    if (balance < 0) return racelab::Check::broken(numbers + ": overdrawn");
    if (balance + paid != opening_) return racelab::Check::broken(numbers + ": money was made or lost");
    return racelab::Check::holds();
  }

 private:
  long long opening_ = 0;
  std::atomic<long long> paid_out_{0};
};

}  // namespace withdraw_scenario
