// Stands for pbzip2 1.1.13 fileWriter (pbzip2.cpp:1738-1739, outBlock->buf = NULL of an OUTPUT
// block) against a consumer's fileData->buf (2583/2595) of an INPUT block taken from the fifo,
// and queue::add's element->next (pbzip2.h:184/246) against output blocks' ->next (1688/2860);
// also cpp-httplib, where each connection's own Request/Response (status, body, headers) is
// paired with the client's (10 O findings). Two pointers of the same type that come from
// different containers never point to the same object, but accesses through pointers are keyed
// by type + field, so the two roles look like they share `buf`.
#include <pthread.h>
#include <stdlib.h>

struct block { char *buf; int size; };

static struct block *input_queue[4];  // consumer's input, filled before the start
static struct block *output_slots[4]; // writer's output, filled before the start

static void *consumer(void *a) {
  (void)a;
  struct block *in = input_queue[0];
  free(in->buf);
  in->buf = NULL; // NORACE: input blocks are only touched by the consumer
  return 0;
}

static void *writer(void *a) {
  (void)a;
  struct block *out = output_slots[0];
  free(out->buf);
  out->buf = NULL; // NORACE: output blocks are only touched by the writer
  return 0;
}

int main(void) {
  static struct block in_b, out_b;
  input_queue[0] = &in_b;
  output_slots[0] = &out_b;
  pthread_t c, w;
  pthread_create(&c, 0, consumer, 0);
  pthread_create(&w, 0, writer, 0);
  pthread_join(c, 0);
  pthread_join(w, 0);
  return 0;
}
