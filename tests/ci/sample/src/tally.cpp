// Runs a Tally from two threads.
#include "tally.h"

#include <thread>

int tally_run(int per_thread) {
  Tally tally;
  auto work = [&tally, per_thread] {
    for (int i = 0; i < per_thread; ++i) tally.add(1);
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
  return tally.total();
}
