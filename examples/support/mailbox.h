// examples/support/mailbox.h: a queue of messages for one receiving thread, the building block
// of the catalogue's "one owner, fed by messages" fixes (withdraw/actor, lost_update/queue).
//
//   Mailbox<Request> inbox;
//   inbox.send(request);            // any thread
//   Request next = inbox.receive(); // the owner; waits while the mailbox is empty
//
// The receiver waits on a condition variable. Under racelab's controlled scheduler that wait
// is a scheduling point too (the harness interposes the condition-variable calls), so the
// sender gets to run; nothing here needs to know about the harness.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <utility>

namespace racelab::support {

template <class Message>
class Mailbox {
 public:
  void send(Message message) {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(message));
    // Notified under the lock on purpose: a reply mailbox lives on its receiver's stack and
    // is gone as soon as receive() returns, which cannot happen before this lock is released.
    arrived_.notify_one();
  }

  Message receive() {
    std::unique_lock lock(mutex_);
    arrived_.wait(lock, [this] { return !queue_.empty(); });
    Message next = std::move(queue_.front());
    queue_.pop_front();
    return next;
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<Message> queue_;
};

}  // namespace racelab::support
