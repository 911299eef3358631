#include "racelab/point.h"

#include "engine.h"

namespace racelab::detail {

void on_point(ActorContext* actor, const char* label, PointValue value,
              const std::source_location& where) {
  actor->engine->at_point(*actor, label, value, where);
}

std::vector<Event> to_events(const std::vector<RawEvent>& raw) {
  std::vector<Event> events;
  events.reserve(raw.size());
  for (const RawEvent& r : raw) {
    Event e;
    e.actor = r.actor;
    e.kind = r.kind;
    e.label = r.label;
    e.has_value = r.value.present;
    e.value = r.value.value;
    e.file = r.file;
    e.line = r.line;
    events.push_back(std::move(e));
  }
  return events;
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
      std::string file = a.last_file;
      const auto slash = file.rfind('/');
      if (slash != std::string::npos) file = file.substr(slash + 1);
      out += " (" + file + ":" + std::to_string(a.last_line) + ")";
    }
  }
  return out;
}

}  // namespace racelab::detail
