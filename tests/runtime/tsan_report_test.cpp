// The TSan report parser, on a report captured from a real run of lost_update/buggy under the
// harness (paths rewritten to /src/racelab), and on made-up edge cases.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tsan_report.h"

namespace racestress {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(TsanReport, ParsesARealDataRaceReport) {
  const std::string text = read_file(std::string(RACELAB_TEST_DATA) + "/tsan_lost_update_buggy.log");
  ASSERT_FALSE(text.empty());
  const auto findings = parse_tsan_reports(text);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].kind, "data race");
  EXPECT_EQ(findings[0].location, "buggy.cpp:33");
  EXPECT_EQ(findings[0].function, "add");
  EXPECT_EQ(findings[0].variable, "counter");
  ASSERT_EQ(findings[0].accesses.size(), 2U);
  EXPECT_NE(findings[0].accesses[0].find("Write of size 4"), std::string::npos);
  EXPECT_NE(findings[0].accesses[0].find("buggy.cpp:33"), std::string::npos);
  EXPECT_NE(findings[0].accesses[1].find("Previous read of size 4"), std::string::npos);
  EXPECT_NE(findings[0].accesses[1].find("buggy.cpp:31"), std::string::npos);
}

TEST(TsanReport, OtherKindsAndSeveralReports) {
  const std::string text =
      "==================\n"
      "WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock) (pid=1)\n"
      "SUMMARY: ThreadSanitizer: lock-order-inversion (potential deadlock) /a/transfer.cpp:20 in move\n"
      "==================\n"
      "WARNING: ThreadSanitizer: data race (pid=1)\n"
      "  Read of size 8 at 0x1 by main thread:\n"
      "    #0 f /a/b.cpp:7:3 (x+0x1)\n"
      "SUMMARY: ThreadSanitizer: data race /a/b.cpp:7:3 in f\n"
      "ThreadSanitizer: reported 2 warnings\n";
  const auto findings = parse_tsan_reports(text);
  ASSERT_EQ(findings.size(), 2U);
  EXPECT_EQ(findings[0].kind, "lock-order-inversion (potential deadlock)");
  EXPECT_EQ(findings[0].location, "transfer.cpp:20");
  EXPECT_EQ(findings[1].location, "b.cpp:7:3");
  ASSERT_EQ(findings[1].accesses.size(), 1U);
  EXPECT_EQ(findings[1].accesses[0], "Read of size 8 at 0x1 by main thread at b.cpp:7");
}

TEST(TsanReport, NothingInNothingOut) {
  EXPECT_TRUE(parse_tsan_reports("").empty());
  EXPECT_TRUE(parse_tsan_reports("some unrelated stderr\n").empty());
}

}  // namespace
}  // namespace racestress
