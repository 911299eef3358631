// FILE: examples/withdraw/sqlite_read_then_write.cpp
//
// THE BUG, IN A REAL DATABASE: the account is a row in an SQLite file, each customer has its
// own connection, and withdraw() reads, checks in C++, then writes, as separate statements:
//
//   SELECT balance FROM accounts WHERE id = 1;                 -- read
//   if (balance >= amount)                                     -- check, in the application
//     UPDATE accounts SET balance = balance - ? WHERE id = 1;  -- act
//
// WHY: each statement is its own (autocommit) transaction. SQLite makes each one atomic and
// isolated, but nothing joins the two: both customers can read 100 before either updates,
// and the balance ends at -100, exactly like buggy.cpp. A database does not turn
// check-then-act into one step by itself; the transaction has to cover the check AND the act.
// (Writing `SET balance = ?` with the value computed in C++ loses an update instead: both
// write 0, and 200 is paid out of 100.)
//
// HOW THE HARNESS RUNS IT: controlled mode. Points sit between statements, where this variant
// holds no database lock; SQLite's own pthread mutexes are scheduling points of the harness.
// If a statement finds the database locked, the busy handler calls a racelab::point
// (see sqlite_bank.h), so nobody sleeps while holding the baton.
//
// RUN IT:  racestress run withdraw/sqlite_read_then_write
//
// YOU SHOULD SEE: failing runs ("balance -100, paid out 200 from 100: overdrawn") and a step
// table where both customers read 100 before either updates. TSan clean: the threads share
// no memory, only the database file. racecheck silent: it cannot see into SQL.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include "database_customers.h"
#include "sqlite_bank.h"

namespace {

using namespace racelab::support;

withdraw_scenario::SqliteBank bank;

bool withdraw(SqliteConnection& db, long long amount) {
  const long long balance = read_balance(db, bank.kAccount);    // SELECT balance ...
  racelab::point("reads balance", balance);
  if (balance < amount) return false;                           // check, in C++
  debit(db, bank.kAccount, amount);                             // UPDATE ... balance - ?
  racelab::point("debits by", amount);
  return true;
}

using Customers = withdraw_scenario::DatabaseCustomers<bank, withdraw, withdraw_scenario::RetryWhileBusy>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "withdraw",
    .variant = "sqlite_read_then_write",
    .rank = 7,
    .summary = "SQLite: SELECT, check in C++, UPDATE, as separate statements",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::clean,
    .params = {{"threads", 2}, {"opening", 100}, {"amount", 100}, {"withdrawals", 1}},
    .make = Customers::make_test,
    .plain = Customers::run_plain,
});
