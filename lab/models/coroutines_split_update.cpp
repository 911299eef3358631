// FILE: lab/models/coroutines_split_update.cpp
//
// MODEL: coroutines-split-update: the single-threaded coroutines model, with one line moved.
// The client reads the counter before the request and writes it back, plus one, after:
//
//   const long seen = run.read_counter();   // read
//   co_await request(run, id);              // every other client runs here
//   run.replied(id, seen);                  // write seen + 1: the others' updates are gone
//
// One thread, so no data race and nothing for ThreadSanitizer to see, yet with
// --unsafe-counter almost every update is lost: a co_await is a point where other tasks run,
// just as a thread switch is. (Without --unsafe-counter the update is an atomic increment
// after the reply, so nothing is lost: the read before is ignored.)
//
// RUN IT:  models_lab --model coroutines-split-update --clients 100 --requests 1000
// --unsafe-counter YOU SHOULD SEE: lost updates close to requests - requests / clients, one thread.
#include <atomic>
#include <boost/asio/co_spawn.hpp>

#include "models.h"

namespace lab {

namespace asio = boost::asio;

namespace {

asio::awaitable<void> client(Run& run, std::atomic<int>& next) {
  for (int id; (id = next.fetch_add(1)) < run.workload().requests;) {
    run.issued(id);
    const long seen = run.read_counter();
    co_await request(run, id);
    run.replied(id, seen);
  }
}

}  // namespace

void run_coroutines_split_update(Run& run) {
  asio::io_context io(1);
  std::atomic<int> next{0};
  for (int i = 0; i < std::min(run.workload().clients, run.workload().requests); ++i) {
    asio::co_spawn(io, client(run, next), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
  }
  io.run();
}

}  // namespace lab
