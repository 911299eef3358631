// FILE: examples/withdraw/actor.cpp
//
// THE FIX: don't share the balance at all. One thread, the account's owner, holds it and is
// the only one that ever reads or writes it. Customers send it a request through a mailbox
// and wait for its answer.
//
//   customer:  inbox.send({amount, &my_reply});  paid = my_reply.receive();
//   owner:     for each request: if (balance >= amount) { balance -= amount; reply true }
//
// WHY IT WORKS: requests are served one at a time by one thread, so the owner's check and
// act can never be interleaved with another withdrawal; the only shared objects are the
// mailboxes, which lock internally. This is the actor model (Erlang processes, Akka actors,
// Go's "share memory by communicating"; C++ Core Guidelines CP.3 and CP.4).
//
// COST: every withdrawal is two messages and a hand-over between threads, and the owner is a
// thread of its own; throughput is bounded by one thread. It composes well: the owner can
// also run multi-step operations (a transfer between two of its accounts) without locks.
//
// RUN IT:  racestress run withdraw/actor
//
// YOU SHOULD SEE: no failing run. The harness runs the owner as one more actor (C when there
// are two customers); its step table shows requests arriving in the order the harness chose
// and the second one refused. TSan clean; racecheck silent (the balance is touched by one
// thread only).
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include "ledger.h"
#include "mailbox.h"
#include "on_threads.h"

namespace {

using racelab::support::Mailbox;

struct Request {
  long long amount = 0;
  Mailbox<bool>* reply = nullptr;  // where the owner answers: paid or refused
};

Mailbox<Request> inbox;            // the owner's
withdraw_scenario::Ledger ledger;  // what was paid out
long long balance = 0;             // touched by the owner thread only (and before/after a run)

// The owner: serves `requests` withdrawals, one at a time, then stops.
void owner(long long requests) {
  for (long long served = 0; served < requests; ++served) {
    Request request = inbox.receive();
    racelab::point("owner takes a request for", request.amount);
    const bool enough = balance >= request.amount;   // check ...
    if (enough) balance -= request.amount;           // ... and act, with no one in between
    racelab::point("owner answers, balance now", balance);
    request.reply->send(enough);
  }
}

bool withdraw(long long amount) {
  Mailbox<bool> reply;
  inbox.send({amount, &reply});
  racelab::point("customer sent a request for", amount);
  return reply.receive();
}

void customer(const racelab::Params& p) {
  for (long long i = 0; i < p.at("withdrawals"); ++i) {
    if (withdraw(p.at("amount"))) ledger.paid(p.at("amount"));
  }
}

racelab::StressTest make_test(const racelab::Params& p) {
  racelab::StressTest test;
  test.setup([p] {
    balance = p.at("opening");
    ledger.open(p.at("opening"));
  });
  for (int c = 0; c < p.at("threads"); ++c) test.actor([p] { customer(p); });
  test.actor([p] { owner(p.at("threads") * p.at("withdrawals")); });
  test.invariant([] { return ledger.check(balance); });
  return test;
}

// The same customers and owner on plain threads, without the harness.
racelab::Check run_plain(const racelab::Params& p) {
  balance = p.at("opening");
  ledger.open(p.at("opening"));
  std::thread account_owner(owner, p.at("threads") * p.at("withdrawals"));
  withdraw_scenario::on_threads(p.at("threads"), [&p](int) { customer(p); });
  account_owner.join();
  return ledger.check(balance);
}

}  // namespace

RACELAB_VARIANT({
    .scenario = "withdraw",
    .variant = "actor",
    .rank = 5,
    .summary = "one owner thread holds the balance; customers send requests through a mailbox",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .checker = {},
    .params = {{"threads", 2}, {"opening", 100}, {"amount", 100}, {"withdrawals", 1}},
    .make = make_test,
    .plain = run_plain,
});
