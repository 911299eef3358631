// An old race the project lives with: two threads bump a plain int. racecheck reports it on
// every full run; in diff mode it is not reported unless its lines change.
#include <thread>

int legacy_hits = 0;

void legacy_bump() {
  for (int i = 0; i < 1000; ++i) legacy_hits = legacy_hits + 1;
}

int legacy_run() {
  std::thread a(legacy_bump), b(legacy_bump);
  a.join();
  b.join();
  return legacy_hits;
}
