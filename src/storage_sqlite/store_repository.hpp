// SPDX-License-Identifier: Apache-2.0
// storage::StoreRepository on SQLite: writes through the single writer, reads from the pool.
// Later repositories (events, aggregates) follow the same shape: hold a Writer& and a ReadPool&,
// submit one WriteUnit per call, read inside a ReadTransaction on a leased connection.
#pragma once

#include <vector>

#include "storeops/core/result.hpp"
#include "storeops/core/store.hpp"
#include "storeops/storage/database.hpp"

#include "read_pool.hpp"
#include "writer.hpp"

namespace storeops::storage_sqlite::internal {

class SqliteStoreRepository final : public storage::StoreRepository {
 public:
  SqliteStoreRepository(Writer& writer, ReadPool& readers) : writer_(writer), readers_(readers) {}

  [[nodiscard]] core::Status SaveStore(const core::Store& store) override;
  [[nodiscard]] core::Result<core::Store> LoadStore(const core::StoreId& id) override;
  [[nodiscard]] core::Result<std::vector<core::StoreSummary>> ListStores() override;

 private:
  Writer& writer_;
  ReadPool& readers_;
};

}  // namespace storeops::storage_sqlite::internal
