// FILE: lab/models/sequential.cpp
//
// MODEL: sequential. One thread serves one request at a time and waits, blocked, for each reply.
// With --clients C, C requests stand in line: a client sends its next request as soon as its
// previous one is answered, and waits its turn. Throughput is about 1 / io, whatever C is,
// and the latency grows with the line.
//
// RUN IT:  models_lab --model sequential --clients 4 --requests 20
// YOU SHOULD SEE: about 20 requests/s at 50 ms, p50 near C x 50 ms, one thread, no lost
// updates even with --unsafe-counter (there is nobody to race with).
#include "blocking_request.h"
#include "models.h"

namespace lab {

void run_sequential(Run& run) {
  boost::asio::io_context io;
  const int n = run.workload().requests;
  const int c = run.workload().clients;
  for (int id = 0; id < std::min(c, n); ++id) run.issued(id);  // everybody arrives at once
  for (int id = 0; id < n; ++id) {
    blocking_request(io, run, id);
    run.replied(id);
    if (id + c < n) run.issued(id + c);  // that client comes back and joins the line
  }
}

}  // namespace lab
