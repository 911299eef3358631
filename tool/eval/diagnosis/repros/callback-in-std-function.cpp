// Stands for cpp-httplib 0.11.4 example/ssesvr.cc (mutation H08): main registers handlers with
// svr.Get("/event1", [&](...) { ... ed.wait_event(&sink); ... }), which the Server stores in a
// std::function (Handlers vector, httplib.h) and later calls on a ThreadPool worker; thread t
// calls ed.send_event(). The call through std::function::operator() is not resolved to the
// lambdas stored into it, so the handler's accesses run in no thread (ssesvr.cc: 0 findings).
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

class EventDispatcher {
 public:
  std::string wait_event() {
    std::lock_guard<std::mutex> lk(m_);
    return message_;
  }
  void send_event(const std::string &message) {
    message_ = message; // RACE: lock removed (H08); the handler reads it on a worker thread
  }

 private:
  std::mutex m_;
  std::string message_;
};

class Server {
 public:
  void Get(std::function<void()> handler) { handlers_.push_back(std::move(handler)); }
  void listen() {
    std::thread worker([this] {
      for (auto &h : handlers_) h(); // the registered lambdas run here
    });
    worker.join();
  }

 private:
  std::vector<std::function<void()>> handlers_;
};

int main() {
  EventDispatcher ed;
  Server svr;
  svr.Get([&] { (void)ed.wait_event(); });
  std::thread t([&] { ed.send_event("data: 1"); });
  svr.listen();
  t.join();
}
