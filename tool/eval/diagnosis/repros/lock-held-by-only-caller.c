// Stands for libzstd 1.5.4 POOL_resize_internal (lib/common/pool.c:215-239, writes
// ctx->threadLimit at 239 after starting the extra workers at 232), whose only caller
// POOL_resize (244-251) holds queueMutex around the call. Locks held at call sites are added for
// thread contexts, but not for the "starting function while its threads run" context: that
// context starts at the function that calls pthread_create, so the caller's lock is lost.
#include <pthread.h>

struct pool { pthread_mutex_t mu; unsigned thread_limit; };
static struct pool ctx = { PTHREAD_MUTEX_INITIALIZER, 1 };

static void *pool_thread(void *a) {
  (void)a;
  pthread_mutex_lock(&ctx.mu);
  unsigned l = ctx.thread_limit;
  pthread_mutex_unlock(&ctx.mu);
  return (void *)(long)l;
}

static pthread_t extra;

static void resize_internal(struct pool *p, unsigned n) {
  pthread_create(&extra, 0, pool_thread, 0);
  p->thread_limit = n; // NORACE: the only caller holds p->mu
}

static void resize(struct pool *p, unsigned n) {
  pthread_mutex_lock(&p->mu);
  resize_internal(p, n);
  pthread_mutex_unlock(&p->mu);
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, pool_thread, 0);
  resize(&ctx, 4);
  pthread_join(t, 0);
  pthread_join(extra, 0);
  return 0;
}
