// Stands for pbzip2 1.1.13 ErrorContext::getInstance (ErrorContext.cpp:20-37, 2 new findings:
// `_instance` is set once under _err_ctx_mutex and returned after the unlock) and fileWriter's
// unlocked re-read of the write-once ->next pointer (pbzip2.cpp:1704, checked != NULL under
// OutMutex at 1688). Once a thread has seen the pointer non-NULL under the lock, nobody writes
// it again, so the re-read after the unlock cannot race.
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int *instance;

static int *get_instance(void) {
  pthread_mutex_lock(&mu);
  if (instance == NULL)
    instance = calloc(1, sizeof *instance);
  pthread_mutex_unlock(&mu);
  return instance; // NORACE: written at most once, before any thread gets here past the lock
}

static void *worker(void *a) {
  (void)a;
  return get_instance();
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 2; ++i)
    pthread_join(t[i], 0);
  return 0;
}
