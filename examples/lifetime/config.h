// examples/lifetime/config.h: the harness wiring the shared_ptr variants share, so that a
// variant file is its banner, its install() and read_limits(), and its declaration.
//
//   The program's configuration is a std::shared_ptr<const Config> that every thread can
//   reach. A Config holds a version and three limits: version v holds v1, v2 and v3 (version 1
//   holds 11 12 13). Two reloader threads each install a new Config (versions 2 and 3: the
//   shared_ptr is reassigned from two threads) while a reader walks the limits of the Config
//   in use once and records each limit it reads. Whatever the interleaving, the reader must
//   see the three limits of one version, and never a limit of a Config already destroyed.
//
// A Config is destroyed by its deleter (Retire below), which writes kGone (-1) over its fields
// and keeps its memory until the next run, so a read through a pointer to a destroyed Config
// reads -1 every time, instead of whatever the allocator put there, and never faults.
//
// A variant describes its configuration holder as a type with:
//   static void reset(std::shared_ptr<const Config> first);  version 1, at the start of a run
//   static void install(std::shared_ptr<const Config> next);  a reloader's reassignment
//   static void read_limits(std::vector<int>& seen);          the reader's walk
//   static int version_in_use();                              for the invariant (no actor runs)
// and registers Reloads<ItsHolder>::make_test (and ::run_plain, when it keeps the invariant on
// plain threads).
#pragma once

#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace lifetime_scenario {

inline constexpr int kGone = -1;

struct Config {
  int version;
  std::array<int, 3> limits;
};

// Configs destroyed during a run, freed at the start of the next one. Each takes its own slot
// (a relaxed counter: no happens-before between the actors comes from here).
struct Graveyard {
  static inline std::array<Config*, 64> configs{};
  static inline std::atomic<int> used{0};

  static void bury(Config* c) {
    const int slot = used.fetch_add(1, std::memory_order_relaxed);
    if (slot < static_cast<int>(configs.size())) {
      configs[static_cast<std::size_t>(slot)] = c;
    } else {
      delete c;  // a long plain run: nobody reads a Config this old any more
    }
  }
  static void empty() {
    const int n = std::min(used.load(), static_cast<int>(configs.size()));
    for (int i = 0; i < n; ++i) delete configs[static_cast<std::size_t>(i)];
    used = 0;
  }
};

// The deleter: what a real delete does, made visible.
struct Retire {
  void operator()(const Config* c) const {
    Config* dead = const_cast<Config*>(c);
    dead->version = kGone;
    dead->limits.fill(kGone);
    Graveyard::bury(dead);
  }
};

inline std::shared_ptr<const Config> make_config(int version) {
  return std::shared_ptr<const Config>(new Config{version, {version * 10 + 1, version * 10 + 2, version * 10 + 3}},
                                       Retire{});
}

template <class Holder>
class Reloads {
 public:
  static racelab::StressTest make_test(const racelab::Params&) {
    racelab::StressTest test;
    test.setup([] { open(); });
    test.actor([] { Holder::install(make_config(2)); });
    test.actor([] { Holder::install(make_config(3)); });
    test.actor([] { Holder::read_limits(seen_); });
    test.invariant([] { return saw_one_version(); });
    test.state([] { return what_the_reader_saw(); });
    return test;
  }

  static racelab::Check run_plain(const racelab::Params&) {
    open();
    std::thread reloader2([] { Holder::install(make_config(2)); });
    std::thread reloader3([] { Holder::install(make_config(3)); });
    std::thread reader([] { Holder::read_limits(seen_); });
    reloader2.join();
    reloader3.join();
    reader.join();
    return saw_one_version();
  }

 private:
  static void open() {
    Holder::reset(make_config(1));
    Graveyard::empty();
    seen_.clear();
    seen_.reserve(8);
  }

  static std::string what_the_reader_saw() {
    std::string out = "config " + std::to_string(Holder::version_in_use()) + " in use, reader saw";
    for (int limit : seen_) out += " " + std::to_string(limit);
    return seen_.empty() ? out + " nothing" : out;
  }

  // The reader's record is its own (seen_ is touched only by the reader, then the invariant).
  static racelab::Check saw_one_version() {
    if (seen_.size() != 3) {
      return racelab::expect(false, "the reader read " + std::to_string(seen_.size()) + " limits, expected 3");
    }
    const int version = seen_[0] / 10;
    for (std::size_t i = 0; i < seen_.size(); ++i) {
      if (seen_[i] == kGone) {
        return racelab::expect(false, "the reader read " + std::to_string(kGone) + " as limit " + std::to_string(i + 1) +
                                          ": a Config that had already been destroyed");
      }
      const int expected = version * 10 + static_cast<int>(i) + 1;
      if (seen_[i] != expected) {
        return racelab::expect(false, "the reader read " + std::to_string(seen_[i]) + " as limit " +
                                          std::to_string(i + 1) + ", expected " + std::to_string(expected) +
                                          " (one version's limits)");
      }
    }
    const int in_use = Holder::version_in_use();
    return racelab::expect(in_use == 2 || in_use == 3,
                           "config " + std::to_string(in_use) + " is in use at the end, expected 2 or 3 (the last install)");
  }

  static inline std::vector<int> seen_;
};

}  // namespace lifetime_scenario
