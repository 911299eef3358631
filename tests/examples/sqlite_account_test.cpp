// tests/examples/sqlite_account_test.cpp: the account statements, the transaction guard and
// the busy retry, alone and with real threads.
#include "sqlite_account.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "sqlite_connection.h"
#include "sqlite_error.h"
#include "sqlite_retry.h"
#include "sqlite_transaction.h"
#include "temp_folder.h"

#include <sqlite3.h>

using namespace racelab::support;

namespace {

class SqliteAccountTest : public ::testing::Test {
 protected:
  void SetUp() override {
    create_accounts_table(db_);
    set_account(db_, 1, 100);
  }
  std::string path() const { return folder_.file("bank.db").string(); }

  TempFolder folder_;
  SqliteConnection db_{folder_.file("bank.db").string()};
};

}  // namespace

TEST_F(SqliteAccountTest, ReadsSetsAndDebits) {
  EXPECT_EQ(read_balance(db_, 1), 100);
  debit(db_, 1, 30);
  EXPECT_EQ(read_balance(db_, 1), 70);
  set_account(db_, 1, 5);
  EXPECT_EQ(read_balance(db_, 1), 5);
  EXPECT_THROW(read_balance(db_, 2), std::runtime_error);
}

TEST_F(SqliteAccountTest, PlainDebitOverdrawsBecauseItChecksNothing) {
  debit(db_, 1, 100);
  debit(db_, 1, 100);
  EXPECT_EQ(read_balance(db_, 1), -100);
}

TEST_F(SqliteAccountTest, ConditionalDebitRefusesAnOverdraft) {
  EXPECT_TRUE(debit_if_enough(db_, 1, 60));
  EXPECT_FALSE(debit_if_enough(db_, 1, 60));
  EXPECT_EQ(read_balance(db_, 1), 40);
  EXPECT_TRUE(debit_if_enough(db_, 1, 40));
  EXPECT_EQ(read_balance(db_, 1), 0);
}

TEST_F(SqliteAccountTest, TransactionRollsBackUnlessCommitted) {
  {
    SqliteTransaction tx(db_, SqliteTransaction::Kind::immediate);
    debit(db_, 1, 10);
  }
  EXPECT_FALSE(db_.in_transaction());
  EXPECT_EQ(read_balance(db_, 1), 100);
  {
    SqliteTransaction tx(db_, SqliteTransaction::Kind::immediate);
    debit(db_, 1, 10);
    tx.commit();
  }
  EXPECT_EQ(read_balance(db_, 1), 90);
}

TEST(SqliteRetry, RunsAgainAfterBusyAndCountsRetries) {
  int calls = 0;
  long long retries = 0;
  int result = retry_while_busy([&] {
    if (++calls < 3) throw SqliteError(SQLITE_BUSY, "locked");
    return 7;
  }, &retries);
  EXPECT_EQ(result, 7);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(retries, 2);
}

TEST(SqliteRetry, PassesOtherErrorsOnAtOnce) {
  int calls = 0;
  EXPECT_THROW(retry_while_busy([&] {
    ++calls;
    throw SqliteError(SQLITE_CONSTRAINT, "no");
  }), SqliteError);
  EXPECT_EQ(calls, 1);
}

TEST(SqliteRetry, GivesUpLoudlyRatherThanDroppingTheWork) {
  int calls = 0;
  EXPECT_THROW(retry_while_busy([&] {
    ++calls;
    throw SqliteError(SQLITE_BUSY, "locked");
  }, nullptr, /*max_attempts=*/5), SqliteError);
  EXPECT_EQ(calls, 5);
}

// Real threads, one connection each, all withdrawing from one account until it is empty.
// With read, check and write inside BEGIN IMMEDIATE (retried on busy) and with the single
// conditional UPDATE, every unit is paid out exactly once and the balance ends at 0.
class SqliteWithdrawThreads : public SqliteAccountTest, public ::testing::WithParamInterface<bool> {};

TEST_P(SqliteWithdrawThreads, PaysOutExactlyTheBalance) {
  const bool conditional = GetParam();
  constexpr int kThreads = 4;
  constexpr int kTries = 60;
  set_account(db_, 1, kThreads * kTries / 2);  // half the attempts must be refused
  std::atomic<long long> paid{0};
  std::atomic<long long> retries{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      SqliteConnection own(path());
      long long my_retries = 0;
      for (int i = 0; i < kTries; ++i) {
        bool ok = retry_while_busy([&] {
          if (conditional) return debit_if_enough(own, 1, 1);
          SqliteTransaction tx(own, SqliteTransaction::Kind::immediate);
          if (read_balance(own, 1) < 1) return false;
          debit(own, 1, 1);
          tx.commit();
          return true;
        }, &my_retries);
        if (ok) ++paid;
      }
      retries += my_retries;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(read_balance(db_, 1), 0);
  EXPECT_EQ(paid.load(), kThreads * kTries / 2);
}

INSTANTIATE_TEST_SUITE_P(BothFixes, SqliteWithdrawThreads, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "ConditionalUpdate" : "BeginImmediate"; });
