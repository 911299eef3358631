// FILE: examples/lost_wakeup/buggy.cpp
//
// THE BUG: a consumer checks for a job with `if`, not `while`, before waiting:
//
//   if (jobs.empty()) job_ready.wait(lock);
//   return jobs.pop();
//
// WHY: being woken up is not the same as the job still being there. notify_one() makes the
// waiting consumer runnable, but before it gets the mutex back another consumer that was
// never asleep can lock, see the job and take it. The woken consumer then returns from
// wait() and takes from an empty queue. (Spurious wake-ups, which the standard allows, do
// the same without any other consumer; the harness does not simulate those, so the runs
// here fail only through the stolen job.)
//
// RUN IT:  racestress run lost_wakeup/buggy
//
// YOU SHOULD SEE: failing runs, "consumer 1 got no job, consumer 2 got job 1"; a step table in
// which a consumer waits, the producer puts job 1, the other consumer takes it, and the woken
// one takes nothing; TSan clean (every access is under the mutex: no data race); racecheck's
// wait-without-loop on the `if`-guarded wait.
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
    job_ready.notify_one();
    racelab::point("notifies");
  }

  static int take() {
    std::unique_lock lock(mutex);
    if (jobs.empty()) job_ready.wait(lock);  // woken up: but is the job still there? expect: racecheck-wait-without-loop
    return jobs.pop();
  }
};

using Workers = wakeup_scenario::Workers<Desk>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "lost_wakeup",
    .variant = "buggy",
    .rank = 1,
    .summary = "if (empty) wait(lock); then take: another consumer can take the job first",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::clean,
    .params = wakeup_scenario::worker_params(),
    .make = Workers::make_test,
    .plain = Workers::run_plain,
});
