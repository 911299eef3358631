// FILE: examples/withdraw/sqlite_conditional_update.cpp
//
// THE FIX: let the database do the check and the act in one statement.
//
//   UPDATE accounts SET balance = balance - ? WHERE id = 1 AND balance >= ?;
//   paid = (sqlite3_changes(db) == 1);
//
// WHY IT WORKS: one statement is atomic: SQLite evaluates the WHERE clause and writes the row
// under its write lock, so no other connection can change the balance in between. The
// application no longer checks a value it read earlier; it asks "did the row change?"
// (one row: paid; none: not enough money). This is the fix Lu et al. found most often in
// real bugs: not a lock, but moving the check to where the act is.
//
// COST: one statement per withdrawal, and the shortest write lock of the SQLite variants.
//
// HOW THE HARNESS RUNS IT: controlled mode; a point after the statement. If it finds the
// database locked (another customer's UPDATE in progress, parked at one of SQLite's mutexes),
// the busy handler calls a racelab::point (sqlite_bank.h).
//
// RUN IT:  racestress run withdraw/sqlite_conditional_update
//
// YOU SHOULD SEE: no failing run; one "debits if enough" step per customer, the second one
// reporting 0 rows changed; TSan clean; racecheck silent.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include "database_customers.h"
#include "sqlite_bank.h"

namespace {

using namespace racelab::support;

withdraw_scenario::SqliteBank bank;

bool withdraw(SqliteConnection& db, long long amount) {
  const bool paid = debit_if_enough(db, bank.kAccount, amount);  // UPDATE ... WHERE balance >= ?
  racelab::point("debits if enough, rows changed", paid ? 1 : 0);
  return paid;
}

using Customers = withdraw_scenario::DatabaseCustomers<bank, withdraw, withdraw_scenario::RetryWhileBusy>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "withdraw",
    .variant = "sqlite_conditional_update",
    .rank = 9,
    .summary = "SQLite: one UPDATE ... WHERE balance >= ?, then check the rows changed",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {{"threads", 2}, {"opening", 100}, {"amount", 100}, {"withdrawals", 1}},
    .make = Customers::make_test,
    .plain = Customers::run_plain,
});
