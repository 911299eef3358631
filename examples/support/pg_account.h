// examples/support/pg_account.h: the bank account the withdraw scenario keeps in PostgreSQL,
// as one row of a table:
//
//   CREATE TABLE accounts (id bigint PRIMARY KEY, balance bigint NOT NULL)
//
// Each function is one SQL statement; the variants differ in how they combine them and in the
// transaction around them. All throw PgError.
#pragma once

namespace racelab::support {

class PgConnection;

// CREATE TABLE IF NOT EXISTS accounts (...)
void create_accounts_table(PgConnection& db);
// INSERT ... ON CONFLICT (id) DO UPDATE: the account now holds exactly `balance`.
void set_account(PgConnection& db, long long id, long long balance);
// SELECT balance FROM accounts WHERE id = $1   (throws std::runtime_error if there is no row)
long long read_balance(PgConnection& db, long long id);
// SELECT balance FROM accounts WHERE id = $1 FOR UPDATE: also locks the row until the
// transaction ends; a second locker waits, then sees the committed balance.
long long read_balance_for_update(PgConnection& db, long long id);
// UPDATE accounts SET balance = balance - $1 WHERE id = $2   (no check: the caller checked)
void debit(PgConnection& db, long long id, long long amount);
// True if server process `pid` is waiting for a lock right now (another transaction's row
// lock, say): it has a lock request not yet granted in pg_locks. Asked through a different
// connection than `pid`'s own.
bool waits_for_lock(PgConnection& monitor, int pid);
// UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1
// True if the row was changed (there was enough money), false if not.
bool debit_if_enough(PgConnection& db, long long id, long long amount);

}  // namespace racelab::support
