// Stands for pbzip2 1.1.13 main's per-file loop (pbzip2.cpp:3847-4377): for every input file
// main resets globals (producerDone = 0 at 3847, NumBufferedBlocksMax 4209-4225, LastGoodBlock
// and MinErrorBlock 4236-4237), starts the consumers into fifo->consumers[i] (4252/4324) and
// joins them through the same struct pointer (4377) before the next iteration. The join is not
// matched with the start, so the next iteration's writes look concurrent with the previous
// file's consumers (7 J findings). They also hide mutations P01 and P07: the pristine J finding
// at 3847/4237 already carries a note on 463/612, the lines the mutation makes racy.
#include <pthread.h>

struct queue { pthread_t *consumers; int n; };
static int producer_done;

static void *consumer(void *arg) {
  (void)arg;
  return (void *)(long)producer_done;
}

int main(int argc, char **argv) {
  (void)argv;
  pthread_t ids[2];
  struct queue q = { ids, 2 };
  struct queue *fifo = &q;
  for (int file = 0; file < argc; ++file) {
    producer_done = 0; // NORACE: the previous file's consumers were joined below
    for (int i = 0; i < fifo->n; ++i)
      pthread_create(&fifo->consumers[i], 0, consumer, fifo);
    for (int i = 0; i < fifo->n; ++i)
      pthread_join(fifo->consumers[i], 0);
  }
  return 0;
}
