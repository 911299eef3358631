// examples/publication/litmus.h: the harness wiring the publication variants share: two litmus
// tests, each a few lines per thread, so that a variant file is its banner, its memory orders,
// and its declaration.
//
//   Message passing. A writer stores a payload (42), then raises a flag; a reader waits for the
//   flag, then reads the payload. The reader must read 42.
//     A variant is a type with: static void reset(); static void send(int payload);
//     static int receive();  and registers MessagePassing<It>::make_test and ::run_plain.
//
//   Store buffering. Thread A stores 1 to x, then loads y; thread B stores 1 to y, then loads x.
//   In any interleaving of those four steps, at least one load comes after the other thread's
//   store, so at least one thread reads 1: r1 = r2 = 0 is impossible under sequential
//   consistency. Real processors buffer stores: each thread's store can still sit in its core's
//   store buffer when the other thread loads, and both read 0.
//     A variant is a type with: static void reset(); static int store_x_load_y();
//     static int store_y_load_x();  and registers StoreBuffering<It>::make_test and ::run_plain.
//
// The harness's controlled mode runs one thread at a time, so it is sequentially consistent: it
// can never produce a reordering. What these tests show, they show in free mode (real threads on
// real cores, --mode free) and under ThreadSanitizer. In store buffering there is deliberately no
// point between the store and the load: a point is an atomic read-modify-write, a full fence on
// x86, and would forbid the very reordering the test looks for.
#pragma once

#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace publication_scenario {

template <class Variant>
class MessagePassing {
 public:
  static racelab::StressTest make_test(const racelab::Params&) {
    racelab::StressTest test;
    test.setup([] { open(); });
    test.actor([] { Variant::send(42); });
    test.actor([] { received_ = Variant::receive(); });
    test.invariant([] { return got_the_payload(); });
    test.state([] { return "reader got " + std::to_string(received_); });
    return test;
  }

  static racelab::Check run_plain(const racelab::Params&) {
    open();
    std::thread writer([] { Variant::send(42); });
    std::thread reader([] { received_ = Variant::receive(); });
    writer.join();
    reader.join();
    return got_the_payload();
  }

 private:
  static void open() {
    Variant::reset();
    received_ = -1;
  }
  static racelab::Check got_the_payload() {
    return racelab::expect(received_ == 42, "the reader saw the flag but read payload " + std::to_string(received_) +
                                                ", expected 42: the flag was visible before the payload");
  }

  static inline int received_ = -1;  // written by the reader only, read after both end
};

template <class Variant>
class StoreBuffering {
 public:
  static racelab::StressTest make_test(const racelab::Params&) {
    racelab::StressTest test;
    test.setup([] { open(); });
    test.actor([] { thread_a(); });
    test.actor([] { thread_b(); });
    test.invariant([] { return not_both_zero(); });
    test.state([] { return "r1 = " + std::to_string(r1_) + ", r2 = " + std::to_string(r2_); });
    return test;
  }

  static racelab::Check run_plain(const racelab::Params&) {
    open();
    std::thread a(thread_a);
    std::thread b(thread_b);
    a.join();
    b.join();
    return not_both_zero();
  }

 private:
  static void open() {
    Variant::reset();
    arrived_.store(0);
    r1_ = -1;
    r2_ = -1;
  }
  // Both threads start their two steps at about the same moment, so that on real cores they
  // overlap: the stores are still in flight when the loads run. So the first to arrive spins,
  // for up to 200 microseconds at a time (about what the other thread takes to wake up), before it
  // passes through a wait point: in free mode a wait point yields the processor, and a thread back
  // from a yield is far too late to overlap anything. In controlled mode the other thread cannot
  // arrive while this one spins; the wait point is where the harness lets it. No point follows
  // the meeting either: a point in free mode may yield too.
  static void meet() {
    arrived_.fetch_add(1);
    while (arrived_.load() < 2) {
      const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(2000);
      for (int spins = 1; arrived_.load() < 2; ++spins) {
        if (spins % 64 == 0 && std::chrono::steady_clock::now() > until) break;
      }
      if (arrived_.load() < 2) racelab::wait_point("waits for the other thread");
    }
  }
  static void thread_a() {
    meet();
    r1_ = Variant::store_x_load_y();
    racelab::point("stores x, loads y", r1_);
  }
  static void thread_b() {
    meet();
    r2_ = Variant::store_y_load_x();
    racelab::point("stores y, loads x", r2_);
  }
  static racelab::Check not_both_zero() {
    return racelab::expect(!(r1_ == 0 && r2_ == 0),
                           "both threads read 0 (r1 = 0, r2 = 0): each one's store was not yet visible to the other's "
                           "load, an outcome no interleaving gives");
  }

  static inline std::atomic<int> arrived_{0};
  static inline int r1_ = -1;  // written by A only, read after both end
  static inline int r2_ = -1;  // written by B only
};

}  // namespace publication_scenario
