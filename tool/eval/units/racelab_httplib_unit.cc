// racelab evaluation unit for cpp-httplib (header-only): the library's own documented
// multithreaded uses, so that racecheck has translation units that instantiate the header.
// Not part of cpp-httplib; tool/eval/run.sh copies it into the unpacked source tree.
//  - a Server whose task queue is the default ThreadPool (worker threads run the handlers),
//    listening on one thread and stopped from another;
//  - a Client that sends on one thread while another thread calls stop() (allowed by
//    ClientImpl::stop's comment: "the ONLY thread-safe thing we can do ... shutdown_socket").
#include <httplib.h>

#include <thread>

int main() {
  httplib::Server svr;
  int hits = 0;
  std::mutex hits_mu;
  svr.Get("/hi", [&](const httplib::Request &, httplib::Response &res) {
    std::lock_guard<std::mutex> lk(hits_mu);
    ++hits;
    res.set_content("hi", "text/plain");
  });
  std::thread server([&] { svr.listen("127.0.0.1", 8080); });

  httplib::Client cli("127.0.0.1", 8080);
  std::thread requester([&] {
    for (int i = 0; i < 10; ++i) {
      auto res = cli.Get("/hi");
      (void)res;
    }
  });
  std::thread stopper([&] {
    cli.stop();
    (void)cli.is_socket_open();
  });
  requester.join();
  stopper.join();
  svr.stop();
  server.join();
  return hits > 0 ? 0 : 1;
}
