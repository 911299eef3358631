// The runtime library defines pthread_mutex_lock/trylock/unlock and the pthread_cond_*
// wait/signal functions itself. For a thread that
// runs a controlled actor they go through the scheduler (a lock that is taken becomes "wait
// and let another actor run"); for every other thread they forward straight to libc's. In a
// ThreadSanitizer build TSan's interceptors come first and reach these, so TSan still sees
// every lock and unlock.
#pragma once

#include <pthread.h>

namespace racelab::detail {

int real_pthread_mutex_lock(pthread_mutex_t* mutex);
int real_pthread_mutex_trylock(pthread_mutex_t* mutex);
int real_pthread_mutex_unlock(pthread_mutex_t* mutex);
int real_pthread_cond_signal(pthread_cond_t* cond);
int real_pthread_cond_clockwait(pthread_cond_t* cond, pthread_mutex_t* mutex, clockid_t clock, const timespec* deadline);
int real_pthread_cond_broadcast(pthread_cond_t* cond);

}  // namespace racelab::detail
