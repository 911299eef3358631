// The course order (runtime/src/course_order.cpp) in every listing: racestress list, its
// scenario names (which the demo runs in turn), and the docs index.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "run_racestress.h"

namespace racestress {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(CourseOrder, ScenariosAreListedSimplestFirst) {
  const Ran r = run_racestress(RACESTRESS_BIN, {"list", "--scenarios"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto names = lines_of(r.out);
  ASSERT_GE(names.size(), 3U) << r.out;
  EXPECT_EQ(names[0], "lost_update");
  EXPECT_EQ(names[1], "withdraw");
  EXPECT_EQ(names[2], "async_withdraw");
}

TEST(CourseOrder, VariantsCarryTheirCourseNumber) {
  const Ran r = run_racestress(RACESTRESS_BIN, {"list"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto rows = lines_of(r.out);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0].rfind("1.1   lost_update/buggy ", 0), 0U) << rows[0];
  EXPECT_NE(r.out.find("\n2.1   withdraw/buggy "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n3.1   async_withdraw/buggy "), std::string::npos) << r.out;
}

TEST(CourseOrder, TheDocsIndexFollowsIt) {
  std::ifstream file(std::string(RACELAB_SOURCE_DIR) + "/docs/README.md");
  ASSERT_TRUE(file) << "docs/README.md";
  std::stringstream text;
  text << file.rdbuf();
  const std::string index = text.str();
  EXPECT_NE(index.find("](start-here.md)"), std::string::npos);
  EXPECT_NE(index.find("](glossary.md)"), std::string::npos);
  const Ran r = run_racestress(RACESTRESS_BIN, {"list", "--scenarios"});
  std::size_t last = 0;
  std::string last_name = "(start)";
  for (const std::string& scenario : lines_of(r.out)) {
    const auto at = index.find("](" + scenario + ".md)");
    if (at == std::string::npos) continue;  // a scenario without a page yet
    EXPECT_GT(at, last) << scenario << " is indexed before " << last_name;
    last = at;
    last_name = scenario;
  }
}

}  // namespace
}  // namespace racestress
