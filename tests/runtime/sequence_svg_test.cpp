// The sequence diagram: one arrow per access, one box per lock or wait step, in step order, the
// state column only when the trace has states, and labels escaped so that the SVG stays XML.
#include <gtest/gtest.h>

#include <string>

#include "racelab/report.h"

namespace racelab {
namespace {

Event step(int actor, EventKind kind, const std::string& label, const std::string& state = "") {
  Event e;
  e.actor = actor;
  e.kind = kind;
  e.label = label;
  e.state = state;
  return e;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(SequenceSvg, AnArrowPerAccessAndABoxPerLockOrWaitInStepOrder) {
  Trace t;
  t.actors = 2;
  t.events = {step(0, EventKind::sync, "acquires mutex 1"), step(0, EventKind::point, "read counter"),
              step(1, EventKind::blocked, "waits for mutex 1, held by A"), step(0, EventKind::point, "write counter")};
  const std::string svg = render_sequence_svg(t);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u) << svg;
  EXPECT_EQ(count(svg, "class=\"arrow\""), 2u) << svg;
  EXPECT_EQ(count(svg, "class=\"sync\""), 1u) << svg;
  EXPECT_EQ(count(svg, "class=\"wait\""), 1u) << svg;
  EXPECT_LT(svg.find("[acquires mutex 1]"), svg.find("read counter")) << svg;
  EXPECT_LT(svg.find("(waits for mutex 1, held by A)"), svg.find("write counter")) << svg;
  EXPECT_NE(svg.find(">thread A<"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">shared state<"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("state after the step"), std::string::npos) << "no state was recorded:\n" << svg;
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
}

TEST(SequenceSvg, StatesGetTheirColumnAndTextIsEscaped) {
  Trace t;
  t.actors = 1;
  t.columns = "task";
  t.events = {step(0, EventKind::point, "compares a < b & \"c\"", "map <size 1>")};
  const std::string svg = render_sequence_svg(t);
  EXPECT_NE(svg.find("compares a &lt; b &amp; &quot;c&quot;"), std::string::npos) << svg;
  EXPECT_NE(svg.find("map &lt;size 1&gt;"), std::string::npos) << svg;
  EXPECT_NE(svg.find("state after the step"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">task A<"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("a < b"), std::string::npos) << svg;
}

}  // namespace
}  // namespace racelab
