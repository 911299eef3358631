#include "child_protocol.h"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>

#include "racelab/runner.h"

namespace racestress {

void to_json(Json& j, const ChildRequest& r) {
  j = Json{{"variant", r.variant}, {"harness", r.harness}, {"params", r.params}, {"crash_record", r.crash_record}};
}

void from_json(const Json& j, ChildRequest& r) {
  j.at("variant").get_to(r.variant);
  j.at("harness").get_to(r.harness);
  j.at("params").get_to(r.params);
  j.at("crash_record").get_to(r.crash_record);
}

void to_json(Json& j, const CrashRecord& r) { j = Json{{"run", r.run}, {"run_seed", r.run_seed}}; }

void from_json(const Json& j, CrashRecord& r) {
  j.at("run").get_to(r.run);
  j.at("run_seed").get_to(r.run_seed);
}

namespace {

int crash_fd = -1;

// Async-signal-safe: no allocation, so the CrashRecord's JSON is spelled out here, in the
// shape to_json(CrashRecord) gives; the parent reads it with from_json.
void write_crash_record(int sig) {
  const racelab::RunInProgress p = racelab::run_in_progress();
  char buf[96];
  std::size_t n = 0;
  auto put = [&](const char* s) {
    while (*s != 0 && n < sizeof buf - 1) buf[n++] = *s++;
  };
  auto put_number = [&](unsigned long long v) {
    char digits[24];
    int d = 0;
    do {
      digits[d++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (d > 0 && n < sizeof buf - 1) buf[n++] = digits[--d];
  };
  put("{\"run\":");
  put_number(static_cast<unsigned long long>(p.index + 1));
  put(",\"run_seed\":");
  put_number(p.seed);
  put("}\n");
  if (crash_fd >= 0) (void)!write(crash_fd, buf, n);
  signal(sig, SIG_DFL);
  raise(sig);
}

}  // namespace

void record_crashes_to(const std::string& path) {
  if (path.empty()) return;
  crash_fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (crash_fd < 0) return;
  for (const int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGXFSZ}) signal(sig, write_crash_record);
}

}  // namespace racestress
