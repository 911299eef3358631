// examples/support/pg_retry.h: run a PostgreSQL transaction again when the server refused it
// to keep transactions isolated (SQLSTATE 40001 serialization failure, or 40P01 deadlock).
// Such a transaction was rolled back and changed nothing, so running it again from the start
// is what PostgreSQL's documentation asks of every Repeatable Read or Serializable client.
#pragma once

#include "pg_error.h"

namespace racelab::support {

// Calls `transaction()` until it returns without a retryable PgError, and returns its result.
// Other errors are passed on; after `max_attempts` the last failure is rethrown (loud, not
// endless). `retries`, if given, is increased once per retry.
template <class Transaction>
auto retry_on_serialization_failure(Transaction&& transaction, long long* retries = nullptr,
                                    int max_attempts = 10'000) -> decltype(transaction()) {
  for (int attempt = 1;; ++attempt) {
    try {
      return transaction();
    } catch (const PgError& error) {
      if (!(error.serialization_failure() || error.deadlock_detected()) || attempt >= max_attempts) throw;
      if (retries != nullptr) ++*retries;
    }
  }
}

}  // namespace racelab::support
