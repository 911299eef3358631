// Controlled mode: exactly one actor runs at a time. At every instrumentation point, and when
// an actor would block on a mutex, the strategy picks who runs next and the baton is handed
// over. An actor waiting for a mutex is never picked until the mutex is released, so standard
// locks keep working and the harness cannot deadlock itself; when every unfinished actor
// waits, the run is a deadlock, and the waiters are released with EDEADLK so the pool can be
// reused. An actor at a racelab::wait_point is not picked while another can run, until some
// other actor takes a step.
#pragma once

#include <pthread.h>

#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "actor_pool.h"
#include "baton.h"
#include "engine.h"
#include "strategy.h"

namespace racelab::detail {

class ControlledScheduler final : public Engine, public BlockingCalls {
 public:
  explicit ControlledScheduler(ActorPool& pool);

  // Runs the test once, on the main thread's behalf. The invariant is not checked here.
  RunEnd run(const StressTest& test, Strategy& strategy, std::uint64_t run_seed, double timeout_seconds);
  // Record the test's state description with every point (racestress play).
  void record_state(bool on) { record_state_ = on; }

  const std::vector<RawEvent>& events() const { return events_; }
  const std::vector<int>& choices() const { return choices_; }
  long long steps() const { return step_; }

  void at_point(ActorContext& actor, const char* label, PointValue value,
                const std::source_location& where) override;
  void at_wait_point(ActorContext& actor, const char* label, const std::source_location& where) override;
  void actor_finished(ActorContext& actor) override;

  // The run hung and the batch gives up on it: an actor that comes back later (its wait
  // ended after all) is parked for good instead of touching a finished batch.
  void abandon() { abandoned_.store(true); }

  // BlockingCalls (engine.h), on a controlled actor's thread. When a timed wait times out,
  // the actors' clocks jump to its deadline.
  int choose_task(const int* tasks, int count, int current_task) override;
  int lock(ActorContext& actor, pthread_mutex_t* mutex, clockid_t clock, const timespec* deadline) override;
  int unlock(ActorContext& actor, pthread_mutex_t* mutex) override;
  int cond_wait(ActorContext& actor, pthread_cond_t* cond, pthread_mutex_t* mutex, clockid_t clock,
                const timespec* deadline) override;
  void cond_signal(pthread_cond_t* cond, bool all) override;
  void tried_lock(ActorContext& actor, pthread_mutex_t* mutex, bool taken) override;
  void sync_step(ActorContext& actor, const char* label) override;
  // Record synchronisation steps (Options::record_sync).
  void record_sync(bool on) { record_sync_ = on; }

 private:
  enum class State { runnable, blocked, waiting, finished };  // blocked: on a mutex; waiting: on a condvar

  int choose(int self);
  void record_point(ActorContext& actor, const char* label, PointValue value,
                    const std::source_location& where);
  // `self` took a step other than a wait point: the other actors at wait points may look
  // again, and those whose timed waits timed out may time out again.
  void progress(int self) {
    waiting_for_others_ &= ActorMask{1} << self;
    timeouts_taken_ &= ActorMask{1} << self;
  }
  void time_out(int actor);
  void start_timed_wait(int actor, clockid_t clock, const timespec* deadline);
  void switch_to(int next, int self);
  void declare_deadlock();
  std::string describe_positions() const;
  void park_if_abandoned() const;
  // Lock, waiting as long as it takes; ETIMEDOUT if a timed lock's wait timed out.
  int acquire(ActorContext& actor, pthread_mutex_t* mutex, bool timed = false);
  void release_waiters_of(const void* mutex);
  int choose_or_time_out(int self);

  ActorPool& pool_;
  int actors_ = 0;
  Strategy* strategy_ = nullptr;
  const StressTest* test_ = nullptr;
  bool record_state_ = false;
  bool record_sync_ = false;
  // For sync steps: "mutex 1", "condition 2" in order of first use in the run, who woke
  // each waiter.
  std::map<const void*, std::string> sync_names_;
  int mutexes_named_ = 0, conditions_named_ = 0;
  std::vector<int> woken_by_;
  const std::string& sync_name(const void* object, bool mutex);
  void sync_event(int column, EventKind kind, const char* label, std::string detail);
  void note_signal(const void* cond, bool all, const std::vector<int>& woken);
  // The test's state description (Options::record_state), read on the thread of the actor
  // that just took a step, between steps. The state callback is not an actor: its locks are
  // not steps and never wait. A lock an actor holds (the actor is paused at a point inside its
  // critical section) is refused, and the row says so: "(state not shown: A holds mutex 1)".
  std::string read_state();
  int lock_for_state(pthread_mutex_t* mutex, bool timed);
  int unlock_for_state(pthread_mutex_t* mutex);
  bool reading_state_ = false;
  std::vector<pthread_mutex_t*> taken_for_state_;  // the locks the state callback holds
  std::string state_refused_;                       // why it could not take one
  std::vector<State> state_;
  std::vector<const void*> waits_for_;
  std::vector<bool> timed_;       // a timed wait for a condition or a mutex
  std::vector<bool> timed_out_;
  std::vector<clockid_t> clock_;  // of a timed wait: its clock and deadline
  std::vector<timespec> deadline_;
  // Timed out since another actor last took a step: not timed out again before one does, so a
  // retry loop of timed waits cannot keep the others from running (PCT, exhaustive).
  ActorMask timeouts_taken_ = 0;
  std::vector<long long> wait_order_;  // signals wake the longest waiter first
  long long waits_ = 0;
  ActorMask waiting_for_others_ = 0;  // at a wait point since the last step of another actor
  std::vector<RawEvent> events_;
  std::vector<int> choices_;
  long long step_ = 0;
  std::atomic<int> finished_{0};
  bool deadlock_ = false;
  bool cancelling_ = false;
  std::atomic<bool> abandoned_{false};
  std::string deadlock_message_;
  // Who holds each mutex, for the deadlock message, the sync steps ("held by B") and the
  // state callback: per actor thread, the mutexes it holds, oldest first, each with the
  // column (thread or event-loop task) that took it.
  struct HeldLock {
    const void* mutex;
    int column;
  };
  std::vector<std::vector<HeldLock>> held_;
  void note_locked(const ActorContext& actor, const void* mutex);
  void note_unlocked(int actor, const void* mutex);
  const HeldLock* held_lock(const void* mutex) const;  // null: no actor holds it
  std::string describe_locks(int actor, std::vector<const void*>& unnamed) const;
  Baton done_;
};

}  // namespace racelab::detail
