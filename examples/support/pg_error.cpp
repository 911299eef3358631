// examples/support/pg_error.cpp
#include "pg_error.h"

#include <utility>

namespace racelab::support {

PgError::PgError(std::string sqlstate, const std::string& message)
    : std::runtime_error(sqlstate.empty() ? message : message + " [SQLSTATE " + sqlstate + "]"),
      sqlstate_(std::move(sqlstate)) {}

}  // namespace racelab::support
