// SPDX-License-Identifier: Apache-2.0
// An in-memory StoreRepository for tests of code above storage (service, api) that need no file.
// The storage contract itself is tested against the real backends in tests/storage_sqlite.
#pragma once

#include <map>
#include <mutex>

#include "storeops/storage/database.hpp"

namespace storeops::testing {

class MemoryStoreRepository final : public storage::StoreRepository {
 public:
  core::Status SaveStore(const core::Store& store) override;
  core::Result<core::Store> LoadStore(const core::StoreId& id) override;
  core::Result<std::vector<core::StoreSummary>> ListStores() override;

  /// Makes every call fail with kUnavailable, as a database that went away would.
  void SetUnavailable(bool unavailable);

  [[nodiscard]] int load_calls() const;

 private:
  mutable std::mutex mutex_;
  std::map<core::StoreId, core::Store> stores_;
  bool unavailable_ = false;
  int load_calls_ = 0;
};

class MemoryDatabase final : public storage::Database {
 public:
  storage::StoreRepository& stores() override { return stores_; }

  core::Status Ping() override;

  int64_t SchemaVersion() override { return 0; }

  core::Status Close() override { return core::Ok(); }

  MemoryStoreRepository& memory_stores() { return stores_; }

 private:
  MemoryStoreRepository stores_;
};

}  // namespace storeops::testing
