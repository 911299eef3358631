// FILE: examples/container_mutation/map_sharded.cpp
//
// THE FIX: a concurrent map by sharding. The words are spread over several maps by a hash of
// the word, each map with its own mutex:
//
//   Shard& shard = shards[std::hash<std::string>{}(word) % kShards];
//   { std::lock_guard lock(shard.mutex); ++shard.counts[word]; }
//
// WHY IT WORKS: a word always goes to the same shard, and each shard is a map under its own
// lock, as in map_mutex. Counters of words in different shards do not wait for each other.
//
// THE COST: nothing sees the whole map at one moment any more: a walk over every word takes
// the shards one after another (or all their locks, in one fixed order: see
// transfer_deadlock). A walk while counters run sees shard 0 as it was at one moment and
// shard 1 as it was at another.
//
// RUN IT:  racestress run container_mutation/map_sharded
//
// YOU SHOULD SEE: no failing run; TSan clean; racecheck silent.
#include <array>
#include <functional>
#include <map>
#include <mutex>

#include "word_counts.h"

namespace {

struct Shard {
  std::mutex mutex;  // guards counts
  std::map<std::string, int, container_scenario::KeyOrder> counts;
};

struct Counts {
  static constexpr std::size_t kShards = 8;
  static inline std::array<Shard, kShards> shards;

  static Shard& shard_of(const std::string& word) { return shards[std::hash<std::string>{}(word) % kShards]; }

  static void reset() {
    for (Shard& shard : shards) shard.counts.clear();
  }
  static void count(const std::string& word) {
    Shard& shard = shard_of(word);
    std::lock_guard lock(shard.mutex);
    ++shard.counts[word];
  }
  static int find(const std::string& word) {
    Shard& shard = shard_of(word);
    const auto it = shard.counts.find(word);
    return it == shard.counts.end() ? -1 : it->second;
  }
  static long size() {
    long n = 0;
    for (Shard& shard : shards) {
      n += static_cast<long>(shard.counts.size());
    }
    return n;
  }
  static long reached() {
    long n = 0;
    for (Shard& shard : shards) {
      n += container_scenario::walk(shard.counts, static_cast<long>(shard.counts.size()) + 8);
    }
    return n;
  }
};

using Counters = container_scenario::WordCounters<Counts>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "container_mutation",
    .variant = "map_sharded",
    .rank = 6,
    .summary = "a concurrent map by sharding: words spread over 8 maps by hash, one mutex each",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {},
    .make = Counters::make_test,
    .plain = Counters::run_plain,
});
