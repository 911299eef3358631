#include "racelab/point.h"

#include <algorithm>
#include <filesystem>

#include "engine.h"
#include "racelab/async.h"

namespace racelab::detail {

void on_point(ActorContext* actor, const char* label, PointValue value,
              const std::source_location& where) {
  actor->engine->at_point(*actor, label, value, where);
}

void on_wait_point(ActorContext* actor, const char* label, const std::source_location& where) {
  actor->engine->at_wait_point(*actor, label, where);
}

namespace {

std::vector<Event> to_events(const std::vector<RawEvent>& raw) {
  std::vector<Event> events;
  events.reserve(raw.size());
  for (const RawEvent& r : raw) {
    Event e;
    e.actor = r.actor;
    e.kind = r.kind;
    e.label = std::string(r.label) + r.detail;
    e.has_value = r.value.present;
    e.value = r.value.value;
    e.file = r.file;
    e.line = r.line;
    e.state = r.state;
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace

Trace make_trace(int actors, const std::vector<RawEvent>& raw) {
  Trace t;
  t.actors = actors;
  for (const RawEvent& e : raw) {
    t.actors = std::max(t.actors, e.actor + 1);
    if (e.task) t.columns = "task";
  }
  t.events = to_events(raw);
  return t;
}

int choose_ready_task(const int* tasks, int count, int current_task) {
  if (count <= 1) return 0;
  ActorContext* actor = current_actor;
  if (actor == nullptr) return 0;  // outside the harness: first in, first out
  if (actor->controlled != nullptr) return actor->controlled->choose_task(tasks, count, current_task);
  return static_cast<int>(actor->rng.below(static_cast<std::uint64_t>(count)));
}

void record_sync_step(const char* label) {
  ActorContext* actor = current_actor;
  if (actor != nullptr && actor->controlled != nullptr) actor->controlled->sync_step(*actor, label);
}

void set_current_task(int task) {
  if (ActorContext* actor = current_actor) actor->task = task;
}

std::string describe_actor_positions(const std::vector<ActorContext*>& actors,
                                     const std::vector<std::string>& states) {
  std::string out;
  for (std::size_t i = 0; i < actors.size(); ++i) {
    if (!out.empty()) out += "; ";
    const ActorContext& a = *actors[i];
    out += actor_name(static_cast<int>(i));
    out += " ";
    out += states[i];
    out += ", last point \"";
    out += a.last_label;
    out += "\"";
    if (a.last_line > 0) {
      const std::string file = std::filesystem::path(a.last_file).filename().string();
      out += " (" + file + ":" + std::to_string(a.last_line) + ")";
    }
  }
  return out;
}

}  // namespace racelab::detail
