// Stands for xz-utils 5.4.1 / libzstd 1.5.4: every liblzma coder is an anonymous
// `typedef struct { ... sequence; ... } lzma_block_coder;` (block_encoder.c, file_info.c,
// lzip_decoder.c, lz_decoder.c ...), and zstd uses the same style. racecheck keys a field access
// by record name + field, so `sequence` of two unrelated anonymous structs is one variable
// (e.g. file_info.c:532 'sequence' paired with block_encoder.c:200 'sequence'). Giving the two
// structs a tag (struct A {...}, struct B {...}) makes the findings go away.
#include <pthread.h>

typedef struct { int sequence; int pos; } block_coder;
typedef struct { int sequence; int pos; } file_info_coder;

static block_coder *bc;
static file_info_coder *fc;

static void *encoder(void *a) {
  (void)a;
  bc->sequence = 1; // NORACE: only this thread touches block_coder
  return 0;
}
static void *decoder(void *a) {
  (void)a;
  fc->sequence = 2; // NORACE: only this thread touches file_info_coder
  return 0;
}

int main(void) {
  static block_coder b;
  static file_info_coder f;
  bc = &b;
  fc = &f;
  pthread_t t1, t2;
  pthread_create(&t1, 0, encoder, 0);
  pthread_create(&t2, 0, decoder, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
