// SPDX-License-Identifier: Apache-2.0
#include "connection.hpp"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/testing/temp_dir.hpp"

#include "database_contract.hpp"

namespace storeops::storage_sqlite::internal {
namespace {

using core::ErrorCode;
using storage::contract::Succeeded;

TEST(ErrorCodeFor, MapsEveryResultFamily) {
  const std::vector<std::pair<int, ErrorCode>> cases = {
      {SQLITE_BUSY, ErrorCode::kUnavailable},
      {SQLITE_BUSY_SNAPSHOT, ErrorCode::kUnavailable},
      {SQLITE_LOCKED, ErrorCode::kUnavailable},
      {SQLITE_IOERR_FSYNC, ErrorCode::kUnavailable},
      {SQLITE_FULL, ErrorCode::kUnavailable},
      {SQLITE_CANTOPEN, ErrorCode::kUnavailable},
      {SQLITE_READONLY, ErrorCode::kUnavailable},
      {SQLITE_CONSTRAINT_PRIMARYKEY, ErrorCode::kAlreadyExists},
      {SQLITE_CONSTRAINT_UNIQUE, ErrorCode::kAlreadyExists},
      {SQLITE_CONSTRAINT_FOREIGNKEY, ErrorCode::kInvalidArgument},
      {SQLITE_CONSTRAINT_NOTNULL, ErrorCode::kInvalidArgument},
      {SQLITE_CONSTRAINT_CHECK, ErrorCode::kInvalidArgument},
      {SQLITE_ERROR, ErrorCode::kInternal},
      {SQLITE_CORRUPT, ErrorCode::kInternal},
      {SQLITE_MISUSE, ErrorCode::kInternal},
  };
  for (const auto& [result_code, expected] : cases) {
    EXPECT_EQ(ErrorCodeFor(result_code), expected) << sqlite3_errstr(result_code);
  }
}

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Connection::Open((dir_ / "c.db").string(), ConnectionOptions{});
    ASSERT_TRUE(Succeeded(opened));
    connection_ = std::make_unique<Connection>(std::move(*opened));
    ASSERT_TRUE(Succeeded(connection_->Exec(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL);"
        "INSERT INTO t VALUES (1, 'a', 0.5), (2, 'b', NULL), (3, 'c', -1e-300);")));
  }

  testing::TempDir dir_;
  std::unique_ptr<Connection> connection_;
};

TEST_F(ConnectionTest, OpenFailureIsUnavailableAndNamesThePath) {
  const std::string path = (dir_ / "missing" / "x.db").string();

  auto opened = Connection::Open(path, ConnectionOptions{});

  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(opened.error().message.find(path), std::string::npos) << opened.error().message;
}

TEST_F(ConnectionTest, NestedUseOfOneStatementGetsItsOwnCursor) {
  constexpr std::string_view kSql = "SELECT id FROM t ORDER BY id";
  int pairs = 0;

  auto outer = connection_->Prepare(kSql);
  ASSERT_TRUE(Succeeded(outer));
  while (*outer->Step()) {
    auto inner = connection_->Prepare(kSql);
    ASSERT_TRUE(Succeeded(inner));
    while (*inner->Step()) {
      ++pairs;
    }
  }

  EXPECT_EQ(pairs, 9);
}

TEST_F(ConnectionTest, ReadsTypedColumnsAndNulls) {
  auto select = connection_->Prepare("SELECT id, name, score FROM t WHERE id = ?");
  ASSERT_TRUE(Succeeded(select));

  ASSERT_TRUE(*select->Bind(1, int64_t{3}).Step());
  EXPECT_EQ(select->Int64(0), 3);
  EXPECT_EQ(select->Text(1), "c");
  EXPECT_EQ(select->Double(2), -1e-300);
  select->Reset();
  ASSERT_TRUE(*select->Bind(1, int32_t{2}).Step());
  EXPECT_TRUE(select->IsNull(2));
  EXPECT_FALSE(select->IsNull(1));
}

TEST_F(ConnectionTest, ConstraintViolationCarriesSqlitesMessage) {
  auto insert = connection_->Prepare("INSERT INTO t (id, name) VALUES (?, ?)");
  ASSERT_TRUE(Succeeded(insert));

  auto inserted = insert->BindAll(int64_t{1}, std::string_view("again")).Run();

  ASSERT_FALSE(inserted.has_value());
  EXPECT_EQ(inserted.error().code, ErrorCode::kAlreadyExists);
  EXPECT_NE(inserted.error().message.find("UNIQUE constraint failed: t.id"), std::string::npos)
      << inserted.error().message;
}

TEST_F(ConnectionTest, BadParameterIndexIsReportedByStep) {
  auto select = connection_->Prepare("SELECT id FROM t WHERE id = ?");
  ASSERT_TRUE(Succeeded(select));

  auto row = select->Bind(7, int64_t{1}).Step();

  ASSERT_FALSE(row.has_value());
  EXPECT_EQ(row.error().code, ErrorCode::kInternal);
  EXPECT_NE(row.error().message.find("parameter 7"), std::string::npos) << row.error().message;
}

TEST_F(ConnectionTest, SyntaxErrorIsInternal) {
  auto prepared = connection_->Prepare("SELEKT 1");

  ASSERT_FALSE(prepared.has_value());
  EXPECT_EQ(prepared.error().code, ErrorCode::kInternal);
  EXPECT_NE(prepared.error().message.find("SELEKT"), std::string::npos);
}

TEST_F(ConnectionTest, ClosedConnectionIsUnavailable) {
  ASSERT_TRUE(Succeeded(connection_->Close()));

  auto prepared = connection_->Prepare("SELECT 1");

  ASSERT_FALSE(prepared.has_value());
  EXPECT_EQ(prepared.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(Succeeded(connection_->Close()));
}

}  // namespace
}  // namespace storeops::storage_sqlite::internal
