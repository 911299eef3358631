// racelab/lock_name.h: names a lock for the harness's deadlock verdicts.
//
//   racelab::name_lock(&account.mutex, "account 1's mutex");
//
// When a controlled run deadlocks, the verdict says, for each actor, which locks it holds and
// which one it waits for, and who holds that one: "A holds account 1's mutex and waits for
// account 2's mutex (held by B)". A lock nobody named is called "mutex #1", "mutex #2"...
// in the order the message first mentions it. Naming costs a map insert; call it where the
// lock is made (a test's setup), not on a hot path. The latest name given to an address wins.
#pragma once

#include <string>

namespace racelab {

void name_lock(const void* lock, std::string name);

}  // namespace racelab
