// What the harness keeps per actor, and the interface both execution engines (controlled
// and free) offer to the instrumentation points and the actor threads.
#pragma once

#include <pthread.h>

#include <source_location>
#include <string>
#include <vector>

#include "racelab/point.h"
#include "racelab/report.h"
#include "rng.h"

namespace racelab::detail {

// Traces keep the first this many events of a run: enough for any step table a person reads,
// and long runs do not pay for recording every point.
constexpr std::size_t kMaxRecordedEvents = 4096;

struct RawEvent {
  int actor = 0;
  EventKind kind = EventKind::point;
  const char* label = "";
  PointValue value;
  const char* file = "";
  int line = 0;
  long long seq = 0;  // global order of the event in the run
  bool task = false;  // `actor` is an event-loop task, not a thread
};

class Engine;
class ControlledScheduler;

struct ActorContext {
  int index = 0;
  Engine* engine = nullptr;
  ControlledScheduler* controlled = nullptr;  // set in controlled mode, for the pthread hooks
  Rng rng;
  const char* last_label = "start";
  const char* last_file = "";
  int last_line = 0;
  std::vector<RawEvent> events;  // free mode: this actor's own events
  std::string error;             // what the actor threw, if it threw
  int task = -1;                 // the event-loop task it is running, or -1
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual void at_point(ActorContext& actor, const char* label, PointValue value,
                        const std::source_location& where) = 0;
  // racelab::wait_point: the actor waits for something only another actor can do.
  virtual void at_wait_point(ActorContext& actor, const char* label,
                             const std::source_location& where) = 0;
  virtual void actor_finished(ActorContext& actor) = 0;
};

// How one run ended, before the invariant is looked at.
struct RunEnd {
  enum Kind { completed, deadlock, hang } kind = completed;
  std::string message;  // for deadlock and hang: each actor's state and last point
};

std::vector<Event> to_events(const std::vector<RawEvent>& raw);
// A trace of `actors` threads; wider when the events came from more event-loop tasks.
Trace make_trace(int actors, const std::vector<RawEvent>& raw);
// The column an event belongs to: the event-loop task if one runs, else the thread.
inline int event_column(const ActorContext& a) { return a.task >= 0 ? a.task : a.index; }
std::string describe_actor_positions(const std::vector<ActorContext*>& actors,
                                     const std::vector<std::string>& states);

}  // namespace racelab::detail
