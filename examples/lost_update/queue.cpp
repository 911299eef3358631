// FILE: examples/lost_update/queue.cpp
//
// THE FIX: one thread owns the counter; the others send it "add one" messages through a
// queue, and only the owner ever reads or writes the counter.
//
//   counting threads:  inbox.send(1)                       (no counter access at all)
//   owner thread:      for each message: counter += message
//
// WHY IT WORKS: the counter is not shared: one thread does every read and every write, one
// message at a time, so no increment can interleave with another. The only shared object is
// the mailbox, which locks internally; handing a message over also orders the sender's
// writes before the owner's reads. This is the actor model, or Go's "do not communicate by
// sharing memory; share memory by communicating" (C++ Core Guidelines CP.3, CP.4).
//
// COST: every increment is a message: a lock, a queue node and a wake-up, so it is far
// slower than an atomic add here. It pays off when the owner does more than add (keeps
// several fields consistent, talks to a device) or when the work must happen in order.
//
// RUN IT:  racestress run lost_update/queue
//
// YOU SHOULD SEE: no failing run. The harness runs the owner as one more actor (C when there
// are two counting threads) that waits for mail; TSan clean; racecheck silent.
#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <thread>
#include <vector>

#include "mailbox.h"

namespace {

racelab::support::Mailbox<int> inbox;  // the owner's
long long counter = 0;                 // touched by the owner thread only

void add(int increments) {
  for (int i = 0; i < increments; ++i) {
    inbox.send(1);
    racelab::point("sent +1");
  }
}

void owner(long long messages) {
  for (long long i = 0; i < messages; ++i) {
    const int delta = inbox.receive();
    counter += delta;  // the only code that touches the counter
    racelab::point("owner adds, counter now", counter);
  }
}

racelab::Check run_plain(const racelab::Params& p) {
  const int threads = static_cast<int>(p.at("threads"));
  const int increments = static_cast<int>(p.at("increments"));
  counter = 0;
  std::thread counter_owner(owner, 1LL * threads * increments);
  std::vector<std::thread> senders;
  for (int t = 0; t < threads; ++t) senders.emplace_back(add, increments);
  for (auto& sender : senders) sender.join();
  counter_owner.join();
  return racelab::expect_eq("counter", counter, 1LL * threads * increments);
}

racelab::StressTest make_test(const racelab::Params& p) {
  const int threads = static_cast<int>(p.at("threads"));
  const int increments = static_cast<int>(p.at("increments"));
  racelab::StressTest test;
  test.setup([] { counter = 0; });
  for (int t = 0; t < threads; ++t) test.actor([increments] { add(increments); });
  test.actor([=] { owner(1LL * threads * increments); });
  test.invariant([=] { return racelab::expect_eq("counter", counter, 1LL * threads * increments); });
  return test;
}

}  // namespace

RACELAB_VARIANT({
    .scenario = "lost_update",
    .variant = "queue",
    .rank = 6,
    .summary = "one owner thread holds the counter, fed +1 messages through a queue",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {{"threads", 2}, {"increments", 3}},
    .make = make_test,
    .plain = run_plain,
});
