// examples/support/sqlite_statement.cpp
#include "sqlite_statement.h"

#include <sqlite3.h>

#include "sqlite_connection.h"
#include "sqlite_error.h"

namespace racelab::support {

SqliteStatement::SqliteStatement(SqliteConnection& db, const std::string& sql) : db_(db), sql_(sql) {
  int rc = sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    throw SqliteError(sqlite3_extended_errcode(db.handle()), sql + ": " + sqlite3_errmsg(db.handle()));
  }
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

SqliteStatement& SqliteStatement::bind(int index, long long value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) throw SqliteError(rc, sql_ + ": cannot bind parameter " + std::to_string(index));
  return *this;
}

bool SqliteStatement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) {
    sqlite3_reset(stmt_);
    return false;
  }
  int code = sqlite3_extended_errcode(db_.handle());
  std::string message = sqlite3_errmsg(db_.handle());
  sqlite3_reset(stmt_);
  throw SqliteError(code, sql_ + ": " + message);
}

long long SqliteStatement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

void SqliteStatement::reset() { sqlite3_reset(stmt_); }

}  // namespace racelab::support
