// FILE: lab/models/backend.cpp — see backend.h.
#include "backend.h"

#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <csignal>
#include <iostream>
#include <stdexcept>
#include <string>

#include "workload.h"

namespace lab {

namespace {

namespace asio = boost::asio;

asio::awaitable<void> answer(tcp::socket socket) {
  try {
    std::string line;
    co_await asio::async_read_until(socket, asio::dynamic_buffer(line), '\n', asio::use_awaitable);
    const auto space = line.find(' ');
    const int delay_ms = space == std::string::npos ? 0 : std::stoi(line.substr(space + 1));
    asio::steady_timer timer(socket.get_executor(), std::chrono::milliseconds(delay_ms));
    co_await timer.async_wait(asio::use_awaitable);
    co_await asio::async_write(socket, asio::buffer(line), asio::use_awaitable);
    socket.shutdown(
        tcp::socket::shutdown_send);  // the backend closes first: the client reads to EOF
  } catch (const std::exception&) {
    // The client went away; nothing to tell anybody.
  }
}

asio::awaitable<void> accept_forever(tcp::acceptor& acceptor) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket =
        co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {  // out of file descriptors, say: wait a little and try again
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(10));
      co_await pause.async_wait(asio::use_awaitable);
      continue;
    }
    asio::co_spawn(acceptor.get_executor(), answer(std::move(socket)), asio::detached);
  }
}

[[noreturn]] void serve(tcp::acceptor::native_handle_type fd) {
  asio::io_context io(1);
  tcp::acceptor acceptor(io, tcp::v4(), fd);
  asio::co_spawn(io, accept_forever(acceptor), asio::detached);
  io.run();
  _exit(0);
}

}  // namespace

Backend start_backend() {
  asio::io_context io;  // only to open the socket; the backend process runs its own
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  acceptor.listen(4096);
  Backend b;
  b.port = acceptor.local_endpoint().port();
  b.pid = fork();
  if (b.pid < 0) throw std::runtime_error("fork failed for the backend");
  if (b.pid == 0) serve(acceptor.release());
  return b;  // the parent's copy of the listening socket closes here
}

void stop_backend(const Backend& b) {
  if (b.pid <= 0) return;
  kill(b.pid, SIGTERM);
  waitpid(b.pid, nullptr, 0);
}

}  // namespace lab
