// The harness's own synchronisation must not create happens-before edges between actors,
// or ThreadSanitizer stops seeing the races the harness provokes. Harness code runs inside
// an IgnoreScope (TSan's dynamic annotations: its syncs create no edges, its memory
// accesses are not checked). The only edges it does create are the ones a real program
// has: the run's setup happens before every actor (thread start), and every actor happens
// before the invariant check (thread join). Without TSan, every call here is a no-op.
#pragma once

extern "C" {
void AnnotateIgnoreSyncBegin(const char* file, int line) __attribute__((weak));
void AnnotateIgnoreSyncEnd(const char* file, int line) __attribute__((weak));
void AnnotateIgnoreReadsBegin(const char* file, int line) __attribute__((weak));
void AnnotateIgnoreReadsEnd(const char* file, int line) __attribute__((weak));
void AnnotateIgnoreWritesBegin(const char* file, int line) __attribute__((weak));
void AnnotateIgnoreWritesEnd(const char* file, int line) __attribute__((weak));
void __tsan_acquire(void* addr) __attribute__((weak));
void __tsan_release(void* addr) __attribute__((weak));
void __tsan_mutex_pre_lock(void* addr, unsigned flags) __attribute__((weak));
int __tsan_mutex_post_lock(void* addr, unsigned flags, int recursion) __attribute__((weak));
}

namespace racelab::detail {

class IgnoreScope {
 public:
  IgnoreScope() {
    if (AnnotateIgnoreSyncBegin) AnnotateIgnoreSyncBegin(__FILE__, __LINE__);
    if (AnnotateIgnoreReadsBegin) AnnotateIgnoreReadsBegin(__FILE__, __LINE__);
    if (AnnotateIgnoreWritesBegin) AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
  }
  ~IgnoreScope() {
    if (AnnotateIgnoreWritesEnd) AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
    if (AnnotateIgnoreReadsEnd) AnnotateIgnoreReadsEnd(__FILE__, __LINE__);
    if (AnnotateIgnoreSyncEnd) AnnotateIgnoreSyncEnd(__FILE__, __LINE__);
  }
  IgnoreScope(const IgnoreScope&) = delete;
  IgnoreScope& operator=(const IgnoreScope&) = delete;
};

// A happens-before edge the program under test would have had (thread start / join).
inline void happens_before(void* token) {
  if (__tsan_release) __tsan_release(token);
}
inline void happens_after(void* token) {
  if (__tsan_acquire) __tsan_acquire(token);
}

// A lock TSan's interceptors did not see (a call it has no interceptor for, such as
// pthread_mutex_clocklock in GCC 12's TSan): tell it the mutex is now held, or its unlock
// looks like the unlock of a mutex nobody holds.
inline void tell_tsan_locked(void* mutex) {
  if (__tsan_mutex_pre_lock && __tsan_mutex_post_lock) {
    __tsan_mutex_pre_lock(mutex, 0);
    __tsan_mutex_post_lock(mutex, 0, 0);
  }
}

}  // namespace racelab::detail
