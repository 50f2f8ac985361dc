// SPDX-License-Identifier: Apache-2.0
// Runs the backend-neutral storage contract against SQLite, one fresh file per test.
#include <memory>

#include <gtest/gtest.h>

#include "storeops/storage_sqlite/sqlite_database.hpp"
#include "storeops/testing/temp_dir.hpp"

#include "database_contract.hpp"

namespace storeops::storage::contract {
namespace {

class SqliteHarness final : public DatabaseHarness {
 public:
  core::Result<std::unique_ptr<Database>> Open() override {
    storage_sqlite::SqliteOptions options;
    options.path = (dir_ / "contract" / "storeops.db").string();
    options.read_connections = 3;
    return storage_sqlite::OpenDatabase(options);
  }

 private:
  testing::TempDir dir_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, DatabaseContract,
                         ::testing::Values(DatabaseBackend{
                             "Sqlite", [] { return std::make_unique<SqliteHarness>(); },
                             "always available"}),
                         DatabaseBackendName);

INSTANTIATE_TEST_SUITE_P(Sqlite, RetentionContract,
                         ::testing::Values(DatabaseBackend{
                             "Sqlite", [] { return std::make_unique<SqliteHarness>(); },
                             "always available"}),
                         DatabaseBackendName);

INSTANTIATE_TEST_SUITE_P(Sqlite, ForecastContract,
                         ::testing::Values(DatabaseBackend{
                             "Sqlite", [] { return std::make_unique<SqliteHarness>(); },
                             "always available"}),
                         DatabaseBackendName);

INSTANTIATE_TEST_SUITE_P(Sqlite, StaffingContract,
                         ::testing::Values(DatabaseBackend{
                             "Sqlite", [] { return std::make_unique<SqliteHarness>(); },
                             "always available"}),
                         DatabaseBackendName);

}  // namespace
}  // namespace storeops::storage::contract
