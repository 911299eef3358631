// examples/support/pg_transaction.h: BEGIN now, ROLLBACK on scope exit unless committed.
//
//   PgTransaction tx(db, "BEGIN ISOLATION LEVEL REPEATABLE READ");
//   ... statements ...
//   tx.commit();
#pragma once

#include <string>

namespace racelab::support {

class PgConnection;

class PgTransaction {
 public:
  // `begin` is the statement that opens it: "BEGIN" (Read Committed, PostgreSQL's default),
  // "BEGIN ISOLATION LEVEL REPEATABLE READ", ... Throws PgError.
  explicit PgTransaction(PgConnection& db, const std::string& begin = "BEGIN");
  ~PgTransaction();
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;

  // Throws PgError (e.g. a serialization failure); the transaction is then rolled back on
  // scope exit.
  void commit();

 private:
  PgConnection& db_;
  bool done_ = false;
};

}  // namespace racelab::support
