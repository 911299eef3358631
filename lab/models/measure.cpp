// FILE: lab/models/measure.cpp — see measure.h.
#include "measure.h"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstring>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace lab {

namespace {

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::ranges::sort(v);
  const auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

RunResult base_result(const Model& model, const Workload& w) {
  RunResult r;
  r.model = std::string(model.name);
  r.clients = w.clients;
  r.requests = w.requests;
  r.io_ms = w.io_ms;
  r.cpu_us = w.cpu_us;
  r.unsafe_counter = w.unsafe_counter;
  return r;
}

// In the child: run the model, fill in what only the child knows.
RunResult run_here(const Model& model, const Workload& w, unsigned short port) {
  RunResult r = base_result(model, w);
  Run run(w, tcp::endpoint(boost::asio::ip::address_v4::loopback(), port));
  const auto start = Clock::now();
  try {
    model.run(run);
  } catch (const std::exception& e) {
    r.status = "failed";
    r.note = e.what();
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.completed = run.completed();
  r.throughput = r.seconds > 0 ? r.completed / r.seconds : 0;
  const auto lat = run.latencies_ms();
  r.p50_ms = percentile(lat, 0.50);
  r.p99_ms = percentile(lat, 0.99);
  r.counter = run.counter();
  r.lost_updates = r.completed - r.counter;
  if (r.status == "ok" && run.map_total() != r.completed) {
    r.status = "failed";
    r.note = "per-key map counts " + std::to_string(run.map_total()) + " requests";
  }
  return r;
}

int threads_of(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  return 0;
}

void write_all(int fd, const std::string& s) {
  for (size_t off = 0; off < s.size();) {
    const ssize_t n = write(fd, s.data() + off, s.size() - off);
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

std::string read_all(int fd) {
  std::string s;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) s.append(buf, static_cast<size_t>(n));
  return s;
}

}  // namespace

Measured measure(const Model& model, const Workload& w, unsigned short backend_port,
                 int timeout_s) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(pipe_fds[0]);
    const RunResult r = run_here(model, w, backend_port);
    write_all(pipe_fds[1], nlohmann::json(r).dump());
    _exit(r.status == "ok" ? 0 : 3);
  }
  close(pipe_fds[1]);

  Measured m;
  int peak_threads = 0, status = 0;
  rusage usage{};
  const auto deadline = Clock::now() + std::chrono::seconds(timeout_s);
  bool timed_out = false;
  // The result is one short line: it fits the pipe, so the child never waits for us to read.
  while (wait4(pid, &status, WNOHANG, &usage) == 0) {
    peak_threads = std::max(peak_threads, threads_of(pid));
    if (!timed_out && Clock::now() > deadline) {
      kill(pid, SIGKILL);
      timed_out = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const std::string text = read_all(pipe_fds[0]);
  close(pipe_fds[0]);

  if (!text.empty()) {
    m.result = nlohmann::json::parse(text).get<RunResult>();
  } else {
    m.result = base_result(model, w);
    m.result.status = "failed";
    m.result.note = timed_out ? "killed after " + std::to_string(timeout_s) + " s"
                    : WIFSIGNALED(status) ? std::string("died of signal ") + strsignal(WTERMSIG(status))
                                          : "exited without a result";
  }
  m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  m.result.peak_threads = peak_threads;
  m.result.peak_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  return m;
}

}  // namespace lab
