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

#include "ledger.h"
#include "on_threads.h"
#include "pg_bank.h"
#include "pg_transaction.h"

namespace {

using namespace racelab::support;

withdraw_scenario::PgBank bank;
withdraw_scenario::Ledger ledger;  // what was paid out

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

void customer(int self, const racelab::Params& p) {
  for (long long i = 0; i < p.at("withdrawals"); ++i) {
    if (withdraw(bank.connection(self), p.at("amount"))) ledger.paid(p.at("amount"));
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
    .variant = "pg_read_committed",
    .rank = 10,
    .summary = "PostgreSQL, Read Committed: BEGIN, SELECT, check in C++, UPDATE, COMMIT",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::clean,
    .checker = {},
    .params = {{"threads", 2}, {"opening", 100}, {"amount", 100}, {"withdrawals", 1}},
    .make = make_test,
    .plain = run_plain,
    .unavailable = racelab::support::PgTestServer::why_unavailable,
    .environment = racelab::support::PgTestServer::environment,
});
