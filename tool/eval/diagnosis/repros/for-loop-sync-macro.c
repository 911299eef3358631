// Stands for xz-utils 5.4.1's mythread_sync(m) { ... } (src/common/mythread.h:51-62), a scoped
// lock built from a for loop whose condition locks in one ?: arm and unlocks in the other. Every
// access inside such a block looks unlocked (31 false alarms in stream_{en,de}coder_mt.c), and
// the X mutations that remove one mythread_sync are then not "new" findings.
#include <pthread.h>

#define sync_block(m)                                                          \
  for (unsigned i_ = 0; i_ ? (pthread_mutex_unlock(&(m)), 0)                   \
                           : (pthread_mutex_lock(&(m)), 1);                    \
       i_ = 1)                                                                 \
    for (unsigned j_ = 0; !j_; j_ = 1)

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int progress;

static void *worker(void *arg) {
  (void)arg;
  sync_block(mu) {
    progress += 1; // NORACE: mu is held inside the block
  }
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (int k = 0; k < 2; ++k)
    pthread_create(&t[k], 0, worker, 0);
  sync_block(mu) {
    progress = 0; // NORACE: mu is held inside the block
  }
  for (int k = 0; k < 2; ++k)
    pthread_join(t[k], 0);
  return 0;
}
