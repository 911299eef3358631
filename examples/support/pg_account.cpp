// examples/support/pg_account.cpp
#include "pg_account.h"

#include <stdexcept>
#include <string>

#include "pg_connection.h"
#include "pg_error.h"

namespace racelab::support {

namespace {

long long only_balance(const PgResult& result, long long id) {
  if (result.rows() != 1) throw std::runtime_error("no account " + std::to_string(id));
  return result.integer(0, 0);
}

}  // namespace

void create_accounts_table(PgConnection& db) {
  try {
    db.exec("CREATE TABLE IF NOT EXISTS accounts (id bigint PRIMARY KEY, balance bigint NOT NULL)");
  } catch (const PgError& error) {
    // IF NOT EXISTS is not atomic: when two sessions create the table at the same moment,
    // the slower one fails on the catalog's unique index (23505) or finds it (42P07). Either
    // way the table now exists, which is all we asked for.
    if (error.sqlstate() != "23505" && error.sqlstate() != "42P07") throw;
  }
}

void set_account(PgConnection& db, long long id, long long balance) {
  db.exec("INSERT INTO accounts (id, balance) VALUES ($1, $2) "
          "ON CONFLICT (id) DO UPDATE SET balance = EXCLUDED.balance",
          {std::to_string(id), std::to_string(balance)});
}

long long read_balance(PgConnection& db, long long id) {
  return only_balance(db.exec("SELECT balance FROM accounts WHERE id = $1", {std::to_string(id)}), id);
}

long long read_balance_for_update(PgConnection& db, long long id) {
  return only_balance(db.exec("SELECT balance FROM accounts WHERE id = $1 FOR UPDATE", {std::to_string(id)}),
                      id);
}

void debit(PgConnection& db, long long id, long long amount) {
  db.exec("UPDATE accounts SET balance = balance - $1 WHERE id = $2",
          {std::to_string(amount), std::to_string(id)});
}

bool waits_for_lock(PgConnection& monitor, int pid) {
  // pg_locks rather than pg_stat_activity.wait_event: a lock is marked granted by the
  // transaction that releases it, before the waiter even wakes up, so once the holder has
  // committed this never says "still waiting" (the wait event can, for a moment).
  PgResult result = monitor.exec("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = $1 AND NOT granted)",
                                 {std::to_string(pid)});
  return result.rows() == 1 && result.text(0, 0) == "t";
}

bool debit_if_enough(PgConnection& db, long long id, long long amount) {
  PgResult result = db.exec("UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1",
                            {std::to_string(amount), std::to_string(id)});
  return result.affected_rows() == 1;
}

}  // namespace racelab::support
