// Variants that exist only in racestress_fixture, to test racestress itself: exit codes,
// crash and hang isolation, an unexpected TSan report.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

#include "racelab/catalogue.h"
#include "racelab/point.h"

namespace {

int flag = 0;  // written by both actors with no synchronisation, always to the same value
std::atomic<bool> never{false};
std::atomic<int> tally{0};

racelab::StressTest same_value_race(const racelab::Params&) {
  racelab::StressTest t;
  t.setup([] { flag = 0; });
  t.actor([] { flag = 1; racelab::point("set flag"); });
  t.actor([] { flag = 1; racelab::point("set flag"); });
  t.invariant([] { return racelab::expect_eq("flag", flag, 1); });
  return t;
}

racelab::StressTest crash_in_an_actor(const racelab::Params&) {
  racelab::StressTest t;
  t.actor([] { racelab::point("about to crash"); std::raise(SIGSEGV); });
  t.actor([] {});
  return t;
}

racelab::StressTest wait_forever(const racelab::Params&) {
  racelab::StressTest t;
  t.actor([] {
    racelab::point("before the endless wait");
    while (!never.load()) usleep(1000);
  });
  return t;
}

racelab::StressTest always_holds(const racelab::Params&) {
  racelab::StressTest t;
  t.setup([] { tally = 0; });
  t.actor([] { ++tally; racelab::point("added"); });
  t.actor([] { ++tally; racelab::point("added"); });
  t.invariant([] { return racelab::expect_eq("tally", tally.load(), 2); });
  return t;
}

// A state callback that takes the lock the actors take: racestress play calls it after every
// step, also while an actor is paused at a point inside its critical section.
std::mutex guarded_mutex;
int guarded = 0;

racelab::StressTest locked_state(const racelab::Params&) {
  racelab::StressTest t;
  t.setup([] { guarded = 0; });
  for (int i = 0; i < 2; ++i) {
    t.actor([] {
      std::lock_guard lock(guarded_mutex);
      const int seen = guarded;
      racelab::point("read");
      guarded = seen + 1;
    });
  }
  t.invariant([] { return racelab::expect_eq("guarded", guarded, 2); });
  t.state([] {
    std::lock_guard lock(guarded_mutex);
    return "guarded = " + std::to_string(guarded);
  });
  return t;
}

}  // namespace

RACELAB_VARIANT({
    .scenario = "selftest",
    .variant = "locked_state",
    .rank = 7,
    .summary = "its state callback takes the mutex an actor holds at its point",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .make = locked_state,
});

RACELAB_VARIANT({
    .scenario = "selftest",
    .variant = "unexpected_race",
    .rank = 1,
    .summary = "declared race-free, but both actors write a plain int",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .make = same_value_race,
});

RACELAB_VARIANT({
    .scenario = "selftest",
    .variant = "crash",
    .rank = 2,
    .summary = "an actor raises SIGSEGV",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::clean,
    .make = crash_in_an_actor,
});

RACELAB_VARIANT({
    .scenario = "selftest",
    .variant = "hang",
    .rank = 3,
    .summary = "an actor waits forever without a point",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::clean,
    .make = wait_forever,
});

RACELAB_VARIANT({
    .scenario = "selftest",
    .variant = "never_fails",
    .rank = 4,
    .summary = "declared to fail, but its invariant always holds",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::clean,
    .make = always_holds,
});

// What a variant whose environment is missing (say, no PostgreSQL server) declares.
static std::string needs_what_is_not_here() { return "needs a frobnicator, and this machine has none"; }

RACELAB_VARIANT({
    .scenario = "selftest",
    .variant = "unavailable",
    .rank = 5,
    .summary = "its environment is missing: skipped, neither passed nor failed",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .make = always_holds,
    .unavailable = needs_what_is_not_here,
});

// A variant whose process needs something racestress makes before starting it: here the pid
// of the process that made it, so the variant can tell it was made once, by racestress itself.
static std::map<std::string, std::string> made_by_racestress() {
  return {{"RACELAB_SELFTEST_MADE_BY", std::to_string(::getpid())}};
}

static racelab::StressTest sees_its_environment(const racelab::Params&) {
  racelab::StressTest t;
  t.actor([] { racelab::point("looks"); });
  t.invariant([] {
    const char* made_by = std::getenv("RACELAB_SELFTEST_MADE_BY");
    const std::string parent = std::to_string(::getppid()), self = std::to_string(::getpid());
    return racelab::expect(made_by != nullptr && (made_by == parent || made_by == self),
                           std::string("RACELAB_SELFTEST_MADE_BY is ") + (made_by ? made_by : "unset"));
  });
  return t;
}

RACELAB_VARIANT({
    .scenario = "selftest",
    .variant = "environment",
    .rank = 6,
    .summary = "needs environment made by racestress (as the PostgreSQL variants need its server)",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .make = sees_its_environment,
    .environment = made_by_racestress,
});
