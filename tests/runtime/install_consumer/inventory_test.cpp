// The stress test of docs/writing-stress-tests.md, built against an installed racelab.
#include <racelab/gtest.h>

#include "two_buyers.h"

namespace {

TEST(Inventory, NeverSellsMoreThanItHas) { EXPECT_TRUE(racelab::passes(two_buyers(&Inventory::reserve))); }

TEST(Inventory, TheSplitCheckAndTakeOversells) {
  EXPECT_TRUE(racelab::finds_failure(two_buyers(&Inventory::reserve_split)));
}

}  // namespace
