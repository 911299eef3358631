// A variant whose environment is missing (no PostgreSQL server here) is reported as skipped,
// in text, JSON lines and JUnit, and is not a failure; a run where everything was skipped
// fails loudly with exit 4, since nothing was tested.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "child_process.h"
#include "run_racestress.h"

namespace racestress {
namespace {

Ran racestress(const std::vector<std::string>& args, const char* binary,
               const std::map<std::string, std::string>& env = {}) {
  return run_racestress(binary, args, env);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(RacestressSkip, ASkippedVariantIsNotAFailure) {
  const Ran r = racestress({"run", "selftest/unavailable", "lost_update/mutex", "--iterations", "100", "--no-checker"},
                           RACESTRESS_FIXTURE_BIN);
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("harness: skipped: needs a frobnicator, and this machine has none"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("NO ("), std::string::npos) << r.out;
}

TEST(RacestressSkip, JsonAndJUnitSaySkipped) {
  const std::string scratch = make_temp_dir("racestress-skip-junit");
  const std::string junit = scratch + "/junit.xml";
  const Ran r = racestress({"run", "selftest/unavailable", "lost_update/mutex", "--iterations", "100", "--format",
                            "json", "--junit", junit, "--no-checker"},
                           RACESTRESS_FIXTURE_BIN);
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  const std::vector<nlohmann::json> json = json_lines(r.out);
  ASSERT_EQ(json.size(), 2U) << r.out;
  EXPECT_EQ(json[0]["verdict"].get<std::string>(), "skipped");
  EXPECT_EQ(json[0]["runs"].get<long long>(), 0);
  EXPECT_EQ(json[0]["harness_note"].get<std::string>(), "needs a frobnicator, and this machine has none");
  EXPECT_EQ(json[1]["verdict"].get<std::string>(), "pass");
  const std::string xml = read_file(junit);
  remove_tree(scratch);
  EXPECT_EQ(count(xml, "<skipped message=\"needs a frobnicator"), 1) << xml;
  EXPECT_NE(xml.find("failures=\"0\" skipped=\"1\""), std::string::npos) << xml;
  EXPECT_EQ(count(xml, "<failure"), 0) << xml;
}

TEST(RacestressSkip, EverythingSkippedExitsFourAndSaysWhy) {
  const Ran r = racestress({"run", "selftest/unavailable", "--no-checker"}, RACESTRESS_FIXTURE_BIN);
  EXPECT_EQ(r.code, 4) << r.out << r.err;
  EXPECT_NE(r.err.find("racestress: nothing ran: every selected variant was skipped"), std::string::npos) << r.err;
}

// The PostgreSQL variants, told (the way the ctest fixture tells them) that PostgreSQL is not
// installed: skipped, without a child process trying to start a server.
TEST(RacestressSkip, PostgresVariantsAreSkippedWithoutPostgres) {
  const std::string scratch = make_temp_dir("racestress-skip-pg");
  const std::string file = scratch + "/pg-server.env";
  std::ofstream(file) << "RACELAB_PG_UNAVAILABLE='PostgreSQL is not installed'\n";
  const Ran r = racestress({"run", "withdraw/pg_read_committed", "withdraw/buggy", "--iterations", "100", "--format",
                            "json", "--no-checker"},
                           RACESTRESS_BIN, {{"RACELAB_PG_CONNINFO", ""}, {"RACELAB_PG_CONNINFO_FILE", file}});
  remove_tree(scratch);
  // withdraw/buggy races on purpose, so a TSan build may add its own verdict; the skip is the point.
  const std::vector<nlohmann::json> json = json_lines(r.out);
  ASSERT_EQ(json.size(), 2U) << r.out << r.err;
  EXPECT_EQ(json[0]["verdict"].get<std::string>(), "skipped");
  EXPECT_NE(json[0]["harness_note"].get<std::string>().find("PostgreSQL is not installed"), std::string::npos);
  EXPECT_EQ(json[1]["verdict"].get<std::string>(), "fail");
  EXPECT_EQ(r.code, 0) << r.err;
}

}  // namespace
}  // namespace racestress
