// examples/support/pg_error.h: a failed PostgreSQL command, as an exception that keeps the
// SQLSTATE, so callers can tell "retry the transaction" from a real error.
#pragma once

#include <stdexcept>
#include <string>

namespace racelab::support {

class PgError : public std::runtime_error {
 public:
  // `sqlstate` is the five-character code ("40001"), empty for a connection failure.
  PgError(std::string sqlstate, const std::string& message);

  const std::string& sqlstate() const { return sqlstate_; }
  // 40001 "could not serialize access ...": Repeatable Read or Serializable refused to let
  // this transaction overwrite a concurrent change. Roll back and run it again.
  bool serialization_failure() const { return sqlstate_ == "40001"; }
  // 40P01: the server broke a deadlock by aborting this transaction. Also worth a retry.
  bool deadlock_detected() const { return sqlstate_ == "40P01"; }

 private:
  std::string sqlstate_;
};

}  // namespace racelab::support
