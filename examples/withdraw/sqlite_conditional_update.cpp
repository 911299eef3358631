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

#include "ledger.h"
#include "on_threads.h"
#include "sqlite_bank.h"
#include "sqlite_retry.h"

namespace {

using namespace racelab::support;

withdraw_scenario::SqliteBank bank;
withdraw_scenario::Ledger ledger;  // what was paid out

bool withdraw(SqliteConnection& db, long long amount) {
  const bool paid = debit_if_enough(db, bank.kAccount, amount);  // UPDATE ... WHERE balance >= ?
  racelab::point("debits if enough, rows changed", paid ? 1 : 0);
  return paid;
}

void customer(int self, const racelab::Params& p) {
  for (long long i = 0; i < p.at("withdrawals"); ++i) {
    // A statement that met SQLITE_BUSY changed nothing: run it again, never drop it.
    if (retry_while_busy([&] { return withdraw(bank.connection(self), p.at("amount")); })) {
      ledger.paid(p.at("amount"));
    }
  }
}

racelab::StressTest make_test(const racelab::Params& p) {
  racelab::StressTest test;
  test.setup([p] {
    bank.open(p.at("threads"), p.at("opening"));
    ledger.open(p.at("opening"));
  });
  for (int c = 0; c < p.at("threads"); ++c) test.actor([p, c] { customer(c, p); });
  test.invariant([] { return ledger.check(bank.balance()); });
  test.teardown([] { bank.close(); });
  return test;
}

// The same customers on plain threads, without the harness.
racelab::Check run_plain(const racelab::Params& p) {
  bank.open(p.at("threads"), p.at("opening"));
  ledger.open(p.at("opening"));
  withdraw_scenario::on_threads(p.at("threads"), [&p](int c) { customer(c, p); });
  return ledger.check(bank.balance());
}

}  // namespace

RACELAB_VARIANT({
    .scenario = "withdraw",
    .variant = "sqlite_conditional_update",
    .rank = 9,
    .summary = "SQLite: one UPDATE ... WHERE balance >= ?, then check the rows changed",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .checker = {},
    .params = {{"threads", 2}, {"opening", 100}, {"amount", 100}, {"withdrawals", 1}},
    .make = make_test,
    .plain = run_plain,
});
