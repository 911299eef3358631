// A stress suite in GoogleTest, one racelab::passes (or racelab::finds_failure, for the variants
// that show a bug) test per catalogue variant of two scenarios: the shape of a project's own
// suite. GoogleTest's GTEST_TOTAL_SHARDS/GTEST_SHARD_INDEX split it across jobs;
// racestress_shard_test runs it sharded and holds that every test ran in exactly one shard.
#include "racelab/gtest.h"

#include "racelab/catalogue.h"

namespace racelab {
namespace {

class CatalogueVariant : public ::testing::TestWithParam<std::string> {};

TEST_P(CatalogueVariant, MeetsItsDeclaration) {
  const Variant* v = Catalogue::instance().find(GetParam());
  ASSERT_NE(v, nullptr);
  Options options;
  options.iterations = 300;
  options.seed = 1;
  if (v->expect == HarnessExpect::pass) {
    EXPECT_TRUE(passes(v->make(v->params), options));
  } else {
    EXPECT_TRUE(finds_failure(v->make(v->params), options));
  }
}

#if defined(__SANITIZE_THREAD__)
constexpr bool kTsanBuild = true;
#else
constexpr bool kTsanBuild = false;
#endif

std::vector<std::string> variants() {
  std::vector<std::string> names;
  for (const char* scenario : {"lost_update", "order_violation"}) {
    for (const Variant* v : Catalogue::instance().select(scenario)) {
      if (kTsanBuild && v->tsan == TsanExpect::race) continue;  // TSan would rightly flag it
      names.push_back(v->name());
    }
  }
  return names;
}

INSTANTIATE_TEST_SUITE_P(Stress, CatalogueVariant, ::testing::ValuesIn(variants()), [](const auto& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  return name;
});

}  // namespace
}  // namespace racelab
