// A tally two threads add to; every method holds the lock.
#pragma once

#include <racelab/point.h>

#include <mutex>

class Tally {
 public:
  void add(int n) {
    std::lock_guard<std::mutex> lock(mutex_);
    int seen = total_;
    racelab::point("read total", seen);
    total_ = seen + n;
  }

  int total() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return total_;
  }

 private:
  mutable std::mutex mutex_;
  int total_ = 0;
};

int tally_run(int per_thread);
