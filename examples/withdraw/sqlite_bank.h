// examples/withdraw/sqlite_bank.h: the bank of the SQLite withdraw variants. The account is
// row 1 of the `accounts` table in a real database file, in a fresh temporary folder of its
// own (removed when the program exits); every customer has its own connection, as separate
// processes or request handlers would.
//
// Waiting for a lock: when one customer holds the database's write lock and another needs
// it, SQLite calls the busy handler. On plain threads it sleeps and retries (for up to 2 s,
// then the statement fails with SQLITE_BUSY and the variant retries the whole transaction).
// Under the harness's controlled scheduler sleeping would not help: the holder is parked and
// can only move when someone hands it the baton. So the handler calls a racelab::wait_point,
// which lets the harness run another actor (and not pick this one again before another actor
// has taken a step, whatever the strategy), and then retries at once.
#pragma once

#include <racelab/point.h>

#include <memory>
#include <vector>

#include "sqlite_account.h"
#include "sqlite_connection.h"
#include "sqlite_retry.h"
#include "temp_folder.h"

namespace withdraw_scenario {

class SqliteBank {
 public:
  static constexpr long long kAccount = 1;

  // Account 1 holds `opening`; `customers` fresh connections are ready.
  void open(long long customers, long long opening) {
    if (!folder_) {
      folder_ = std::make_unique<racelab::support::TempFolder>("racelab-withdraw-");
      path_ = folder_->file("bank.db").string();
      racelab::support::SqliteConnection setup(path_);
      racelab::support::create_accounts_table(setup);
    }
    customers_.clear();
    for (long long c = 0; c < customers; ++c) {
      customers_.emplace_back(path_);
      customers_.back().on_busy(let_the_lock_holder_run);
    }
    racelab::support::SqliteConnection setup(path_);
    racelab::support::set_account(setup, kAccount, opening);
  }

  // Customer `c`'s own connection.
  racelab::support::SqliteConnection& connection(int c) { return customers_[static_cast<std::size_t>(c)]; }

  long long balance() const {
    racelab::support::SqliteConnection reader(path_);
    return racelab::support::read_balance(reader, kAccount);
  }

  void close() { customers_.clear(); }

 private:
  static bool let_the_lock_holder_run() {
    if (!racelab::in_harness()) return false;  // plain threads: sleep a little, retry
    racelab::wait_point("waits for the database lock");
    return true;
  }

  std::unique_ptr<racelab::support::TempFolder> folder_;  // declared first: removed last
  std::string path_;
  std::vector<racelab::support::SqliteConnection> customers_;
};

// A statement that met SQLITE_BUSY changed nothing: run it again, never drop it.
struct RetryWhileBusy {
  template <class Withdrawal>
  static bool run(Withdrawal&& withdrawal) {
    return racelab::support::retry_while_busy(withdrawal);
  }
};

}  // namespace withdraw_scenario
