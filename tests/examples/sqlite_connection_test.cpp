// tests/examples/sqlite_connection_test.cpp: the SQLite wrapper, and the locking behaviour the
// withdraw variants rely on (busy hook while waiting; immediate failure on a lock upgrade).
#include "sqlite_connection.h"

#include <gtest/gtest.h>

#include "sqlite_account.h"
#include "sqlite_error.h"
#include "sqlite_statement.h"
#include "sqlite_transaction.h"
#include "temp_folder.h"

#include <sqlite3.h>

using namespace racelab::support;

namespace {

class SqliteConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteConnection setup(path());
    create_accounts_table(setup);
    set_account(setup, 1, 100);
  }
  std::string path() const { return folder_.file("bank.db").string(); }

  TempFolder folder_;
};

}  // namespace

TEST_F(SqliteConnectionTest, StatementsBindStepAndRead) {
  SqliteConnection db(path());
  SqliteStatement select(db, "SELECT balance + ? FROM accounts WHERE id = ?");
  select.bind(1, 5).bind(2, 1);
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_int(0), 105);
  EXPECT_FALSE(select.step());
}

TEST_F(SqliteConnectionTest, BadSqlThrowsWithTheStatementInTheMessage) {
  SqliteConnection db(path());
  try {
    db.exec("SELEKT 1");
    FAIL() << "no exception";
  } catch (const SqliteError& error) {
    EXPECT_EQ(error.primary_code(), SQLITE_ERROR);
    EXPECT_FALSE(error.busy());
    EXPECT_NE(std::string(error.what()).find("SELEKT"), std::string::npos);
  }
}

TEST_F(SqliteConnectionTest, OpeningAFolderThatDoesNotExistFails) {
  EXPECT_THROW(SqliteConnection((folder_.path() / "missing" / "x.db").string()), SqliteError);
}

TEST_F(SqliteConnectionTest, SecondWriterCallsTheHookWhileTheFirstHoldsTheLock) {
  SqliteConnection first(path());
  SqliteConnection second(path());
  SqliteTransaction holding(first, SqliteTransaction::Kind::immediate);
  int calls = 0;
  second.on_busy([&] {
    // What the harness would do: let the lock holder run. Here it finishes on the 3rd call.
    if (++calls == 3) holding.commit();
    return true;
  });
  SqliteTransaction waiting(second, SqliteTransaction::Kind::immediate);
  EXPECT_EQ(calls, 3);
  EXPECT_TRUE(second.in_transaction());
}

TEST_F(SqliteConnectionTest, WaiterGivesUpWithBusyAfterItsPatience) {
  SqliteConnection first(path());
  SqliteConnection second(path());
  SqliteTransaction holding(first, SqliteTransaction::Kind::immediate);
  int calls = 0;
  second.on_busy([&] { ++calls; return false; }, /*patience_ms=*/20);
  try {
    SqliteTransaction waiting(second, SqliteTransaction::Kind::immediate);
    FAIL() << "BEGIN IMMEDIATE got the lock while another connection held it";
  } catch (const SqliteError& error) {
    EXPECT_TRUE(error.busy()) << error.what();
  }
  EXPECT_GT(calls, 0);
}

TEST_F(SqliteConnectionTest, ReadTransactionThatCannotUpgradeFailsAtOnceWithoutWaiting) {
  SqliteConnection reader(path());
  SqliteConnection writer(path());
  int calls = 0;
  reader.on_busy([&] { ++calls; return false; });
  SqliteTransaction deferred(reader, SqliteTransaction::Kind::deferred);
  EXPECT_EQ(read_balance(reader, 1), 100);  // the reader now holds a SHARED lock
  SqliteTransaction writing(writer, SqliteTransaction::Kind::immediate);
  debit(writer, 1, 30);                     // the writer holds RESERVED and waits to commit
  try {
    debit(reader, 1, 30);
    FAIL() << "two connections were allowed to write at once";
  } catch (const SqliteError& error) {
    EXPECT_EQ(error.primary_code(), SQLITE_BUSY) << error.what();
  }
  EXPECT_EQ(calls, 0) << "SQLite does not wait on a lock upgrade: waiting could deadlock";
}
