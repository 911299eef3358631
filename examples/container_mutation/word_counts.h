// examples/container_mutation/word_counts.h: the harness wiring the map variants share, so that
// a variant file is its banner, its count(), and its declaration.
//
//   Two counters count words into one shared std::map<std::string, int>: A counts "ant" and
//   "cat", B counts "bee" and "dog", each word once, with `++counts[word]`. The counters never
//   touch the same word. Afterwards every word must be in the map with count 1, and the map
//   must hold exactly the four words.
//
// The harness switches actors only at points, and std::map has none inside. So the key
// comparison, which the map calls while it looks for where a new word goes, is a point
// ("compares keys"): the harness can then stop a counter in the middle of an insert, between
// choosing the place for its node and linking it there, as real threads are stopped anywhere.
//
// A variant describes its counts as a type with:
//   static void reset();                    empty the counts, before the counters start
//   static void count(const std::string&);  the variant's `++counts[word]`
//   static int  find(const std::string&);   the count of a word, -1 if it is missing
//   static long size();                     how many words the map says it holds
//   static long reached();                  how many words a walk over the map reaches
// find, size and reached are the invariant's and the step table's: they run after the counters
// end or between two steps, never beside a counter, so they take no lock (and must not: a
// counter stopped at a point may hold it). In a program, readers take the map's lock.
// and registers WordCounters<ItsCounts>::make_test and ::run_plain.
#pragma once

#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <array>
#include <string>
#include <thread>

namespace container_scenario {

// std::less<std::string> with a scheduling point in it (see above).
struct KeyOrder {
  bool operator()(const std::string& a, const std::string& b) const {
    racelab::point("compares keys");
    return a < b;
  }
};

// Walks at most `limit` steps, so that a damaged tree cannot keep the invariant looping.
template <class Map>
long walk(const Map& map, long limit) {
  long steps = 0;
  for (auto it = map.begin(); it != map.end() && steps <= limit; ++it) ++steps;
  return steps;
}

inline const std::array<std::string, 2> kWordsOfA = {"ant", "cat"};
inline const std::array<std::string, 2> kWordsOfB = {"bee", "dog"};

template <class Counts>
class WordCounters {
 public:
  static racelab::StressTest make_test(const racelab::Params&) {
    racelab::StressTest test;
    test.setup([] { Counts::reset(); });
    test.actor([] { count_all(kWordsOfA); });
    test.actor([] { count_all(kWordsOfB); });
    test.invariant([] { return every_word_counted_once(); });
    test.state([] { return describe(); });
    return test;
  }

  static racelab::Check run_plain(const racelab::Params&) {
    Counts::reset();
    std::thread a([] { count_all(kWordsOfA); });
    std::thread b([] { count_all(kWordsOfB); });
    a.join();
    b.join();
    return every_word_counted_once();
  }

 private:
  static void count_all(const std::array<std::string, 2>& words) {
    for (const std::string& word : words) {
      Counts::count(word);
      racelab::point("counted word");
    }
  }

  static racelab::Check every_word_counted_once() {
    for (const auto* words : {&kWordsOfA, &kWordsOfB}) {
      for (const std::string& word : *words) {
        const int n = Counts::find(word);
        if (n != 1) {
          return racelab::expect(false, "\"" + word + "\" " +
                                            (n < 0 ? std::string("is missing from the map") : "was counted " + std::to_string(n) + " times") +
                                            " (the map says it holds " + std::to_string(Counts::size()) + " words, a walk reaches " +
                                            std::to_string(Counts::reached()) + ")");
        }
      }
    }
    return racelab::expect(Counts::size() == 4 && Counts::reached() == 4,
                           "the map says it holds " + std::to_string(Counts::size()) + " words, a walk reaches " +
                               std::to_string(Counts::reached()) + ", expected 4");
  }

  static std::string describe() {
    return "map: size " + std::to_string(Counts::size()) + ", a walk reaches " + std::to_string(Counts::reached());
  }
};

}  // namespace container_scenario
