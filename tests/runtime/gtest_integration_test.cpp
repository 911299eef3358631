// racelab/gtest.h on a class of a user's own (the one docs/writing-stress-tests.md walks
// through): an inventory whose reserve() checks and takes stock under two separate locks. The
// class is shared with install_consumer/, the project that uses an installed racelab.
#include "racelab/gtest.h"

#include "install_consumer/two_buyers.h"

namespace {

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
