// FILE: examples/lifetime/shared_ptr_atomic.cpp
//
// THE FIX: C++20's std::atomic<std::shared_ptr<T>>. Every access to the shared pointer is a
// load or a store of the atomic, and the reader reads through the copy its load returns:
//
//   reloaders:  current.store(make_config(v));
//   reader:     std::shared_ptr<const Config> config = current.load();
//               for (int limit : config->limits) record(limit);
//
// WHY IT WORKS: load() copies the pointer and takes a count as one step that no store can cut
// into, and store() swaps in the new pointer the same way; the old Config is destroyed only
// when its last count goes, which the reader's copy holds until its walk is done. (Before
// C++20: std::atomic_load(&current) and std::atomic_store(&current, next) on a plain
// shared_ptr, deprecated since.)
//
// THE COST: libstdc++ 12 (GCC 12, the first to have it) is not lock-free here: it spins on the
// low bit of the control-block pointer around each load and store
// (`std::atomic<std::shared_ptr<T>>::is_always_lock_free` is false).
//
// RUN IT:  racestress run lifetime/shared_ptr_atomic
//
// YOU SHOULD SEE: no failing run; racecheck silent; and, in the tsan build, one TSan report,
// a false alarm for this program: it is inside libstdc++ 12's atomic<shared_ptr> (a store's
// write of the stored pointer against an earlier load's read of it). load() lets go of its lock
// bit with a relaxed operation, so TSan sees no happens-before edge from the load to the next
// store; the lock bit still keeps the two apart, and every controlled run passes. TSan users
// on this toolchain suppress it (race:std::_Sp_atomic), or use the mutex (shared_ptr_mutex).
// Known upstream as google/sanitizers#1558 (GCC 12.1); we checked GCC 12.2 only.
#include "config.h"

namespace {

struct Atomic {
  static inline std::atomic<std::shared_ptr<const lifetime_scenario::Config>> current;

  static void reset(std::shared_ptr<const lifetime_scenario::Config> first) { current.store(std::move(first)); }
  static void install(std::shared_ptr<const lifetime_scenario::Config> next) {
    const int version = next->version;
    current.store(std::move(next));
    racelab::point("installs config", version);
  }
  static void read_limits(std::vector<int>& seen) {
    const std::shared_ptr<const lifetime_scenario::Config> config = current.load();
    for (int limit : config->limits) {
      racelab::point("reads limit", limit);
      seen.push_back(limit);
    }
  }
  static int version_in_use() { return current.load()->version; }
};

using Reloads = lifetime_scenario::Reloads<Atomic>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "lifetime",
    .variant = "shared_ptr_atomic",
    .rank = 3,
    .summary = "std::atomic<std::shared_ptr>: the reader loads its own copy, the reloaders store",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::race,  // a false alarm, inside libstdc++: see the banner
    .params = {},
    .make = Reloads::make_test,
    .plain = Reloads::run_plain,
});
