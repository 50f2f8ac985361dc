// SPDX-License-Identifier: Apache-2.0
#include "commands.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "storeops/api/server.hpp"
#include "storeops/privacy/tokens.hpp"
#include "storeops/service/health.hpp"
#include "storeops/service/ingest_service.hpp"
#include "storeops/service/store_catalog.hpp"
#include "storeops/storage_sqlite/sqlite_database.hpp"
#include "storeops/store_definition/store_json.hpp"

#include "logging.hpp"

namespace storeops::app {
namespace {

int ExitCodeFor(const core::Error& error) {
  return error.code == core::ErrorCode::kInvalidArgument || error.code == core::ErrorCode::kNotFound
             ? 2
             : 1;
}

void PrintError(const core::Error& error) {
  std::fprintf(stderr, "storeops: %s\n", error.message.c_str());
  for (const auto& detail : error.details) {
    std::fprintf(stderr, "  %s: %s\n", detail.field.c_str(), detail.reason.c_str());
  }
}

// Written to a temporary name and renamed, so a test polling the file never reads half a number.
core::Status WritePortFile(const std::string& path, uint16_t port) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << port << '\n';
    if (!out) {
      return core::Fail(core::ErrorCode::kUnavailable, "cannot write port file " + temporary);
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    return core::Fail(core::ErrorCode::kUnavailable,
                      fmt::format("cannot write port file {}: {}", path, ec.message()));
  }
  return core::Ok();
}

core::Result<std::unique_ptr<storage::Database>> OpenStorage(const std::string& db_path) {
  storage_sqlite::SqliteOptions options;
  options.path = db_path;
  return storage_sqlite::OpenDatabase(options);
}

core::Status ImportStoreFile(service::StoreCatalog& catalog, const std::string& file) {
  auto store = store_definition::ReadStoreFile(file);
  if (!store) {
    core::Error error = store.error();
    // A missing file's message names it already; problems inside the file get its name in front.
    if (error.code != core::ErrorCode::kNotFound) {
      error.message = fmt::format("{}: {}", file, error.message);
    }
    return core::Fail(std::move(error));
  }
  const std::string id = store->id.value();
  const size_t zones = store->zones.size();
  const size_t skus = store->skus.size();
  auto saved = catalog.SaveStore(std::move(*store));
  if (!saved) {
    return core::Fail(saved.error());
  }
  spdlog::info("{} store '{}' from {} ({} zones, {} SKUs)",
               *saved == service::SaveOutcome::kCreated ? "imported" : "replaced", id, file, zones,
               skus);
  return core::Ok();
}

}  // namespace

int RunServe(const Config& config, const ServeExtras& extras) {
  SetupLogging(config.log_level, config.access_log);
  auto listen = ParseListenAddress(config.listen, "server.listen");
  if (!listen) {
    PrintError(listen.error());
    return 2;
  }
  auto database = OpenStorage(config.db);
  if (!database) {
    PrintError(database.error());
    return ExitCodeFor(database.error());
  }
  service::StoreCatalog catalog((*database)->stores());
  service::HealthCheck health(**database);
  for (const auto& file : extras.import_stores) {
    if (auto imported = ImportStoreFile(catalog, file); !imported) {
      PrintError(imported.error());
      return ExitCodeFor(imported.error());
    }
  }

  api::ServerOptions options;
  options.host = listen->host;
  options.port = listen->port;
  options.io_threads = static_cast<int>(config.io_threads);
  options.worker_threads = static_cast<int>(config.worker_threads);
  options.max_body_bytes = static_cast<size_t>(config.max_body_bytes);
  options.request_timeout = std::chrono::seconds(config.request_timeout_seconds);
  options.shutdown_grace = std::chrono::seconds(config.shutdown_grace_seconds);
  options.static_dir = config.static_dir;
  options.access_log = config.access_log;
  // Day keys live in memory for now, so tokens change when the process restarts.
  // TODO(#3): persist the sealed key ring (privacy::KeyRing::Export under the master key).
  privacy::KeyRing key_ring;
  core::SystemClock clock;
  service::IngestService ingest((*database)->events(), catalog,
                                service::TokenisingPresenceFilter(key_ring), clock);
  api::Server server(options, {catalog, health, ingest});
  auto port = server.Start();
  if (!port) {
    PrintError(port.error());
    return ExitCodeFor(port.error());
  }
  spdlog::info("storeops listening on http://{}:{} (database {}, schema version {})", listen->host,
               *port, config.db, (*database)->SchemaVersion());
  FlushLogs();
  if (!extras.port_file.empty()) {
    if (auto written = WritePortFile(extras.port_file, *port); !written) {
      PrintError(written.error());
      return 1;
    }
  }
  server.Run();
  // Storage closes only after the last in-flight request has finished with it.
  auto closed = (*database)->Close();
  if (!closed) {
    spdlog::error("closing the database failed: {}", closed.error().message);
  }
  spdlog::info("storeops stopped");
  FlushLogs();
  return closed ? 0 : 1;
}

int RunStoreImport(const std::string& file, const std::string& db_path) {
  SetupLogging("info", false);
  auto database = OpenStorage(db_path);
  if (!database) {
    PrintError(database.error());
    return ExitCodeFor(database.error());
  }
  service::StoreCatalog catalog((*database)->stores());
  auto imported = ImportStoreFile(catalog, file);
  auto closed = (*database)->Close();
  FlushLogs();
  if (!imported) {
    PrintError(imported.error());
    return ExitCodeFor(imported.error());
  }
  if (!closed) {
    PrintError(closed.error());
    return 1;
  }
  return 0;
}

}  // namespace storeops::app
