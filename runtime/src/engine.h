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
  std::string state = {};  // StressTest::describe_state() after the event, when recorded
  std::string detail = {};  // appended to the label: which mutex, who holds it (sync steps)
};

class Engine;
class BlockingCalls;

struct ActorContext {
  int index = 0;
  Engine* engine = nullptr;
  BlockingCalls* controlled = nullptr;  // set in controlled mode, for the pthread hooks
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

// What the lower layers (the pthread hooks, the event loop's ready queue, the virtual clock)
// ask of an engine that decides who runs: controlled mode's. They see this interface, not the
// scheduler. `deadline` is null for an untimed lock or wait; a timed one never sleeps: whether
// it times out is a scheduling choice, like who runs next.
class BlockingCalls {
 public:
  // The event loop's ready queue: which of the ready tasks runs next (an index into tasks).
  virtual int choose_task(const int* tasks, int count, int current_task) = 0;
  virtual int lock(ActorContext& actor, pthread_mutex_t* mutex, clockid_t clock, const timespec* deadline) = 0;
  virtual int unlock(ActorContext& actor, pthread_mutex_t* mutex) = 0;
  virtual int cond_wait(ActorContext& actor, pthread_cond_t* cond, pthread_mutex_t* mutex, clockid_t clock,
                        const timespec* deadline) = 0;
  virtual void cond_signal(pthread_cond_t* cond, bool all) = 0;
  // A trylock (std::mutex::try_lock, and std::lock's tries): not a scheduling point; when it
  // took the mutex, the actor now holds it. With Options::record_sync the trace shows the try.
  virtual void tried_lock(ActorContext& actor, pthread_mutex_t* mutex, bool taken) = 0;
  // A synchronisation step the engine does not see itself (co_await suspend and resume), for
  // the trace when Options::record_sync.
  virtual void sync_step(ActorContext& actor, const char* label) = 0;

 protected:
  ~BlockingCalls() = default;
};

// How one run ended, before the invariant is looked at.
struct RunEnd {
  enum Kind { completed, deadlock, hang } kind = completed;
  std::string message;  // for deadlock and hang: each actor's state and last point
};

// A trace of `actors` threads; wider when the events came from more event-loop tasks.
Trace make_trace(int actors, const std::vector<RawEvent>& raw);
// The column an event belongs to: the event-loop task if one runs, else the thread.
inline int event_column(const ActorContext& a) { return a.task >= 0 ? a.task : a.index; }
std::string describe_actor_positions(const std::vector<ActorContext*>& actors,
                                     const std::vector<std::string>& states);

}  // namespace racelab::detail
