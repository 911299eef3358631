// FILE: examples/container_mutation/vector_snapshot.cpp
//
// THE FIX: copy on write. The readings live in an immutable vector held by a
// std::shared_ptr<const Readings>; the pointer is what is shared, swapped under a mutex:
//
//   reader:  auto snapshot = current();          // copies the pointer under the lock
//            for (int r : *snapshot) record(r);  // walks with no lock
//   writer:  { lock; auto next = std::make_shared<Readings>(*readings);
//             next->push_back(r); readings = std::move(next); }
//
// WHY IT WORKS: nobody ever changes a vector a reader can see. A writer builds the next
// version beside it and swaps the pointer; a reader that took the old pointer keeps the old
// vector alive (the shared_ptr's count) until its walk is done. The lock is held only to copy
// or swap one pointer. (std::atomic<std::shared_ptr<const Readings>> in C++20, or the older
// std::atomic_load/atomic_store on a shared_ptr, do the same without naming a mutex.)
//
// THE COST: every append copies the whole vector: right for data read often and changed
// rarely (configuration, routing tables, subscriber lists), wrong for a log that grows.
//
// RUN IT:  racestress run container_mutation/vector_snapshot
//
// YOU SHOULD SEE: no failing run; TSan clean; racecheck silent.
#include <memory>
#include <mutex>

#include "readings.h"

namespace {

struct Snapshots {
  static inline std::mutex mutex;  // guards the pointer `readings`, never the vector it points to
  static inline std::shared_ptr<const container_scenario::Readings> readings;

  static void reset() { readings = std::make_shared<const container_scenario::Readings>(container_scenario::first_readings()); }
  static std::shared_ptr<const container_scenario::Readings> current() {
    std::lock_guard lock(mutex);
    return readings;
  }
  static void append(int reading) {
    {
      std::lock_guard lock(mutex);
      auto next = std::make_shared<container_scenario::Readings>(*readings);
      next->push_back(reading);
      readings = std::move(next);
    }
    racelab::point("appends reading", reading);
  }
  static void read_all(std::vector<int>& seen) {
    const std::shared_ptr<const container_scenario::Readings> snapshot = current();
    for (int reading : *snapshot) {
      racelab::point("reads reading", reading);
      seen.push_back(reading);
    }
  }
};

using Readers = container_scenario::Readers<Snapshots>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "container_mutation",
    .variant = "vector_snapshot",
    .rank = 3,
    .summary = "copy on write: readers walk an immutable vector held by a shared_ptr swapped under a mutex",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = container_scenario::reader_params(),
    .make = Readers::make_test,
    .plain = Readers::run_plain,
});
