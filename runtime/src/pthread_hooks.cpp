#include "pthread_hooks.h"

#include <dlfcn.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "engine.h"
#include "tsan_bridge.h"

namespace racelab::detail {
namespace {

using MutexFn = int (*)(pthread_mutex_t*);

// Resolved without function-local statics: their guard would itself take a pthread mutex.
template <class Fn>
Fn resolve(std::atomic<Fn>& slot, const char* name) {
  Fn fn = slot.load(std::memory_order_acquire);
  if (fn == nullptr) {
    fn = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
    if (fn == nullptr) {
      std::fprintf(stderr, "racelab: cannot find libc's %s\n", name);
      std::abort();
    }
    slot.store(fn, std::memory_order_release);
  }
  return fn;
}

using CondWaitFn = int (*)(pthread_cond_t*, pthread_mutex_t*);
using CondTimedWaitFn = int (*)(pthread_cond_t*, pthread_mutex_t*, const timespec*);
using CondClockWaitFn = int (*)(pthread_cond_t*, pthread_mutex_t*, clockid_t, const timespec*);
using CondFn = int (*)(pthread_cond_t*);
using MutexTimedLockFn = int (*)(pthread_mutex_t*, const timespec*);
using MutexClockLockFn = int (*)(pthread_mutex_t*, clockid_t, const timespec*);

// The new (2.3.2) condition-variable ABI; plain dlsym could return the old one.
template <class Fn>
Fn resolve_versioned(std::atomic<Fn>& slot, const char* name, const char* version) {
  Fn fn = slot.load(std::memory_order_acquire);
  if (fn == nullptr) {
    fn = reinterpret_cast<Fn>(dlvsym(RTLD_NEXT, name, version));
    if (fn == nullptr) {
      std::fprintf(stderr, "racelab: cannot find libc's %s@%s\n", name, version);
      std::abort();
    }
    slot.store(fn, std::memory_order_release);
  }
  return fn;
}

std::atomic<CondWaitFn> libc_cond_wait{nullptr};
std::atomic<CondTimedWaitFn> libc_cond_timedwait{nullptr};
std::atomic<CondClockWaitFn> libc_cond_clockwait{nullptr};
std::atomic<CondFn> libc_cond_signal{nullptr};
std::atomic<CondFn> libc_cond_broadcast{nullptr};

std::atomic<MutexFn> libc_lock{nullptr};
std::atomic<MutexFn> libc_trylock{nullptr};
std::atomic<MutexFn> libc_unlock{nullptr};
std::atomic<MutexTimedLockFn> libc_timedlock{nullptr};
std::atomic<MutexClockLockFn> libc_clocklock{nullptr};

// Whether TSan (if this is a TSan build) intercepts these calls itself and so sees the lock.
std::atomic<bool> tsan_sees_timedlock{true};
std::atomic<bool> tsan_sees_clocklock{true};

int seen_by_tsan(int rc, pthread_mutex_t* mutex, const std::atomic<bool>& sees) {
  if (rc == 0 && !sees.load(std::memory_order_relaxed)) tell_tsan_locked(mutex);
  return rc;
}

__attribute__((constructor)) void resolve_early() {
  resolve(libc_lock, "pthread_mutex_lock");
  resolve(libc_trylock, "pthread_mutex_trylock");
  resolve(libc_unlock, "pthread_mutex_unlock");
  resolve(libc_timedlock, "pthread_mutex_timedlock");
  resolve(libc_clocklock, "pthread_mutex_clocklock");
  if (__tsan_mutex_post_lock != nullptr) {
    tsan_sees_timedlock = dlsym(RTLD_DEFAULT, "__interceptor_pthread_mutex_timedlock") != nullptr;
    tsan_sees_clocklock = dlsym(RTLD_DEFAULT, "__interceptor_pthread_mutex_clocklock") != nullptr;
  }
  resolve_versioned(libc_cond_wait, "pthread_cond_wait", "GLIBC_2.3.2");
  resolve_versioned(libc_cond_timedwait, "pthread_cond_timedwait", "GLIBC_2.3.2");
  resolve_versioned(libc_cond_clockwait, "pthread_cond_clockwait", "GLIBC_2.30");
  resolve_versioned(libc_cond_signal, "pthread_cond_signal", "GLIBC_2.3.2");
  resolve_versioned(libc_cond_broadcast, "pthread_cond_broadcast", "GLIBC_2.3.2");
}

BlockingCalls* controlling(ActorContext*& actor) {
  actor = current_actor;
  return actor != nullptr ? actor->controlled : nullptr;
}

}  // namespace

int real_pthread_mutex_lock(pthread_mutex_t* m) { return resolve(libc_lock, "pthread_mutex_lock")(m); }
int real_pthread_mutex_trylock(pthread_mutex_t* m) {
  return resolve(libc_trylock, "pthread_mutex_trylock")(m);
}
int real_pthread_mutex_unlock(pthread_mutex_t* m) {
  return resolve(libc_unlock, "pthread_mutex_unlock")(m);
}

int real_pthread_cond_clockwait(pthread_cond_t* c, pthread_mutex_t* m, clockid_t clock, const timespec* deadline) {
  return resolve_versioned(libc_cond_clockwait, "pthread_cond_clockwait", "GLIBC_2.30")(c, m, clock, deadline);
}

int real_pthread_cond_signal(pthread_cond_t* c) {
  return resolve_versioned(libc_cond_signal, "pthread_cond_signal", "GLIBC_2.3.2")(c);
}
int real_pthread_cond_broadcast(pthread_cond_t* c) {
  return resolve_versioned(libc_cond_broadcast, "pthread_cond_broadcast", "GLIBC_2.3.2")(c);
}

}  // namespace racelab::detail

