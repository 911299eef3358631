// examples/support/sqlite_error.h: a failed SQLite call, as an exception that keeps the code.
#pragma once

#include <stdexcept>
#include <string>

namespace racelab::support {

class SqliteError : public std::runtime_error {
 public:
  // `code` is SQLite's extended result code (e.g. SQLITE_BUSY_SNAPSHOT).
  SqliteError(int code, const std::string& message);

  int code() const { return code_; }
  int primary_code() const { return code_ & 0xff; }
  // The database was locked by another connection (SQLITE_BUSY or SQLITE_LOCKED, any
  // extended form): nothing was changed, and the whole transaction must be run again.
  bool busy() const;

 private:
  int code_;
};

}  // namespace racelab::support
