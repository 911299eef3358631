// examples/withdraw/on_threads.h: run `body(0)` ... `body(n-1)` on n plain std::threads and wait
// for them all.
// The variants' `plain` runs (no harness: what a learner would write, and what the
// benchmark times) use it.
#pragma once

#include <thread>
#include <vector>

namespace withdraw_scenario {

template <class Body>
void on_threads(long long n, const Body& body) {
  std::vector<std::thread> threads;
  for (long long i = 0; i < n; ++i) threads.emplace_back(body, static_cast<int>(i));
  for (auto& thread : threads) thread.join();
}

}  // namespace withdraw_scenario
