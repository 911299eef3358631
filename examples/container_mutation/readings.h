// examples/container_mutation/readings.h: the harness wiring the vector variants share, so that
// a variant file is its banner, its append() and sum_all(), and its declaration.
//
//   A std::vector<int> of sensor readings starts as {1, 2}, with room for exactly two. A
//   writer appends 3, 4, ... (`appends` of them) while a reader walks the readings once and
//   records each one it sees. Whatever the interleaving, the reader must see a prefix of
//   1, 2, 3, ...: the readings as they were at some moment, never a value nobody appended.
//
// Freed buffers are filled with kDead (-1) and kept until the next run (KeepFreed below), so a
// read through an iterator into a buffer the vector has let go of reads -1 every time, instead
// of whatever the allocator left there, and never faults.
//
// A variant describes its readings as a type with:
//   static void reset();                      the readings {1, 2}, capacity 2
//   static void append(int reading);          the writer's push_back
//   static void read_all(std::vector<int>&);  the reader's walk; each reading seen goes to `seen`
// and registers Readers<ItsReadings>::make_test and ::run_plain.
#pragma once

#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <new>
#include <string>
#include <thread>
#include <vector>

namespace container_scenario {

inline constexpr int kDead = -1;

// Buffers let go of during a run, freed at the start of the next one. Each deallocation takes
// its own slot (a relaxed counter: no happens-before between the actors comes from here).
struct Graveyard {
  struct Block {
    void* p;
    std::size_t bytes;
  };
  static inline std::array<Block, 256> blocks{};
  static inline std::atomic<int> used{0};

  static void bury(void* p, std::size_t bytes) {
    const int slot = used.fetch_add(1, std::memory_order_relaxed);
    if (slot < static_cast<int>(blocks.size())) {
      blocks[static_cast<std::size_t>(slot)] = {p, bytes};
    } else {
      ::operator delete(p);  // a long plain run: nobody reads a buffer this old any more
    }
  }
  static void empty() {
    const int n = std::min(used.load(), static_cast<int>(blocks.size()));
    for (int i = 0; i < n; ++i) ::operator delete(blocks[static_cast<std::size_t>(i)].p);
    used = 0;
  }
};

template <class T>
struct KeepFreed {
  using value_type = T;
  KeepFreed() = default;
  template <class U>
  KeepFreed(const KeepFreed<U>&) {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) {
    std::fill(p, p + n, T(kDead));
    Graveyard::bury(p, n * sizeof(T));
  }
  friend bool operator==(const KeepFreed&, const KeepFreed&) { return true; }
};

using Readings = std::vector<int, KeepFreed<int>>;

inline Readings first_readings() {
  Readings r;
  r.reserve(2);
  r.push_back(1);
  r.push_back(2);
  return r;
}

inline racelab::Params reader_params() { return {{"appends", 3}}; }

template <class Variant>
class Readers {
 public:
  static racelab::StressTest make_test(const racelab::Params& p) {
    const int appends = static_cast<int>(p.at("appends"));
    racelab::StressTest test;
    test.setup([] { open(); });
    test.actor([appends] { write(appends); });
    test.actor([] { Variant::read_all(seen_); });
    test.invariant([] { return saw_a_prefix(); });
    test.state([] { return what_the_reader_saw(); });
    return test;
  }

  static racelab::Check run_plain(const racelab::Params& p) {
    const int appends = static_cast<int>(p.at("appends"));
    open();
    std::thread writer([appends] { write(appends); });
    std::thread reader([] { Variant::read_all(seen_); });
    writer.join();
    reader.join();
    return saw_a_prefix();
  }

 private:
  static void open() {
    Variant::reset();
    Graveyard::empty();
    seen_.clear();
    seen_.reserve(64);
  }
  static void write(int appends) {
    for (int r = 3; r < 3 + appends; ++r) Variant::append(r);
  }

  static std::string what_the_reader_saw() {
    std::string out = "reader saw";
    for (int r : seen_) out += " " + std::to_string(r);
    return seen_.empty() ? out + " nothing" : out;
  }

  // The reader's record is its own (seen_ is touched only by the reader, then the invariant).
  static racelab::Check saw_a_prefix() {
    for (std::size_t i = 0; i < seen_.size(); ++i) {
      const int expected = static_cast<int>(i) + 1;
      if (seen_[i] == kDead) {
        return racelab::expect(false, "the reader read " + std::to_string(kDead) + " at position " + std::to_string(i + 1) +
                                          ": a buffer the vector had already freed");
      }
      if (seen_[i] != expected) {
        return racelab::expect(false, "the reader read " + std::to_string(seen_[i]) + " at position " +
                                          std::to_string(i + 1) + ", expected " + std::to_string(expected));
      }
    }
    return racelab::expect(seen_.size() >= 2, "the reader saw " + std::to_string(seen_.size()) + " readings, expected at least 2");
  }

  static inline std::vector<int> seen_;
};

}  // namespace container_scenario
