// examples/support/sqlite_account.h: the bank account the withdraw scenario keeps in SQLite,
// as one row of a table:
//
//   CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)
//
// Each function is one SQL statement; the catalogue's variants differ only in how they put
// these statements together (separately, inside BEGIN IMMEDIATE, or as one conditional UPDATE).
// All throw SqliteError; busy() ones are to be retried by the caller.
#pragma once

namespace racelab::support {

class SqliteConnection;

// CREATE TABLE IF NOT EXISTS accounts (...)
void create_accounts_table(SqliteConnection& db);
// INSERT OR REPLACE INTO accounts VALUES (id, balance)
void set_account(SqliteConnection& db, long long id, long long balance);
// SELECT balance FROM accounts WHERE id = ?   (throws std::runtime_error if there is no row)
long long read_balance(SqliteConnection& db, long long id);
// UPDATE accounts SET balance = balance - ? WHERE id = ?   (no check: the caller checked)
void debit(SqliteConnection& db, long long id, long long amount);
// UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?
// True if the row was changed (there was enough money), false if not.
bool debit_if_enough(SqliteConnection& db, long long id, long long amount);

}  // namespace racelab::support
