// FILE: examples/withdraw/pg_read_committed.cpp
//
// THE BUG, IN POSTGRESQL: read, check in C++, write, inside one transaction at PostgreSQL's
// default isolation level, Read Committed:
//
//   BEGIN;
//   SELECT balance FROM accounts WHERE id = $1;                  -- 100, for both customers
//   if (balance >= amount)
//     UPDATE accounts SET balance = balance - $1 WHERE id = $2;  -- the second one waits ...
//   COMMIT;                                                     -- ... until the first commits
//
// WHY: a transaction is not a lock on what it read. Read Committed lets both transactions
// read 100. The first UPDATE locks the row; the second waits for that lock and, once the
// first commits, applies `balance - 100` to the row as it is now (0): -100. The check was
// made against a snapshot that is no longer true. (With `SET balance = $computed` the second
// write would overwrite the first instead: Hermitage's "lost update", P4, which Read
// Committed does not prevent.)
//
// HOW THE HARNESS RUNS IT: controlled mode. A customer whose statement waits for the other's
// row lock calls a racelab::point while it waits (pg_bank.h), so the harness can run the
// lock holder; a failing schedule replays exactly.
//
// RUN IT:  racestress run withdraw/pg_read_committed   (starts its own PostgreSQL server)
//
// YOU SHOULD SEE: failing runs ("balance -100, paid out 200 from 100: overdrawn"), a step
// table where both read 100 and the second UPDATE "waits for a row lock"; TSan clean;
// racecheck silent.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include "database_customers.h"
#include "pg_bank.h"
#include "pg_transaction.h"

namespace {

using namespace racelab::support;

withdraw_scenario::PgBank bank;

bool withdraw(PgConnection& db, long long amount) {
  PgTransaction tx(db);                                         // BEGIN (Read Committed)
  const long long balance = read_balance(db, bank.account());    // SELECT balance ...
  racelab::point("reads balance", balance);
  if (balance < amount) return false;                           // check, in C++
  debit(db, bank.account(), amount);                             // UPDATE ... balance - $1
  racelab::point("debits by", amount);
  tx.commit();                                                  // COMMIT
  return true;
}

using Customers = withdraw_scenario::DatabaseCustomers<bank, withdraw>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "withdraw",
    .variant = "pg_read_committed",
    .rank = 10,
    .summary = "PostgreSQL, Read Committed: BEGIN, SELECT, check in C++, UPDATE, COMMIT",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::clean,
    .params = {{"threads", 2}, {"opening", 100}, {"amount", 100}, {"withdrawals", 1}},
    .make = Customers::make_test,
    .plain = Customers::run_plain,
    .unavailable = racelab::support::PgTestServer::why_unavailable,
    .environment = racelab::support::PgTestServer::environment,
});
