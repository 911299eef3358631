// racelab/async.h: a single-threaded C++20 coroutine event loop whose ready queue is a
// scheduling point. When several tasks are ready, the loop asks the harness which one to
// resume: in controlled mode the strategy picks (and the pick is part of the schedule
// string, so async interleavings replay exactly), in free mode a seeded random pick, and
// outside the harness plain first-in first-out. Points inside a task are recorded in that
// task's column of the step table (task 0 = A, task 1 = B, ...).
//
//   racelab::Task<bool> withdraw(racelab::EventLoop& loop, int amount) {
//     if (balance >= amount) {                  // check
//       co_await loop.sleep(1);                 // e.g. an I/O round trip: others run here
//       balance -= amount;                      // act
//       co_return true;
//     }
//     co_return false;
//   }
//   racelab::Task<> customer(racelab::EventLoop& loop) { co_await withdraw(loop, 80); }
//
//   racelab::EventLoop loop;
//   loop.spawn(customer(loop));
//   loop.spawn(customer(loop));
//   loop.run();
//
// There is one thread, so there is never a data race and never a TSan report; the
// interleaving happens only at co_await.
#pragma once

#include <coroutine>
#include <deque>
#include <exception>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace racelab {

class EventLoop;

namespace detail {

// Which of `count` ready tasks (with task ids `tasks`) runs next: an index into `tasks`.
int choose_ready_task(const int* tasks, int count, int current_task);
// Points recorded from now on belong to task `task` (-1: to the thread's own actor).
void set_current_task(int task);
// With Options::record_sync: a step of the running task (co_await suspend, resume) in the trace.
void record_sync_step(const char* label);

template <class T>
struct TaskResult {
  std::optional<T> value;
  template <class U>
  void return_value(U&& v) { value.emplace(std::forward<U>(v)); }
  T take() { return std::move(*value); }
};
template <>
struct TaskResult<void> {
  void return_void() {}
  void take() {}
};

}  // namespace detail

// A lazily started coroutine. Either spawn it on an EventLoop, or co_await it from another
// task (it then runs as part of that task).
template <class T = void>
class [[nodiscard]] Task {
 public:
  struct promise_type : detail::TaskResult<T> {
    std::coroutine_handle<> continuation;
    std::exception_ptr error;

    Task get_return_object() { return Task(std::coroutine_handle<promise_type>::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct FinalAwaiter {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        auto next = h.promise().continuation;
        return next ? next : std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }
    void unhandled_exception() { error = std::current_exception(); }
  };

  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      if (handle_) handle_.destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  ~Task() {
    if (handle_) handle_.destroy();
  }

  // Awaiting a task runs it to completion as part of the awaiting task.
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
    handle_.promise().continuation = awaiting;
    return handle_;
  }
  T await_resume() {
    if (handle_.promise().error) std::rethrow_exception(handle_.promise().error);
    return handle_.promise().take();
  }

 private:
  friend class EventLoop;
  explicit Task(std::coroutine_handle<promise_type> h) : handle_(h) {}
  std::coroutine_handle<promise_type> handle_;
};

class EventLoop {
 public:
  EventLoop() = default;
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;
  ~EventLoop();

  // Adds a top-level task; it starts when the loop picks it. Task ids count from 0.
  int spawn(Task<> task);
  // Runs until no task is ready and no timer is pending. Rethrows the first exception a
  // top-level task ended with.
  void run();

  // co_await loop.yield(): back to the ready queue; others may run first.
  auto yield() { return Suspend{this, 0}; }
  // co_await loop.sleep(ticks): ready again after `ticks` of the loop's virtual clock.
  auto sleep(long ticks) { return Suspend{this, ticks}; }
  long now() const { return now_; }
  // The task being resumed, or -1.
  int current_task() const { return current_; }
  // True when every spawned task ran to its end (false after run(): some wait forever).
  bool all_done() const;

 private:
  struct Suspend {
    EventLoop* loop;
    long ticks;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) const { loop->park(h, ticks); }
    void await_resume() const noexcept {}
  };
  struct Ready {
    std::coroutine_handle<> handle;
    int task;
  };
  friend class AsyncMutex;
  void park(std::coroutine_handle<> h, long ticks);
  void make_ready(std::coroutine_handle<> h, int task) { ready_.push_back({h, task}); }

  std::vector<Task<>> tasks_;
  std::vector<Ready> ready_;
  std::multimap<long, Ready> timers_;
  long now_ = 0;
  int current_ = -1;
};

// A mutex for tasks of one EventLoop: lock() suspends the task until the mutex is free,
// so a check and an act separated by co_await can be kept together. Waiters are served
// first-come first-served.
class AsyncMutex {
 public:
  struct Guard {
    AsyncMutex* mutex;
    Guard(Guard&& other) noexcept : mutex(std::exchange(other.mutex, nullptr)) {}
    explicit Guard(AsyncMutex* m) : mutex(m) {}
    ~Guard() {
      if (mutex) mutex->unlock();
    }
  };
  explicit AsyncMutex(EventLoop& loop) : loop_(loop) {}

  // co_await mutex.lock() -> a Guard that unlocks when it goes out of scope.
  auto lock() { return Lock{this}; }
  void unlock();

 private:
  struct Lock {
    AsyncMutex* mutex;
    bool await_ready() const noexcept { return !mutex->locked_ && (mutex->locked_ = true); }
    void await_suspend(std::coroutine_handle<> h) const {
      mutex->waiters_.push_back({h, mutex->loop_.current_task()});
    }
    Guard await_resume() const noexcept { return Guard(mutex); }
  };
  EventLoop& loop_;
  bool locked_ = false;
  std::deque<std::pair<std::coroutine_handle<>, int>> waiters_;
};

}  // namespace racelab
