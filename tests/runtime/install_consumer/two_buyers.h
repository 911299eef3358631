// The stress test of docs/writing-stress-tests.md: two buyers reserve one item each from an
// inventory that holds one; the stock must never go below zero.
#pragma once

#include <racelab/test.h>

#include <memory>
#include <string>

#include "inventory.h"

inline racelab::TestOf<Inventory> two_buyers(bool (Inventory::*reserve)(int)) {
  racelab::TestOf<Inventory> test;
  test.make([] { return std::make_unique<Inventory>(1); })
      .actor([reserve](Inventory& inv) { (inv.*reserve)(1); })
      .actor([reserve](Inventory& inv) { (inv.*reserve)(1); })
      .invariant([](Inventory& inv) {
        return racelab::expect(inv.stock() >= 0, "stock is " + std::to_string(inv.stock()));
      });
  return test;
}
