// FILE: examples/container_mutation/map_mutex.cpp
//
// THE FIX: one mutex around every use of the map:
//
//   { std::lock_guard lock(mutex); ++counts[word]; }
//
// WHY IT WORKS: one insert at a time: a counter chooses the place for its node and links it
// there with nobody else in the tree. Readers (find, a walk) must take the same mutex.
//
// THE COST: every counter waits for every other, whatever the word. See map_sharded.
//
// RUN IT:  racestress run container_mutation/map_mutex
//
// YOU SHOULD SEE: no failing run; TSan clean; racecheck silent.
#include <map>
#include <mutex>

#include "word_counts.h"

namespace {

struct Counts {
  static inline std::mutex mutex;  // guards counts
  static inline std::map<std::string, int, container_scenario::KeyOrder> counts;

  static void reset() { counts.clear(); }
  static void count(const std::string& word) {
    std::lock_guard lock(mutex);
    ++counts[word];
  }
  static int find(const std::string& word) {
    const auto it = counts.find(word);
    return it == counts.end() ? -1 : it->second;
  }
  static long size() {
    return static_cast<long>(counts.size());
  }
  static long reached() {
    return container_scenario::walk(counts, static_cast<long>(counts.size()) + 8);
  }
};

using Counters = container_scenario::WordCounters<Counts>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "container_mutation",
    .variant = "map_mutex",
    .rank = 5,
    .summary = "one mutex around every use of the map",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {},
    .make = Counters::make_test,
    .plain = Counters::run_plain,
});
