// The example class of docs/writing-stress-tests.md: an inventory two buyers reserve from.
// Used by tests/runtime/gtest_integration_test.cpp and by the out-of-tree project beside this
// file, which uses an installed racelab.
#pragma once

#include <racelab/point.h>

#include <mutex>

class Inventory {
 public:
  explicit Inventory(int stock) : stock_(stock) {}

  // Buggy: the check and the update each hold the lock, but not together.
  bool reserve_split(int n) {
    int available;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      available = stock_;
    }
    racelab::point("checked stock", available);
    if (available < n) return false;
    std::lock_guard<std::mutex> lock(mutex_);
    stock_ -= n;
    racelab::point("took stock", stock_);
    return true;
  }

  // Fixed: one critical section from the check to the update.
  bool reserve(int n) {
    std::lock_guard<std::mutex> lock(mutex_);
    racelab::point("checked stock", stock_);
    if (stock_ < n) return false;
    stock_ -= n;
    racelab::point("took stock", stock_);
    return true;
  }

  int stock() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return stock_;
  }

 private:
  mutable std::mutex mutex_;
  int stock_;
};
