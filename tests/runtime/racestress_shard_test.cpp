// racestress run --shard I/N as a CI matrix uses it: N runs of the same command, each with its
// shard, run every selected variant exactly once between them; GoogleTest's GTEST_SHARD_INDEX
// and GTEST_TOTAL_SHARDS do the same when --shard is not given; bad values exit 2.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "run_racestress.h"

namespace racestress {
namespace {

#if defined(__SANITIZE_THREAD__)
constexpr bool kTsanBuild = true;
#else
constexpr bool kTsanBuild = false;
#endif

const std::vector<std::string> kRun = {"run", "lost_update", "order_violation", "--iterations", "50",
                                       "--format", "json", "--no-checker"};

std::vector<std::string> variants_run(const Ran& r) {
  std::vector<std::string> names;
  for (const auto& j : json_lines(r.out)) {
    names.push_back(j["scenario"].get<std::string>() + "/" + j["variant"].get<std::string>());
  }
  return names;
}

std::vector<std::string> plus(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// Every shard's variants, checked disjoint, and their union compared with the unsharded run's.
void expect_shards_partition(const std::vector<Ran>& shards, const Ran& whole) {
  ASSERT_EQ(whole.code, 0) << whole.out << whole.err;
  const std::vector<std::string> all = variants_run(whole);
  ASSERT_GE(all.size(), 5U) << whole.out;
  std::map<std::string, int> times;
  std::size_t largest = 0, smallest = all.size();
  for (const Ran& shard : shards) {
    EXPECT_EQ(shard.code, 0) << shard.out << shard.err;
    const auto names = variants_run(shard);
    largest = std::max(largest, names.size());
    smallest = std::min(smallest, names.size());
    for (const auto& n : names) ++times[n];
  }
  std::set<std::string> union_of_shards;
  for (const auto& [name, n] : times) {
    EXPECT_EQ(n, 1) << name << " ran in " << n << " shards";
    union_of_shards.insert(name);
  }
  EXPECT_EQ(union_of_shards, std::set<std::string>(all.begin(), all.end()));
  EXPECT_LE(largest - smallest, 1U) << "shards are balanced";
}

TEST(RacestressShard, ShardsOfARunAreDisjointAndTogetherTheWholeRun) {
  const Ran whole = run_racestress(RACESTRESS_BIN, kRun);
  std::vector<Ran> shards;
  for (int i = 0; i < 3; ++i) {
    shards.push_back(run_racestress(RACESTRESS_BIN, plus(kRun, {"--shard", std::to_string(i) + "/3"})));
    EXPECT_NE(shards.back().err.find("racestress: shard " + std::to_string(i) + "/3 runs "), std::string::npos)
        << shards.back().err;
  }
  expect_shards_partition(shards, whole);
}

TEST(RacestressShard, GoogleTestShardVariablesShardARunTheSameWay) {
  const Ran whole = run_racestress(RACESTRESS_BIN, kRun);
  std::vector<Ran> shards;
  for (int i = 0; i < 2; ++i) {
    const Ran by_env = run_racestress(RACESTRESS_BIN, kRun,
                                      {{"GTEST_SHARD_INDEX", std::to_string(i)}, {"GTEST_TOTAL_SHARDS", "2"}});
    const Ran by_flag = run_racestress(RACESTRESS_BIN, plus(kRun, {"--shard", std::to_string(i) + "/2"}));
    EXPECT_EQ(variants_run(by_env), variants_run(by_flag)) << "shard " << i;
    shards.push_back(by_env);
  }
  expect_shards_partition(shards, whole);
}

TEST(RacestressShard, TheFlagWinsOverTheVariablesAndTheStatusFileIsTouched) {
  const std::string dir = make_temp_dir("racestress-shard");
  const std::string status = dir + "/status";
  const Ran r = run_racestress(RACESTRESS_BIN, plus(kRun, {"--shard", "0/1"}),
                               {{"GTEST_SHARD_INDEX", "5"}, {"GTEST_TOTAL_SHARDS", "2"},
                                {"GTEST_SHARD_STATUS_FILE", status}});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(variants_run(r), variants_run(run_racestress(RACESTRESS_BIN, kRun)));
  EXPECT_TRUE(std::ifstream(status).good()) << "GoogleTest's protocol: a sharding program touches the status file";
  remove_tree(dir);
}

TEST(RacestressShard, MoreShardsThanVariantsLeavesSomeEmptyAndExitsZero) {
  const Ran r = run_racestress(RACESTRESS_BIN, {"run", "lost_update/buggy", "--shard", "1/2", "--no-checker"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("runs 0 of the 1 selected variants"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(RacestressShard, ABadShardIsAUsageErrorExitTwoWithOneLine) {
  for (const char* bad : {"3/3", "1", "x/2", "-1/2", "1/0"}) {
    const Ran r = run_racestress(RACESTRESS_BIN, {"run", "lost_update", "--shard", bad, "--no-checker"});
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_EQ(r.err.rfind("racestress: --shard needs I/N", 0), 0U) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
    EXPECT_EQ(r.out, "");
  }
  for (const auto& env : std::vector<std::map<std::string, std::string>>{
           {{"GTEST_SHARD_INDEX", "2"}, {"GTEST_TOTAL_SHARDS", "2"}},
           {{"GTEST_SHARD_INDEX", "0"}, {"GTEST_TOTAL_SHARDS", ""}},
           {{"GTEST_TOTAL_SHARDS", "two"}, {"GTEST_SHARD_INDEX", "0"}}}) {
    const Ran r = run_racestress(RACESTRESS_BIN, {"run", "lost_update", "--no-checker"}, env);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_EQ(r.err.rfind("racestress: ", 0), 0U) << r.err;
    EXPECT_NE(r.err.find("GTEST_"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

// The tests a GoogleTest binary ran (passed or failed), from its "[       OK ] ..." lines.
std::vector<std::string> tests_run(const std::string& out) {
  std::vector<std::string> names;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    for (const char* mark : {"[       OK ] ", "[  FAILED  ] "}) {
      if (line.rfind(mark, 0) == 0 && line.find(" (") != std::string::npos) {
        names.push_back(line.substr(13, line.find(" (") - 13));
      }
    }
  }
  return names;
}

// The tests it has, from --gtest_list_tests ("Suite.\n  Name  # GetParam() = ...").
std::vector<std::string> tests_listed(const std::string& out) {
  std::vector<std::string> names;
  std::istringstream in(out);
  std::string suite;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    if (line[0] != ' ') {
      suite = line;
    } else {
      const auto start = line.find_first_not_of(' ');
      names.push_back(suite + line.substr(start, line.find(' ', start) - start));
    }
  }
  return names;
}

TEST(GoogleTestShard, ARacelabPassesSuiteSplitsAcrossJobsEachTestOnce) {
  const Ran listed = run_racestress(SHARDED_STRESS_SUITE_BIN, {"--gtest_list_tests"});
  ASSERT_EQ(listed.code, 0) << listed.err;
  const std::vector<std::string> all = tests_listed(listed.out);
  ASSERT_GE(all.size(), 5U) << listed.out;
  const Ran unsharded = run_racestress(SHARDED_STRESS_SUITE_BIN, {});
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()), [&] {
    const auto ran = tests_run(unsharded.out);
    return std::set<std::string>(ran.begin(), ran.end());
  }()) << unsharded.out;
  std::map<std::string, int> times;
  for (int i = 0; i < 3; ++i) {
    const Ran shard = run_racestress(SHARDED_STRESS_SUITE_BIN, {},
                                     {{"GTEST_SHARD_INDEX", std::to_string(i)}, {"GTEST_TOTAL_SHARDS", "3"}});
    if (!kTsanBuild) EXPECT_EQ(shard.code, 0) << shard.out << shard.err;  // under TSan, lost_update/buggy's race: 66
    const auto ran = tests_run(shard.out);
    EXPECT_LT(ran.size(), all.size()) << "shard " << i << " ran everything: sharding ignored";
    for (const auto& name : ran) ++times[name];
  }
  std::set<std::string> union_of_shards;
  for (const auto& [name, n] : times) {
    EXPECT_EQ(n, 1) << name << " ran in " << n << " shards";
    union_of_shards.insert(name);
  }
  EXPECT_EQ(union_of_shards, std::set<std::string>(all.begin(), all.end()));
}

}  // namespace
}  // namespace racestress
