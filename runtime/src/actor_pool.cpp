#include "actor_pool.h"

#include <exception>

#include "tsan_bridge.h"

namespace racelab::detail {

__thread ActorContext* current_actor __attribute__((tls_model("initial-exec"))) = nullptr;

ActorPool::ActorPool(int actors, const StressTest& test) : test_(test) {
  for (int i = 0; i < actors; ++i) {
    workers_.push_back(std::make_unique<Worker>());
    workers_.back()->context.index = i;
  }
  for (int i = 0; i < actors; ++i) {
    workers_[static_cast<std::size_t>(i)]->thread = std::thread([this, i] { work(i); });
  }
}

ActorPool::~ActorPool() {
  if (abandoned_) return;
  quit_.store(true);
  for (auto& w : workers_) {
    IgnoreScope ignore;
    w->go.signal();
  }
  for (auto& w : workers_) w->thread.join();
}

void ActorPool::abandon() {
  abandoned_ = true;
  for (auto& w : workers_) w->thread.detach();
}

void ActorPool::work(int index) {
  Worker& self = *workers_[static_cast<std::size_t>(index)];
  for (;;) {
    {
      IgnoreScope ignore;
      self.go.wait();
    }
    if (quit_.load()) return;
    happens_after(&start_token_);
    current_actor = &self.context;
    try {
      test_.run_actor(index);
    } catch (const std::exception& e) {
      self.context.error = e.what();
    } catch (...) {
      self.context.error = "an exception that is not a std::exception";
    }
    current_actor = nullptr;
    happens_before(&self.context);
    IgnoreScope ignore;
    self.context.engine->actor_finished(self.context);
  }
}

}  // namespace racelab::detail
