// examples/support/sqlite_transaction.cpp
#include "sqlite_transaction.h"

#include "sqlite_connection.h"

namespace racelab::support {

SqliteTransaction::SqliteTransaction(SqliteConnection& db, Kind kind) : db_(db) {
  db_.exec(kind == Kind::immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

SqliteTransaction::~SqliteTransaction() {
  // A failed statement may already have ended the transaction; only roll back an open one.
  if (!done_ && db_.in_transaction()) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {  // nothing useful to do in a destructor; SQLite rolls back on close anyway
    }
  }
}

void SqliteTransaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace racelab::support
