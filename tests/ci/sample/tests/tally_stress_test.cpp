// Stress tests of Tally, one racelab::passes each: the suite the recipes' stress job shards.
#include <racelab/gtest.h>
#include <racelab/test.h>

#include <memory>
#include <string>

#include "tally.h"

namespace {

racelab::TestOf<Tally> adders(int actors, int amount) {
  racelab::TestOf<Tally> test;
  test.make([] { return std::make_unique<Tally>(); });
  for (int i = 0; i < actors; ++i) test.actor([amount](Tally& t) { t.add(amount); });
  test.invariant([actors, amount](Tally& t) {
    return racelab::expect(t.total() == actors * amount, "total is " + std::to_string(t.total()));
  });
  return test;
}

TEST(Tally, TwoAddersOfOne) { EXPECT_TRUE(racelab::passes(adders(2, 1))); }
TEST(Tally, TwoAddersOfFive) { EXPECT_TRUE(racelab::passes(adders(2, 5))); }
TEST(Tally, ThreeAddersOfOne) { EXPECT_TRUE(racelab::passes(adders(3, 1))); }
TEST(Tally, ThreeAddersOfTwo) { EXPECT_TRUE(racelab::passes(adders(3, 2))); }
TEST(Tally, FourAddersOfOne) { EXPECT_TRUE(racelab::passes(adders(4, 1))); }

}  // namespace
