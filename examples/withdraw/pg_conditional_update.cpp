// FILE: examples/withdraw/pg_conditional_update.cpp
//
// THE FIX: one statement that checks and acts; the application only reads the row count.
//
//   UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1;
//   paid = (rows changed == 1);
//
// WHY IT WORKS: even at Read Committed, when the second UPDATE finds the row locked by the
// first, it waits, and then "the WHERE clause is re-evaluated to see if the updated version
// of the row still matches" (PostgreSQL manual, Read Committed): 0 >= 100 is false, so no
// row changes and the withdrawal is refused. No explicit transaction, no retry loop.
//
// COST: one statement and one round trip per withdrawal: the cheapest correct variant here.
//
// HOW THE HARNESS RUNS IT: controlled mode. A customer whose statement waits for the other's
// row lock calls a racelab::point while it waits (pg_bank.h), so the harness can run the
// lock holder; a failing schedule replays exactly.
//
// RUN IT:  racestress run withdraw/pg_conditional_update
//
// YOU SHOULD SEE: no failing run; the second customer's UPDATE reports 0 rows changed
// (sometimes after "waits for a row lock"); TSan clean; racecheck silent.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include "database_customers.h"
#include "pg_bank.h"

namespace {

using namespace racelab::support;

withdraw_scenario::PgBank bank;

bool withdraw(PgConnection& db, long long amount) {
  const bool paid = debit_if_enough(db, bank.account(), amount);  // UPDATE ... AND balance >= $1
  racelab::point("debits if enough, rows changed", paid ? 1 : 0);
  return paid;
}

using Customers = withdraw_scenario::DatabaseCustomers<bank, withdraw>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "withdraw",
    .variant = "pg_conditional_update",
    .rank = 12,
    .summary = "PostgreSQL: one UPDATE ... WHERE balance >= $1, then check the rows changed",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {{"threads", 2}, {"opening", 100}, {"amount", 100}, {"withdrawals", 1}},
    .make = Customers::make_test,
    .plain = Customers::run_plain,
    .unavailable = racelab::support::PgTestServer::why_unavailable,
    .environment = racelab::support::PgTestServer::environment,
});
