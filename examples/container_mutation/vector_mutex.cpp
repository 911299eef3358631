// FILE: examples/container_mutation/vector_mutex.cpp
//
// THE FIX: one mutex, held by the writer for each push_back and by the reader for its whole
// walk:
//
//   writer:  { std::lock_guard lock(mutex); readings.push_back(r); }
//   reader:  { std::lock_guard lock(mutex); for (int r : readings) record(r); }
//
// WHY IT WORKS: the buffer can only be replaced while nobody walks it. The reader sees the
// readings as they were when it took the lock, all of them, and the writer waits.
//
// THE COST: the writer waits for the whole walk, however long; a slow reader (or a reader
// that calls out, say to a callback that appends) stalls or deadlocks the writer. See
// vector_snapshot for a reader that holds no lock while it walks.
//
// RUN IT:  racestress run container_mutation/vector_mutex
//
// YOU SHOULD SEE: no failing run; TSan clean; racecheck silent.
#include <mutex>

#include "readings.h"

namespace {

struct Shared {
  static inline std::mutex mutex;  // guards readings, for the writer's appends and the reader's whole walk
  static inline container_scenario::Readings readings;

  static void reset() { readings = container_scenario::first_readings(); }
  static void append(int reading) {
    {
      std::lock_guard lock(mutex);
      readings.push_back(reading);
    }
    racelab::point("appends reading", reading);
  }
  static void read_all(std::vector<int>& seen) {
    std::lock_guard lock(mutex);
    for (int reading : readings) {
      racelab::point("reads reading", reading);
      seen.push_back(reading);
    }
  }
};

using Readers = container_scenario::Readers<Shared>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "container_mutation",
    .variant = "vector_mutex",
    .rank = 2,
    .summary = "one mutex for push_back and for the reader's whole walk",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = container_scenario::reader_params(),
    .make = Readers::make_test,
    .plain = Readers::run_plain,
});
