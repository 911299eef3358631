#include "pthread_hooks.h"

#include <dlfcn.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "controlled_scheduler.h"

namespace racelab::detail {
namespace {

using MutexFn = int (*)(pthread_mutex_t*);

// Resolved without function-local statics: their guard would itself take a pthread mutex.
MutexFn resolve(std::atomic<MutexFn>& slot, const char* name) {
  MutexFn fn = slot.load(std::memory_order_acquire);
  if (fn == nullptr) {
    fn = reinterpret_cast<MutexFn>(dlsym(RTLD_NEXT, name));
    if (fn == nullptr) {
      std::fprintf(stderr, "racelab: cannot find libc's %s\n", name);
      std::abort();
    }
    slot.store(fn, std::memory_order_release);
  }
  return fn;
}

std::atomic<MutexFn> libc_lock{nullptr};
std::atomic<MutexFn> libc_trylock{nullptr};
std::atomic<MutexFn> libc_unlock{nullptr};

__attribute__((constructor)) void resolve_early() {
  resolve(libc_lock, "pthread_mutex_lock");
  resolve(libc_trylock, "pthread_mutex_trylock");
  resolve(libc_unlock, "pthread_mutex_unlock");
}

ControlledScheduler* controlling(ActorContext*& actor) {
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

}  // namespace racelab::detail

using racelab::detail::ActorContext;

extern "C" {

int pthread_mutex_lock(pthread_mutex_t* mutex) {
  ActorContext* actor = nullptr;
  if (auto* scheduler = racelab::detail::controlling(actor)) return scheduler->lock(*actor, mutex);
  return racelab::detail::real_pthread_mutex_lock(mutex);
}

int pthread_mutex_trylock(pthread_mutex_t* mutex) {
  // A trylock never waits, so it needs no scheduling; defined here only so that every lock
  // operation of the program reaches the same libc through the same path.
  return racelab::detail::real_pthread_mutex_trylock(mutex);
}

int pthread_mutex_unlock(pthread_mutex_t* mutex) {
  ActorContext* actor = nullptr;
  if (auto* scheduler = racelab::detail::controlling(actor)) return scheduler->unlock(*actor, mutex);
  return racelab::detail::real_pthread_mutex_unlock(mutex);
}

}  // extern "C"
