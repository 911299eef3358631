// Holds every registered variant's `checker` (what racestress compares with racecheck's
// verdict) to the rules of its file's `// expect:` markers: the declaration writes no checker
// expectation of its own; examples/expected_rules.cmake derives it from the markers that
// catalogue_checker_test holds racecheck to, and this checks that derivation.
#include <gtest/gtest.h>
#include <racelab/catalogue.h>

#include <filesystem>

#include "markers.h"

namespace fs = std::filesystem;

TEST(CatalogueDeclarations, CheckerIsTheMarkedRules) {
  const std::vector<const racelab::Variant *> variants = racelab::Catalogue::instance().all();
  ASSERT_EQ(variants.size(), catalogue::catalogueSources(EXAMPLES_DIR).size());
  for (const racelab::Variant *v : variants) {
    // __FILE__ is relative to the build dir when ccache rewrites paths (CCACHE_BASEDIR).
    const fs::path file = fs::path(BUILD_DIR) / v->file;
    ASSERT_TRUE(fs::exists(file)) << v->name() << ": " << v->file;
    EXPECT_EQ(v->checker, catalogue::markedRules(file)) << v->name();
  }
}

// A marked variant of each kind, so a derivation that lost every rule would not pass.
TEST(CatalogueDeclarations, MarkedVariantsExpectTheirRules) {
  const racelab::Catalogue &c = racelab::Catalogue::instance();
  ASSERT_NE(c.find("lazy_init/double_checked"), nullptr);
  EXPECT_EQ(c.find("lazy_init/double_checked")->checker,
            (std::vector<std::string>{"racecheck-double-checked-locking", "racecheck-inconsistent-locking"}));
  ASSERT_NE(c.find("order_violation/buggy"), nullptr);  // marked at a header's line
  EXPECT_EQ(c.find("order_violation/buggy")->checker, std::vector<std::string>{"racecheck-unsynchronized-write"});
  ASSERT_NE(c.find("withdraw/mutex"), nullptr);
  EXPECT_TRUE(c.find("withdraw/mutex")->checker.empty());
}
