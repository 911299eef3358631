// Variants that exist only in racestress_fixture, to test racestress itself: exit codes,
// crash and hang isolation, an unexpected TSan report, and (scenario "fault") processes that
// misbehave in the ways racestress run must survive.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

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

// Faults: each variant's process misbehaves once its first run reaches an actor. racestress run
// gives each a verdict of its own and goes on with the next variant (racestress_fault_test).
namespace {

racelab::StressTest kills_itself(const racelab::Params&) {
  racelab::StressTest t;
  t.actor([] { racelab::point("about to be killed"); std::raise(SIGKILL); });
  t.actor([] {});
  return t;
}

// Takes memory in 16 MiB blocks, each page of them written so that it is really used, until
// an allocation fails. If 4 GiB were taken without one failing, the limit did not hold: the
// run fails with a message saying so, instead of taking the machine's memory.
racelab::StressTest exhausts_memory(const racelab::Params&) {
  racelab::StressTest t;
  t.actor([] {
    racelab::point("about to allocate");
    constexpr std::size_t kBlock = 16u << 20, kPage = 4096;
    std::vector<std::unique_ptr<char[]>> taken;
    for (std::size_t total = 0; total < (4ull << 30); total += kBlock) {
      taken.emplace_back(new char[kBlock]);
      for (std::size_t at = 0; at < kBlock; at += kPage) taken.back()[at] = 1;
    }
    throw std::runtime_error("took 4 GiB and no allocation failed: no memory limit");
  });
  return t;
}

// Reads a pipe nobody writes to: blocked in the kernel, where no point and no watchdog signal
// can reach it.
int never_written[2] = {-1, -1};

racelab::StressTest blocks_in_read(const racelab::Params&) {
  racelab::StressTest t;
  t.setup([] {
    if (never_written[0] < 0 && ::pipe(never_written) != 0) std::abort();
  });
  t.actor([] {
    racelab::point("before the read");
    char c = 0;
    (void)!::read(never_written[0], &c, 1);
  });
  return t;
}

racelab::StressTest writes_without_end(const racelab::Params&) {
  racelab::StressTest t;
  t.actor([] {
    racelab::point("before the output");
    static const std::string line(1023, 'x');
    for (;;) std::printf("%s\n", line.c_str());
  });
  return t;
}

// Forks, and the copy carries on in the harness as a careless fork does: it has only the actor
// thread that forked, so it never finishes; the variant's own process finishes normally.
racelab::StressTest forks(const racelab::Params&) {
  racelab::StressTest t;
  t.actor([] {
    racelab::point("before the fork");
    static std::atomic<bool> forked{false};
    if (!forked.exchange(true) && ::fork() == 0) {
      for (;;) ::pause();  // the copy: left running
    }
  });
  return t;
}

}  // namespace

RACELAB_VARIANT({
    .scenario = "fault",
    .variant = "sigkill",
    .rank = 1,
    .summary = "an actor kills its own process with SIGKILL",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .make = kills_itself,
});

RACELAB_VARIANT({
    .scenario = "fault",
    .variant = "out_of_memory",
    .rank = 2,
    .summary = "an actor allocates until memory runs out",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .make = exhausts_memory,
});

RACELAB_VARIANT({
    .scenario = "fault",
    .variant = "blocked_read",
    .rank = 3,
    .summary = "an actor blocks in read() on a pipe nobody writes to",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .make = blocks_in_read,
});

RACELAB_VARIANT({
    .scenario = "fault",
    .variant = "endless_output",
    .rank = 4,
    .summary = "an actor writes to stdout without end",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .make = writes_without_end,
});

RACELAB_VARIANT({
    .scenario = "fault",
    .variant = "fork",
    .rank = 5,
    .summary = "an actor forks, and the copy is left running",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .make = forks,
});
