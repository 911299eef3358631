// Stands for google-glog 0.6.0 (G01-G12, src/logging.cc) and leveldb 1.23's DBImpl / LRUCache
// (L01-L12, db/db_impl.cc, util/cache.cc): a library that starts no thread of its own but is
// documented thread-safe, so its callers' threads run its public API concurrently. One public
// method forgets the lock the others take. No thread start is visible, so nothing is checked.
#include <mutex>
#include <vector>

namespace lib {
class LogSinkRegistry {
 public:
  void AddSink(int s) {          // like google::AddLogSink (logging.cc:695)
    std::lock_guard<std::mutex> l(mu_);
    sinks_.push_back(s);
  }
  void RemoveSink() {            // like google::RemoveLogSink (logging.cc:703), lock removed
    if (!sinks_.empty())         // RACE
      sinks_.pop_back();         // RACE
  }
  int Count() {                  // like LogToSinks (logging.cc:891)
    std::lock_guard<std::mutex> l(mu_);
    return static_cast<int>(sinks_.size());
  }

 private:
  std::mutex mu_;
  std::vector<int> sinks_;
};

LogSinkRegistry &Registry() {
  static LogSinkRegistry r;
  return r;
}
}  // namespace lib

void AddLogSink(int s) { lib::Registry().AddSink(s); }
void RemoveLogSink() { lib::Registry().RemoveSink(); }
int SinkCount() { return lib::Registry().Count(); }
