// FILE: lab/models/costs.cpp — see costs.h.
#include "costs.h"

#include <pthread.h>
#include <sys/resource.h>

#include <cstdint>
#include <fstream>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "workload.h"

namespace lab {

namespace {

long status_kib(const std::string& field) {  // a "VmSize:" style line of /proc/self/status
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(field.size()));
  return 0;
}

// A fixed amount of work, not of time: two threads sharing one core take twice as long.
std::uint64_t crunch(std::uint64_t rounds) {
  std::uint64_t x = 88172645463325252ull;
  for (std::uint64_t i = 0; i < rounds; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  return x;
}

double cpu_seconds() {  // this process's user + system time so far
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double load_average() {  // the other programs' share of the cores, for the record
  std::ifstream in("/proc/loadavg");
  double one_minute = 0;
  in >> one_minute;
  return one_minute;
}

double seconds_for(std::uint64_t rounds, int threads) {
  std::vector<std::jthread> workers;
  std::vector<std::uint64_t> sink(static_cast<size_t>(threads));
  const auto start = Clock::now();
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] { sink[static_cast<size_t>(t)] = crunch(rounds / threads); });
  workers.clear();  // joins
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  volatile std::uint64_t keep = sink[0];
  (void)keep;
  return s;
}

}  // namespace

nlohmann::json thread_cost(int threads) {
  pthread_attr_t attr;
  size_t stack = 0;
  pthread_getattr_default_np(&attr);
  pthread_attr_getstacksize(&attr, &stack);
  pthread_attr_destroy(&attr);

  const long size_before = status_kib("VmSize:"), rss_before = status_kib("VmRSS:");
  std::latch ready(threads), release(1);
  std::vector<std::jthread> idle;
  const auto start = Clock::now();
  for (int i = 0; i < threads; ++i)
    idle.emplace_back([&] {
      ready.count_down();
      release.wait();
    });
  ready.wait();
  const double create_us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
  const long size_after = status_kib("VmSize:"), rss_after = status_kib("VmRSS:");
  release.count_down();
  idle.clear();
  const double n = threads;
  return {{"threads", threads},
          {"default_stack_kib", stack / 1024},
          {"reserved_kib_per_thread", (size_after - size_before) / n},
          {"committed_kib_per_thread", (rss_after - rss_before) / n},
          {"reserved_mib_total", (size_after - size_before) / 1024.0},
          {"committed_mib_total", (rss_after - rss_before) / 1024.0},
          {"create_us_per_thread", create_us / n}};
}

nlohmann::json cpu_speedup(int work_ms, int max_threads) {
  // Calibrate: how many rounds one thread does in work_ms.
  const std::uint64_t probe = 20'000'000;
  const double probe_s = seconds_for(probe, 1);
  const auto rounds = static_cast<std::uint64_t>(probe * (work_ms / 1000.0) / probe_s);
  nlohmann::json rows = nlohmann::json::array();
  double one = 0;
  const double load = load_average();
  for (int t = 1; t <= max_threads; ++t) {
    const double cpu_before = cpu_seconds();
    const double s = seconds_for(rounds, t);
    if (t == 1) one = s;
    rows.push_back({{"threads", t},
                    {"seconds", s},
                    {"cpu_seconds", cpu_seconds() - cpu_before},
                    {"speedup", one / s}});
  }
  return {{"cores", std::thread::hardware_concurrency()},
          {"work_ms", work_ms},
          {"load_average_before", load},
          {"runs", rows}};
}

}  // namespace lab
