// Stands for leveldb db_bench (benchmarks/db_bench.cc:662, each ThreadArg's `thread` field is a
// `new ThreadState`; Stats::Start/Stop/FinishedSingleOp on it, 7 P findings, plus histogram.cc
// Histogram::Clear/Add on thread->stats.hist_), xz's worker_thread (each thread's own
// thr->block_encoder / outbuf, 4 P findings and most of the new ones in lz_encoder.c, lzma_*.c)
// and libzstd's ZSTDMT jobs (each job compresses with its own CCtx taken from the locked cctx
// pool, ~580 findings in zstd_compress.c, zstd_opt.c, zstd_lazy.c ... in thread
// 'ZSTDMT_compressionJob'). Each thread gets its own slot args[i], but the memory it works on
// is reached through a POINTER FIELD of the slot (args[i].stats = malloc(...)); racecheck
// treats that as shared between instances.
#include <pthread.h>
#include <stdlib.h>

struct stats { long done; long bytes; };
struct thread_arg { struct stats *stats; int id; };

static void *thread_body(void *p) {
  struct thread_arg *arg = p;
  for (int i = 0; i < 100; ++i) {
    arg->stats->done += 1;   // NORACE: this thread's own stats object
    arg->stats->bytes += 64; // NORACE
  }
  return 0;
}

int main(void) {
  enum { N = 4 };
  struct thread_arg args[N];
  pthread_t t[N];
  for (int i = 0; i < N; ++i) {
    args[i].stats = calloc(1, sizeof(struct stats));
    args[i].id = i;
    pthread_create(&t[i], 0, thread_body, &args[i]);
  }
  long total = 0;
  for (int i = 0; i < N; ++i) {
    pthread_join(t[i], 0);
    total += args[i].stats->done;
    free(args[i].stats);
  }
  return (int)(total & 1);
}
