// examples/support/sqlite_statement.h: one prepared SQL statement, finalized when the object
// goes away (which also ends the read it may hold open).
//
//   SqliteStatement select(db, "SELECT balance FROM accounts WHERE id = ?");
//   select.bind(1, id);
//   if (select.step()) balance = select.column_int(0);
#pragma once

#include <string>

struct sqlite3_stmt;

namespace racelab::support {

class SqliteConnection;

class SqliteStatement {
 public:
  // Throws SqliteError if the SQL does not compile.
  SqliteStatement(SqliteConnection& db, const std::string& sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Binds parameter `index` (1-based, as in SQLite).
  SqliteStatement& bind(int index, long long value);
  // Runs to the next row: true when a row is ready, false when the statement is done (it is
  // then reset, so its locks are released). Throws SqliteError, e.g. busy().
  bool step();
  // Column `index` (0-based) of the current row.
  long long column_int(int index) const;
  // Makes the statement ready to run again; bindings are kept.
  void reset();

 private:
  SqliteConnection& db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

}  // namespace racelab::support
