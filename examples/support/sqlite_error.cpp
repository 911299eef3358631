// examples/support/sqlite_error.cpp
#include "sqlite_error.h"

#include <sqlite3.h>

namespace racelab::support {

SqliteError::SqliteError(int code, const std::string& message)
    : std::runtime_error(message + " (" + sqlite3_errstr(code) + ")"), code_(code) {}

bool SqliteError::busy() const {
  return primary_code() == SQLITE_BUSY || primary_code() == SQLITE_LOCKED;
}

}  // namespace racelab::support
