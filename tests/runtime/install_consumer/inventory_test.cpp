// The stress test of docs/writing-stress-tests.md, built against an installed racelab.
#include <racelab/gtest.h>

#include "inventory.h"

namespace {

racelab::TestOf<Inventory> two_buyers(bool (Inventory::*reserve)(int)) {
  racelab::TestOf<Inventory> test;
  test.make([] { return std::make_unique<Inventory>(1); })
      .actor([reserve](Inventory& inv) { (inv.*reserve)(1); })
      .actor([reserve](Inventory& inv) { (inv.*reserve)(1); })
      .invariant([](Inventory& inv) {
        return racelab::expect(inv.stock() >= 0, "stock is " + std::to_string(inv.stock()));
      });
  return test;
}

TEST(Inventory, NeverSellsMoreThanItHas) { EXPECT_TRUE(racelab::passes(two_buyers(&Inventory::reserve))); }

TEST(Inventory, TheSplitCheckAndTakeOversells) {
  EXPECT_TRUE(racelab::finds_failure(two_buyers(&Inventory::reserve_split)));
}

}  // namespace
