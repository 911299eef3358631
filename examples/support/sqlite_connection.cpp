// examples/support/sqlite_connection.cpp
#include "sqlite_connection.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>

#include "sqlite_error.h"

namespace racelab::support {

struct SqliteConnection::BusyState {
  WaitHook hook;
  int patience_ms = 2000;
  int slept_ms = 0;
};

// `attempt` is 0 on the first call of each wait.
int SqliteConnection::on_database_locked(void* state_ptr, int attempt) {
  auto& state = *static_cast<BusyState*>(state_ptr);
  if (attempt == 0) state.slept_ms = 0;
  if (state.hook && state.hook()) return 1;  // another actor ran; look at the lock again
  if (state.slept_ms >= state.patience_ms) return 0;  // give up: the statement says SQLITE_BUSY
  int nap_ms = std::min(1 + attempt, 10);
  std::this_thread::sleep_for(std::chrono::milliseconds(nap_ms));
  state.slept_ms += nap_ms;
  return 1;
}

namespace {

// Fewer of SQLite's internal pthread mutexes: without memory statistics SQLite takes no
// global mutex per allocation. Under racelab's controlled scheduler every pthread_mutex_lock
// of an actor is a scheduling point, so this keeps the schedules short. Must run before
// SQLite initialises; if something else initialised it first, SQLite refuses and nothing
// changes.
void configure_sqlite_once() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path) : busy_(std::make_unique<BusyState>()) {
  configure_sqlite_once();
  // NOMUTEX: each connection is used by one thread at a time (its customer's), so it needs
  // no mutex of its own; SQLite still locks what connections share.
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    close();
    throw SqliteError(rc, "cannot open " + path + ": " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_handler(db_, &on_database_locked, busy_.get());
  // The examples are about locking, not durability: without fsync a run does not wait on the
  // disk. Transactions and locks work exactly as with the default synchronous=FULL.
  exec("PRAGMA synchronous=OFF");
}

SqliteConnection::~SqliteConnection() { close(); }

SqliteConnection::SqliteConnection(SqliteConnection&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), busy_(std::move(other.busy_)) {}

SqliteConnection& SqliteConnection::operator=(SqliteConnection&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    busy_ = std::move(other.busy_);
  }
  return *this;
}

void SqliteConnection::close() noexcept {
  if (db_ != nullptr) sqlite3_close_v2(db_);
  db_ = nullptr;
}

void SqliteConnection::exec(const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    throw SqliteError(sqlite3_extended_errcode(db_), sql + ": " + message);
  }
}

void SqliteConnection::on_busy(WaitHook hook, int patience_ms) {
  busy_->hook = std::move(hook);
  busy_->patience_ms = patience_ms;
}

long long SqliteConnection::changes() const { return sqlite3_changes64(db_); }

bool SqliteConnection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace racelab::support
