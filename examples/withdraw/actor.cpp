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

#include "customers.h"
#include "mailbox.h"

namespace {

using racelab::support::Mailbox;

struct Request {
  long long amount = 0;
  Mailbox<bool>* reply = nullptr;  // where the owner answers: paid or refused
};

Mailbox<Request> inbox;            // the owner's
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

struct Bank {
  static void open(long long opening) { balance = opening; }
  static bool pay_out(long long amount) { return withdraw(amount); }
  static long long closing_balance() { return balance; }
  static void serve(long long requests) { owner(requests); }
};
using Customers = withdraw_scenario::Customers<Bank>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "withdraw",
    .variant = "actor",
    .rank = 5,
    .summary = "one owner thread holds the balance; customers send requests through a mailbox",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = withdraw_scenario::customer_params(),
    .make = Customers::make_test,
    .plain = Customers::run_plain,
});
