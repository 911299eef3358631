// FILE: lab/models/workload.cpp — the shared request bookkeeping (see workload.h).
#include "workload.h"

#include <atomic>

namespace lab {

namespace {
std::string key_of(int id) { return "key-" + std::to_string(id % 16); }
}  // namespace

void burn_cpu(int us) {
  if (us <= 0) return;
  const auto until = Clock::now() + std::chrono::microseconds(us);
  while (Clock::now() < until) std::atomic_signal_fence(std::memory_order_seq_cst);
}

Run::Run(const Workload& w, tcp::endpoint backend)
    : w_(w), backend_(std::move(backend)), issued_(w.requests), replied_(w.requests) {}

std::string Run::request_line(int id) const {
  return key_of(id) + " " + std::to_string(w_.io_ms) + "\n";
}

void Run::issued(int id) { issued_[id] = Clock::now(); }

void Run::issued(int id, Clock::time_point at) { issued_[id] = at; }

void Run::replied(int id, std::optional<long> seen_before) {
  if (w_.stall_ms > 0 && id == w_.requests / 2) burn_cpu(w_.stall_ms * 1000);
  if (w_.unsafe_counter) {
    // Read, work, write: the window between the read and the write is --cpu-us wide.
    const long seen = seen_before ? *seen_before : plain_counter_;
    burn_cpu(w_.cpu_us);
    plain_counter_ = seen + 1;
  } else {
    burn_cpu(w_.cpu_us);
    atomic_counter_.fetch_add(1);
  }
  {
    const std::lock_guard lock(map_mu_);
    ++per_key_[key_of(id)];
  }
  replied_[id] = Clock::now();
  completed_.fetch_add(1);
}

long Run::counter() const { return w_.unsafe_counter ? plain_counter_ : atomic_counter_.load(); }

long Run::map_total() const {
  const std::lock_guard lock(map_mu_);
  long total = 0;
  for (const auto& [key, n] : per_key_) total += n;
  return total;
}

std::vector<double> Run::latencies_ms() const {
  std::vector<double> out;
  for (int i = 0; i < w_.requests; ++i) {
    if (replied_[i] == Clock::time_point{}) continue;
    out.push_back(std::chrono::duration<double, std::milli>(replied_[i] - issued_[i]).count());
  }
  return out;
}

}  // namespace lab
