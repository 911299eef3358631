// examples/withdraw/pg_bank.h: the bank of the PostgreSQL withdraw variants. The account is
// one row of table racelab.accounts on a real PostgreSQL server: the one RACELAB_PG_CONNINFO
// names, or a throw-away server on a private Unix socket started on first use and stopped at exit (see
// examples/support/pg_test_server.h). Every customer has its own connection (kept from run
// to run: a PostgreSQL connection is a server process, too costly to start per run).
//
// Waiting for a lock: a statement that needs a row another transaction has locked waits on
// the server. The connection waits for the answer in a poll() loop (libpq's asynchronous
// API). When no answer came within 1 ms, and the server says (pg_locks, asked on a second
// connection of the customer's own) that this customer's server process is waiting for a
// lock, the loop calls a racelab::wait_point: under the controlled scheduler the lock
// holder is parked and only moves when someone hands it the baton, and a waiter is not
// picked again before another actor has taken a step (PCT would otherwise keep running a
// waiter of higher priority). Asking the server rather
// than trusting the clock keeps a slow answer from adding a scheduling point, so a failing
// schedule replays exactly.
//
// Without PostgreSQL installed, open() throws with a message saying so: the variant cannot
// run, and says why, rather than pretend to pass or fail.
#pragma once

#include <racelab/point.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "pg_account.h"
#include "pg_connection.h"
#include "pg_error.h"
#include "pg_retry.h"
#include "pg_test_server.h"

namespace withdraw_scenario {

class PgBank {
 public:
  // The account's row: its own for each bank of each process, as several test processes
  // may share one server.
  long long account() const { return account_; }

  // The account holds `opening`; `customers` connections are ready, outside any transaction.
  void open(long long customers, long long opening) {
    const auto& server = racelab::support::PgTestServer::shared();
    if (server.status() != racelab::support::PgTestServer::Status::ready) {
      throw std::runtime_error("withdraw/pg_*: " + server.message());
    }
    if (!setup_) {
      setup_.emplace(server.conninfo());
      try {
        setup_->exec("CREATE SCHEMA IF NOT EXISTS racelab");
      } catch (const racelab::support::PgError& error) {  // created by another process just now
        if (error.sqlstate() != "23505" && error.sqlstate() != "42P06") throw;
      }
      use_our_schema(*setup_);
      racelab::support::create_accounts_table(*setup_);
    }
    while (static_cast<long long>(customers_.size()) < customers) {
      customers_.emplace_back(server.conninfo());
      monitors_.push_back(std::make_unique<racelab::support::PgConnection>(server.conninfo()));
      use_our_schema(customers_.back());
      racelab::support::PgConnection* monitor = monitors_.back().get();
      const int pid = customers_.back().backend_pid();
      customers_.back().on_wait([monitor, pid] { return let_the_lock_holder_run(*monitor, pid); },
                                std::chrono::milliseconds(1));
    }
    racelab::support::set_account(*setup_, account_, opening);
  }

  // Customer `c`'s own connection.
  racelab::support::PgConnection& connection(int c) { return customers_[static_cast<std::size_t>(c)]; }

  long long balance() { return racelab::support::read_balance(*setup_, account_); }

  // After a run: no connection may stay inside a transaction (a run cut short can leave one).
  void close() {
    for (auto& connection : customers_) {
      if (connection.in_transaction()) connection.exec("ROLLBACK");
    }
  }

 private:
  static void use_our_schema(racelab::support::PgConnection& db) { db.exec("SET search_path TO racelab"); }

  static bool let_the_lock_holder_run(racelab::support::PgConnection& monitor, int pid) {
    if (!racelab::in_harness()) return false;  // plain threads: keep waiting for the server
    if (!racelab::support::waits_for_lock(monitor, pid)) return false;  // just slow: wait on
    racelab::wait_point("waits for a row lock");
    return true;
  }

  static long long unique_account() {
    static std::atomic<int> banks{0};
    return static_cast<long long>(::getpid()) * 1000 + banks.fetch_add(1) + 1;
  }

  const long long account_ = unique_account();
  std::optional<racelab::support::PgConnection> setup_;
  std::vector<racelab::support::PgConnection> customers_;
  std::vector<std::unique_ptr<racelab::support::PgConnection>> monitors_;  // one per customer
};

// A transaction PostgreSQL refused (40001) was rolled back: run it again, never drop it.
struct RetryOnSerializationFailure {
  template <class Withdrawal>
  static bool run(Withdrawal&& withdrawal) {
    return racelab::support::retry_on_serialization_failure(withdrawal);
  }
};

}  // namespace withdraw_scenario
