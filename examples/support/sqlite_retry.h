// examples/support/sqlite_retry.h: run a transaction again while SQLite says the database is
// locked. A withdrawal that met SQLITE_BUSY changed nothing, so it is retried, never dropped.
//
//   bool paid = retry_while_busy([&] { return withdraw_once(db, 100); });
#pragma once

#include <stdexcept>
#include <string>

#include "sqlite_error.h"

namespace racelab::support {

// Calls `transaction()` until it returns without a busy SqliteError and returns its result.
// Any other error is passed on. After `max_attempts` busy failures the last one is rethrown,
// so a livelock is loud rather than endless. `retries`, if given, is increased once per retry.
template <class Transaction>
auto retry_while_busy(Transaction&& transaction, long long* retries = nullptr,
                      int max_attempts = 100'000) -> decltype(transaction()) {
  for (int attempt = 1;; ++attempt) {
    try {
      return transaction();
    } catch (const SqliteError& error) {
      if (!error.busy() || attempt >= max_attempts) throw;
      if (retries != nullptr) ++*retries;
    }
  }
}

}  // namespace racelab::support
