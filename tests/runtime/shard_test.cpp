// racestress run --shard I/N's arithmetic: what parses, and that N shards of any selection are
// disjoint and together the whole selection, each item once.
#include <gtest/gtest.h>

#include <map>

#include "command_line.h"
#include "shard.h"

namespace racestress {
namespace {

TEST(Shard, ParsesIOverN) {
  std::string error;
  const auto s = parse_shard("2/5", error);
  ASSERT_TRUE(s.has_value()) << error;
  EXPECT_EQ(s->index, 2);
  EXPECT_EQ(s->count, 5);
  EXPECT_TRUE(parse_shard("0/1", error).has_value());
}

TEST(Shard, RejectsWhatIsNotIOverNWithOneLine) {
  for (const char* bad : {"", "3", "1/", "/3", "3/3", "4/3", "0/0", "-1/3", "1/-3", "a/b", "1/3/5", " 1/3", "1.0/3",
                          "1/99999999999999999999"}) {
    std::string error;
    EXPECT_FALSE(parse_shard(bad, error).has_value()) << bad;
    EXPECT_NE(error.find("--shard needs I/N"), std::string::npos) << bad;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  }
}

TEST(Shard, EveryItemIsInExactlyOneShard) {
  for (int total = 0; total <= 23; ++total) {
    std::vector<int> all;
    for (int i = 0; i < total; ++i) all.push_back(i);
    for (int count = 1; count <= 30; ++count) {
      std::map<int, int> times;
      for (int index = 0; index < count; ++index) {
        const auto part = take_shard(all, Shard{index, count});
        // Balanced: no shard is more than one item larger than another.
        EXPECT_LE(part.size(), static_cast<std::size_t>(total / count + 1));
        EXPECT_GE(part.size(), static_cast<std::size_t>(total / count));
        for (int item : part) ++times[item];
      }
      ASSERT_EQ(times.size(), all.size()) << total << " items, " << count << " shards";
      for (const auto& [item, n] : times) EXPECT_EQ(n, 1) << "item " << item << " of " << total << ", " << count << " shards";
    }
  }
}

TEST(Shard, GoogleTestVariables) {
  std::string error;
  EXPECT_FALSE(shard_from_gtest_variables(nullptr, nullptr, error).has_value());
  EXPECT_TRUE(error.empty());
  const auto s = shard_from_gtest_variables("1", "4", error);
  ASSERT_TRUE(s.has_value()) << error;
  EXPECT_EQ(s->index, 1);
  EXPECT_EQ(s->count, 4);
  for (const auto& [index, total] : std::vector<std::pair<const char*, const char*>>{
           {"1", nullptr}, {nullptr, "4"}, {"4", "4"}, {"x", "4"}, {"0", "0"}, {"", ""}, {"0", ""}}) {
    error.clear();
    EXPECT_FALSE(shard_from_gtest_variables(index, total, error).has_value());
    EXPECT_NE(error.find("GTEST_"), std::string::npos) << error;
  }
}

TEST(Shard, RunTakesShardFromTheCommandLine) {
  const auto r = parse_command_line({"run", "lost_update", "--shard", "1/3"});
  ASSERT_TRUE(r.line.has_value()) << r.error;
  ASSERT_TRUE(r.line->shard.has_value());
  EXPECT_EQ(r.line->shard->index, 1);
  EXPECT_EQ(r.line->shard->count, 3);
  EXPECT_FALSE(parse_command_line({"run", "lost_update"}).line->shard.has_value() &&
               std::getenv("GTEST_TOTAL_SHARDS") == nullptr);
  const auto bad = parse_command_line({"run", "lost_update", "--shard", "3/3"});
  EXPECT_FALSE(bad.line.has_value());
  EXPECT_NE(bad.error.find("--shard needs I/N"), std::string::npos) << bad.error;
}

}  // namespace
}  // namespace racestress
