// runtime/bench/shared_ptr_read_bench.cpp: what a read of a shared configuration costs with each
// of docs/lifetime.md's ways to share a std::shared_ptr, on plain threads (no harness).
//
//   build/runtime/shared_ptr_read_bench [--reads N]
//
// Two reader threads each take N copies of the shared pointer and read one field through each;
// one reloader thread installs a new object every 1,000 reads meanwhile. Printed: nanoseconds per
// read (wall time of the readers / reads), for
//   no_reload  a bare copy of a shared_ptr that nobody reassigns (the reloader is idle): the
//              floor, the price of the count alone; with a reloader it would be the data race of
//              lifetime/shared_ptr_copy, which this program does not run
//   atomic     std::atomic<std::shared_ptr<T>>::load / store (lifetime/shared_ptr_atomic)
//   free_fns   std::atomic_load / std::atomic_store on a plain shared_ptr (C++11, deprecated in C++20)
//   mutex      a copy under a std::mutex, a swap under it (lifetime/shared_ptr_mutex)
// One run's numbers on a shared machine; nothing here is asserted by a test.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"  // std::atomic_load on shared_ptr, on purpose

namespace {

struct Config {
  int version;
};

struct NoReload {
  static constexpr bool reloads = false;
  std::shared_ptr<const Config> current = std::make_shared<const Config>(Config{0});
  std::shared_ptr<const Config> load() { return current; }
  void store(std::shared_ptr<const Config>) {}
};

struct Atomic {
  static constexpr bool reloads = true;
  std::atomic<std::shared_ptr<const Config>> current{std::make_shared<const Config>(Config{0})};
  std::shared_ptr<const Config> load() { return current.load(); }
  void store(std::shared_ptr<const Config> next) { current.store(std::move(next)); }
};

struct FreeFunctions {
  static constexpr bool reloads = true;
  std::shared_ptr<const Config> current = std::make_shared<const Config>(Config{0});
  std::shared_ptr<const Config> load() { return std::atomic_load(&current); }
  void store(std::shared_ptr<const Config> next) { std::atomic_store(&current, std::move(next)); }
};

struct Locked {
  static constexpr bool reloads = true;
  std::mutex mutex;
  std::shared_ptr<const Config> current = std::make_shared<const Config>(Config{0});
  std::shared_ptr<const Config> load() {
    std::lock_guard lock(mutex);
    return current;
  }
  void store(std::shared_ptr<const Config> next) {
    {
      std::lock_guard lock(mutex);
      current.swap(next);
    }
  }
};

template <class Holder>
double ns_per_read(long reads) {
  Holder holder;
  std::atomic<bool> stop{false};
  std::atomic<long> sink{0};
  std::thread reloader([&] {
    int version = 1;
    while (!stop.load(std::memory_order_relaxed)) {
      if (Holder::reloads) holder.store(std::make_shared<const Config>(Config{version++}));
      for (int i = 0; i < 1000 && !stop.load(std::memory_order_relaxed); ++i) std::this_thread::yield();
    }
  });
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      long sum = 0;
      for (long i = 0; i < reads; ++i) sum += holder.load()->version;
      sink += sum;
    });
  }
  for (auto& reader : readers) reader.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stop = true;
  reloader.join();
  return seconds * 1e9 / static_cast<double>(reads);
}

}  // namespace

int main(int argc, char** argv) {
  long reads = 2'000'000;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--reads") == 0) reads = std::atol(argv[i + 1]);
  }
  std::printf("ns per read, 2 readers x %ld reads, 1 reloader\n", reads);
  std::printf("  no_reload %7.1f  (nobody reassigns: the count alone)\n", ns_per_read<NoReload>(reads));
  std::printf("  atomic    %7.1f\n", ns_per_read<Atomic>(reads));
  std::printf("  free_fns  %7.1f\n", ns_per_read<FreeFunctions>(reads));
  std::printf("  mutex     %7.1f\n", ns_per_read<Locked>(reads));
  return 0;
}
