// The course: the order in which the scenarios are taught, the simplest bug first. Every
// listing follows it: racestress list and run, the demo, the HTML pages, and docs/README.md
// (a test holds the docs index to it). A new scenario slots in with one line here; a scenario
// not listed comes after these, by name. Names listed but not built are skipped.
#include "racelab/catalogue.h"

namespace racelab {

const std::vector<std::string>& course_order() {
  static const std::vector<std::string> order = {
      "lost_update",        // two threads, one counter: read, then write
      "withdraw",           // check-then-act on a balance: locks, CAS, actors, databases
      "async_withdraw",     // the same check-then-act across a co_await, on one thread
      "lazy_init",          // check-then-act on first use: double-checked locking
      "order_violation",    // used before it is initialised
      "transfer_deadlock",  // two locks taken in opposite orders
      "lost_wakeup",        // a condition variable waited on without a predicate
      "container_mutation",  // a vector grown while iterated, a map inserted into from two threads
      "publication",        // memory order: a relaxed flag, and store buffering on real cores
      "aba_stack",          // a lock-free stack's CAS fooled by pop-pop-push (ABA)
      "lifetime",           // a shared_ptr reassigned across threads, a local captured by reference
  };
  return order;
}

}  // namespace racelab
