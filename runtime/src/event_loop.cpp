#include <stdexcept>

#include "racelab/async.h"

namespace racelab {

EventLoop::~EventLoop() = default;

int EventLoop::spawn(Task<> task) {
  const int id = static_cast<int>(tasks_.size());
  ready_.push_back({task.handle_, id});
  tasks_.push_back(std::move(task));
  return id;
}

void EventLoop::park(std::coroutine_handle<> h, long ticks) {
  if (ticks <= 0) {
    ready_.push_back({h, current_});
  } else {
    timers_.emplace(now_ + ticks, Ready{h, current_});
  }
}

bool EventLoop::all_done() const {
  for (const auto& t : tasks_) {
    if (!t.handle_.done()) return false;
  }
  return true;
}

void EventLoop::run() {
  std::exception_ptr first_error;
  std::vector<int> ids;
  std::vector<char> started;  // by task: resumed once already
  for (;;) {
    if (ready_.empty()) {
      if (timers_.empty()) break;
      now_ = timers_.begin()->first;
      while (!timers_.empty() && timers_.begin()->first <= now_) {
        ready_.push_back(timers_.begin()->second);
        timers_.erase(timers_.begin());
      }
    }
    ids.clear();
    for (const Ready& r : ready_) ids.push_back(r.task);
    const int pick = detail::choose_ready_task(ids.data(), static_cast<int>(ids.size()), current_);
    const Ready next = ready_[static_cast<std::size_t>(pick)];
    ready_.erase(ready_.begin() + pick);
    current_ = next.task;
    detail::set_current_task(next.task);
    const auto t = static_cast<std::size_t>(next.task);
    if (started.size() <= t) started.resize(t + 1, 0);
    if (started[t] != 0) detail::record_sync_step("resumes after co_await");
    started[t] = 1;
    next.handle.resume();
    const auto& task = tasks_[t];
    if (!task.handle_.done()) detail::record_sync_step("suspends at co_await");
    detail::set_current_task(-1);
    if (task.handle_.done() && task.handle_.promise().error && !first_error) first_error = task.handle_.promise().error;
  }
  current_ = -1;
  if (first_error) std::rethrow_exception(first_error);
}

void AsyncMutex::unlock() {
  if (waiters_.empty()) {
    locked_ = false;
    return;
  }
  // Ownership passes straight to the first waiter, which becomes ready.
  const auto [handle, task] = waiters_.front();
  waiters_.pop_front();
  loop_.make_ready(handle, task);
}

}  // namespace racelab
