// FILE: examples/lost_wakeup/predicate_wait.cpp
//
// THE FIX: the predicate overload of wait, with the state changed under the mutex.
//
//   job_ready.wait(lock, [] { return !jobs.empty(); });
//
// WHY IT WORKS: the overload is `while (!pred()) wait(lock);`: a consumer that wakes and
// finds the job gone (taken by another consumer, or a spurious wake-up) goes back to sleep
// instead of taking from an empty queue. The producer pushes under the same mutex, so it
// cannot slip between a consumer's look and its sleep, and no notify is lost. Writing the
// loop by hand is the same fix; the overload makes it impossible to forget.
//
// RUN IT:  racestress run lost_wakeup/predicate_wait
//
// YOU SHOULD SEE: no failing run; in a step table, a woken consumer that waits again; TSan
// clean; racecheck silent.
#include <condition_variable>
#include <mutex>

#include "workers.h"

namespace {

struct Desk {
  static inline std::mutex mutex;  // guards jobs
  static inline std::condition_variable job_ready;
  static inline wakeup_scenario::JobQueue jobs;

  static void open() { jobs.clear(); }

  static void put(int job) {
    {
      std::lock_guard lock(mutex);
      jobs.push(job);
    }
    job_ready.notify_one();  // after unlocking: the woken consumer need not wait for the mutex
    racelab::point("notifies");
  }

  static int take() {
    std::unique_lock lock(mutex);
    job_ready.wait(lock, [] { return !jobs.empty(); });  // looks again after every wake-up
    return jobs.pop();
  }
};

using Workers = wakeup_scenario::Workers<Desk>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "lost_wakeup",
    .variant = "predicate_wait",
    .rank = 3,
    .summary = "wait(lock, [] { return !jobs.empty(); }), jobs pushed under the mutex",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = wakeup_scenario::worker_params(),
    .make = Workers::make_test,
    .plain = Workers::run_plain,
});
