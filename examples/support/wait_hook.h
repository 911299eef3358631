// examples/support/wait_hook.h: what a database connection does while it waits for another one.
//
// A connection that finds a row or the database locked by another connection has to wait. In
// real code it sleeps. Under racelab's controlled scheduler only one actor runs at a time, so
// an actor that sleeps while the lock holder is parked would wait forever: the holder never
// gets the baton back. A WaitHook lets the waiting code hand the baton over instead:
//
//   connection.on_wait([] {
//     if (!racelab::in_harness()) return false;        // nobody to yield to: sleep as usual
//     racelab::wait_point("waits for the lock");       // let the lock holder run
//     return true;                                     // yielded: try again straight away
//   });
#pragma once

#include <functional>

namespace racelab::support {

// Called while waiting on another connection. Returns true if it let some other actor run
// (so the caller retries at once), false if the caller should sleep or block as usual.
using WaitHook = std::function<bool()>;

}  // namespace racelab::support
