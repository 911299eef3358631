// examples/support/sqlite_account.cpp
#include "sqlite_account.h"

#include <stdexcept>
#include <string>

#include "sqlite_connection.h"
#include "sqlite_statement.h"

namespace racelab::support {

void create_accounts_table(SqliteConnection& db) {
  db.exec("CREATE TABLE IF NOT EXISTS accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
}

void set_account(SqliteConnection& db, long long id, long long balance) {
  SqliteStatement insert(db, "INSERT OR REPLACE INTO accounts (id, balance) VALUES (?, ?)");
  insert.bind(1, id).bind(2, balance).step();
}

long long read_balance(SqliteConnection& db, long long id) {
  SqliteStatement select(db, "SELECT balance FROM accounts WHERE id = ?");
  select.bind(1, id);
  if (!select.step()) throw std::runtime_error("no account " + std::to_string(id));
  long long balance = select.column_int(0);
  select.reset();  // end this statement's read now, not when the object goes away
  return balance;
}

void debit(SqliteConnection& db, long long id, long long amount) {
  SqliteStatement update(db, "UPDATE accounts SET balance = balance - ? WHERE id = ?");
  update.bind(1, amount).bind(2, id).step();
}

bool debit_if_enough(SqliteConnection& db, long long id, long long amount) {
  SqliteStatement update(db, "UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?");
  update.bind(1, amount).bind(2, id).bind(3, amount).step();
  return db.changes() == 1;
}

}  // namespace racelab::support
