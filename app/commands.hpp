// SPDX-License-Identifier: Apache-2.0
// The subcommands of `storeops`. Each returns the process exit code: 0 success, 1 failure at run
// time (database unreachable, port taken), 2 bad input (flags, config, files).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "storeops/core/time.hpp"
#include "storeops/service/ingest_service.hpp"
#include "storeops/service/key_vault.hpp"
#include "storeops/service/store_catalog.hpp"
#include "storeops/storage/database.hpp"

#include "config.hpp"

namespace storeops::app {

struct IngestPipeline;

/// Work that runs beside the server (the demo's simulation): destroying it must stop it.
class BackgroundTask {
 public:
  virtual ~BackgroundTask() = default;
};

struct ServeExtras {
  std::string port_file;                   ///< Written with the bound port once listening.
  std::vector<std::string> import_stores;  ///< Store definition files loaded before serving.
  /// The clock of the live state (the demo's simulated clock); the system clock when null.
  /// HTTP ingest always uses the system clock.
  const core::Clock* live_clock = nullptr;
  /// False leaves the retention scheduler to `background` (the demo starts it after its backfill).
  bool retention_scheduler = true;
  /// Started once the server listens; destroyed after the server stopped, before storage closes.
  std::function<std::unique_ptr<BackgroundTask>(IngestPipeline&, const Config&)> background;
};

int RunServe(const Config& config, const ServeExtras& extras);

int RunStoreImport(const std::string& file, const std::string& db_path);

/// Storage, stores, the privacy key ring and the ingest use case, opened from the settings: what
/// every way in (the server, `storeops import`) needs before it can accept an event.
struct IngestPipeline {
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<service::StoreCatalog> catalog;
  std::unique_ptr<service::KeyVault> key_vault;  ///< Day keys, sealed and stored.
  core::SystemClock clock;
  std::unique_ptr<service::IngestService> ingest;

  /// Closes storage once every write has finished.
  [[nodiscard]] core::Status Close();
};

[[nodiscard]] core::Result<std::unique_ptr<IngestPipeline>> OpenIngestPipeline(
    const Config& config);

}  // namespace storeops::app
