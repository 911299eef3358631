// FILE: lab/models/measure.cpp — see measure.h.
#include "measure.h"

#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstring>
#include <fstream>
#include <string>

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

// The child: run, hand the result over, then stay alive until the parent has taken its last
// thread sample (a run shorter than the parent's time slice would otherwise be over unseen).
[[noreturn]] void child(const Model& model, const Workload& w, unsigned short port, int result_fd,
                        int release_fd) {
  const RunResult r = run_here(model, w, port);
  write_all(result_fd, nlohmann::json(r).dump());
  close(result_fd);
  char byte;
  while (read(release_fd, &byte, 1) < 0 && errno == EINTR) {
  }
  _exit(r.status == "ok" ? 0 : 3);
}

// Samples the child's thread count every millisecond until its result is in (EOF on the pipe:
// written, or the child died) or the deadline passes.
std::string collect(pid_t pid, int result_fd, Clock::time_point deadline, int& peak_threads,
                    bool& timed_out) {
  std::string text;
  pollfd pfd{result_fd, POLLIN, 0};
  for (;;) {
    peak_threads = std::max(peak_threads, threads_of(pid));
    if (Clock::now() > deadline) {
      kill(pid, SIGKILL);
      timed_out = true;
      return text;
    }
    if (poll(&pfd, 1, 1) <= 0) continue;
    char buf[4096];
    const ssize_t n = read(result_fd, buf, sizeof buf);
    if (n == 0) break;
    if (n > 0) text.append(buf, static_cast<size_t>(n));
  }
  peak_threads = std::max(peak_threads, threads_of(pid));  // still there, waiting for release
  return text;
}

}  // namespace

Measured measure(const Model& model, const Workload& w, unsigned short backend_port,
                 int timeout_s) {
  int result[2], release[2];
  if (pipe(result) != 0 || pipe(release) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(result[0]);
    close(release[1]);
    child(model, w, backend_port, result[1], release[0]);
  }
  close(result[1]);
  close(release[0]);

  int peak_threads = 0, status = 0;
  bool timed_out = false;
  const std::string text = collect(pid, result[0], Clock::now() + std::chrono::seconds(timeout_s),
                                   peak_threads, timed_out);
  close(result[0]);
  close(release[1]);  // the child may go
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }

  Measured m;
  if (!text.empty() && !timed_out) {
    m.result = nlohmann::json::parse(text).get<RunResult>();
  } else {
    m.result = base_result(model, w);
    m.result.status = "failed";
    m.result.note = timed_out ? "killed after " + std::to_string(timeout_s) + " s"
                    : WIFSIGNALED(status)
                        ? std::string("died of signal ") + strsignal(WTERMSIG(status))
                        : "exited without a result";
  }
  m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  m.result.peak_threads = peak_threads;
  m.result.peak_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  return m;
}

}  // namespace lab
