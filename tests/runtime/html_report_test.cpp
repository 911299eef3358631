// The HTML study page: every variant in the comparison table, its verdicts coloured by whether
// they are what it declares, the failing interleaving as a step table, and everything escaped.
#include "html_report.h"

#include <gtest/gtest.h>

namespace racestress {
namespace {

VariantResult failing_variant() {
  VariantResult r;
  r.scenario = "withdraw";
  r.variant = "split_lock";
  r.summary = "check <then> act";
  r.expected = racelab::HarnessExpect::fail;
  r.tsan_expected = racelab::TsanExpect::clean;
  r.checker_expected = {"racecheck-check-then-act"};
  r.verdict = HarnessVerdict::fail;
  r.report.runs = 10;
  r.report.failing_runs = 4;
  racelab::Failure f;
  f.schedule = "AB2A";
  f.message = "balance -100";
  f.trace.actors = 2;
  f.trace.events.push_back({0, racelab::EventKind::point, "checks balance", true, 100, "split_lock.cpp", 39});
  f.trace.events.push_back({1, racelab::EventKind::blocked, "waits for mutex", false, 0, "", 0});
  r.report.first_failure = f;
  r.tsan = TsanVerdict::clean;
  r.checker = std::vector<std::string>{};  // ran, found nothing: not what it declares
  return r;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(HtmlReport, ColoursEachVerdictByWhetherItIsAsDeclared) {
  const std::string html = render_html_report({failing_variant()}, "racestress run withdraw");
  EXPECT_NE(html.find("<td class=\"ok\">fail 4/10</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"ok\">clean</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"bad\">none</td>"), std::string::npos);
}

TEST(HtmlReport, ShowsTheFailingInterleavingOneColumnPerActor) {
  const std::string html = render_html_report({failing_variant()}, "racestress run withdraw");
  EXPECT_NE(html.find("<th>thread A</th><th>thread B</th>"), std::string::npos);
  EXPECT_NE(html.find("<tr><td>1</td><td class=\"actor0\">checks balance &rarr; <b>100</b>"), std::string::npos);
  EXPECT_NE(html.find("<tr><td>2</td><td></td><td class=\"actor1\"><i>(waits for mutex)</i>"), std::string::npos);
  EXPECT_NE(html.find("racestress replay withdraw/split_lock --schedule AB2A"), std::string::npos);
}

TEST(HtmlReport, EscapesTextFromTheVariants) {
  const std::string html = render_html_report({failing_variant()}, "racestress run <x>");
  EXPECT_EQ(html.find("check <then> act"), std::string::npos);
  EXPECT_NE(html.find("check &lt;then&gt; act"), std::string::npos);
  EXPECT_NE(html.find("racestress run &lt;x&gt;"), std::string::npos);
}

TEST(HtmlReport, ColumnsThatDidNotRunAreGreyNotGreen) {
  VariantResult r = failing_variant();
  r.tsan = TsanVerdict::not_run;
  r.checker.reset();
  const std::string html = render_html_report({r, r}, "racestress run withdraw");
  EXPECT_EQ(count(html, "<td class=\"notrun\">not-run</td>"), 4u);
  EXPECT_EQ(count(html, "<section id=\"withdraw/split_lock\">"), 2u);
}

TEST(HtmlReport, ASkippedVariantIsGreyAndSaysWhy) {
  VariantResult r = failing_variant();
  r.verdict = HarnessVerdict::skipped;
  r.harness_note = "PostgreSQL is not installed";
  r.report = racelab::Report{};
  const std::string html = render_html_report({r}, "racestress run withdraw");
  EXPECT_NE(html.find("<td class=\"notrun\">skipped</td>"), std::string::npos);
  EXPECT_NE(html.find("PostgreSQL is not installed"), std::string::npos);
}

}  // namespace
}  // namespace racestress
