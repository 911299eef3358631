// FILE: lab/models/coroutines.cpp
//
// MODELS: C++20 coroutines on the event loop (coroutines), and the very same coroutines on a
// multi-threaded executor (coroutines-mt). Each client is a coroutine that reads like the
// blocking code, but every co_await hands the thread back to the loop until the I/O completes
// (boost::asio::awaitable, co_spawn). A coroutine frame is a few hundred bytes on the heap.
//
//   coroutines     one thread runs the io_context: no two steps ever overlap, so even a plain
//                  counter loses nothing (see coroutines_split_update.cpp for the exception).
//   coroutines-mt  two threads run the same io_context: a coroutine may resume on either, two
//                  coroutines run at the same time, and the plain counter races again.
//
// RUN IT:  models_lab --model coroutines --clients 1000 --requests 4000
//          models_lab --model coroutines-mt --clients 100 --requests 1000 --cpu-us 200
//          --unsafe-counter
// YOU SHOULD SEE: the loop's throughput with 1 thread (coroutines) or 2 (coroutines-mt); lost
// updates only for coroutines-mt, and a ThreadSanitizer report for it in the tsan build.
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <thread>

#include "models.h"

namespace lab {

namespace asio = boost::asio;

asio::awaitable<void> request(Run& run, int id) {
  tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect(run.backend(), asio::use_awaitable);
  co_await asio::async_write(socket, asio::buffer(run.request_line(id)), asio::use_awaitable);
  std::string reply;
  boost::system::error_code ec;
  co_await asio::async_read(socket, asio::dynamic_buffer(reply),
                            asio::redirect_error(asio::use_awaitable, ec));
  if (ec != asio::error::eof) throw boost::system::system_error(ec, "reading the reply");
}

namespace {

asio::awaitable<void> client(Run& run, std::atomic<int>& next) {
  for (int id; (id = next.fetch_add(1)) < run.workload().requests;) {
    run.issued(id);
    co_await request(run, id);
    run.replied(id);
  }
}

void spawn_clients(asio::io_context& io, Run& run, std::atomic<int>& next) {
  for (int i = 0; i < std::min(run.workload().clients, run.workload().requests); ++i) {
    asio::co_spawn(io, client(run, next), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);  // out of io.run(), to the model's caller
    });
  }
}

}  // namespace

void run_coroutines(Run& run) {
  asio::io_context io(1);
  std::atomic<int> next{0};
  spawn_clients(io, run, next);
  io.run();
}

void run_coroutines_mt(Run& run) {
  asio::io_context io(2);
  std::atomic<int> next{0};
  spawn_clients(io, run, next);
  std::thread second([&] { io.run(); });
  io.run();
  second.join();
}

}  // namespace lab
