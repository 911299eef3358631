// Controlled mode's clock. A timed wait of a controlled actor does not sleep: when the
// scheduler lets it time out, time jumps to its deadline instead. The jump is an offset added
// to every clock_gettime on a controlled actor's thread (racelab defines clock_gettime, which
// std::chrono's clocks call), so `cv.wait_for` sees its deadline passed. The offset only grows,
// so the clocks the actors read never go back, from run to run too. Threads that are not
// controlled actors (the test's main thread, free mode) read the real clocks.
#pragma once

#include <time.h>

namespace racelab::detail {

int real_clock_gettime(clockid_t clock, timespec* now);
bool on_controlled_actor();
void add_virtual_offset(clockid_t clock, timespec& now);
// What `clock` reads on a controlled actor's thread.
timespec virtual_now(clockid_t clock);
// Nanoseconds from the actors' `now` of `clock` to `deadline` (negative once it has passed).
long long virtual_nanoseconds_until(clockid_t clock, const timespec& deadline);
// Moves the actors' clocks on until `deadline` of `clock` has come.
void advance_virtual_clock_to(clockid_t clock, const timespec& deadline);

}  // namespace racelab::detail
