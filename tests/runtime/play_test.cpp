// Named steps (racelab/play.h) and the strategies that follow a schedule: parsing, matching a
// name to a point's label, the play strategy's picks, and what a replay says when its
// schedule does not fit.
#include <gtest/gtest.h>

#include "engine.h"
#include "racelab/play.h"
#include "strategy.h"

namespace racelab {
namespace {

TEST(PlaySteps, ParsesActorsAndNames) {
  const auto steps = parse_play_steps("A.read  B.read_counter b.Write C");
  ASSERT_TRUE(steps);
  ASSERT_EQ(steps->size(), 4U);
  EXPECT_EQ((*steps)[0].actor, 0);
  EXPECT_EQ((*steps)[0].name, "read");
  EXPECT_EQ((*steps)[1].name, "read_counter");
  EXPECT_EQ((*steps)[2].actor, 27);  // lower case b, as in schedule strings
  EXPECT_EQ((*steps)[2].name, "write");
  EXPECT_EQ((*steps)[3].text(), "C");
}

TEST(PlaySteps, RejectsMalformedWordsWithTheWord) {
  for (const char* bad : {"", "   ", "AB.read", "7", "A.", "A.!!", "?.read"}) {
    std::string error;
    EXPECT_FALSE(parse_play_steps(bad, &error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
  std::string error;
  parse_play_steps("A.read AB.write", &error);
  EXPECT_NE(error.find("'AB.write'"), std::string::npos) << error;
}

TEST(PlaySteps, ANameMatchesTheLabelOrItsFirstWords) {
  EXPECT_EQ(step_name("debits, balance now"), "debits_balance_now");
  EXPECT_TRUE(step_matches("read", "read counter"));
  EXPECT_TRUE(step_matches("read_counter", "read counter"));
  EXPECT_TRUE(step_matches("debits_balance", "debits, balance now"));
  EXPECT_TRUE(step_matches("", "anything"));
  EXPECT_FALSE(step_matches("rea", "read counter"));  // whole words only
  EXPECT_FALSE(step_matches("write", "read counter"));
}

TEST(PlaySteps, ShortNamesAreFirstWordsUnlessTheyClash) {
  EXPECT_EQ(short_step_names({"read counter", "write counter"}), (std::vector<std::string>{"read", "write"}));
  EXPECT_EQ(short_step_names({"owner takes a request for", "owner answers, balance now", "customer sent"}),
            (std::vector<std::string>{"customer", "owner_answers", "owner_takes"}));
}

detail::RawEvent point_event(int actor, const char* label) {
  detail::RawEvent e;
  e.actor = actor;
  e.label = label;
  return e;
}

detail::Decision decision(detail::ActorMask enabled, int current, const std::vector<detail::RawEvent>& events) {
  detail::Decision d;
  d.enabled = enabled;
  d.current = current;
  d.events = &events;
  return d;
}

TEST(PlayStrategy, PicksTheActorOfTheNextStepAndSkipsABlockedOne) {
  auto s = detail::make_play_strategy("A.read B.read A.write B.write");
  s->begin_run(0);
  std::vector<detail::RawEvent> events;
  EXPECT_EQ(s->pick(decision(0b11, -1, events)), 0);
  events.push_back(point_event(0, "read counter"));
  EXPECT_EQ(s->pick(decision(0b11, 0, events)), 1);
  // B waits for a lock A holds: A's next step goes first.
  EXPECT_EQ(s->pick(decision(0b01, -1, events)), 0);
  events.push_back(point_event(0, "write counter"));
  EXPECT_EQ(s->pick(decision(0b11, 0, events)), 1);
  events.push_back(point_event(1, "read counter"));
  events.push_back(point_event(1, "write counter"));
  s->end_events(events);
  EXPECT_FALSE(s->diverged()) << s->divergence();
}

TEST(PlayStrategy, APointThatIsNotTheNamedStepDiverges) {
  auto s = detail::make_play_strategy("A.write");
  s->begin_run(0);
  std::vector<detail::RawEvent> events;
  EXPECT_EQ(s->pick(decision(0b11, -1, events)), 0);
  events.push_back(point_event(0, "read counter"));
  s->pick(decision(0b11, 0, events));
  ASSERT_TRUE(s->diverged());
  EXPECT_NE(s->divergence().find("A.write"), std::string::npos) << s->divergence();
  EXPECT_NE(s->divergence().find("'read counter'"), std::string::npos) << s->divergence();
}

TEST(PlayStrategy, StepsLeftWhenTheRunEndsDiverge) {
  auto s = detail::make_play_strategy("A.read B.read");
  s->begin_run(0);
  std::vector<detail::RawEvent> events = {point_event(0, "read counter")};
  s->end_events(events);
  ASSERT_TRUE(s->diverged());
  EXPECT_NE(s->divergence().find("B.read"), std::string::npos) << s->divergence();
}

TEST(ReplayStrategy, AnActorThatCannotRunIsNamedWithTheActorsThatCould) {
  auto s = detail::make_replay_strategy(*decode_schedule("ZZZ"));
  s->begin_run(0);
  std::vector<detail::RawEvent> events;
  s->pick(decision(0b11, -1, events));
  ASSERT_TRUE(s->diverged());
  EXPECT_NE(s->divergence().find("picks Z, but only A, B could run"), std::string::npos) << s->divergence();
}

}  // namespace
}  // namespace racelab