using racelab::detail::ActorContext;
using racelab::detail::libc_cond_clockwait;
using racelab::detail::libc_cond_timedwait;
using racelab::detail::libc_cond_wait;
using racelab::detail::libc_clocklock;
using racelab::detail::libc_timedlock;
using racelab::detail::resolve;
using racelab::detail::seen_by_tsan;
using racelab::detail::tsan_sees_clocklock;
using racelab::detail::tsan_sees_timedlock;
using racelab::detail::resolve_versioned;

extern "C" {

int pthread_mutex_lock(pthread_mutex_t* mutex) {
  ActorContext* actor = nullptr;
  if (auto* scheduler = racelab::detail::controlling(actor)) return scheduler->lock(*actor, mutex, CLOCK_REALTIME, nullptr);
  return racelab::detail::real_pthread_mutex_lock(mutex);
}

// A timed lock of a controlled actor waits like pthread_mutex_lock, except that the harness may
// let it time out (ETIMEDOUT) at any decision instead of sleeping: std::timed_mutex's
// try_lock_for and try_lock_until.
int pthread_mutex_timedlock(pthread_mutex_t* mutex, const timespec* abstime) {
  ActorContext* actor = nullptr;
  int rc = 0;
  if (auto* scheduler = racelab::detail::controlling(actor)) {
    rc = scheduler->lock(*actor, mutex, CLOCK_REALTIME, abstime);
  } else {
    rc = resolve(libc_timedlock, "pthread_mutex_timedlock")(mutex, abstime);
  }
  return seen_by_tsan(rc, mutex, tsan_sees_timedlock);
}

int pthread_mutex_clocklock(pthread_mutex_t* mutex, clockid_t clock, const timespec* abstime) {
  ActorContext* actor = nullptr;
  int rc = 0;
  if (auto* scheduler = racelab::detail::controlling(actor)) {
    rc = scheduler->lock(*actor, mutex, clock, abstime);
  } else {
    rc = resolve(libc_clocklock, "pthread_mutex_clocklock")(mutex, clock, abstime);
  }
  return seen_by_tsan(rc, mutex, tsan_sees_clocklock);
}

int pthread_mutex_trylock(pthread_mutex_t* mutex) {
  // A trylock never waits, so it needs no scheduling; defined here so that every lock
  // operation of the program reaches the same libc through the same path, and so that a
  // deadlock verdict counts the mutexes an actor holds by trylock too (and a step table with
  // synchronisation steps shows each try).
  const int rc = racelab::detail::real_pthread_mutex_trylock(mutex);
  ActorContext* actor = nullptr;
  if (rc == 0 || rc == EBUSY) {
    if (auto* scheduler = racelab::detail::controlling(actor)) scheduler->tried_lock(*actor, mutex, rc == 0);
  }
  return rc;
}

int pthread_mutex_unlock(pthread_mutex_t* mutex) {
  ActorContext* actor = nullptr;
  if (auto* scheduler = racelab::detail::controlling(actor)) return scheduler->unlock(*actor, mutex);
  return racelab::detail::real_pthread_mutex_unlock(mutex);
}

// A controlled actor never really sleeps on the condition variable: it gives up the mutex,
// waits for the baton, and is made runnable again by a signal, or, for a timed wait, when the
// harness lets it time out (a scheduling choice; the actors' clocks jump to the deadline).
// Spurious wake-ups are allowed by the standard and never happen.
int pthread_cond_wait(pthread_cond_t* cond, pthread_mutex_t* mutex) {
  ActorContext* actor = nullptr;
  if (auto* scheduler = racelab::detail::controlling(actor)) return scheduler->cond_wait(*actor, cond, mutex, CLOCK_REALTIME, nullptr);
  return resolve_versioned(libc_cond_wait, "pthread_cond_wait", "GLIBC_2.3.2")(cond, mutex);
}

int pthread_cond_timedwait(pthread_cond_t* cond, pthread_mutex_t* mutex, const timespec* abstime) {
  ActorContext* actor = nullptr;
  if (auto* scheduler = racelab::detail::controlling(actor)) {
    return scheduler->cond_wait(*actor, cond, mutex, CLOCK_REALTIME, abstime);
  }
  return resolve_versioned(libc_cond_timedwait, "pthread_cond_timedwait", "GLIBC_2.3.2")(cond, mutex, abstime);
}

int pthread_cond_clockwait(pthread_cond_t* cond, pthread_mutex_t* mutex, clockid_t clock, const timespec* abstime) {
  ActorContext* actor = nullptr;
  if (auto* scheduler = racelab::detail::controlling(actor)) return scheduler->cond_wait(*actor, cond, mutex, clock, abstime);
  return resolve_versioned(libc_cond_clockwait, "pthread_cond_clockwait", "GLIBC_2.30")(cond, mutex, clock, abstime);
}

int pthread_cond_signal(pthread_cond_t* cond) {
  ActorContext* actor = nullptr;
  if (auto* scheduler = racelab::detail::controlling(actor)) scheduler->cond_signal(cond, false);
  return racelab::detail::real_pthread_cond_signal(cond);
}

int pthread_cond_broadcast(pthread_cond_t* cond) {
  ActorContext* actor = nullptr;
  if (auto* scheduler = racelab::detail::controlling(actor)) scheduler->cond_signal(cond, true);
  return racelab::detail::real_pthread_cond_broadcast(cond);
}

}  // extern "C"
