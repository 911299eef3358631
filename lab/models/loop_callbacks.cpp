// FILE: lab/models/loop_callbacks.cpp
//
// MODEL: a single-threaded event loop with callbacks (boost::asio::io_context, run on the main
// thread only). Nothing blocks: each step starts the next I/O and hands the loop a callback
// to call when it completes: connect -> on_connected -> write -> on_sent -> read -> on_reply.
// The loop waits for all sockets at once (epoll), so C requests in flight cost C small objects,
// not C threads. Only one callback runs at a time: the counter cannot lose an update, even a
// plain one, because no callback is ever interrupted by another.
//
// RUN IT:  models_lab --model loop-callbacks --clients 1000 --requests 4000
//          models_lab --model loop-callbacks --clients 100 --requests 400 --stall-ms 50
// YOU SHOULD SEE: throughput near C / io with one thread; with --unsafe-counter zero lost
// updates; with --stall-ms the p99 of everybody jumps, because while one callback burns the
// CPU no other callback can run.
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <functional>
#include <memory>

#include "models.h"

namespace lab {

namespace {

namespace asio = boost::asio;
using boost::system::error_code;

class Request : public std::enable_shared_from_this<Request> {
 public:
  Request(asio::io_context& io, Run& run, int id, std::function<void()> done)
      : socket_(io), run_(run), id_(id), line_(run.request_line(id)), done_(std::move(done)) {}

  void start() {
    run_.issued(id_);
    socket_.async_connect(run_.backend(),
                          [self = shared_from_this()](error_code ec) { self->on_connected(ec); });
  }

 private:
  void on_connected(error_code ec) {
    if (ec) throw boost::system::system_error(ec, "connecting to the backend");
    asio::async_write(socket_, asio::buffer(line_),
                      [self = shared_from_this()](error_code e, size_t) { self->on_sent(e); });
  }
  void on_sent(error_code ec) {
    if (ec) throw boost::system::system_error(ec, "sending the request");
    asio::async_read(socket_, asio::dynamic_buffer(reply_),
                     [self = shared_from_this()](error_code e, size_t) { self->on_reply(e); });
  }
  void on_reply(error_code ec) {
    if (ec != asio::error::eof) throw boost::system::system_error(ec, "reading the reply");
    run_.replied(id_);
    done_();  // this client sends its next request
  }

  tcp::socket socket_;
  Run& run_;
  int id_;
  std::string line_, reply_;
  std::function<void()> done_;
};

}  // namespace

void run_loop_callbacks(Run& run) {
  asio::io_context io(1);
  const int n = run.workload().requests;
  int next = 0;  // one thread: a plain int is enough
  std::function<void()> send_next = [&] {
    if (next < n) std::make_shared<Request>(io, run, next++, send_next)->start();
  };
  for (int i = 0; i < run.workload().clients; ++i) send_next();
  io.run();  // returns when no I/O is left
}

}  // namespace lab
