// FILE: lab/models/blocking_request.h
//
// One request with plain blocking calls, on the calling thread: connect, send the line, read the
// reply until the backend closes. The thread sleeps in the kernel while the backend waits.
// Used by the sequential, thread-per-request and thread-pool models. `io` only keeps the
// socket's bookkeeping; nothing runs on it, so every thread may share one.
#pragma once

#include <boost/asio/io_context.hpp>

#include "workload.h"

namespace lab {

// Sends request `id` and waits for its reply; does not call run.issued() or run.replied().
// Throws boost::system::system_error when the backend cannot be reached.
void blocking_request(boost::asio::io_context& io, const Run& run, int id);

}  // namespace lab
