// FILE: lab/models/blocking_request.cpp — see blocking_request.h.
#include "blocking_request.h"

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

namespace lab {

void blocking_request(boost::asio::io_context& io, const Run& run, int id) {
  namespace asio = boost::asio;
  tcp::socket socket(io);
  socket.connect(run.backend());
  asio::write(socket, asio::buffer(run.request_line(id)));
  std::string reply;
  boost::system::error_code ec;
  asio::read(socket, asio::dynamic_buffer(reply), ec);  // until the backend closes
  if (ec != asio::error::eof) throw boost::system::system_error(ec, "reading the reply");
}

}  // namespace lab
