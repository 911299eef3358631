// racelab/point.h: instrumentation points, the places where the harness may switch actors.
//
//   int seen = counter;
//   racelab::point("read counter", seen);   // records (actor, label, value), may switch
//   counter = seen + 1;
//   racelab::point("write counter", seen + 1);
//
// Outside a harness run a point costs one thread-local load and a branch. Inside one it
// records an event in the run's trace and is a scheduling point: in controlled mode the
// harness picks which actor runs next, in free mode it may yield or spin for a moment.
#pragma once

#include <cstdint>
#include <source_location>
#include <type_traits>

namespace racelab {
namespace detail {

struct ActorContext;

// Null on every thread that is not running an actor of a harness run. `__thread` rather
// than `thread_local` so the access compiles to a plain TLS load, with no init wrapper.
extern __thread ActorContext* current_actor;

struct PointValue {
  long long value = 0;
  bool present = false;
};

void on_point(ActorContext* actor, const char* label, PointValue value,
              const std::source_location& where);
void on_wait_point(ActorContext* actor, const char* label, const std::source_location& where);

template <class T>
PointValue to_point_value(const T& v) {
  if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) {
    return {static_cast<long long>(v), true};
  } else {
    return {};
  }
}

}  // namespace detail

// An instrumentation point that also records the value the actor just read or wrote.
template <class T>
inline void point(const char* label, const T& value,
                  const std::source_location& where = std::source_location::current()) {
  if (detail::ActorContext* actor = detail::current_actor) [[unlikely]] {
    detail::on_point(actor, label, detail::to_point_value(value), where);
  }
}

// An instrumentation point with no value.
inline void point(const char* label,
                  const std::source_location& where = std::source_location::current()) {
  if (detail::ActorContext* actor = detail::current_actor) [[unlikely]] {
    detail::on_point(actor, label, {}, where);
  }
}

// A point where the actor cannot go on until another actor does something: it polls a lock
// another connection holds, a database another connection keeps busy, a flag another thread
// will set. Call it once per unsuccessful look, then look again:
//
//   while (!ready.load()) racelab::wait_point("waits for ready");
//
// In controlled mode the actor is then treated like one blocked on a mutex: it is not picked
// while another actor can run, until some other actor has taken a step (its wait may be over
// then). So PCT does not run a waiting high-priority actor forever, random picks the others,
// and exhaustive does not explore endless repeats of the same look. When every runnable actor
// is waiting, one of them looks again. In free mode the actor yields the processor.
inline void wait_point(const char* label,
                       const std::source_location& where = std::source_location::current()) {
  if (detail::ActorContext* actor = detail::current_actor) [[unlikely]] {
    detail::on_wait_point(actor, label, where);
  }
}

// True when the calling thread runs an actor of a harness run.
inline bool in_harness() { return detail::current_actor != nullptr; }

}  // namespace racelab

// Macro spelling for code that prefers one.
#define RACELAB_POINT(...) ::racelab::point(__VA_ARGS__)
