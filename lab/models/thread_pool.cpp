// FILE: lab/models/thread_pool.cpp
//
// MODEL: a fixed thread pool (boost::asio::thread_pool, --pool-threads, default 8). Requests
// are jobs in a queue; each of the P threads takes one, makes the blocking call, takes the next.
// Memory stays flat whatever C is, but only P requests wait on the backend at a time: past P
// clients the others wait in the queue, and throughput stops at about P / io.
//
// RUN IT:  models_lab --model thread-pool --clients 100 --requests 400
// YOU SHOULD SEE: about 160 requests/s at 50 ms with 8 threads (9 with main), p99 growing with C;
// lost updates with --unsafe-counter --cpu-us 200 (the P threads run the update at the same time).
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "blocking_request.h"
#include "models.h"

namespace lab {

namespace {

struct PoolRun {
  Run& run;
  boost::asio::io_context& io;
  boost::asio::thread_pool& pool;
  std::atomic<int> next;

  void submit(int id) {
    run.issued(id);
    boost::asio::post(pool, [this, id] {
      blocking_request(io, run, id);
      run.replied(id);
      // The client whose reply this was sends its next request.
      if (const int more = next.fetch_add(1); more < run.workload().requests) submit(more);
    });
  }
};

}  // namespace

void run_thread_pool(Run& run) {
  boost::asio::io_context io;
  boost::asio::thread_pool pool(run.workload().pool_threads);
  const int first = std::min(run.workload().clients, run.workload().requests);
  PoolRun job{run, io, pool, {first}};
  for (int id = 0; id < first; ++id) job.submit(id);
  pool.join();  // returns when the queue is empty and every job has finished
}

}  // namespace lab
