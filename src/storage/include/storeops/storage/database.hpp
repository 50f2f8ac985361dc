// SPDX-License-Identifier: Apache-2.0
// Storage front door: backend-neutral repository interfaces. A backend (storage_sqlite/, later
// storage_postgres/) implements `Database`; everything above storage/ sees only these interfaces,
// so the embedded in-store box and a chain's PostgreSQL run the same service code.
//
//   std::unique_ptr<storage::Database> db = storage_sqlite::OpenDatabase({.path = "var/s.db"});
//   core::Status saved = db->stores().SaveStore(store);     // returns once durable
//   auto list = db->stores().ListStores();
//
// Later issues add their repositories (events, aggregates, forecasts, rosters) to `Database` in
// the same pattern: an interface here, an implementation per backend, one contract test suite.
#pragma once

#include <cstdint>
#include <vector>

#include "storeops/core/result.hpp"
#include "storeops/core/store.hpp"
#include "storeops/storage/aggregate_repository.hpp"
#include "storeops/storage/event_repository.hpp"
#include "storeops/storage/forecast_repository.hpp"
#include "storeops/storage/key_repository.hpp"
#include "storeops/storage/staffing_repository.hpp"

namespace storeops::storage {

/// Store definitions: the store, its zones, adjacency, departments, categories, SKUs and lanes.
/// Thread-safe: any number of threads may call concurrently.
class StoreRepository {
 public:
  virtual ~StoreRepository() = default;

  /// Creates the store or replaces its whole definition in one transaction, and returns only once
  /// the write is durable. The caller validates the definition first (store_definition/).
  /// kUnavailable when the database cannot be written.
  [[nodiscard]] virtual core::Status SaveStore(const core::Store& store) = 0;

  /// The definition exactly as saved (same order of zones, SKUs, ...). kNotFound for an unknown id.
  [[nodiscard]] virtual core::Result<core::Store> LoadStore(const core::StoreId& id) = 0;

  /// Every store, ordered by id.
  [[nodiscard]] virtual core::Result<std::vector<core::StoreSummary>> ListStores() = 0;
};

/// One open database. Thread-safe.
class Database {
 public:
  virtual ~Database() = default;

  [[nodiscard]] virtual StoreRepository& stores() = 0;

  [[nodiscard]] virtual EventRepository& events() = 0;

  /// Hourly roll-ups kept after raw events are deleted (retention).
  [[nodiscard]] virtual AggregateRepository& aggregates() = 0;

  /// Sealed day keys of the privacy key ring.
  [[nodiscard]] virtual KeyRepository& keys() = 0;

  /// Forecast model registry: versions, champion per store, stored forecasts (issue #5).
  [[nodiscard]] virtual ForecastRepository& forecasts() = 0;

  /// Employees and week rosters (issue #6).
  [[nodiscard]] virtual StaffingRepository& staffing() = 0;

  /// Makes rows deleted so far unrecoverable from the database's files: SQLite zeroes deleted
  /// content as it goes (secure_delete) and this also checkpoints and truncates the WAL, whose
  /// older frames still hold the rows. The retention job calls it after deleting. kUnavailable
  /// when the database cannot be written or a reader kept the WAL busy.
  [[nodiscard]] virtual core::Status PurgeDeleted() = 0;

  /// Succeeds when the database answers a trivial query; used by GET /readyz.
  [[nodiscard]] virtual core::Status Ping() = 0;

  /// The highest migration applied.
  [[nodiscard]] virtual int64_t SchemaVersion() = 0;

  /// Finishes every queued write, checkpoints and closes. Further calls fail with kUnavailable.
  /// Called on graceful shutdown; the destructor calls it too.
  virtual core::Status Close() = 0;
};

}  // namespace storeops::storage
