// Holds the catalogue's variants to their declared harness expectation, in-process: a
// variant declared `fail` must fail within a fixed seed and budget, one declared `pass`
// must not fail in 10,000 runs.
#include <gtest/gtest.h>

#include "racelab/catalogue.h"
#include "racelab/runner.h"

namespace racelab {
namespace {

Report run_variant(const std::string& name, long long iterations) {
  const Variant* v = Catalogue::instance().find(name);
  if (v == nullptr) throw std::runtime_error("no variant " + name);
  Options o;
  o.iterations = iterations;
  o.seed = 1;
  return run(v->make(v->params), o);
}

TEST(Catalogue, LostUpdateHasItsFourFirstVariantsWithSources) {
  const auto variants = Catalogue::instance().select("lost_update");
  ASSERT_GE(variants.size(), 4U);
  EXPECT_EQ(variants[0]->variant, "buggy");
  EXPECT_EQ(variants[1]->variant, "mutex");
  EXPECT_EQ(variants[2]->variant, "atomic");
  EXPECT_EQ(variants[3]->variant, "atomic_load_store");
  for (const Variant* v : variants) {
    EXPECT_NE(v->file.find("examples/lost_update/" + v->variant + ".cpp"), std::string::npos) << v->file;
    EXPECT_TRUE(v->make) << v->name();
  }
  EXPECT_EQ(variants[0]->checker, std::vector<std::string>{"racecheck-unsynchronized-write"});
}

TEST(Catalogue, BuggyFailsWithinAFixedSeedAndBudget) {
  const Report r = run_variant("lost_update/buggy", 200);
  EXPECT_EQ(r.verdict(), Verdict::fail);
  EXPECT_GT(r.failure_rate(), 0.5);
}

TEST(Catalogue, AtomicLoadStoreFailsWithinAFixedSeedAndBudget) {
  const Report r = run_variant("lost_update/atomic_load_store", 200);
  EXPECT_EQ(r.verdict(), Verdict::fail);
  EXPECT_GT(r.failure_rate(), 0.5);
}

TEST(Catalogue, MutexNeverFailsIn10000Runs) {
  const Report r = run_variant("lost_update/mutex", 10000);
  EXPECT_EQ(r.runs, 10000);
  EXPECT_EQ(r.failing_runs, 0);
}

TEST(Catalogue, AtomicNeverFailsIn10000Runs) {
  const Report r = run_variant("lost_update/atomic", 10000);
  EXPECT_EQ(r.runs, 10000);
  EXPECT_EQ(r.failing_runs, 0);
}

#if defined(__SANITIZE_THREAD__)
constexpr bool kTsanBuild = true;
#else
constexpr bool kTsanBuild = false;
#endif

// Every variant's plain program, one test each; a variant whose environment is missing here
// (no PostgreSQL) is skipped, saying why.
class PlainProgram : public ::testing::TestWithParam<std::string> {};

TEST_P(PlainProgram, Runs) {
  const Variant* v = Catalogue::instance().find(GetParam());
  ASSERT_NE(v, nullptr);
  if (v->unavailable) {
    const std::string why = v->unavailable();
    if (!why.empty()) GTEST_SKIP() << why;
  }
  const Check c = v->plain(v->params);
  // The fixed variants must hold; the buggy ones may or may not lose an update unharnessed.
  if (v->expect == HarnessExpect::pass) EXPECT_TRUE(c.ok) << v->name() << ": " << c.message;
}

std::vector<std::string> plain_programs() {
  std::vector<std::string> names;
  for (const Variant* v : Catalogue::instance().all()) {
    if (!v->plain) continue;
    if (kTsanBuild && v->tsan == TsanExpect::race) continue;  // TSan would rightly flag it
    names.push_back(v->name());
  }
  return names;
}

INSTANTIATE_TEST_SUITE_P(EveryPlainProgramRuns, PlainProgram, ::testing::ValuesIn(plain_programs()),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (c == '/') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace racelab
