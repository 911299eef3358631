// The step table: one column per actor, the values read and written, the source line.
#include <gtest/gtest.h>

#include "racelab/report.h"

namespace racelab {
namespace {

Event point(int actor, const char* label, long long value, int line) {
  Event e;
  e.actor = actor;
  e.label = label;
  e.has_value = true;
  e.value = value;
  e.file = "/src/examples/lost_update/buggy.cpp";
  e.line = line;
  return e;
}

TEST(StepTable, OneColumnPerActorWithValuesAndLines) {
  Trace t;
  t.actors = 2;
  t.events = {point(0, "read counter", 0, 31), point(1, "read counter", 0, 31), point(0, "write counter", 1, 33),
              point(1, "write counter", 1, 33)};
  const std::string table = render_step_table(t);
  const std::string expected =
      "step | thread A                            | thread B\n"
      "1    | A: read counter -> 0  buggy.cpp:31  |\n"
      "2    |                                     | B: read counter -> 0  buggy.cpp:31\n"
      "3    | A: write counter -> 1  buggy.cpp:33 |\n"
      "4    |                                     | B: write counter -> 1  buggy.cpp:33\n";
  EXPECT_EQ(table, expected);
}

TEST(StepTable, BlockedStepsAndLongTracesAreShownSo) {
  Trace t;
  t.actors = 2;
  Event blocked;
  blocked.actor = 1;
  blocked.kind = EventKind::blocked;
  blocked.label = "waits for a mutex";
  t.events.push_back(blocked);
  for (int i = 0; i < 5; ++i) t.events.push_back(point(0, "read counter", i, 31));
  const std::string table = render_step_table(t, 3);
  EXPECT_NE(table.find("B: (waits for a mutex)"), std::string::npos) << table;
  EXPECT_NE(table.find("... 3 more steps"), std::string::npos) << table;
}

TEST(StepTable, ActorNamesGoPastZ) {
  EXPECT_EQ(actor_name(0), "A");
  EXPECT_EQ(actor_name(25), "Z");
  EXPECT_EQ(actor_name(26), "a");
}

}  // namespace
}  // namespace racelab

namespace racelab {
namespace {

TEST(Mermaid, OneParticipantPerActorAndTheSharedStateBetween) {
  Trace t;
  t.actors = 2;
  Event read;
  read.actor = 0;
  read.label = "read counter";
  read.has_value = true;
  read.value = 0;
  Event blocked;
  blocked.actor = 1;
  blocked.kind = EventKind::blocked;
  blocked.label = "waits for a mutex";
  t.events = {read, blocked};
  EXPECT_EQ(render_mermaid(t),
            "sequenceDiagram\n"
            "  participant A as thread A\n"
            "  participant S as shared state\n"
            "  participant B as thread B\n"
            "  A->>S: read counter = 0\n"
            "  Note over B: waits for a mutex\n");
}

}  // namespace
}  // namespace racelab
