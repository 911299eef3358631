// Stands for leveldb db_bench RunBenchmark (benchmarks/db_bench.cc:665-690: `while
// (shared.num_done < n) shared.cv.Wait();` then arg[i].thread->stats.Merge/Report; 12 H findings
// in db_bench.cc + 10 new ones in util/histogram.cc) and libzstd COVER/FASTCOVER
// (COVER_best_wait, cover.c: the trainer waits until best->liveJobs == 0, then re-initialises or
// destroys the ctx; 26 H findings). The starter waits on a condition variable until every
// worker has counted itself done under the mutex, then reads the results without the lock. No
// join, but the counter handoff orders everything.
#include <condition_variable>
#include <mutex>
#include <thread>

struct Shared {
  std::mutex mu;
  std::condition_variable cv;
  int num_done = 0;
};
static int ctx_size = 100; // like COVER_ctx_t: read by every job, rebuilt by the trainer

static void worker(Shared *s) {
  long sum = 0;
  for (int k = 0; k < ctx_size; ++k) sum += k; // reads the ctx while the jobs run
  std::lock_guard<std::mutex> l(s->mu);
  s->num_done += 1 + static_cast<int>(sum & 0);
  s->cv.notify_all();
}

int main() {
  Shared s;
  for (int i = 0; i < 4; ++i) std::thread(worker, &s).detach();
  {
    std::unique_lock<std::mutex> l(s.mu);
    while (s.num_done < 4) s.cv.wait(l);
  }
  ctx_size = 200; // NORACE: all 4 jobs counted themselves done under mu (COVER_ctx_destroy)
  return 0;
}
