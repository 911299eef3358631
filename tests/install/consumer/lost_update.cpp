// lost_update.cpp: a counter two threads increment, without and with a mutex, stressed with an
// installed racelab. Prints racelab's version, then exits 0 when the harness finds the lost
// update in the unlocked counter and none in the locked one.
#include <racelab/point.h>
#include <racelab/runner.h>
#include <racelab/test.h>
#include <racelab/version.h>

#include <iostream>
#include <mutex>

namespace {

int counter = 0;
std::mutex counter_mutex;

void add_unlocked() {
  int seen = counter;
  racelab::point("read counter", seen);
  counter = seen + 1;
}

void add_locked() {
  std::lock_guard<std::mutex> lock(counter_mutex);
  add_unlocked();
}

racelab::StressTest two_adders(void (*add)()) {
  racelab::StressTest test;
  test.setup([] { counter = 0; })
      .actor(add)
      .actor(add)
      .invariant([] { return racelab::expect_eq("counter", counter, 2); });
  return test;
}

}  // namespace

int main() {
  std::cout << "racelab " << RACELAB_VERSION << "\n";
  racelab::Options options;
  options.iterations = 200;
  const racelab::Report unlocked = racelab::run(two_adders(add_unlocked), options);
  const racelab::Report locked = racelab::run(two_adders(add_locked), options);
  std::cout << "unlocked: " << unlocked.failing_runs << "/" << unlocked.runs << " runs failed\n"
            << "locked: " << locked.failing_runs << "/" << locked.runs << " runs failed\n";
  return unlocked.failing_runs > 0 && locked.failing_runs == 0 ? 0 : 1;
}
