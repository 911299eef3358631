// Stands for pbzip2 1.1.13 fileWriter's read of NumBlocks (pbzip2.cpp:1647) after
// syncGetProducerDone() == 1 ("We don't need sync on NumBlocks when producer is done"; the
// producer writes NumBlocks under ProgressIndicatorsMutex, then sets producerDone under
// ProducerDoneMutex), and libzstd's threadLimit (pool.c:157, read by a worker only after a
// POOL_add that publishes through queueMutex). The unlocked access is ordered by a flag that
// is written after it / read before it under another mutex.
#include <pthread.h>

static pthread_mutex_t progress_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t done_mu = PTHREAD_MUTEX_INITIALIZER;
static int num_blocks, producer_done;

static void *producer(void *a) {
  (void)a;
  pthread_mutex_lock(&progress_mu);
  num_blocks = 42;
  pthread_mutex_unlock(&progress_mu);
  pthread_mutex_lock(&done_mu);
  producer_done = 1;
  pthread_mutex_unlock(&done_mu);
  return 0;
}

static void *writer(void *a) {
  (void)a;
  for (;;) {
    pthread_mutex_lock(&done_mu);
    int done = producer_done;
    pthread_mutex_unlock(&done_mu);
    if (done)
      return (void *)(long)num_blocks; // NORACE: the producer wrote it before producer_done = 1
  }
}

int main(void) {
  pthread_t p, w;
  pthread_create(&p, 0, producer, 0);
  pthread_create(&w, 0, writer, 0);
  pthread_join(p, 0);
  pthread_join(w, 0);
  return 0;
}
