// Stands for cpp-httplib 0.11.4 mutations H01/H02 (httplib.h:548-600): ThreadPool's
// constructor starts the workers (threads_.emplace_back(worker(*this))) and returns; enqueue()
// and shutdown(), called later by the owner, touch jobs_/shutdown_ while the workers run. Same
// root cause as escaping-thread-start-helper.c: threads that outlive the function that started
// them are not concurrent with what its caller does next. (Accesses in the constructor itself,
// after the emplace_back, ARE reported.)
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

class Pool {
 public:
  explicit Pool(int n) {
    while (n--) threads_.emplace_back(worker(*this));
  }
  void enqueue(int job) {
    jobs_.push_back(job); // RACE: lock removed (H01); the workers pop under mutex_
    cond_.notify_one();
  }
  void shutdown() {
    shutdown_ = true; // RACE: lock removed (H02); the workers read it under mutex_
    cond_.notify_all();
    for (auto &t : threads_) t.join();
  }

 private:
  struct worker {
    explicit worker(Pool &p) : pool_(p) {}
    void operator()() {
      for (;;) {
        std::unique_lock<std::mutex> lock(pool_.mutex_);
        pool_.cond_.wait(lock, [&] { return !pool_.jobs_.empty() || pool_.shutdown_; });
        if (pool_.shutdown_ && pool_.jobs_.empty()) break;
        pool_.jobs_.pop_front();
      }
    }
    Pool &pool_;
  };
  std::vector<std::thread> threads_;
  std::deque<int> jobs_;
  std::mutex mutex_;
  std::condition_variable cond_;
  bool shutdown_ = false;
};

int main() {
  Pool p(2);
  p.enqueue(1);
  p.shutdown();
}
