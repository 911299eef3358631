// FILE: examples/lost_wakeup/state_under_mutex.cpp
//
// THE FIX for flag_outside_mutex.cpp: the same atomic count and the same `while` loop, but
// the producer changes the count while holding the mutex the consumers wait with.
//
//   { std::lock_guard lock(mutex); available.fetch_add(1); }
//   job_ready.notify_one();
//
// WHY IT WORKS: a consumer holds the mutex from its look ("no job") until wait() has put it
// to sleep and released the mutex, in one step. A producer that needs the mutex to change
// the count therefore changes it either before the look (the consumer sees the job) or after
// the consumer is asleep (the notify wakes it). The atomic is now unnecessary; it stays to
// show that atomicity of the count was never the problem.
//
// RUN IT:  racestress run lost_wakeup/state_under_mutex
//
// YOU SHOULD SEE: no failing or deadlocked run; TSan clean; racecheck silent.
#include <atomic>
#include <condition_variable>
#include <mutex>

#include "workers.h"

namespace {

struct Desk {
  static inline std::mutex mutex;  // guards the hand-over: count changes and the consumers' looks
  static inline std::condition_variable job_ready;
  static inline std::atomic<int> available{0};
  static inline std::atomic<int> next_job{0};

  static void open() {
    available = 0;
    next_job = 0;
  }

  static void put(int job) {
    {
      std::lock_guard lock(mutex);  // cannot land between a consumer's look and its sleep
      available.fetch_add(1);
      racelab::point("puts job", job);
    }
    job_ready.notify_one();
    racelab::point("notifies");
  }

  static int take() {
    std::unique_lock lock(mutex);
    while (available.load() == 0) {
      racelab::point("sees no job");
      job_ready.wait(lock);
    }
    available.fetch_sub(1);
    const int job = next_job.fetch_add(1) + 1;
    racelab::point("takes job", job);
    return job;
  }
};

using Workers = wakeup_scenario::Workers<Desk>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "lost_wakeup",
    .variant = "state_under_mutex",
    .rank = 4,
    .summary = "the producer changes the count under the mutex, then notifies",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = wakeup_scenario::worker_params(),
    .make = Workers::make_test,
    .plain = Workers::run_plain,
});
