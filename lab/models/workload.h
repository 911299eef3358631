// FILE: lab/models/workload.h
//
// The one workload every model runs, and what a model hands back. A request is: connect to the
// backend over loopback, send one line, wait for the reply (the backend sleeps --io-ms first),
// then do --cpu-us of CPU work and update the shared state (a counter and a per-key map).
// The models differ only in how they wait; this file is what they share.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace lab {

using Clock = std::chrono::steady_clock;
using boost::asio::ip::tcp;

struct Workload {
  int clients = 10;             // requests in flight at once (closed loop: a reply frees a slot)
  int requests = 100;           // requests in all
  int io_ms = 50;               // how long the backend waits before it answers
  int cpu_us = 0;               // CPU work per request, between reading and writing the counter
  int stall_ms = 0;             // one request, the middle one, burns this much CPU (blocked loop)
  int pool_threads = 8;         // the fixed pool's size
  bool unsafe_counter = false;  // a plain long instead of an atomic
};

// Burns `us` microseconds of CPU on this thread. A compiler-only fence in the loop keeps a
// counter load written before the call from being moved after it.
void burn_cpu(int us);

// Everything one run shares between its requests, and the clock of each request.
class Run {
 public:
  Run(const Workload& w, tcp::endpoint backend);

  const Workload& workload() const { return w_; }
  const tcp::endpoint& backend() const { return backend_; }
  std::string request_line(int id) const;  // "key-3 50\n": key and delay for the backend

  void issued(int id);  // the client sends request `id` now (starts its latency)
  void issued(int id, Clock::time_point at);  // ... or sent it at `at`, and it waited since
  // The reply to `id` is in: CPU work and counter update, per-key map, latency ends.
  // `seen_before` is the counter value read before the request went out (the split-update
  // lesson): with --unsafe-counter the update then writes seen_before + 1.
  void replied(int id, std::optional<long> seen_before = std::nullopt);
  long read_counter() const { return plain_counter_; }

  long counter() const;
  long map_total() const;
  int completed() const { return completed_.load(); }
  std::vector<double> latencies_ms() const;  // of the completed requests

 private:
  Workload w_;
  tcp::endpoint backend_;
  long plain_counter_ = 0;  // --unsafe-counter: no synchronisation at all
  std::atomic<long> atomic_counter_{0};
  mutable std::mutex map_mu_;
  std::map<std::string, long> per_key_;
  std::atomic<int> completed_{0};
  std::vector<Clock::time_point> issued_, replied_;
};

}  // namespace lab
