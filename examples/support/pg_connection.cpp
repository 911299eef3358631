// examples/support/pg_connection.cpp
#include "pg_connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <optional>
#include <system_error>
#include <utility>

#include "pg_error.h"

namespace racelab::support {

namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

PgError error_of(const PGresult* result) {
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  return PgError(state ? state : "", trimmed(PQresultErrorMessage(result)));
}

void ignore_notice(void*, const char*) {}

}  // namespace

PgConnection::PgConnection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    std::string message = conn_ ? trimmed(PQerrorMessage(conn_)) : "out of memory";
    close();
    throw PgError("", "cannot connect to PostgreSQL (" + conninfo + "): " + message);
  }
  // NOTICEs ("there is no transaction in progress") would only clutter a learner's terminal.
  PQsetNoticeProcessor(conn_, &ignore_notice, nullptr);
}

PgConnection::~PgConnection() { close(); }

PgConnection::PgConnection(PgConnection&& other) noexcept
    : conn_(std::exchange(other.conn_, nullptr)),
      hook_(std::move(other.hook_)),
      patience_(other.patience_),
      waits_(other.waits_) {}

PgConnection& PgConnection::operator=(PgConnection&& other) noexcept {
  if (this != &other) {
    close();
    conn_ = std::exchange(other.conn_, nullptr);
    hook_ = std::move(other.hook_);
    patience_ = other.patience_;
    waits_ = other.waits_;
  }
  return *this;
}

void PgConnection::close() noexcept {
  if (conn_ != nullptr) PQfinish(conn_);
  conn_ = nullptr;
}

int PgConnection::backend_pid() const { return PQbackendPID(conn_); }

bool PgConnection::in_transaction() const {
  const PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

void PgConnection::on_wait(WaitHook hook, std::chrono::milliseconds patience) {
  hook_ = std::move(hook);
  patience_ = patience;
}

PgResult PgConnection::exec(const std::string& sql, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& param : params) values.push_back(param.c_str());
  if (!PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                         nullptr, nullptr, 0)) {
    throw PgError("", sql + ": " + trimmed(PQerrorMessage(conn_)));
  }
  // One command can yield several results; read them all (until libpq says none is left) so
  // the connection is ready for the next command, and report the first error among them.
  PgResult last;
  std::optional<PgError> error;
  for (;;) {
    wait_for_answer();
    PGresult* next = PQgetResult(conn_);
    if (next == nullptr) break;
    if (PQresultStatus(next) == PGRES_FATAL_ERROR && !error) error = error_of(next);
    last = PgResult(next);
  }
  if (error) throw *error;
  return last;
}

// Returns once PQgetResult would not block.
void PgConnection::wait_for_answer() {
  const int socket = PQsocket(conn_);
  for (;;) {
    if (!PQconsumeInput(conn_)) throw PgError("", "lost the connection: " + trimmed(PQerrorMessage(conn_)));
    if (!PQisBusy(conn_)) return;
    pollfd readable{socket, POLLIN, 0};
    int timeout_ms = hook_ ? static_cast<int>(patience_.count()) : -1;
    int ready = ::poll(&readable, 1, timeout_ms);
    if (ready < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category(), "poll");
    if (ready == 0 && hook_) {
      ++waits_;
      hook_();  // whether it yielded or not, the next poll() waits for the server again
    }
  }
}

}  // namespace racelab::support
