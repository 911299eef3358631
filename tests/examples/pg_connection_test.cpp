// tests/examples/pg_connection_test.cpp: the libpq wrapper and the PostgreSQL behaviour the
// withdraw variants rely on, against a real server this test starts on 127.0.0.1 (or the one
// RACELAB_PG_CONNINFO names). Without PostgreSQL installed every test is skipped, saying why.
#include "pg_connection.h"

#include <gtest/gtest.h>

#include "pg_account.h"
#include "pg_error.h"
#include "pg_test_server.h"

using namespace racelab::support;

namespace {

class PgConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const PgTestServer& server = PgTestServer::shared();
    if (server.status() == PgTestServer::Status::not_installed) GTEST_SKIP() << server.message();
    ASSERT_EQ(server.status(), PgTestServer::Status::ready) << server.message();
    first_.emplace(server.conninfo());
    second_.emplace(server.conninfo());
    create_accounts_table(*first_);
    set_account(*first_, 1, 100);
  }

  std::optional<PgConnection> first_;
  std::optional<PgConnection> second_;
};

}  // namespace

TEST_F(PgConnectionTest, RunsCommandsWithParameters) {
  PgResult result = first_->exec("SELECT $1::bigint + 1, 'x'", {"41"});
  ASSERT_EQ(result.rows(), 1);
  EXPECT_EQ(result.integer(0, 0), 42);
  EXPECT_EQ(result.text(0, 1), "x");
  EXPECT_THROW(result.integer(0, 1), std::runtime_error);
  EXPECT_THROW(result.text(1, 0), std::out_of_range);
}

TEST_F(PgConnectionTest, ErrorsCarryTheirSqlstateAndLeaveTheConnectionUsable) {
  try {
    first_->exec("SELEKT 1");
    FAIL() << "no exception";
  } catch (const PgError& error) {
    EXPECT_EQ(error.sqlstate(), "42601") << error.what();  // syntax_error
    EXPECT_FALSE(error.serialization_failure());
  }
  EXPECT_EQ(first_->exec("SELECT 1").integer(0, 0), 1);
}

TEST_F(PgConnectionTest, BadConnectionStringThrows) {
  EXPECT_THROW(PgConnection("host=127.0.0.1 port=1 connect_timeout=2"), PgError);
}

TEST_F(PgConnectionTest, AccountStatements) {
  EXPECT_EQ(read_balance(*first_, 1), 100);
  debit(*first_, 1, 30);
  EXPECT_EQ(read_balance(*first_, 1), 70);
  EXPECT_TRUE(debit_if_enough(*first_, 1, 70));
  EXPECT_FALSE(debit_if_enough(*first_, 1, 1));
  EXPECT_EQ(read_balance(*first_, 1), 0);
  EXPECT_THROW(read_balance(*first_, 2), std::runtime_error);
}

TEST_F(PgConnectionTest, WaitHookRunsWhileAnotherTransactionHoldsTheRowLock) {
  first_->exec("BEGIN");
  EXPECT_EQ(read_balance_for_update(*first_, 1), 100);
  int calls = 0;
  second_->on_wait([&] {
    // What the harness does: let the lock holder run. Here it commits on the 2nd call.
    if (++calls == 2) {
      debit(*first_, 1, 100);
      first_->exec("COMMIT");
    }
    return true;
  });
  // Read Committed: after the wait, the WHERE clause is checked again on the new row.
  EXPECT_FALSE(debit_if_enough(*second_, 1, 100));
  EXPECT_GE(calls, 2);
  EXPECT_EQ(second_->waits(), calls);
  EXPECT_EQ(read_balance(*second_, 1), 0);
}

TEST_F(PgConnectionTest, ReadCommittedReadThenWriteOverdraws) {
  first_->exec("BEGIN");
  second_->exec("BEGIN");
  EXPECT_EQ(read_balance(*first_, 1), 100);
  EXPECT_EQ(read_balance(*second_, 1), 100);  // both checks pass
  debit(*first_, 1, 100);
  first_->exec("COMMIT");
  debit(*second_, 1, 100);  // balance - 100, computed on the committed 0
  second_->exec("COMMIT");
  EXPECT_EQ(read_balance(*first_, 1), -100);
}

TEST_F(PgConnectionTest, RepeatableReadRefusesToOverwriteAConcurrentUpdate) {
  first_->exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
  second_->exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
  EXPECT_EQ(read_balance(*first_, 1), 100);
  EXPECT_EQ(read_balance(*second_, 1), 100);
  debit(*first_, 1, 100);
  first_->exec("COMMIT");
  try {
    debit(*second_, 1, 100);
    FAIL() << "Repeatable Read let a stale transaction overwrite a committed update";
  } catch (const PgError& error) {
    EXPECT_TRUE(error.serialization_failure()) << error.what();
  }
  second_->exec("ROLLBACK");
  EXPECT_EQ(read_balance(*second_, 1), 0);
}
