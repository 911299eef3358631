// examples/lazy_init/callers.h: the harness wiring every lazy_init variant shares, so that a
// variant file is its banner, its get(), and its declaration.
//
//   A Config is costly to build, so it is built on first use. `callers` threads each call
//   get() and read a setting from what it returns. Every caller must get the same Config, it
//   must be built at most once per run, and every caller must read the built value (42),
//   never a half-built one.
//
// A variant describes its lazy holder as a type with two static functions:
//   static void reset();        forget the Config, before the callers start (where it can)
//   static Config& get();       the variant's lazy initialisation
// and registers Callers<ItsHolder>::make_test and ::run_plain.
#pragma once

#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace lazy_scenario {

struct Config {
  Config() : setting(42) { built.fetch_add(1); }
  int setting;
  static inline std::atomic<int> built{0};  // how many Configs were built (counting is not the lesson)
};

inline racelab::Params caller_params() { return {{"callers", 2}}; }

template <class Holder>
class Callers {
 public:
  static racelab::StressTest make_test(const racelab::Params& p) {
    racelab::StressTest test;
    test.setup([p] { open(p); });
    for (int c = 0; c < p.at("callers"); ++c) test.actor([c] { call(c); });
    test.invariant([] { return one_config_for_all(); }).state([] { return built_so_far(); });
    return test;
  }

  static racelab::Check run_plain(const racelab::Params& p) {
    open(p);
    std::vector<std::thread> threads;
    for (int c = 0; c < p.at("callers"); ++c) threads.emplace_back([c] { call(c); });
    for (std::thread& t : threads) t.join();
    return one_config_for_all();
  }

 private:
  static void open(const racelab::Params& p) {
    Holder::reset();
    Config::built = 0;
    got_.assign(static_cast<std::size_t>(p.at("callers")), nullptr);
    read_.assign(static_cast<std::size_t>(p.at("callers")), 0);
  }

  // Each caller writes only its own slots; the invariant reads them after every actor ended.
  static void call(int caller) {
    Config& config = Holder::get();
    const int setting = config.setting;
    racelab::point("reads setting", setting);
    got_[static_cast<std::size_t>(caller)] = &config;
    read_[static_cast<std::size_t>(caller)] = setting;
  }

  static racelab::Check one_config_for_all() {
    for (std::size_t c = 0; c < got_.size(); ++c) {
      if (got_[c] != got_[0]) {
        return racelab::expect(false, "callers 1 and " + std::to_string(c + 1) + " got different Configs (" +
                                          std::to_string(Config::built.load()) + " built)");
      }
      if (read_[c] != 42) {
        return racelab::expect(false, "caller " + std::to_string(c + 1) + " read setting " +
                                          std::to_string(read_[c]) + ", expected 42");
      }
    }
    return racelab::expect(Config::built.load() <= 1,
                           std::to_string(Config::built.load()) + " Configs built in one run, expected at most 1");
  }

  // The state for step tables and outcome histograms.
  static std::string built_so_far() { return std::to_string(Config::built.load()) + " built in this run"; }

  static inline std::vector<Config*> got_;
  static inline std::vector<int> read_;
};

}  // namespace lazy_scenario
