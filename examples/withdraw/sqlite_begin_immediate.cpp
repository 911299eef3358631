// FILE: examples/withdraw/sqlite_begin_immediate.cpp
//
// THE FIX: the same read, check and write, inside one BEGIN IMMEDIATE transaction.
//
//   BEGIN IMMEDIATE;                                           -- take the write lock now
//   SELECT balance FROM accounts WHERE id = 1;
//   if (balance >= amount) UPDATE accounts SET balance = balance - ? WHERE id = 1;
//   COMMIT;
//
// WHY IT WORKS: BEGIN IMMEDIATE takes SQLite's write lock before the read, so only one
// connection at a time can be between its SELECT and its COMMIT: the other one waits at its
// own BEGIN IMMEDIATE (the busy handler), then reads the balance the first one committed.
// Why not plain BEGIN? A deferred transaction takes the write lock only at its first write;
// if another connection got there first, SQLite does not wait (that could deadlock) but
// fails with SQLITE_BUSY at once, and the whole transaction must be retried. That is also
// correct, if it is retried, but IMMEDIATE waits instead of failing late.
// A transaction that still ends in SQLITE_BUSY (the wait timed out) changed nothing; it is
// rolled back and run again, never dropped.
//
// COST: one writer at a time, like a mutex, plus the database's own work per transaction.
//
// HOW THE HARNESS RUNS IT: controlled mode. A customer parked at a point inside the
// transaction holds the write lock; the other one, at BEGIN IMMEDIATE, calls the busy
// handler, which calls a racelab::point (sqlite_bank.h), so the harness can run the holder.
//
// RUN IT:  racestress run withdraw/sqlite_begin_immediate
//
// YOU SHOULD SEE: no failing run; step tables with "waits for the database lock"; TSan
// clean; racecheck silent.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include "database_customers.h"
#include "sqlite_bank.h"
#include "sqlite_transaction.h"

namespace {

using namespace racelab::support;

withdraw_scenario::SqliteBank bank;

bool withdraw(SqliteConnection& db, long long amount) {
  SqliteTransaction tx(db, SqliteTransaction::Kind::immediate);  // BEGIN IMMEDIATE
  racelab::point("holds the write lock");
  const long long balance = read_balance(db, bank.kAccount);    // SELECT balance ...
  racelab::point("reads balance", balance);
  if (balance < amount) return false;                           // check (rolls back)
  debit(db, bank.kAccount, amount);                             // UPDATE ... balance - ?
  racelab::point("debits by", amount);
  tx.commit();                                                  // COMMIT
  return true;
}

using Customers = withdraw_scenario::DatabaseCustomers<bank, withdraw, withdraw_scenario::RetryWhileBusy>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "withdraw",
    .variant = "sqlite_begin_immediate",
    .rank = 8,
    .summary = "SQLite: SELECT, check, UPDATE inside BEGIN IMMEDIATE ... COMMIT, retried on SQLITE_BUSY",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {{"threads", 2}, {"opening", 100}, {"amount", 100}, {"withdrawals", 1}},
    .make = Customers::make_test,
    .plain = Customers::run_plain,
});
