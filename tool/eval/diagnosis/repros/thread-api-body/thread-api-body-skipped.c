// Stands for libzstd 1.5.4 POOL_add/POOL_tryAdd (lib/common/pool.c:286-308, mutations Z04/Z05:
// isQueueFull and POOL_add_internal touch queueHead/queueTail/numThreadsBusy on the SUBMITTING
// thread) and cpp-httplib's ThreadPool::enqueue (httplib.h:561, H01: jobs_.push_back). Once a
// function is declared in ThreadApis ("argument N runs on another thread"), its own body is no
// longer analysed as code of the caller, so the submitter's bookkeeping is invisible. Run with
// the .racecheck.yaml next to this file.
#include <pthread.h>

typedef void (*job_fn)(void *);
struct pool { pthread_mutex_t mu; int queue_len; };

static void job(void *arg) {
  struct pool *p = arg;
  pthread_mutex_lock(&p->mu);
  p->queue_len--; // the worker pops under the lock
  pthread_mutex_unlock(&p->mu);
}

void pool_add(struct pool *p, job_fn fn, void *arg) {
  p->queue_len++; // RACE: lock removed (Z04); runs on the caller's thread, alongside earlier jobs
  (void)fn;
  (void)arg;
}

int main(void) {
  static struct pool p = { PTHREAD_MUTEX_INITIALIZER, 0 };
  for (int i = 0; i < 4; ++i)
    pool_add(&p, job, &p);
  return 0;
}
