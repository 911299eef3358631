// examples/lost_wakeup/workers.h: the harness wiring every lost_wakeup variant shares, so that
// a variant file is its banner, its version of the job desk, and its declaration.
//
//   A producer puts `jobs` numbered jobs on a desk, one at a time; `consumers` consumers each
//   wait for a job and take one (make jobs == consumers). When everyone is done, every job
//   must have been taken exactly once, and no consumer may have come away empty-handed. A run
//   in which a consumer sleeps for ever, waiting for a wake-up that already happened, is the
//   harness's deadlock verdict.
//
// A variant describes its desk as a type with three static functions:
//   static void open();          fresh, empty state, before the actors start
//   static void put(int job);    the producer's side
//   static int take();           a consumer's side: waits for a job, returns it (0: none)
// and registers Workers<ItsDesk>::make_test (and ::run_plain when a plain run cannot hang).
#pragma once

#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <algorithm>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace wakeup_scenario {

// The jobs waiting on the desk. Taking from an empty queue returns 0 instead of being
// undefined behaviour, so the invariant can say what went wrong rather than the run crashing.
class JobQueue {
 public:
  void clear() { jobs_.clear(); }
  bool empty() const { return jobs_.empty(); }
  void push(int job) {
    jobs_.push_back(job);
    racelab::point("puts job", job);
  }
  int pop() {
    const int job = jobs_.empty() ? 0 : jobs_.front();
    if (!jobs_.empty()) jobs_.pop_front();
    racelab::point("takes job", job);
    return job;
  }

 private:
  std::deque<int> jobs_;
};

inline racelab::Params worker_params() { return {{"consumers", 2}, {"jobs", 2}}; }

template <class Desk>
class Workers {
 public:
  static racelab::StressTest make_test(const racelab::Params& p) {
    racelab::StressTest test;
    test.setup([p] { open(p); });
    test.actor([p] { produce(p); });
    for (int c = 0; c < p.at("consumers"); ++c) test.actor([c] { consume(c); });
    test.invariant([p] { return every_job_taken_once(p); }).state([] { return what_each_got(); });
    return test;
  }

  static racelab::Check run_plain(const racelab::Params& p) {
    open(p);
    std::vector<std::thread> threads;
    threads.emplace_back([&p] { produce(p); });
    for (int c = 0; c < p.at("consumers"); ++c) threads.emplace_back([c] { consume(c); });
    for (std::thread& t : threads) t.join();
    return every_job_taken_once(p);
  }

 private:
  static void open(const racelab::Params& p) {
    Desk::open();
    taken_.assign(static_cast<std::size_t>(p.at("consumers")), -1);
  }
  static void produce(const racelab::Params& p) {
    for (int job = 1; job <= p.at("jobs"); ++job) Desk::put(job);
  }
  // Each consumer writes only its own slot; the invariant reads them after every actor ended.
  static void consume(int consumer) { taken_[static_cast<std::size_t>(consumer)] = Desk::take(); }

  static racelab::Check every_job_taken_once(const racelab::Params& p) {
    std::vector<int> got = taken_;
    std::sort(got.begin(), got.end());
    std::vector<int> want;
    for (int job = 1; job <= p.at("jobs") && job <= p.at("consumers"); ++job) want.push_back(job);
    if (got == want) return racelab::expect(true, "");
    std::string text;
    for (std::size_t c = 0; c < taken_.size(); ++c) {
      text += (c == 0 ? "" : ", ") + std::string("consumer ") + std::to_string(c + 1) + " got " +
              (taken_[c] == 0 ? std::string("no job") : "job " + std::to_string(taken_[c]));
    }
    return racelab::expect(false, text + " (every consumer should get its own job)");
  }

  // The state for step tables and outcome histograms: each consumer's job (- still waiting).
  static std::string what_each_got() {
    std::string text;
    for (std::size_t c = 0; c < taken_.size(); ++c) {
      const int job = taken_[c];
      text += (c == 0 ? "" : ", ") + std::to_string(c + 1) + ": " +
              (job < 0 ? std::string("-") : job == 0 ? std::string("no job") : "job " + std::to_string(job));
    }
    return "consumers got " + text;
  }

  static inline std::vector<int> taken_;
};

}  // namespace wakeup_scenario
