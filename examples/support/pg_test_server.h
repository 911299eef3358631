// examples/support/pg_test_server.h: the PostgreSQL server the tests and the catalogue's
// PostgreSQL variants talk to.
//
// Which server, in order:
//   1. RACELAB_PG_CONNINFO, a libpq connection string: that server, as it is.
//   2. RACELAB_PG_CONNINFO_FILE, a file with the output of `scripts/pg-test-server.sh start`
//      (how ctest shares one server between test processes; see tests/examples).
//   3. Otherwise the first call to shared() starts a throw-away server with
//      scripts/pg-test-server.sh (a fresh folder of mode 0700 under the system temp folder;
//      the server listens only on a Unix socket in it, no TCP). The process
//      stops it and removes the folder when it exits normally; a detached watcher does the
//      same within a second if the process ends any other way (_exit, crash, kill).
// Without PostgreSQL installed, status() says not_installed and callers skip, never fake.
#pragma once

#include <map>
#include <string>

namespace racelab::support {

class PgTestServer {
 public:
  enum class Status {
    ready,          // conninfo() reaches a running server
    not_installed,  // PostgreSQL is not installed here: skip, saying so
    failed,         // installed, but the server did not start: an error, see message()
  };

  // The server of this process, started on first use.
  static const PgTestServer& shared();

  // Why no server can be had here without trying to start one ("" when one can): no
  // RACELAB_PG_CONNINFO, and no initdb and pg_ctl where pg-test-server.sh looks for them.
  static std::string why_unavailable();

  // RACELAB_PG_CONNINFO of the shared() server (started now if need be), for another process
  // to use it instead of starting its own: racestress starts one server per run this way.
  // Empty when there is no server; that process then finds out, and says why, by itself.
  static std::map<std::string, std::string> environment();

  Status status() const { return status_; }
  const std::string& conninfo() const { return conninfo_; }
  // Why the server is not ready, in one line; empty when it is.
  const std::string& message() const { return message_; }

  ~PgTestServer();
  PgTestServer(const PgTestServer&) = delete;
  PgTestServer& operator=(const PgTestServer&) = delete;

 private:
  PgTestServer();

  Status status_ = Status::failed;
  std::string conninfo_;
  std::string message_;
  std::string folder_;   // set when this process started the server, to stop it
  long owner_pid_ = 0;   // only the process that started it stops it (not a forked child)
};

}  // namespace racelab::support
