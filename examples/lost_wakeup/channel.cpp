// FILE: examples/lost_wakeup/channel.cpp
//
// THE FIX: do not hand-roll the hand-over at all: send the jobs through a channel (the
// catalogue's Mailbox, examples/support/mailbox.h), whose receive() waits for a message.
//
//   producer: desk.send(job);
//   consumer: return desk.receive();
//
// WHY IT WORKS: the channel keeps the queue, the mutex and the condition variable together,
// and changes the queue only under its mutex and waits only with a predicate: both rules the
// buggy variants broke, written once, in one place, instead of at every call site. A message
// sent before anyone waits stays in the queue; a receiver woken for a message another
// receiver took waits again.
//
// Why not std::counting_semaphore, which also remembers a release nobody waited for? It
// would be a correct fix too, but libstdc++'s semaphore sleeps in the futex system call, which
// the harness does not intercept: under the controlled scheduler a consumer blocked in
// acquire() keeps the baton and the run wedges. See docs/lost_wakeup.md.
//
// RUN IT:  racestress run lost_wakeup/channel
//
// YOU SHOULD SEE: no failing or deadlocked run; TSan clean; racecheck silent.
#include <racelab/point.h>

#include <memory>

#include "mailbox.h"
#include "workers.h"

namespace {

struct Desk {
  // Queue, mutex and condition variable in one; a fresh one per run, so no job is left over.
  static inline std::unique_ptr<racelab::support::Mailbox<int>> desk;

  static void open() { desk = std::make_unique<racelab::support::Mailbox<int>>(); }

  static void put(int job) {
    desk->send(job);
    racelab::point("puts job", job);
  }

  static int take() {
    const int job = desk->receive();
    racelab::point("takes job", job);
    return job;
  }
};

using Workers = wakeup_scenario::Workers<Desk>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "lost_wakeup",
    .variant = "channel",
    .rank = 5,
    .summary = "jobs sent through a channel (Mailbox: queue, mutex, predicate wait in one class)",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = wakeup_scenario::worker_params(),
    .make = Workers::make_test,
    .plain = Workers::run_plain,
});
