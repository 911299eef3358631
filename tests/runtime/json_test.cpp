// JSON: racecheck's output format, the variant result round trip between the child racestress
// and its parent, and the child protocol's request and crash record.
#include <gtest/gtest.h>

#include "checker_client.h"
#include "child_protocol.h"
#include "variant_result.h"

namespace racestress {
namespace {

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

TEST(CheckerJson, RejectsMalformedOutputWithAReason) {
  for (const char* text : {"", "{\"findings\":}", "{\"findings\":[{\"rule\":1}]}", "{\"findings\":[{}]}"}) {
    std::string error;
    EXPECT_FALSE(parse_checker_json(text, &error).has_value()) << text;
    EXPECT_FALSE(error.empty()) << text;
  }
}

VariantResult sample_result(const racelab::Variant& v) {
  VariantResult r = declared(v, {{"threads", 2}});
  r.report.runs = 100;
  r.report.failing_runs = 93;
  r.report.options.seed = 18446744073709551615ULL;
  r.report.options.strategy = racelab::StrategyKind::pct;
  r.report.options.pct_depth = 3;
  r.report.pct_steps = 12;
  racelab::Failure f;
  f.run_seed = 18446744073709551614ULL;
  f.schedule = "AB2A";
  f.message = "counter is 5, expected 6";
  f.replays = 1;
  f.reproductions = 1;
  f.trace.actors = 2;
  f.trace.columns = "task";
  racelab::Event e;
  e.actor = 1;
  e.label = "read counter";
  e.has_value = true;
  e.value = -4;
  e.file = "/x/buggy.cpp";
  e.line = 31;
  f.trace.events.push_back(e);
  e.actor = 27;  // 'b'
  e.kind = racelab::EventKind::blocked;
  e.has_value = false;
  e.value = 0;
  f.trace.events.push_back(e);
  r.report.first_failure = f;
  r.verdict = harness_verdict(r.report.verdict());
  return r;
}

racelab::Variant buggy_variant() {
  racelab::Variant v;
  v.scenario = "lost_update";
  v.variant = "buggy";
  v.expect = racelab::HarnessExpect::fail;
  v.tsan = racelab::TsanExpect::race;
  v.checker = {"racecheck-unsynchronized-write"};
  return v;
}

TEST(VariantResultJson, HasTheDocumentedKeys) {
  const VariantResult r = sample_result(buggy_variant());
  const std::string line = json_line(Json(r));
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const auto doc = nlohmann::json::parse(line);
  for (const char* key : {"scenario", "variant", "file", "expected", "verdict", "params", "runs", "failing_runs",
                          "seed", "mode", "strategy", "failure_rate", "failure_ci95", "seconds", "runs_per_second",
                          "steps", "pct", "wedged", "first_failure", "tsan", "tsan_expected", "checker",
                          "checker_expected", "matches"}) {
    EXPECT_TRUE(doc.contains(key)) << key;
  }
  EXPECT_EQ(doc["expected"], "fail");
  EXPECT_EQ(doc["verdict"], "fail");
  EXPECT_EQ(doc["tsan"], "not-run");
  EXPECT_EQ(doc["tsan_expected"], "race");
  EXPECT_EQ(doc["checker"], "not-run");
  EXPECT_EQ(doc["checker_expected"][0], "racecheck-unsynchronized-write");
  EXPECT_EQ(doc["seed"].get<std::uint64_t>(), 18446744073709551615ULL);
  EXPECT_EQ(doc["pct"]["depth"], 3);
  EXPECT_EQ(doc["first_failure"]["run"], 1);
  EXPECT_EQ(doc["first_failure"]["trace"][0]["step"], 1);
  EXPECT_EQ(doc["first_failure"]["trace"][0]["actor"], "B");
  EXPECT_EQ(doc["first_failure"]["trace"][0]["value"], -4);
  EXPECT_FALSE(doc["first_failure"]["trace"][1].contains("value"));
  EXPECT_EQ(doc["first_failure"]["trace"][1]["kind"], "blocked");
  EXPECT_TRUE(doc["matches"]["harness"].get<bool>());
  EXPECT_TRUE(doc["matches"]["tsan"].is_null());
  EXPECT_TRUE(doc["matches"]["checker"].is_null());
}

TEST(VariantResultJson, RoundTrips) {
  VariantResult r = sample_result(buggy_variant());
  r.tsan = TsanVerdict::race;
  r.tsan_findings.push_back({"data race", "buggy.cpp:33", "add", "counter", "", {"Write of size 4 by thread T2"}});
  r.checker = std::vector<std::string>{"racecheck-unsynchronized-write"};
  r.harness_note = "a note";
  const VariantResult back = Json::parse(json_line(Json(r))).get<VariantResult>();
  EXPECT_EQ(back.name(), "lost_update/buggy");
  EXPECT_EQ(back.expected, racelab::HarnessExpect::fail);
  EXPECT_EQ(back.verdict, HarnessVerdict::fail);
  EXPECT_EQ(back.params, r.params);
  EXPECT_EQ(back.report.runs, 100);
  EXPECT_EQ(back.report.options.seed, 18446744073709551615ULL);
  EXPECT_EQ(back.report.options.strategy, racelab::StrategyKind::pct);
  EXPECT_EQ(back.report.pct_steps, 12);
  ASSERT_TRUE(back.report.first_failure.has_value());
  const racelab::Failure& f = *back.report.first_failure;
  EXPECT_EQ(f.run_seed, 18446744073709551614ULL);
  EXPECT_EQ(f.schedule, "AB2A");
  EXPECT_EQ(f.trace.columns, "task");
  EXPECT_TRUE(f.trace.same_interleaving(r.report.first_failure->trace));
  EXPECT_EQ(f.trace.events[1].actor, 27);
  EXPECT_EQ(f.trace.events[0].file, "/x/buggy.cpp");
  EXPECT_TRUE(f.reproduced());
  EXPECT_EQ(back.harness_note, "a note");
  EXPECT_EQ(back.tsan, TsanVerdict::race);
  ASSERT_EQ(back.tsan_findings.size(), 1U);
  EXPECT_EQ(back.tsan_findings[0].variable, "counter");
  ASSERT_TRUE(back.checker.has_value());
  EXPECT_EQ(*back.checker, *r.checker);
}

TEST(VariantResultJson, EveryVerdictHasItsName) {
  for (const auto v : {HarnessVerdict::pass, HarnessVerdict::fail, HarnessVerdict::deadlock, HarnessVerdict::crash,
                       HarnessVerdict::timeout, HarnessVerdict::error, HarnessVerdict::skipped,
                       HarnessVerdict::not_run}) {
    EXPECT_EQ(Json(v).get<std::string>(), to_string(v));
    EXPECT_EQ(Json(v).get<HarnessVerdict>(), v);
  }
  EXPECT_EQ(Json(HarnessVerdict::not_run), "not-run");
  EXPECT_EQ(Json(TsanVerdict::not_run), "not-run");
}

TEST(VariantResultJson, AMalformedReportThrows) {
  EXPECT_THROW((void)Json::parse(R"({"scenario":"x"})").get<VariantResult>(), nlohmann::json::exception);
  const VariantResult r = sample_result(buggy_variant());
  Json j = r;
  j["first_failure"]["trace"][0]["actor"] = "??";
  EXPECT_ANY_THROW((void)j.get<VariantResult>());
}

TEST(ChildProtocol, RequestAndCrashRecordRoundTrip) {
  ChildRequest request;
  request.variant = "lost_update/buggy";
  request.harness.mode = racelab::Mode::free;
  request.harness.seed = 18446744073709551615ULL;
  request.harness.time_budget_seconds = 1.5;
  request.harness.self_replay = false;
  request.harness.exact_run_seed = 7;
  request.params = {{"threads", 3}};
  request.crash_record = "/tmp/x/crash.json";
  const ChildRequest back = Json::parse(json_line(Json(request))).get<ChildRequest>();
  EXPECT_EQ(back.variant, request.variant);
  EXPECT_EQ(back.harness.mode, racelab::Mode::free);
  EXPECT_EQ(back.harness.seed, request.harness.seed);
  EXPECT_EQ(back.harness.time_budget_seconds, 1.5);
  EXPECT_FALSE(back.harness.self_replay);
  EXPECT_EQ(back.harness.exact_run_seed, std::optional<std::uint64_t>(7));
  EXPECT_EQ(back.params, request.params);
  EXPECT_EQ(back.crash_record, request.crash_record);

  // The signal handler spells the record out by hand; this is the shape it writes.
  const CrashRecord crash = Json::parse(R"({"run":3,"run_seed":18446744073709551615})").get<CrashRecord>();
  EXPECT_EQ(crash.run, 3);
  EXPECT_EQ(crash.run_seed, 18446744073709551615ULL);
  EXPECT_EQ(json_line(Json(crash)), R"({"run":3,"run_seed":18446744073709551615})");
}

TEST(VariantResult, MatchesFollowDeclarations) {
  VariantResult r;
  r.expected = racelab::HarnessExpect::fail;
  r.verdict = HarnessVerdict::pass;
  EXPECT_FALSE(r.harness_matches());
  r.verdict = HarnessVerdict::deadlock;
  EXPECT_TRUE(r.harness_matches());
  r.verdict = HarnessVerdict::crash;
  EXPECT_FALSE(r.harness_matches());
  r.verdict = HarnessVerdict::skipped;
  EXPECT_TRUE(r.harness_matches());
  r.tsan_expected = racelab::TsanExpect::clean;
  r.tsan = TsanVerdict::not_run;
  EXPECT_TRUE(r.tsan_matches());
  r.tsan = TsanVerdict::race;
  EXPECT_FALSE(r.tsan_matches());
  r.tsan = TsanVerdict::clean;
  EXPECT_TRUE(r.tsan_matches());
  EXPECT_FALSE(r.checker_matches().has_value());
  r.checker = std::vector<std::string>{};
  EXPECT_TRUE(*r.checker_matches());
  r.checker = std::vector<std::string>{"racecheck-unsynchronized-write"};
  EXPECT_FALSE(*r.checker_matches());
}

}  // namespace
}  // namespace racestress
