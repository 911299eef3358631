// FILE: examples/container_mutation/vector_buggy.cpp
//
// THE BUG: one thread appends to a std::vector while another iterates it, with no lock:
//
//   writer:  readings.push_back(r);
//   reader:  for (int r : readings) record(r);
//
// WHY: the range-for takes begin() and end() once, at the start. When push_back finds the
// vector full, it allocates a bigger buffer, moves the readings there and frees the old one:
// every iterator into the old buffer now points at freed memory. The reader goes on reading
// it: a use after free, besides a data race on the vector and its buffer. (Here freed buffers
// read as -1; in a real program they read as whatever the allocator put there, or crash.)
//
// RUN IT:  racestress run container_mutation/vector_buggy
//
// YOU SHOULD SEE: failing runs ("the reader read -1 at position 2: a buffer the vector had
// already freed"); a step table in which the writer appends between two of the reader's
// reads; in the tsan build, TSan's report on the vector's buffer. racecheck is silent: it
// does not yet see a call to a non-const member function (push_back) on a shared container as
// a write, so it misses this bug (declared below, so a checker that learns it shows up here).
#include "readings.h"

namespace {

struct Shared {
  static inline container_scenario::Readings readings;

  static void reset() { readings = container_scenario::first_readings(); }
  static void append(int reading) {
    readings.push_back(reading);
    racelab::point("appends reading", reading);
  }
  static void read_all(std::vector<int>& seen) {
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
    .variant = "vector_buggy",
    .rank = 1,
    .summary = "push_back while another thread iterates: the reallocation frees the buffer the reader walks",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::race,
    .params = container_scenario::reader_params(),
    .make = Readers::make_test,
});
