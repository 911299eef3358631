// FILE: examples/withdraw/pg_repeatable_read_retry.cpp
//
// THE FIX: the same read-check-write as pg_read_committed, at isolation level Repeatable
// Read, and run again when PostgreSQL refuses it.
//
//   BEGIN ISOLATION LEVEL REPEATABLE READ;
//   SELECT balance ...;  if (balance >= amount) UPDATE ... balance - $1 ...;  COMMIT;
//   -- the second writer gets: ERROR: could not serialize access due to concurrent update
//   -- (SQLSTATE 40001): roll back and run the whole transaction again.
//
// WHY IT WORKS: a Repeatable Read transaction works on one snapshot; it may not update a row
// that another transaction changed after that snapshot was taken. Instead of applying a
// stale decision, the second UPDATE fails; the retry starts a new snapshot, reads 0 and
// refuses. Nothing is locked at the read, so nothing waits that does not have to, but every
// client must be ready to retry (this file's customer() does, with
// retry_on_serialization_failure).
//
// COST: contended withdrawals do their work twice; with many writers on one row the
// retries add up. Serializable adds protection against write skew (two rows whose sum must
// stay positive) at the cost of more retries.
//
// HOW THE HARNESS RUNS IT: controlled mode. A customer whose statement waits for the other's
// row lock calls a racelab::point while it waits (pg_bank.h), so the harness can run the
// lock holder; a failing schedule replays exactly.
//
// RUN IT:  racestress run withdraw/pg_repeatable_read_retry
//
// YOU SHOULD SEE: no failing run; in a step table, the second UPDATE "waits for a row lock",
// fails, and the retry reads 0; TSan clean; racecheck silent.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include "database_customers.h"
#include "pg_bank.h"
#include "pg_transaction.h"

namespace {

using namespace racelab::support;

withdraw_scenario::PgBank bank;

bool withdraw(PgConnection& db, long long amount) {
  PgTransaction tx(db, "BEGIN ISOLATION LEVEL REPEATABLE READ");
  const long long balance = read_balance(db, bank.account());    // SELECT: the snapshot starts
  racelab::point("reads balance", balance);
  if (balance < amount) return false;                           // check
  debit(db, bank.account(), amount);                             // UPDATE: 40001 if stale
  racelab::point("debits by", amount);
  tx.commit();                                                  // COMMIT
  return true;
}

using Customers = withdraw_scenario::DatabaseCustomers<bank, withdraw, withdraw_scenario::RetryOnSerializationFailure>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "withdraw",
    .variant = "pg_repeatable_read_retry",
    .rank = 13,
    .summary = "PostgreSQL, Repeatable Read: read-check-write, retried on serialization failure (40001)",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {{"threads", 2}, {"opening", 100}, {"amount", 100}, {"withdrawals", 1}},
    .make = Customers::make_test,
    .plain = Customers::run_plain,
    .unavailable = racelab::support::PgTestServer::why_unavailable,
    .environment = racelab::support::PgTestServer::environment,
});
