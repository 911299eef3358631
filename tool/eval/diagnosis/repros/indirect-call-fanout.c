// Stands for xz-utils 5.4.1's encoder worker (stream_encoder_mt.c:520 worker_start ->
// thr->block_encoder.code(...)) and libzstd's POOL_thread (pool.c:67, job.function(job.opaque)).
// The current binary resolves an indirect call to EVERY address-taken function of the same
// type, so the xz encoder worker "runs" all ~50 lzma_code_function coders, decoders included
// (715 of xz's 769 findings are in thread 'worker_start' of the encoder, many in decoder files
// such as stream_decoder_mt.c, file_info.c, lzip_decoder.c). Here the worker can only call
// encode(), yet decode()'s access is paired with main's.
#include <pthread.h>

typedef int (*code_fn)(void *coder);
struct coder { code_fn code; void *state; };

static int decoder_calls;

static int encode(void *c) { (void)c; return 0; }
static int decode(void *c) {
  (void)c;
  return ++decoder_calls; // NORACE: only main ever calls decode()
}

static struct coder enc = { encode, 0 };

static void *worker(void *a) {
  (void)a;
  return (void *)(long)enc.code(enc.state); // only ever encode()
}

int main(void) {
  struct coder dec = { decode, 0 };
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  dec.code(dec.state);
  pthread_join(t, 0);
  return decoder_calls;
}
