// FILE: lab/models/fibers.cpp
//
// MODEL: fibers, M:N green threads (Boost.Fiber). Every client is a fiber: a function with its
// own small stack that reads exactly like the blocking code. When a fiber waits for I/O it is
// parked and its thread runs another fiber; Boost.Fiber's shared_work scheduler spreads the
// C fibers over 2 threads (M fibers on N threads, like goroutines or Java's virtual threads).
// The sockets' waits are done by one Asio thread, which wakes the fiber through a
// boost::fibers::promise when its I/O completes.
//
// Fibers on two threads share the counter the way threads do: with --unsafe-counter updates
// are lost. (ThreadSanitizer does not follow Boost.Context's stack switches, so the tsan build
// does not test this model.)
//
// RUN IT:  models_lab --model fibers --clients 1000 --requests 4000
// YOU SHOULD SEE: about the loop's throughput with 3 threads (main and one more run fibers, one
// runs Asio), and resident memory growing with C by what each fiber's stack has touched.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/fiber/all.hpp>
#include <thread>

#include "models.h"

namespace lab {

namespace {

namespace asio = boost::asio;
namespace fibers = boost::fibers;
using boost::system::error_code;

// Starts an Asio operation and parks the calling fiber (not its thread) until it completes.
template <class Start>
error_code wait_for(Start start) {
  fibers::promise<error_code> done;
  fibers::future<error_code> result = done.get_future();
  start([done = std::move(done)](error_code ec, auto&&...) mutable { done.set_value(ec); });
  return result.get();
}

void fiber_request(asio::io_context& io, const Run& run, int id) {
  tcp::socket socket(io);
  if (error_code ec = wait_for([&](auto h) { socket.async_connect(run.backend(), std::move(h)); }))
    throw boost::system::system_error(ec, "connecting to the backend");
  const std::string line = run.request_line(id);
  if (error_code ec =
          wait_for([&](auto h) { asio::async_write(socket, asio::buffer(line), std::move(h)); }))
    throw boost::system::system_error(ec, "sending the request");
  std::string reply;
  error_code ec = wait_for(
      [&](auto h) { asio::async_read(socket, asio::dynamic_buffer(reply), std::move(h)); });
  if (ec != asio::error::eof) throw boost::system::system_error(ec, "reading the reply");
}

// Counts the fibers still running; the fiber threads sleep on it until it is zero.
struct Remaining {
  fibers::mutex mu;
  fibers::condition_variable zero;
  int count = 0;
  void done() {
    const std::lock_guard lock(mu);
    if (--count == 0) zero.notify_all();
  }
  void wait() {
    std::unique_lock lock(mu);
    zero.wait(lock, [&] { return count == 0; });
  }
};

}  // namespace

void run_fibers(Run& run) {
  asio::io_context io(1);
  auto keep_running = asio::make_work_guard(io);
  std::thread io_thread([&] { io.run(); });

  fibers::use_scheduling_algorithm<fibers::algo::shared_work>();
  Remaining remaining;
  std::atomic<int> next{0};
  const int clients = std::min(run.workload().clients, run.workload().requests);
  remaining.count = clients;
  for (int i = 0; i < clients; ++i) {
    fibers::fiber([&] {
      for (int id; (id = next.fetch_add(1)) < run.workload().requests;) {
        run.issued(id);
        fiber_request(io, run, id);
        run.replied(id);
      }
      remaining.done();
    }).detach();
  }
  std::thread helper([&] {  // the second fiber thread (main is the first)
    fibers::use_scheduling_algorithm<fibers::algo::shared_work>();
    remaining.wait();  // while this waits, the thread runs the ready fibers
  });
  remaining.wait();
  helper.join();
  keep_running.reset();
  io_thread.join();
}

}  // namespace lab
