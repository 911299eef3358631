// examples/support/pg_test_server.cpp
#include "pg_test_server.h"

#include <fcntl.h>
#include <glob.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#ifndef RACELAB_PG_TEST_SERVER_SCRIPT
#error "RACELAB_PG_TEST_SERVER_SCRIPT must name scripts/pg-test-server.sh"
#endif

namespace racelab::support {

namespace {

struct CommandResult {
  int exit_code = -1;
  std::string output;
};

// Runs `program` with `args`, no shell in between (the folder it names is never parsed as shell
// text), capturing stdout; stderr goes to ours, where the script explains.
CommandResult run_program(const std::string& program, const std::vector<std::string>& args) {
  CommandResult result;
  std::vector<std::string> argv_strings = {program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return result;
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(out[0]);
    ::close(out[1]);
    return result;
  }
  if (child == 0) {
    ::dup2(out[1], 1);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  std::array<char, 512> buffer{};
  for (;;) {
    const ssize_t n = ::read(out[0], buffer.data(), buffer.size());
    if (n > 0) {
      result.output.append(buffer.data(), static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(out[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

// The value of `NAME='value'` in the script's output.
std::string assignment(const std::string& output, const std::string& name) {
  std::string key = name + "='";
  std::size_t start = output.find(key);
  if (start == std::string::npos) return "";
  start += key.size();
  std::size_t end = output.find('\'', start);
  return end == std::string::npos ? "" : output.substr(start, end - start);
}

// Starts a detached process that stops the server once process `owner` is gone, however it
// ends: a static destructor does not run after _exit (racestress's child processes), a crash or
// a kill. Its standard streams go to /dev/null and it keeps no other descriptor, so it never
// holds a pipe (ctest's, say) open after we exit. It calls only async-signal-safe functions
// (this process may have threads) and runs the script without a shell.
void stop_when_gone(long owner, const std::string& script, const std::string& folder) {
  std::string script_copy = script, stop = "stop", folder_copy = folder;
  char* argv[] = {script_copy.data(), stop.data(), folder_copy.data(), nullptr};
  const pid_t child = ::fork();
  if (child < 0) return;  // no watcher: the destructor still stops the server on a normal exit
  if (child == 0) {
    ::setsid();
    if (::fork() != 0) ::_exit(0);  // the grandchild is adopted by init; nobody waits for it
    const int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
      ::dup2(null, 0);
      ::dup2(null, 1);
      ::dup2(null, 2);
    }
    for (int fd = 3; fd < 1024; ++fd) ::close(fd);
    while (::kill(static_cast<pid_t>(owner), 0) == 0) ::sleep(1);
    ::execv(argv[0], argv);
    ::_exit(127);
  }
  ::waitpid(child, nullptr, 0);
}

constexpr const char* kNotInstalled =
    "PostgreSQL is not installed (apt-get install postgresql), so the PostgreSQL variants are skipped";

// Whether some /usr/lib/postgresql/*/bin holds initdb and pg_ctl: where pg-test-server.sh looks.
bool server_binaries_installed() {
  glob_t found{};
  bool installed = false;
  if (::glob("/usr/lib/postgresql/*/bin", GLOB_ONLYDIR, nullptr, &found) == 0) {
    for (std::size_t i = 0; i < found.gl_pathc && !installed; ++i) {
      const std::string bin = found.gl_pathv[i];
      installed = ::access((bin + "/initdb").c_str(), X_OK) == 0 && ::access((bin + "/pg_ctl").c_str(), X_OK) == 0;
    }
  }
  ::globfree(&found);
  return installed;
}

}  // namespace

std::string PgTestServer::why_unavailable() {
  if (const char* given = std::getenv("RACELAB_PG_CONNINFO"); given != nullptr && *given != '\0') return "";
  if (const char* file = std::getenv("RACELAB_PG_CONNINFO_FILE"); file != nullptr && *file != '\0') {
    std::ifstream in(file);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!assignment(text, "RACELAB_PG_UNAVAILABLE").empty()) return kNotInstalled;
    if (!assignment(text, "RACELAB_PG_CONNINFO").empty()) return "";
  }
  return server_binaries_installed() ? "" : kNotInstalled;
}

std::map<std::string, std::string> PgTestServer::environment() {
  const PgTestServer& server = shared();
  if (server.status() != Status::ready) return {};
  return {{"RACELAB_PG_CONNINFO", server.conninfo()}};
}

const PgTestServer& PgTestServer::shared() {
  static const PgTestServer server;  // thread-safe start; stopped by the static destructor
  return server;
}

PgTestServer::PgTestServer() {
  if (const char* given = std::getenv("RACELAB_PG_CONNINFO"); given != nullptr && *given != '\0') {
    status_ = Status::ready;
    conninfo_ = given;
    return;
  }
  if (const char* file = std::getenv("RACELAB_PG_CONNINFO_FILE"); file != nullptr && *file != '\0') {
    std::ifstream in(file);
    if (in) {
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      conninfo_ = assignment(text, "RACELAB_PG_CONNINFO");
      if (!conninfo_.empty()) {
        status_ = Status::ready;
      } else if (!assignment(text, "RACELAB_PG_UNAVAILABLE").empty()) {
        status_ = Status::not_installed;
        message_ = kNotInstalled;
      } else {
        status_ = Status::failed;
        message_ = std::string(file) + " (RACELAB_PG_CONNINFO_FILE) names no server";
      }
      return;
    }
  }
  const std::string script = RACELAB_PG_TEST_SERVER_SCRIPT;
  CommandResult started = run_program(script, {"start"});
  if (started.exit_code == 3) {
    status_ = Status::not_installed;
    message_ = kNotInstalled;
    return;
  }
  folder_ = assignment(started.output, "RACELAB_PG_DIR");
  conninfo_ = assignment(started.output, "RACELAB_PG_CONNINFO");
  if (started.exit_code != 0 || conninfo_.empty()) {
    status_ = Status::failed;
    message_ = script + " start failed (exit " + std::to_string(started.exit_code) + ")";
    return;
  }
  status_ = Status::ready;
  owner_pid_ = static_cast<long>(::getpid());
  stop_when_gone(owner_pid_, script, folder_);
}

PgTestServer::~PgTestServer() {
  if (folder_.empty() || owner_pid_ != static_cast<long>(::getpid())) return;
  run_program(RACELAB_PG_TEST_SERVER_SCRIPT, {"stop", folder_});
}

}  // namespace racelab::support
