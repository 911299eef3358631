#include "controlled_scheduler.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <exception>

#include "lock_names.h"
#include "pthread_hooks.h"
#include "tsan_bridge.h"
#include "virtual_clock.h"

namespace racelab::detail {

ControlledScheduler::ControlledScheduler(ActorPool& pool) : pool_(pool), actors_(pool.size()) {
  state_.resize(static_cast<std::size_t>(actors_));
  waits_for_.resize(static_cast<std::size_t>(actors_));
  timed_.resize(static_cast<std::size_t>(actors_));
  timed_out_.resize(static_cast<std::size_t>(actors_));
  wait_order_.resize(static_cast<std::size_t>(actors_));
  clock_.resize(static_cast<std::size_t>(actors_));
  deadline_.resize(static_cast<std::size_t>(actors_));
  woken_by_.resize(static_cast<std::size_t>(actors_));
  events_.reserve(256);
  held_.resize(static_cast<std::size_t>(actors_));
}

RunEnd ControlledScheduler::run(const StressTest& test, Strategy& strategy, std::uint64_t run_seed,
                                double timeout_seconds) {
  strategy_ = &strategy;
  test_ = &test;
  strategy.begin_run(run_seed);
  events_.clear();
  choices_.clear();
  step_ = 0;
  waiting_for_others_ = 0;
  timeouts_taken_ = 0;
  finished_ = 0;
  deadlock_ = false;
  cancelling_ = false;
  deadlock_message_.clear();
  sync_names_.clear();
  mutexes_named_ = conditions_named_ = 0;
  std::fill(woken_by_.begin(), woken_by_.end(), -1);
  done_.reset();
  for (int i = 0; i < actors_; ++i) {
    ActorContext& c = pool_.context(i);
    c.engine = this;
    c.controlled = this;
    c.last_label = "start";
    c.last_file = "";
    c.last_line = 0;
    c.task = -1;
    c.error.clear();
    state_[static_cast<std::size_t>(i)] = State::runnable;
    waits_for_[static_cast<std::size_t>(i)] = nullptr;
    timed_[static_cast<std::size_t>(i)] = false;
    timed_out_[static_cast<std::size_t>(i)] = false;
    held_[static_cast<std::size_t>(i)].clear();
  }

  test.run_setup();
  happens_before(pool_.start_token());

  RunEnd end;
  {
    IgnoreScope ignore;
    const int first = choose(-1);
    pool_.baton(first).signal();
    if (!done_.wait_for(timeout_seconds)) {
      end.kind = RunEnd::hang;
      end.message = "run did not finish within the watchdog's " + std::to_string(timeout_seconds) +
                    " s; " + describe_positions();
      return end;
    }
    if (deadlock_) {
      end.kind = RunEnd::deadlock;
      end.message = deadlock_message_;
      // Release the waiters: their lock calls return EDEADLK, std::mutex::lock throws, and
      // the actors unwind (releasing what they hold), so the pool can be used again.
      cancelling_ = true;
      done_.reset();
      for (int i = 0; i < actors_; ++i) {
        if (state_[static_cast<std::size_t>(i)] != State::finished) pool_.baton(i).signal();
      }
      if (!done_.wait_for(timeout_seconds)) {
        end.kind = RunEnd::hang;
        end.message += "; the deadlocked actors did not unwind";
        return end;
      }
    }
  }
  for (int i = 0; i < actors_; ++i) happens_after(&pool_.context(i));
  return end;
}

void ControlledScheduler::park_if_abandoned() const {
  if (!abandoned_.load()) return;
  for (;;) pause();
}

// The options: every runnable actor, and every actor in a timed wait (picking it means its
// wait times out now).
int ControlledScheduler::choose(int self) {
  ActorMask runnable = 0, timeouts = 0;
  for (int i = 0; i < actors_; ++i) {
    const auto u = static_cast<std::size_t>(i);
    if (state_[u] == State::runnable) {
      runnable |= ActorMask{1} << i;
    } else if (timed_[u] && (state_[u] == State::blocked || state_[u] == State::waiting) &&
               (timeouts_taken_ >> i & 1U) == 0) {
      timeouts |= ActorMask{1} << i;
    }
  }
  ActorMask enabled = runnable | timeouts;
  if (enabled == 0) return -1;
  // Actors at a wait point run only when nobody else can.
  if ((enabled & ~waiting_for_others_) != 0) enabled &= ~waiting_for_others_;
  int next = lowest_actor(enabled);
  if (count_actors(enabled) > 1) {
    Decision d;
    d.enabled = enabled;
    d.current = (self >= 0 && (enabled >> self & 1U)) ? self : -1;
    d.step = step_;
    d.events = &events_;
    next = strategy_->pick(d);
    choices_.push_back(next);
  }
  if (timeouts >> next & 1U) time_out(next);
  return next;
}

void ControlledScheduler::start_timed_wait(int actor, clockid_t clock, const timespec* deadline) {
  const auto u = static_cast<std::size_t>(actor);
  timed_[u] = deadline != nullptr;
  timed_out_[u] = false;
  if (deadline != nullptr) {
    clock_[u] = clock;
    deadline_[u] = *deadline;
  }
}

void ControlledScheduler::time_out(int actor) {
  const auto u = static_cast<std::size_t>(actor);
  state_[u] = State::runnable;
  timed_out_[u] = true;
  waits_for_[u] = nullptr;
  timeouts_taken_ |= ActorMask{1} << actor;
  advance_virtual_clock_to(clock_[u], deadline_[u]);
  if (events_.size() < kMaxRecordedEvents) {
    events_.push_back({actor, EventKind::blocked, "its wait timed out", {}, "", 0, static_cast<long long>(events_.size())});
  }
}

int ControlledScheduler::choose_task(const int* tasks, int count, int current_task) {
  IgnoreScope ignore;
  ActorMask enabled = 0;
  for (int i = 0; i < count; ++i) {
    if (tasks[i] < 0 || tasks[i] >= kMaxActors) return 0;  // beyond what a schedule names
    enabled |= ActorMask{1} << tasks[i];
  }
  ++step_;
  Decision d;
  d.enabled = enabled;
  d.current = (current_task >= 0 && (enabled >> current_task & 1U)) ? current_task : -1;
  d.step = step_;
  d.events = &events_;
  const int picked = strategy_->pick(d);
  choices_.push_back(picked);
  for (int i = 0; i < count; ++i) {
    if (tasks[i] == picked) return i;
  }
  return 0;
}

void ControlledScheduler::switch_to(int next, int self) {
  if (next == self) return;
  pool_.baton(next).signal();
  pool_.baton(self).wait();
}

void ControlledScheduler::record_point(ActorContext& actor, const char* label, PointValue value,
                                       const std::source_location& where) {
  actor.last_label = label;
  actor.last_file = where.file_name();
  actor.last_line = static_cast<int>(where.line());
  if (cancelling_) return;
  if (events_.size() < kMaxRecordedEvents) {
    events_.push_back({event_column(actor), EventKind::point, label, value, where.file_name(),
                       static_cast<int>(where.line()), static_cast<long long>(events_.size()), actor.task >= 0});
    if (record_state_ && test_ != nullptr) {
      std::string state = read_state();
      events_.back().state = std::move(state);
    }
  }
}

void ControlledScheduler::at_point(ActorContext& actor, const char* label, PointValue value,
                                   const std::source_location& where) {
  if (reading_state_) return;  // a point the state callback passes is not a step
  IgnoreScope ignore;
  park_if_abandoned();
  record_point(actor, label, value, where);
  if (cancelling_) return;
  ++step_;
  progress(actor.index);
  waiting_for_others_ &= ~(ActorMask{1} << actor.index);  // a point of its own: it got on
  switch_to(choose(actor.index), actor.index);
}

void ControlledScheduler::at_wait_point(ActorContext& actor, const char* label,
                                        const std::source_location& where) {
  if (reading_state_) return;
  IgnoreScope ignore;
  park_if_abandoned();
  record_point(actor, label, {}, where);
  if (cancelling_) return;
  ++step_;
  waiting_for_others_ |= ActorMask{1} << actor.index;
  switch_to(choose(actor.index), actor.index);
}

void ControlledScheduler::actor_finished(ActorContext& actor) {
  park_if_abandoned();
  state_[static_cast<std::size_t>(actor.index)] = State::finished;
  progress(actor.index);
  if (finished_.fetch_add(1) + 1 == actors_) {
    done_.signal();
    return;
  }
  if (cancelling_) return;
  const int next = choose_or_time_out(-1);
  if (next < 0) {
    declare_deadlock();
    return;
  }
  pool_.baton(next).signal();
}

const std::string& ControlledScheduler::sync_name(const void* object, bool mutex) {
  auto it = sync_names_.find(object);
  if (it == sync_names_.end()) {
    const std::string name = mutex ? "mutex " + std::to_string(++mutexes_named_)
                                   : "condition " + std::to_string(++conditions_named_);
    it = sync_names_.emplace(object, name).first;
  }
  return it->second;
}

void ControlledScheduler::sync_event(int column, EventKind kind, const char* label, std::string detail) {
  if (cancelling_ || events_.size() >= kMaxRecordedEvents) return;
  RawEvent e;
  e.actor = column;
  e.kind = kind;
  e.label = label;
  e.seq = static_cast<long long>(events_.size());
  e.detail = std::move(detail);
  if (record_state_ && test_ != nullptr) e.state = read_state();
  events_.push_back(std::move(e));
}

void ControlledScheduler::sync_step(ActorContext& actor, const char* label) {
  IgnoreScope ignore;
  if (record_sync_ && !reading_state_) sync_event(event_column(actor), EventKind::sync, label, "");
}

void ControlledScheduler::declare_deadlock() {
  deadlock_ = true;
  // The verdict says "deadlock" already; the message says who waits where.
  deadlock_message_ = "every unfinished actor waits; " + describe_positions();
  done_.signal();
}

int ControlledScheduler::lock(ActorContext& actor, pthread_mutex_t* mutex, clockid_t clock,
                              const timespec* deadline) {
  if (reading_state_) return lock_for_state(mutex, deadline != nullptr);
  park_if_abandoned();
  const int self = actor.index;
  {
    // Taking a lock is a scheduling point too: who gets a contended lock first matters.
    IgnoreScope ignore;
    start_timed_wait(self, clock, nullptr);
    if (!cancelling_) {
      ++step_;
      progress(self);
      switch_to(choose(self), self);
    }
    start_timed_wait(self, clock, deadline);
  }
  const int rc = acquire(actor, mutex, deadline != nullptr);
  IgnoreScope ignore;
  timed_[static_cast<std::size_t>(self)] = false;
  if (rc == 0 && record_sync_) {
    sync_event(event_column(actor), EventKind::sync, "acquires ", sync_name(mutex, true));
  }
  return rc;
}

int ControlledScheduler::acquire(ActorContext& actor, pthread_mutex_t* mutex, bool timed) {
  const int self = actor.index;
  const auto u = static_cast<std::size_t>(self);
  bool reported = false;
  for (;;) {
    const int rc = real_pthread_mutex_trylock(mutex);
    if (rc == 0) note_locked(actor, mutex);
    if (rc != EBUSY) return rc;
    IgnoreScope ignore;
    if (cancelling_) return EDEADLK;
    state_[u] = State::blocked;
    waits_for_[u] = mutex;
    if (!reported && record_sync_) {
      const HeldLock* h = held_lock(mutex);
      sync_event(self, EventKind::blocked, "waits for ",
                 sync_name(mutex, true) + (h != nullptr ? ", held by " + actor_name(h->column) : "") +
                     (timed ? " (with a timeout)" : ""));
      reported = true;
    } else if (!reported && events_.size() < kMaxRecordedEvents) {
      events_.push_back({self, EventKind::blocked, timed ? "waits for a mutex (with a timeout)" : "waits for a mutex", {}, "", 0,
                         static_cast<long long>(events_.size())});
      reported = true;
    }
    ++step_;
    const int next = choose_or_time_out(-1);
    if (next < 0) {
      declare_deadlock();
      pool_.baton(self).wait();  // until the main thread cancels the run
      return EDEADLK;
    }
    switch_to(next, self);
    if (cancelling_) return EDEADLK;
    if (timed && timed_out_[u]) return ETIMEDOUT;
  }
}

// When nobody can run and every timed wait has had its turn to time out, the one with the
// nearest deadline times out all the same: time passes when nothing else happens.
int ControlledScheduler::choose_or_time_out(int self) {
  const int next = choose(self);
  if (next >= 0) return next;
  int soonest = -1;
  long long soonest_ns = 0;
  for (int i = 0; i < actors_; ++i) {
    const auto u = static_cast<std::size_t>(i);
    if (!timed_[u] || (state_[u] != State::waiting && state_[u] != State::blocked)) continue;
    const long long ns = virtual_nanoseconds_until(clock_[u], deadline_[u]);
    if (soonest < 0 || ns < soonest_ns) {
      soonest = i;
      soonest_ns = ns;
    }
  }
  if (soonest >= 0) time_out(soonest);
  return soonest;
}

void ControlledScheduler::release_waiters_of(const void* mutex) {
  for (int i = 0; i < actors_; ++i) {
    const auto u = static_cast<std::size_t>(i);
    if (state_[u] == State::blocked && waits_for_[u] == mutex) {
      state_[u] = State::runnable;
      waits_for_[u] = nullptr;
    }
  }
}

int ControlledScheduler::cond_wait(ActorContext& actor, pthread_cond_t* cond, pthread_mutex_t* mutex,
                                   clockid_t clock, const timespec* deadline) {
  if (reading_state_) {
    // Nobody would wake it: the actors are paused until the state is read.
    if (state_refused_.empty()) state_refused_ = "the state callback waits on a condition variable";
    return EPERM;
  }
  park_if_abandoned();
  const bool timed = deadline != nullptr;
  const int self = actor.index;
  const auto u = static_cast<std::size_t>(self);
  {
    IgnoreScope ignore;
    if (cancelling_) return EDEADLK;
    real_pthread_mutex_unlock(mutex);
    note_unlocked(self, mutex);
    release_waiters_of(mutex);
    progress(self);
    state_[u] = State::waiting;
    waits_for_[u] = cond;
    start_timed_wait(self, clock, deadline);
    wait_order_[u] = waits_++;
    woken_by_[u] = -1;
    if (record_sync_) {
      sync_event(self, EventKind::blocked, "waits on ",
                 sync_name(cond, false) + ", releasing " + sync_name(mutex, true) + (timed ? " (with a timeout)" : ""));
    } else if (events_.size() < kMaxRecordedEvents) {
      events_.push_back({self, EventKind::blocked, timed ? "waits for a condition (with a timeout)" : "waits for a condition",
                         {}, "", 0, static_cast<long long>(events_.size())});
    }
    ++step_;
    const int next = choose_or_time_out(-1);
    if (next < 0) {
      declare_deadlock();
      pool_.baton(self).wait();
    } else if (next != self) {
      switch_to(next, self);
    }
  }
  if (cancelling_) {
    // The run is being torn down: take the mutex back as a plain lock, as the caller expects.
    real_pthread_mutex_lock(mutex);
    return EDEADLK;
  }
  // Taking the mutex back is untimed, whether the wait timed out or was signalled.
  bool timed_out = false;
  {
    IgnoreScope ignore;
    timed_out = timed_out_[u];
    timed_[u] = false;
    if (record_sync_ && !timed_out) {
      sync_event(self, EventKind::sync, "woken",
                 woken_by_[u] >= 0 ? " by " + actor_name(woken_by_[u]) + "'s notify on " + sync_name(cond, false) : "");
    }
  }
  const int rc = acquire(actor, mutex);
  if (rc == 0 && record_sync_) {
    IgnoreScope ignore;
    sync_event(self, EventKind::sync, "takes back ", sync_name(mutex, true));
  }
  if (rc != 0 || !timed_out) return rc;
  // The actors' clocks now read the deadline (std::condition_variable looks at the clock, not
  // only at the return value).
  return ETIMEDOUT;
}

void ControlledScheduler::cond_signal(pthread_cond_t* cond, bool all) {
  if (reading_state_) return;  // wakes no actor: reading the state changes nothing
  IgnoreScope ignore;
  int chosen = -1;
  std::vector<int> woken;
  for (int i = 0; i < actors_; ++i) {
    const auto u = static_cast<std::size_t>(i);
    if (state_[u] != State::waiting || waits_for_[u] != cond) continue;
    if (all) {
      state_[u] = State::runnable;
      waits_for_[u] = nullptr;
      woken.push_back(i);
    } else if (chosen < 0 || wait_order_[u] < wait_order_[static_cast<std::size_t>(chosen)]) {
      chosen = i;
    }
  }
  if (chosen >= 0) {
    state_[static_cast<std::size_t>(chosen)] = State::runnable;
    waits_for_[static_cast<std::size_t>(chosen)] = nullptr;
    woken.push_back(chosen);
  }
  if (record_sync_ && current_actor != nullptr) note_signal(cond, all, woken);
}

// The notifier's step: whom it woke, or that nobody waited (a notify is not remembered: a
// later wait does not see it, the lost wake-up).
void ControlledScheduler::note_signal(const void* cond, bool all, const std::vector<int>& woken) {
  const int self = event_column(*current_actor);
  std::string names;
  for (const int i : woken) {
    woken_by_[static_cast<std::size_t>(i)] = self;
    names += (names.empty() ? "" : ", ") + actor_name(i);
  }
  sync_event(self, EventKind::sync, all ? "notifies all on " : "notifies one on ",
             sync_name(cond, false) + (names.empty() ? ": nobody waits (a later wait will not see it)" : ", wakes " + names));
}

int ControlledScheduler::unlock(ActorContext& actor, pthread_mutex_t* mutex) {
  if (reading_state_) return unlock_for_state(mutex);
  park_if_abandoned();
  const int rc = real_pthread_mutex_unlock(mutex);
  IgnoreScope ignore;
  note_unlocked(actor.index, mutex);
  if (record_sync_ && !cancelling_) {
    sync_event(event_column(actor), EventKind::sync, "releases ", sync_name(mutex, true));
  }
  progress(actor.index);
  bool released_someone = false;
  for (int i = 0; i < actors_; ++i) {
    const auto u = static_cast<std::size_t>(i);
    released_someone = released_someone || (state_[u] == State::blocked && waits_for_[u] == mutex);
  }
  release_waiters_of(mutex);
  if (released_someone && !cancelling_) {
    ++step_;
    switch_to(choose(actor.index), actor.index);
  }
  return rc;
}

void ControlledScheduler::tried_lock(ActorContext& actor, pthread_mutex_t* mutex, bool taken) {
  if (reading_state_) {
    if (taken) taken_for_state_.push_back(mutex);
    return;
  }
  if (taken) note_locked(actor, mutex);
  if (record_sync_) {
    IgnoreScope ignore;
    std::string what = sync_name(mutex, true);
    if (taken) {
      what += ": takes it";
    } else {
      const HeldLock* h = held_lock(mutex);
      what += (h != nullptr ? ": held by " + actor_name(h->column) : std::string(": busy")) + ", fails";
    }
    sync_event(event_column(actor), EventKind::sync, "try_lock ", std::move(what));
  }
}

std::string ControlledScheduler::read_state() {
  if (reading_state_) return {};  // the state callback's own lock steps record no state
  reading_state_ = true;
  taken_for_state_.clear();
  state_refused_.clear();
  std::string state;
  try {
    state = test_->describe_state();
  } catch (const std::exception& e) {
    if (state_refused_.empty()) state_refused_ = std::string("the state callback threw: ") + e.what();
  } catch (...) {
    if (state_refused_.empty()) state_refused_ = "the state callback threw";
  }
  // A lock the callback kept would stop the actors for good.
  for (pthread_mutex_t* mutex : taken_for_state_) real_pthread_mutex_unlock(mutex);
  taken_for_state_.clear();
  reading_state_ = false;
  if (!state_refused_.empty()) return "(state not shown: " + state_refused_ + ")";
  return state;
}

// Never waits and is never a step: waiting would stop the run for good, since the actor
// that holds the lock cannot move until the state is read.
int ControlledScheduler::lock_for_state(pthread_mutex_t* mutex, bool timed) {
  if (const HeldLock* h = held_lock(mutex)) {
    if (timed) return ETIMEDOUT;  // try_lock_for: the callback decides what to show
    if (state_refused_.empty()) {
      std::string name = lock_name(mutex);
      if (name.empty()) name = record_sync_ ? sync_name(mutex, true) : "a mutex";
      state_refused_ = actor_name(h->column) + " holds " + name;
    }
    return EDEADLK;  // std::mutex::lock throws; read_state catches it
  }
  const int rc = real_pthread_mutex_trylock(mutex);
  if (rc == 0) {
    taken_for_state_.push_back(mutex);
    return 0;
  }
  if (rc != EBUSY) return rc;
  if (timed) return ETIMEDOUT;
  if (state_refused_.empty()) state_refused_ = "a mutex it locks is held outside the actors";
  return EDEADLK;
}

int ControlledScheduler::unlock_for_state(pthread_mutex_t* mutex) {
  const auto it = std::find(taken_for_state_.begin(), taken_for_state_.end(), mutex);
  if (it == taken_for_state_.end()) return EPERM;  // never an actor's lock
  taken_for_state_.erase(it);
  return real_pthread_mutex_unlock(mutex);
}

void ControlledScheduler::note_locked(const ActorContext& actor, const void* mutex) {
  IgnoreScope ignore;
  held_[static_cast<std::size_t>(actor.index)].push_back({mutex, event_column(actor)});
}

const ControlledScheduler::HeldLock* ControlledScheduler::held_lock(const void* mutex) const {
  for (const auto& held : held_) {
    for (const HeldLock& h : held) {
      if (h.mutex == mutex) return &h;
    }
  }
  return nullptr;
}

void ControlledScheduler::note_unlocked(int actor, const void* mutex) {
  IgnoreScope ignore;
  auto& held = held_[static_cast<std::size_t>(actor)];
  for (auto it = held.end(); it != held.begin();) {
    --it;
    if (it->mutex == mutex) {
      held.erase(it);
      return;
    }
  }
}

// "holds account 1 and waits for account 2 (held by B)": what a deadlocked actor holds and
// wants. Locks nobody named (racelab/lock_name.h) are numbered in the order they come up.
std::string ControlledScheduler::describe_locks(int actor, std::vector<const void*>& unnamed) const {
  const auto name = [&unnamed](const void* mutex) {
    std::string n = lock_name(mutex);
    if (!n.empty()) return n;
    std::size_t i = 0;
    while (i < unnamed.size() && unnamed[i] != mutex) ++i;
    if (i == unnamed.size()) unnamed.push_back(mutex);
    return "mutex #" + std::to_string(i + 1);
  };
  const auto u = static_cast<std::size_t>(actor);
  std::string out;
  for (const HeldLock& h : held_[u]) out += (out.empty() ? "holds " : ", ") + name(h.mutex);
  if (state_[u] != State::blocked || waits_for_[u] == nullptr) return out;
  out += std::string(out.empty() ? "" : " and ") + "waits for " + name(waits_for_[u]);
  for (int other = 0; other < actors_; ++other) {
    for (const HeldLock& h : held_[static_cast<std::size_t>(other)]) {
      if (other != actor && h.mutex == waits_for_[u]) out += " (held by " + actor_name(other) + ")";
    }
  }
  return out;
}

std::string ControlledScheduler::describe_positions() const {
  IgnoreScope ignore;
  std::vector<ActorContext*> contexts;
  std::vector<std::string> states;
  std::vector<const void*> unnamed;
  for (int i = 0; i < actors_; ++i) {
    contexts.push_back(&pool_.context(i));
    const std::string locks = describe_locks(i, unnamed);
    switch (state_[static_cast<std::size_t>(i)]) {
      case State::runnable: states.emplace_back(locks.empty() ? "running" : "running, " + locks); break;
      case State::blocked: states.emplace_back(locks.empty() ? "waits for a mutex" : locks); break;
      case State::waiting:
        states.emplace_back(locks.empty() ? "waits for a condition variable" : "waits for a condition variable, " + locks);
        break;
      case State::finished: states.emplace_back("finished"); break;
    }
  }
  return describe_actor_positions(contexts, states);
}

}  // namespace racelab::detail
