// FILE: examples/container_mutation/map_buggy.cpp
//
// THE BUG: two threads call std::map's operator[] on one map, with no lock:
//
//   ++counts[word];        // thread A counts "ant", "cat"; thread B "bee", "dog"
//
// WHY: "they never touch the same word, so they do not conflict" is wrong. operator[] on a
// word that is missing inserts a node: it walks the tree to choose the place, then links the
// node there and rebalances, rewriting the links of nodes the other thread is walking or
// linking into. If B links its node in the place A has chosen before A links its own, A
// overwrites B's link and B's word is lost: the map still counts it in size(), no walk reaches
// it. On real threads it can also be a crash or a loop in a tree with a cycle. It is a data
// race on the map's nodes whatever the words.
//
// RUN IT:  racestress run container_mutation/map_buggy
//
// YOU SHOULD SEE: failing runs ("\"cat\" is missing from the map (the map says it holds 4
// words, a walk reaches 2)"); in the tsan build, TSan's "data race" inside std::map. racecheck
// is silent: it does not yet see operator[] on a shared map as a write, so it misses this bug.
#include <map>

#include "word_counts.h"

namespace {

struct Counts {
  static inline std::map<std::string, int, container_scenario::KeyOrder> counts;

  static void reset() { counts.clear(); }
  static void count(const std::string& word) {
    ++counts[word];
  }
  static int find(const std::string& word) {
    const auto it = counts.find(word);
    return it == counts.end() ? -1 : it->second;
  }
  static long size() { return static_cast<long>(counts.size()); }
  static long reached() { return container_scenario::walk(counts, size() + 8); }
};

using Counters = container_scenario::WordCounters<Counts>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "container_mutation",
    .variant = "map_buggy",
    .rank = 4,
    .summary = "++counts[word] on one std::map from two threads, different words: an insert overwrites the other's link",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::race,
    .params = {},
    .make = Counters::make_test,
});
