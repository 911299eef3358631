// examples/support/sqlite_connection.h: one connection to an SQLite database file, closed when
// the object goes away. Give each thread its own: that is how SQLite's locking between
// connections (and so its transactions) comes into play.
#pragma once

#include <memory>
#include <string>

#include "wait_hook.h"

struct sqlite3;

namespace racelab::support {

class SqliteConnection {
 public:
  // Opens the database file at `path`, creating it if it does not exist. Throws SqliteError.
  // It keeps SQLite's default rollback journal: its locks are plain file locks, and every
  // wait for one goes through the busy handler below. (In WAL mode a reader can also spin
  // and sleep inside SQLite on the shared-memory index, where no hook can reach it.)
  explicit SqliteConnection(const std::string& path);
  ~SqliteConnection();
  SqliteConnection(SqliteConnection&& other) noexcept;
  SqliteConnection& operator=(SqliteConnection&& other) noexcept;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs SQL that returns no rows (DDL, BEGIN, COMMIT, ...). Throws SqliteError.
  void exec(const std::string& sql);

  // What to do when another connection holds the lock this one needs. SQLite calls the hook
  // each time it finds the database locked; when the hook did not yield (returns false) the
  // connection sleeps a little and tries again, for at most `patience_ms` in all, and then
  // the statement fails with SQLITE_BUSY. Without a hook it just sleeps, like
  // sqlite3_busy_timeout(patience_ms). Note SQLite does not call it at all when a read
  // transaction tries to become a write transaction after another connection wrote: that
  // fails with SQLITE_BUSY at once, to avoid a deadlock.
  void on_busy(WaitHook hook, int patience_ms = 2000);

  // Rows changed by the last INSERT, UPDATE or DELETE on this connection.
  long long changes() const;
  // True inside an explicit transaction (after BEGIN, before COMMIT or ROLLBACK).
  bool in_transaction() const;

  sqlite3* handle() const { return db_; }

 private:
  struct BusyState;
  static int on_database_locked(void* state, int attempt);  // SQLite's busy callback
  void close() noexcept;

  sqlite3* db_ = nullptr;
  std::unique_ptr<BusyState> busy_;  // stable address for SQLite's C callback
};

}  // namespace racelab::support
