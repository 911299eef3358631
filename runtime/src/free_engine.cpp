#include "free_engine.h"

#include <sched.h>

#include <algorithm>

#include "tsan_bridge.h"

namespace racelab::detail {

FreeEngine::FreeEngine(ActorPool& pool, double yield_probability)
    : pool_(pool), yield_probability_(yield_probability) {}

RunEnd FreeEngine::run(const StressTest& test, std::uint64_t run_seed, double timeout_seconds) {
  const int n = pool_.size();
  seq_.store(0);
  remaining_.store(n);
  done_.reset();
  for (int i = 0; i < n; ++i) {
    ActorContext& c = pool_.context(i);
    c.engine = this;
    c.controlled = nullptr;
    c.rng = Rng(run_seed + 0x632be59bd9b4e019ULL * static_cast<std::uint64_t>(i + 1));
    c.last_label = "start";
    c.last_file = "";
    c.last_line = 0;
    c.task = -1;
    c.events.clear();
    c.error.clear();
  }
  test.run_setup();
  happens_before(pool_.start_token());
  RunEnd end;
  {
    IgnoreScope ignore;
    for (int i = 0; i < n; ++i) pool_.baton(i).signal();
    if (!done_.wait_for(timeout_seconds)) {
      std::vector<ActorContext*> contexts;
      std::vector<std::string> states(static_cast<std::size_t>(n), "running or done");
      for (int i = 0; i < n; ++i) contexts.push_back(&pool_.context(i));
      end.kind = RunEnd::hang;
      end.message = "run did not finish within the watchdog's " + std::to_string(timeout_seconds) +
                    " s; " + describe_actor_positions(contexts, states);
      return end;
    }
  }
  for (int i = 0; i < n; ++i) happens_after(&pool_.context(i));
  return end;
}

std::vector<RawEvent> FreeEngine::events() const {
  std::vector<RawEvent> all;
  for (int i = 0; i < pool_.size(); ++i) {
    const auto& own = pool_.context(i).events;
    all.insert(all.end(), own.begin(), own.end());
  }
  std::sort(all.begin(), all.end(), [](const RawEvent& a, const RawEvent& b) { return a.seq < b.seq; });
  return all;
}

void FreeEngine::at_point(ActorContext& actor, const char* label, PointValue value,
                          const std::source_location& where) {
  IgnoreScope ignore;
  actor.last_label = label;
  actor.last_file = where.file_name();
  actor.last_line = static_cast<int>(where.line());
  if (actor.events.size() < kMaxRecordedEvents) actor.events.push_back({event_column(actor), EventKind::point, label, value, where.file_name(),
                          static_cast<int>(where.line()), seq_.fetch_add(1, std::memory_order_relaxed),
                          actor.task >= 0});
  if (actor.rng.unit() < yield_probability_) {
    if (actor.rng.below(2) == 0) {
      sched_yield();
    } else {
      // A short spin (up to about a microsecond) widens the window without a system call.
      const auto spins = actor.rng.below(512);
      for (std::uint64_t i = 0; i < spins; ++i) asm volatile("" ::: "memory");
    }
  }
}

// The other actors run in parallel; give them the processor (two cores may be shared by more
// actors than that).
void FreeEngine::at_wait_point(ActorContext& actor, const char* label, const std::source_location& where) {
  at_point(actor, label, {}, where);
  sched_yield();
}

void FreeEngine::actor_finished(ActorContext&) {
  if (remaining_.fetch_sub(1) == 1) done_.signal();
}

}  // namespace racelab::detail
