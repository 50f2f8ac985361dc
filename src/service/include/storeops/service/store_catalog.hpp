// SPDX-License-Identifier: Apache-2.0
// Use cases over store definitions: save a validated definition, read one, list all. Reads are
// served from an in-memory copy that a save replaces, because definitions change a few times a
// year while every dashboard poll and engine run reads them.
//
//   service::StoreCatalog catalog(db->stores());
//   auto saved = catalog.SaveStore(std::move(store));        // validated, durable
//   auto list = catalog.ListStores();                         // shared, immutable snapshot
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "storeops/core/result.hpp"
#include "storeops/core/store.hpp"
#include "storeops/storage/database.hpp"

namespace storeops::service {

enum class SaveOutcome { kCreated, kReplaced };

/// Thread-safe; one instance per process, shared by the HTTP handlers and the CLI.
class StoreCatalog {
 public:
  explicit StoreCatalog(storage::StoreRepository& repository);
  ~StoreCatalog();
  StoreCatalog(const StoreCatalog&) = delete;
  StoreCatalog& operator=(const StoreCatalog&) = delete;

  /// Validates (store_definition::ValidateStore) and durably saves the whole definition.
  /// kInvalidArgument with field details for an invalid definition; kUnavailable from storage.
  [[nodiscard]] core::Result<SaveOutcome> SaveStore(core::Store store);

  /// kNotFound for an unknown id.
  [[nodiscard]] core::Result<std::shared_ptr<const core::Store>> GetStore(const core::StoreId& id);

  /// Every store ordered by id.
  [[nodiscard]] core::Result<std::shared_ptr<const std::vector<core::StoreSummary>>> ListStores();

  /// Grows by one with every successful save, so callers can cache what they derive (e.g. a
  /// serialised JSON list) and notice when it is stale.
  [[nodiscard]] uint64_t version() const;

 private:
  struct State;
  storage::StoreRepository& repository_;
  std::unique_ptr<State> state_;
};

}  // namespace storeops::service
