// JSON: the reader, racecheck's output format, and the variant result round trip between the
// child racestress and its parent.
#include <gtest/gtest.h>

#include "checker_client.h"
#include "json.h"
#include "variant_result.h"

namespace racestress {
namespace {

TEST(Json, ParsesNestedValues) {
  auto v = JsonValue::parse(R"({"a":[1,2.5,-3e2],"b":{"c":"x\"y\u0041"},"d":true,"e":null})");
  ASSERT_TRUE(v.has_value());
  ASSERT_EQ((*v)["a"].items().size(), 3U);
  EXPECT_EQ((*v)["a"].items()[1].as_number(), 2.5);
  EXPECT_EQ((*v)["a"].items()[2].as_number(), -300);
  EXPECT_EQ((*v)["b"]["c"].as_string(), "x\"yA");
  EXPECT_TRUE((*v)["d"].as_bool());
  EXPECT_TRUE((*v)["e"].is_null());
  EXPECT_TRUE((*v)["missing"].is_null());
}

TEST(Json, RejectsMalformedText) {
  std::string error;
  EXPECT_FALSE(JsonValue::parse("{\"a\":}", &error).has_value());
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(JsonValue::parse("[1,2", nullptr).has_value());
  EXPECT_FALSE(JsonValue::parse("{} x", nullptr).has_value());
}

TEST(Json, QuotesControlCharacters) {
  EXPECT_EQ(json_quote("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\u0001\"");
}

TEST(CheckerJson, ReadsRacechecksFindings) {
  const std::string out =
      R"({"findings":[{"rule":"racecheck-unsynchronized-write","file":"/x/buggy.cpp","line":33,"column":5,"message":"m"}],"files":1})";
  std::string error;
  auto findings = parse_checker_json(out + "\n", &error);
  ASSERT_TRUE(findings.has_value()) << error;
  ASSERT_EQ(findings->size(), 1U);
  EXPECT_EQ((*findings)[0].rule, "racecheck-unsynchronized-write");
  EXPECT_EQ((*findings)[0].line, 33);
  EXPECT_FALSE(parse_checker_json(R"({"results":[]})", &error).has_value());
  EXPECT_TRUE(parse_checker_json(R"({"findings":[]})", &error)->empty());
}

TEST(VariantResultJson, HasTheDocumentedKeysAndRoundTrips) {
  racelab::Variant v;
  v.scenario = "lost_update";
  v.variant = "buggy";
  v.expect = racelab::HarnessExpect::fail;
  v.tsan = racelab::TsanExpect::race;
  v.checker = {"racecheck-unsynchronized-write"};
  VariantResult r = declared(v, {{"threads", 2}});
  r.report.runs = 100;
  r.report.failing_runs = 93;
  r.report.options.seed = 18446744073709551615ULL;
  racelab::Failure f;
  f.run_seed = 18446744073709551614ULL;
  f.schedule = "AB2A";
  f.message = "counter is 5, expected 6";
  f.replays = 1;
  f.reproductions = 1;
  f.trace.actors = 2;
  racelab::Event e;
  e.actor = 1;
  e.label = "read counter";
  e.has_value = true;
  e.value = -4;
  e.line = 31;
  f.trace.events.push_back(e);
  r.report.first_failure = f;
  r.verdict = verdict_of(r.report);

  const std::string line = to_json_line(r);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  auto doc = JsonValue::parse(line);
  ASSERT_TRUE(doc.has_value()) << line;
  for (const char* key : {"scenario", "variant", "expected", "verdict", "runs", "failing_runs", "seed", "tsan",
                          "checker", "checker_expected"}) {
    EXPECT_TRUE(doc->has(key)) << key;
  }
  EXPECT_EQ((*doc)["expected"].as_string(), "fail");
  EXPECT_EQ((*doc)["verdict"].as_string(), "fail");
  EXPECT_EQ((*doc)["tsan"].as_string(), "not-run");
  EXPECT_EQ((*doc)["checker"].as_string(), "not-run");
  EXPECT_EQ((*doc)["checker_expected"].items()[0].as_string(), "racecheck-unsynchronized-write");

  VariantResult back = declared(v, {{"threads", 2}});
  std::string error;
  ASSERT_TRUE(read_harness_json(line, back, error)) << error;
  EXPECT_EQ(back.verdict, "fail");
  EXPECT_EQ(back.report.runs, 100);
  EXPECT_EQ(back.report.options.seed, 18446744073709551615ULL);
  ASSERT_TRUE(back.report.first_failure.has_value());
  EXPECT_EQ(back.report.first_failure->run_seed, 18446744073709551614ULL);
  EXPECT_EQ(back.report.first_failure->schedule, "AB2A");
  EXPECT_TRUE(back.report.first_failure->trace.same_interleaving(f.trace));
  EXPECT_TRUE(back.report.first_failure->reproduced());
}

TEST(VariantResult, MatchesFollowDeclarations) {
  VariantResult r;
  r.expected = "fail";
  r.verdict = "pass";
  EXPECT_FALSE(r.harness_matches());
  r.verdict = "deadlock";
  EXPECT_TRUE(r.harness_matches());
  r.tsan_expected = "clean";
  r.tsan = "not-run";
  EXPECT_TRUE(r.tsan_matches());
  r.tsan = "race";
  EXPECT_FALSE(r.tsan_matches());
  EXPECT_FALSE(r.checker_matches().has_value());
  r.checker = std::vector<std::string>{};
  EXPECT_TRUE(*r.checker_matches());
  r.checker = std::vector<std::string>{"racecheck-unsynchronized-write"};
  EXPECT_FALSE(*r.checker_matches());
}

}  // namespace
}  // namespace racestress
