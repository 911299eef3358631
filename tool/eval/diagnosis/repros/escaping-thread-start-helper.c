// Stands for pbzip2 1.1.13 mutation P05: setupTerminator() (pbzip2.cpp:973) starts the
// terminator thread and returns without joining it; main later calls syncSetFinishedFlag(1)
// (4472), whose write of finishedFlag (533) races with the thread's read (1058) once the lock
// is removed. The thread outlives the helper that started it, so main's code after the call
// runs alongside it.
#include <pthread.h>
#include <stddef.h>

static int finished;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_t terminator;

static void *terminator_proc(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  int f = finished;
  pthread_mutex_unlock(&mu);
  return (void *)(long)f;
}

static int setup_terminator(void) {
  return pthread_create(&terminator, NULL, terminator_proc, NULL);
}

int main(void) {
  if (setup_terminator() != 0)
    return 1;
  finished = 1; // RACE: the terminator thread (started in setup_terminator) is still running
  pthread_join(terminator, NULL);
  return 0;
}
