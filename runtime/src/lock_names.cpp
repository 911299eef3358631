#include "lock_names.h"

#include <map>

#include "pthread_hooks.h"
#include "racelab/lock_name.h"
#include "tsan_bridge.h"

namespace racelab {
namespace detail {
namespace {

// Guarded by a libc mutex the scheduler does not see (a name is not a scheduling point), and
// read and written inside an IgnoreScope (naming a lock must not order the actors for TSan).
pthread_mutex_t names_mutex = PTHREAD_MUTEX_INITIALIZER;
std::map<const void*, std::string>& names() {
  static auto* map = new std::map<const void*, std::string>();  // never destroyed: used at exit
  return *map;
}

}  // namespace

std::string lock_name(const void* lock) {
  IgnoreScope ignore;
  real_pthread_mutex_lock(&names_mutex);
  const auto it = names().find(lock);
  std::string name = it == names().end() ? std::string() : it->second;
  real_pthread_mutex_unlock(&names_mutex);
  return name;
}

}  // namespace detail

void name_lock(const void* lock, std::string name) {
  detail::IgnoreScope ignore;
  detail::real_pthread_mutex_lock(&detail::names_mutex);
  detail::names()[lock] = std::move(name);
  detail::real_pthread_mutex_unlock(&detail::names_mutex);
}

}  // namespace racelab
