// FILE: lab/models/thread_per_request.cpp
//
// MODEL: thread per request. Every request gets a new OS thread that makes the blocking call
// and ends. C requests in flight means C threads, each with its own stack, each parked in the
// kernel while the backend waits. Easy to write; the cost is memory and thread creation, and
// every thread touches the shared counter, so with --unsafe-counter updates are lost and
// ThreadSanitizer reports the data race.
//
// RUN IT:  models_lab --model thread-per-request --clients 100 --requests 1000
//          models_lab --model thread-per-request --clients 100 --requests 1000 --cpu-us 200
//          --unsafe-counter
// YOU SHOULD SEE: throughput near C / io and C + 1 threads at the peak, until starting threads
// one by one becomes the limit (a few thousand a second); lost updates > 0 with
// --unsafe-counter --cpu-us 200 (how many changes from run to run).
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "blocking_request.h"
#include "models.h"

namespace lab {

void run_thread_per_request(Run& run) {
  boost::asio::io_context io;
  const int n = run.workload().requests;
  const int c = run.workload().clients;
  std::mutex mu;
  std::condition_variable slot_freed;
  int in_flight = 0;
  // When each client's previous reply came: it sent its next request then, even if this loop
  // only gets round to starting a thread for it later. That wait is part of its latency.
  std::deque<Clock::time_point> sent(static_cast<size_t>(std::min(c, n)), Clock::now());

  for (int id = 0; id < n; ++id) {
    std::unique_lock lock(mu);
    slot_freed.wait(lock, [&] { return in_flight < c; });
    ++in_flight;
    run.issued(id, sent.front());
    sent.pop_front();
    lock.unlock();
    try {
      std::thread([&, id] {
        blocking_request(io, run, id);
        run.replied(id);
        const std::lock_guard done(mu);
        --in_flight;
        sent.push_back(Clock::now());
        slot_freed.notify_all();
      }).detach();
    } catch (const std::system_error& refused) {
      // The system refused another thread. The threads already started use this frame's
      // locals: let them finish before the error leaves it.
      lock.lock();
      const int running = --in_flight;
      slot_freed.wait(lock, [&] { return in_flight == 0; });
      throw std::runtime_error("the system refused a thread (request " + std::to_string(id + 1) +
                               ", " + std::to_string(running) + " threads running): " +
                               refused.code().message());
    }
  }
  std::unique_lock lock(mu);
  slot_freed.wait(lock, [&] { return in_flight == 0; });
}

}  // namespace lab
