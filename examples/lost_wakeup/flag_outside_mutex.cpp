// FILE: examples/lost_wakeup/flag_outside_mutex.cpp
//
// THE BUG: the consumer waits properly (a `while` loop, under the mutex), but the producer
// changes the state without taking the mutex, then notifies:
//
//   available.fetch_add(1);      // no lock: "it is atomic, what could go wrong?"
//   job_ready.notify_one();
//
// WHY: a condition variable remembers nothing. The consumer's "look at the state, then
// sleep" is safe only because nobody can change the state between the look and the sleep:
// that is what holding the mutex across them (wait() releases it only once asleep) buys. A
// producer that changes the state without the mutex can slip between the consumer's look
// ("no job") and its sleep; its notify then finds nobody asleep and is lost, and the consumer
// sleeps for ever with a job waiting. The counter is std::atomic, so there is no data race:
// TSan is silent, and the program hangs.
//
// RUN IT:  racestress run lost_wakeup/flag_outside_mutex
//
// YOU SHOULD SEE: deadlocked runs ("B waits for a condition variable, last point "sees no
// job""); TSan clean; racecheck silent.
#include <atomic>
#include <condition_variable>
#include <mutex>

#include "workers.h"

namespace {

struct Desk {
  static inline std::mutex mutex;  // meant to guard the hand-over; the producer skips it
  static inline std::condition_variable job_ready;
  static inline std::atomic<int> available{0};
  static inline std::atomic<int> next_job{0};

  static void open() {
    available = 0;
    next_job = 0;
  }

  static void put(int job) {
    available.fetch_add(1);  // changed outside the mutex...
    racelab::point("puts job", job);
    job_ready.notify_one();  // ...so this can come between a consumer's look and its sleep
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

// No plain run: on bare threads a lost wake-up never returns.
RACELAB_VARIANT({
    .scenario = "lost_wakeup",
    .variant = "flag_outside_mutex",
    .rank = 2,
    .summary = "a while loop, but the producer changes the (atomic) count without the mutex: its notify can be lost",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::clean,
    .params = wakeup_scenario::worker_params(),
    .make = Workers::make_test,
});
