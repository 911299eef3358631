// Stands for cpp-httplib 0.11.4 mutations H05/H06: process_request calls close_socket(socket_)
// (httplib.h:6680-6682) and is_socket_open() calls socket_.is_open() (7217) after their
// lock_guard(socket_mutex_) is removed. racecheck does see the race, but reports it on the
// access inside the shared callee (close_socket 6103 / Socket::is_open 1095), a line that other,
// properly locked callers also reach (and that the pristine run already flags), with no note
// naming the unlocked call site. The user is not told which caller lacks the lock. The repro is
// reported at line 17 only, never at line 27 where the lock is missing.
#include <mutex>
#include <thread>

struct Socket {
  int sock = -1;
  bool is_open() const { return sock != -1; }
};

struct Client {
  void close_socket(Socket &s) { s.sock = -1; }  // reported here
  void stop() {
    std::lock_guard<std::mutex> g(socket_mutex_);
    close_socket(socket_);
  }
  void send() {
    std::lock_guard<std::mutex> g(socket_mutex_);
    socket_.sock = 3;
  }
  void process_request() {
    close_socket(socket_); // RACE: lock removed here (H05); this line is in no finding
  }
  std::mutex socket_mutex_;
  Socket socket_;
};

int main() {
  Client cli;
  std::thread requester([&] { cli.send(); cli.process_request(); });
  std::thread stopper([&] { cli.stop(); });
  requester.join();
  stopper.join();
}
