// FILE: lab/models/backend.h
//
// The slow backend every model calls: a real TCP server on 127.0.0.1, in a process of its own
// so that its thread and memory are not counted as the model's. For each connection it reads
// one line "<key> <delay-ms>", waits that long without blocking (a timer on its own Asio
// loop), writes the line back and closes. Thousands of connections can wait at once.
#pragma once

#include <sys/types.h>

namespace lab {

struct Backend {
  pid_t pid = -1;
  unsigned short port = 0;
};

// Binds 127.0.0.1 on a free port and forks the server. Call it before any thread exists.
Backend start_backend();
void stop_backend(const Backend& b);

}  // namespace lab
