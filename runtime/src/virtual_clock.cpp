#include "virtual_clock.h"

#include <dlfcn.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>

#include "engine.h"

namespace racelab::detail {
namespace {

using ClockFn = int (*)(clockid_t, timespec*);
std::atomic<ClockFn> libc_clock_gettime{nullptr};
std::atomic<long long> offset_ns{0};

constexpr long long kNano = 1'000'000'000;

long long to_ns(const timespec& t) { return static_cast<long long>(t.tv_sec) * kNano + t.tv_nsec; }
timespec from_ns(long long ns) {
  timespec t{};
  t.tv_sec = static_cast<time_t>(ns / kNano);
  t.tv_nsec = static_cast<long>(ns % kNano);
  return t;
}

// The clocks that tell the time; CPU-time clocks are left alone.
bool moves_with_time(clockid_t clock) {
  switch (clock) {
    case CLOCK_REALTIME:
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
    case CLOCK_TAI: return true;
    default: return false;
  }
}

__attribute__((constructor)) void resolve_clock_early() {
  libc_clock_gettime.store(reinterpret_cast<ClockFn>(dlsym(RTLD_NEXT, "clock_gettime")));
}

}  // namespace

bool on_controlled_actor() {
  ActorContext* actor = current_actor;
  return actor != nullptr && actor->controlled != nullptr;
}

void add_virtual_offset(clockid_t clock, timespec& now) {
  if (moves_with_time(clock)) now = from_ns(to_ns(now) + offset_ns.load(std::memory_order_acquire));
}

int real_clock_gettime(clockid_t clock, timespec* now) {
  ClockFn fn = libc_clock_gettime.load(std::memory_order_acquire);
  if (fn == nullptr) return static_cast<int>(syscall(SYS_clock_gettime, clock, now));  // before the constructor ran
  return fn(clock, now);
}

timespec virtual_now(clockid_t clock) {
  timespec now{};
  real_clock_gettime(clock, &now);
  add_virtual_offset(clock, now);
  return now;
}

long long virtual_nanoseconds_until(clockid_t clock, const timespec& deadline) {
  return to_ns(deadline) - to_ns(virtual_now(clock));
}

void advance_virtual_clock_to(clockid_t clock, const timespec& deadline) {
  const long long ahead = virtual_nanoseconds_until(clock, deadline);
  if (ahead >= 0) offset_ns.fetch_add(ahead + 1, std::memory_order_acq_rel);
}

}  // namespace racelab::detail

extern "C" int clock_gettime(clockid_t clock, timespec* now) {
  const int rc = racelab::detail::real_clock_gettime(clock, now);
  if (rc == 0 && racelab::detail::on_controlled_actor()) racelab::detail::add_virtual_offset(clock, *now);
  return rc;
}
