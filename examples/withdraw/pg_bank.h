// examples/withdraw/pg_bank.h: the bank of the PostgreSQL withdraw variants. The account is
// row 1 of table racelab.accounts on a real PostgreSQL server: the one RACELAB_PG_CONNINFO
// names, or a throw-away server on 127.0.0.1 started on first use and stopped at exit (see
// examples/support/pg_test_server.h). Every customer has its own connection (kept from run
// to run: a PostgreSQL connection is a server process, too costly to start per run).
//
// Waiting for a lock: a statement that needs a row another transaction has locked waits on
// the server. The connection waits for the answer in a poll() loop (libpq's asynchronous
// API), and when no answer came within 2 ms it calls a racelab::point: under the controlled
// scheduler the lock holder is parked and only moves when someone hands it the baton.
//
// Without PostgreSQL installed, open() throws with a message saying so: the variant cannot
// run, and says why, rather than pretend to pass or fail.
#pragma once

#include <racelab/point.h>

#include <optional>
#include <stdexcept>
#include <vector>

#include "pg_account.h"
#include "pg_connection.h"
#include "pg_test_server.h"

namespace withdraw_scenario {

class PgBank {
 public:
  static constexpr long long kAccount = 1;

  // Account 1 holds `opening`; `customers` connections are ready, outside any transaction.
  void open(long long customers, long long opening) {
    const auto& server = racelab::support::PgTestServer::shared();
    if (server.status() != racelab::support::PgTestServer::Status::ready) {
      throw std::runtime_error("withdraw/pg_*: " + server.message());
    }
    if (!setup_) {
      setup_.emplace(server.conninfo());
      setup_->exec("CREATE SCHEMA IF NOT EXISTS racelab");
      use_our_schema(*setup_);
      racelab::support::create_accounts_table(*setup_);
    }
    while (static_cast<long long>(customers_.size()) < customers) {
      customers_.emplace_back(server.conninfo());
      use_our_schema(customers_.back());
      customers_.back().on_wait(let_the_lock_holder_run);
    }
    racelab::support::set_account(*setup_, kAccount, opening);
  }

  // Customer `c`'s own connection.
  racelab::support::PgConnection& connection(int c) { return customers_[static_cast<std::size_t>(c)]; }

  long long balance() { return racelab::support::read_balance(*setup_, kAccount); }

  // After a run: no connection may stay inside a transaction (a run cut short can leave one).
  void close() {
    for (auto& connection : customers_) {
      if (connection.in_transaction()) connection.exec("ROLLBACK");
    }
  }

 private:
  static void use_our_schema(racelab::support::PgConnection& db) { db.exec("SET search_path TO racelab"); }

  static bool let_the_lock_holder_run() {
    if (!racelab::in_harness()) return false;  // plain threads: keep waiting for the server
    racelab::point("waits for a row lock");
    return true;
  }

  std::optional<racelab::support::PgConnection> setup_;
  std::vector<racelab::support::PgConnection> customers_;
};

}  // namespace withdraw_scenario
