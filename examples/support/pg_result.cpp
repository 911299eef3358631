// examples/support/pg_result.cpp
#include "pg_result.h"

#include <libpq-fe.h>

#include <stdexcept>
#include <utility>

namespace racelab::support {

PgResult::~PgResult() { PQclear(result_); }

PgResult::PgResult(PgResult&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}

PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}

int PgResult::rows() const { return result_ ? PQntuples(result_) : 0; }

std::string PgResult::text(int row, int column) const {
  if (row < 0 || row >= rows() || column < 0 || column >= PQnfields(result_)) {
    throw std::out_of_range("no row " + std::to_string(row) + ", column " + std::to_string(column));
  }
  return PQgetvalue(result_, row, column);
}

long long PgResult::integer(int row, int column) const {
  std::string value = text(row, column);
  std::size_t used = 0;
  long long number = 0;
  try {
    number = std::stoll(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != value.size()) throw std::runtime_error("not an integer: '" + value + "'");
  return number;
}

long long PgResult::affected_rows() const {
  const char* count = result_ ? PQcmdTuples(result_) : "";
  return *count ? std::stoll(count) : 0;
}

}  // namespace racelab::support
