// SPDX-License-Identifier: Apache-2.0
// Runs the retention contract against the memory doubles of tests/support, so tests above
// storage that use testing::MemoryDatabase rely on the same behaviour as the real backends.
#include <memory>

#include <gtest/gtest.h>

#include "storeops/testing/memory_storage.hpp"

#include "database_contract.hpp"

namespace storeops::storage::contract {
namespace {

// A handle on one MemoryDatabase shared by every Open, so Reopen sees the same data.
class SharedMemoryDatabase final : public Database {
 public:
  explicit SharedMemoryDatabase(std::shared_ptr<testing::MemoryDatabase> db) : db_(std::move(db)) {}

  StoreRepository& stores() override { return db_->stores(); }

  EventRepository& events() override { return db_->events(); }

  AggregateRepository& aggregates() override { return db_->aggregates(); }

  KeyRepository& keys() override { return db_->keys(); }

  ForecastRepository& forecasts() override { return db_->forecasts(); }

  StaffingRepository& staffing() override { return db_->staffing(); }

  core::Status Ping() override { return db_->Ping(); }

  core::Status PurgeDeleted() override { return db_->PurgeDeleted(); }

  int64_t SchemaVersion() override { return db_->SchemaVersion(); }

  core::Status Close() override { return core::Ok(); }

 private:
  std::shared_ptr<testing::MemoryDatabase> db_;
};

class MemoryHarness final : public DatabaseHarness {
 public:
  core::Result<std::unique_ptr<Database>> Open() override {
    return std::make_unique<SharedMemoryDatabase>(db_);
  }

 private:
  std::shared_ptr<testing::MemoryDatabase> db_ = std::make_shared<testing::MemoryDatabase>();
};

INSTANTIATE_TEST_SUITE_P(Memory, RetentionContract,
                         ::testing::Values(DatabaseBackend{
                             "Memory", [] { return std::make_unique<MemoryHarness>(); },
                             "always available"}),
                         DatabaseBackendName);

INSTANTIATE_TEST_SUITE_P(Memory, ForecastContract,
                         ::testing::Values(DatabaseBackend{
                             "Memory", [] { return std::make_unique<MemoryHarness>(); },
                             "always available"}),
                         DatabaseBackendName);

INSTANTIATE_TEST_SUITE_P(Memory, StaffingContract,
                         ::testing::Values(DatabaseBackend{
                             "Memory", [] { return std::make_unique<MemoryHarness>(); },
                             "always available"}),
                         DatabaseBackendName);

}  // namespace
}  // namespace storeops::storage::contract
