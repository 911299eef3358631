// FILE: examples/transfer_deadlock/try_lock_backoff.cpp
//
// THE FIX: lock `from`, only *try* to lock `to`; if that fails, let go of `from`, back off,
// and start again.
//
// WHY IT WORKS: a thread never blocks on a lock while it holds one, so it never waits inside a
// cycle. This is what std::lock does for you (scoped_lock.cpp); writing it by hand is worth it
// when the second lock is found only after the first is held (a lock per tree node, say).
// The catch is livelock: two threads that lock, fail, release and retry in step can go round
// for ever. Backing off for a random while (here: yielding) breaks the lockstep in practice,
// not in theory.
//
// RUN IT:  racestress run transfer_deadlock/try_lock_backoff
//
// YOU SHOULD SEE: no failing or deadlocked run; in a step table, a clerk that "backs off"
// and later gets both locks; TSan clean (a try_lock adds no lock-order edge); racecheck silent.
#include <thread>

#include "clerks.h"

namespace {

void transfer(transfer_scenario::Account& from, transfer_scenario::Account& to, long long amount) {
  for (;;) {
    std::unique_lock first(from.mutex);
    racelab::point("locks account", from.id);
    std::unique_lock second(to.mutex, std::try_to_lock);  // never wait while holding `first`
    if (second.owns_lock()) {
      racelab::point("locks account", to.id);
      transfer_scenario::move_money(from, to, amount);
      return;
    }
    first.unlock();
    racelab::wait_point("backs off");  // the other clerk must move before a retry can succeed
    std::this_thread::yield();
  }
}

using Clerks = transfer_scenario::Clerks<transfer>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "transfer_deadlock",
    .variant = "try_lock_backoff",
    .rank = 4,
    .summary = "lock from, try_lock to; on failure release from, back off, retry",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = transfer_scenario::clerk_params(),
    .make = Clerks::make_test,
    .plain = Clerks::run_plain,
});
