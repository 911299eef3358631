// FILE: examples/withdraw/pg_select_for_update.cpp
//
// THE FIX: lock the row when reading it, with SELECT ... FOR UPDATE.
//
//   BEGIN;
//   SELECT balance FROM accounts WHERE id = $1 FOR UPDATE;       -- the second one waits here
//   if (balance >= amount) UPDATE accounts SET balance = balance - $1 WHERE id = $2;
//   COMMIT;
//
// WHY IT WORKS: FOR UPDATE takes the row lock at the read, not at the write, so the check and
// the act are inside one lock, like mutex.cpp but per row and held by the database. The
// second customer's SELECT waits for the first to commit and then (in Read Committed) returns
// the committed balance, 0: the check fails honestly.
//
// COST: transactions on the same row take turns, for as long as the transaction lasts,
// including any work the application does between SELECT and COMMIT. Keep them short.
//
// HOW THE HARNESS RUNS IT: controlled mode. A customer whose statement waits for the other's
// row lock calls a racelab::point while it waits (pg_bank.h), so the harness can run the
// lock holder; a failing schedule replays exactly.
//
// RUN IT:  racestress run withdraw/pg_select_for_update
//
// YOU SHOULD SEE: no failing run; steps where the second SELECT "waits for a row lock" and
// then reads 0; TSan clean; racecheck silent.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include "database_customers.h"
#include "pg_bank.h"
#include "pg_transaction.h"

namespace {

using namespace racelab::support;

withdraw_scenario::PgBank bank;

bool withdraw(PgConnection& db, long long amount) {
  PgTransaction tx(db);                                                 // BEGIN
  const long long balance = read_balance_for_update(db, bank.account());  // SELECT ... FOR UPDATE
  racelab::point("reads balance and locks the row", balance);
  if (balance < amount) return false;                                   // check (rolls back)
  debit(db, bank.account(), amount);                                     // UPDATE ... balance - $1
  racelab::point("debits by", amount);
  tx.commit();                                                          // COMMIT: unlocks
  return true;
}

using Customers = withdraw_scenario::DatabaseCustomers<bank, withdraw>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "withdraw",
    .variant = "pg_select_for_update",
    .rank = 11,
    .summary = "PostgreSQL: SELECT ... FOR UPDATE locks the row for the check and the act",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {{"threads", 2}, {"opening", 100}, {"amount", 100}, {"withdrawals", 1}},
    .make = Customers::make_test,
    .plain = Customers::run_plain,
    .unavailable = racelab::support::PgTestServer::why_unavailable,
    .environment = racelab::support::PgTestServer::environment,
});
