// examples/support/pg_transaction.cpp
#include "pg_transaction.h"

#include "pg_connection.h"

namespace racelab::support {

PgTransaction::PgTransaction(PgConnection& db, const std::string& begin) : db_(db) { db_.exec(begin); }

PgTransaction::~PgTransaction() {
  if (!done_ && db_.in_transaction()) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {  // a broken connection: the server rolls back on its own
    }
  }
}

void PgTransaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace racelab::support
