// examples/support/pg_connection.h: one connection to a PostgreSQL server, closed when the
// object goes away. Give each actor thread its own.
//
// Commands are sent with libpq's asynchronous API and awaited in a poll() loop rather than in
// a blocking PQexec, so a command that waits for another transaction's row lock can call a
// WaitHook in the meantime: under racelab's controlled scheduler that hook hands the baton to
// the lock holder, which could otherwise never run again to release the lock.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "pg_result.h"
#include "wait_hook.h"

struct pg_conn;

namespace racelab::support {

class PgConnection {
 public:
  // Connects with a libpq connection string ("host=127.0.0.1 port=5432 ..."). Throws PgError.
  explicit PgConnection(const std::string& conninfo);
  ~PgConnection();
  PgConnection(PgConnection&& other) noexcept;
  PgConnection& operator=(PgConnection&& other) noexcept;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one SQL command with text parameters for $1, $2, ... and returns its rows. Throws
  // PgError with the server's SQLSTATE if the command failed.
  PgResult exec(const std::string& sql, const std::vector<std::string>& params = {});

  // While a command has had no answer for `patience` (the server is most likely waiting for
  // a lock another transaction holds), `hook` is called, then again every `patience`.
  void on_wait(WaitHook hook, std::chrono::milliseconds patience = std::chrono::milliseconds(2));
  // How many times the wait hook was called so far.
  long long waits() const { return waits_; }

  // The process id of this connection's server process (pg_stat_activity.pid).
  int backend_pid() const;

  // True between BEGIN and COMMIT/ROLLBACK (also when the transaction failed and awaits its
  // ROLLBACK).
  bool in_transaction() const;

  pg_conn* handle() const { return conn_; }

 private:
  void wait_for_answer();
  void close() noexcept;

  pg_conn* conn_ = nullptr;
  WaitHook hook_;
  std::chrono::milliseconds patience_{2};
  long long waits_ = 0;
};

}  // namespace racelab::support
