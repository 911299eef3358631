// examples/support/sqlite_transaction.h: BEGIN now, ROLLBACK on scope exit unless committed.
//
//   SqliteTransaction tx(db, SqliteTransaction::Kind::immediate);   // BEGIN IMMEDIATE
//   ... statements ...
//   tx.commit();                                                    // COMMIT
#pragma once

namespace racelab::support {

class SqliteConnection;

class SqliteTransaction {
 public:
  enum class Kind {
    deferred,   // BEGIN: takes the read lock at the first read, the write lock at the first write
    immediate,  // BEGIN IMMEDIATE: takes the write lock now, waiting (busy handler) if it must
  };

  // Throws SqliteError; busy() if the lock could not be had.
  SqliteTransaction(SqliteConnection& db, Kind kind);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  // Throws SqliteError; the transaction is then still open and is rolled back on scope exit.
  void commit();

 private:
  SqliteConnection& db_;
  bool done_ = false;
};

}  // namespace racelab::support
