// racelab/gtest.h on a class of a user's own (the one docs/writing-stress-tests.md walks
// through): an inventory whose reserve() checks and takes stock under two separate locks. The
// class is shared with install_consumer/, the project that uses an installed racelab.
#include "racelab/gtest.h"

#include "install_consumer/inventory.h"

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

TEST(GtestIntegration, TheFixedClassPasses) {
  racelab::Options options;
  options.iterations = 2000;
  EXPECT_TRUE(racelab::passes(two_buyers(&Inventory::reserve), options));
}

TEST(GtestIntegration, TheSplitLockIsFoundAndTheMessageShowsTheInterleaving) {
  const ::testing::AssertionResult result = racelab::passes(two_buyers(&Inventory::reserve_split));
  ASSERT_FALSE(result);
  const std::string message = result.message();
  EXPECT_NE(message.find("stock is -1"), std::string::npos) << message;
  EXPECT_NE(message.find("A: checked stock -> 1"), std::string::npos) << message;
  EXPECT_NE(message.find("B: checked stock -> 1"), std::string::npos) << message;
  EXPECT_NE(message.find("RACELAB_SCHEDULE="), std::string::npos) << message;
  EXPECT_NE(message.find("--gtest_filter=GtestIntegration.TheSplitLockIsFoundAndTheMessageShowsTheInterleaving"),
            std::string::npos)
      << message;
}

TEST(GtestIntegration, FindsFailureIsTheAssertionForKnownBugs) {
  EXPECT_TRUE(racelab::finds_failure(two_buyers(&Inventory::reserve_split)));
  EXPECT_FALSE(racelab::finds_failure(two_buyers(&Inventory::reserve)));
}

}  // namespace
