// Under the tsan preset: the harness must not hide the race it provokes. racestress (built
// with TSan, the real TSan runtime) runs each variant in a child process and parses TSan's
// reports: buggy draws a data race on `counter`, the three others draw none.
#include <gtest/gtest.h>

#include <sstream>

#include "child_process.h"
#include "json.h"

namespace racestress {
namespace {

std::vector<JsonValue> run_json(const char* binary, std::vector<std::string> args, int& code) {
  args.insert(args.begin(), binary);
  const std::string scratch = make_temp_dir("tsan-verdict-test");
  const ChildResult r = run_child(args, {}, 600, scratch);
  remove_tree(scratch);
  code = r.exit_code;
  std::vector<JsonValue> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (auto v = JsonValue::parse(line)) lines.push_back(*v);
  }
  return lines;
}

TEST(TsanVerdict, BuggyRacesAndTheOthersAreClean) {
  int code = -1;
  const auto lines =
      run_json(RACESTRESS_BIN, {"run", "lost_update/buggy", "lost_update/mutex",
                             "lost_update/atomic", "lost_update/atomic_load_store", "--iterations", "500", "--format", "json", "--no-checker"}, code);
  EXPECT_EQ(code, 0);
  ASSERT_EQ(lines.size(), 4U);
  for (const auto& j : lines) {
    const std::string variant = j["variant"].as_string();
    if (variant == "buggy") {
      EXPECT_EQ(j["tsan"].as_string(), "race");
      ASSERT_FALSE(j["tsan_reports"].items().empty());
      const JsonValue& report = j["tsan_reports"].items()[0];
      EXPECT_EQ(report["kind"].as_string(), "data race");
      EXPECT_EQ(report["location"].as_string(), "buggy.cpp:33");
      EXPECT_EQ(report["variable"].as_string(), "counter");
      // The harness's own code must not appear in any report.
      for (const auto& r : j["tsan_reports"].items()) {
        EXPECT_EQ(r["location"].as_string().find("runtime/src"), std::string::npos);
        EXPECT_NE(r["location"].as_string().find("buggy.cpp"), std::string::npos) << r["location"].as_string();
      }
      EXPECT_EQ(j["verdict"].as_string(), "fail");
    } else {
      EXPECT_EQ(j["tsan"].as_string(), "clean") << variant;
      EXPECT_TRUE(j["tsan_reports"].is_null()) << variant;
    }
  }
}

TEST(TsanVerdict, AnUnexpectedReportExits66) {
  int code = -1;
  const auto lines = run_json(RACESTRESS_FIXTURE_BIN,
                              {"run", "selftest/unexpected_race", "--iterations", "100", "--format", "json", "--no-checker"},
                              code);
  EXPECT_EQ(code, 66);
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0]["verdict"].as_string(), "pass");
  EXPECT_EQ(lines[0]["tsan"].as_string(), "race");
}

}  // namespace
}  // namespace racestress
