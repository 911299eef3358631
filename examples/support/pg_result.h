// examples/support/pg_result.h: the rows a PostgreSQL command returned, freed when the object
// goes away.
#pragma once

#include <string>

struct pg_result;

namespace racelab::support {

class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(pg_result* result) : result_(result) {}
  ~PgResult();
  PgResult(PgResult&& other) noexcept;
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;

  int rows() const;
  // The text of row `row`, column `column`; "" for NULL.
  std::string text(int row, int column) const;
  // The same, read as an integer; throws std::runtime_error if it is not one.
  long long integer(int row, int column) const;
  // Rows an INSERT, UPDATE or DELETE changed (PQcmdTuples); 0 for other commands.
  long long affected_rows() const;

 private:
  pg_result* result_ = nullptr;
};

}  // namespace racelab::support
