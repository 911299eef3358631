// Under the tsan preset: the harness must not hide the race it provokes. racestress (built
// with TSan, the real TSan runtime) runs each variant in a child process and parses TSan's
// reports: buggy draws a data race on `counter`, the three others draw none.
#include <gtest/gtest.h>

#include <sstream>

#include "child_process.h"
#include "run_racestress.h"

namespace racestress {
namespace {

std::vector<nlohmann::json> run_json(const char* binary, std::vector<std::string> args, int& code) {
  args.insert(args.begin(), binary);
  const std::string scratch = make_temp_dir("tsan-verdict-test");
  const ChildResult r = run_child(args, {}, 600, scratch);
  remove_tree(scratch);
  code = r.exit_code;
  return json_lines(r.out);
}

TEST(TsanVerdict, BuggyRacesAndTheOthersAreClean) {
  int code = -1;
  const auto lines =
      run_json(RACESTRESS_BIN, {"run", "lost_update/buggy", "lost_update/mutex",
                             "lost_update/atomic", "lost_update/atomic_load_store", "--iterations", "500", "--format", "json", "--no-checker"}, code);
  EXPECT_EQ(code, 0);
  ASSERT_EQ(lines.size(), 4U);
  for (const auto& j : lines) {
    const std::string variant = j["variant"].get<std::string>();
    if (variant == "buggy") {
      EXPECT_EQ(j["tsan"].get<std::string>(), "race");
      ASSERT_FALSE(j["tsan_reports"].empty());
      const nlohmann::json& report = j["tsan_reports"][0];
      EXPECT_EQ(report["kind"].get<std::string>(), "data race");
      EXPECT_EQ(report["location"].get<std::string>(), "buggy.cpp:33");
      EXPECT_EQ(report["variable"].get<std::string>(), "counter");
      // The harness's own code must not appear in any report.
      for (const auto& r : j["tsan_reports"]) {
        EXPECT_EQ(r["location"].get<std::string>().find("runtime/src"), std::string::npos);
        EXPECT_NE(r["location"].get<std::string>().find("buggy.cpp"), std::string::npos) << r["location"].get<std::string>();
      }
      EXPECT_EQ(j["verdict"].get<std::string>(), "fail");
    } else {
      EXPECT_EQ(j["tsan"].get<std::string>(), "clean") << variant;
      EXPECT_FALSE(j.contains("tsan_reports")) << variant;
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
  EXPECT_EQ(lines[0]["verdict"].get<std::string>(), "pass");
  EXPECT_EQ(lines[0]["tsan"].get<std::string>(), "race");
}

}  // namespace
}  // namespace racestress
