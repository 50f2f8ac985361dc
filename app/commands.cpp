// SPDX-License-Identifier: Apache-2.0
#include "commands.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "storeops/api/server.hpp"
#include "storeops/live/hub.hpp"
#include "storeops/privacy/tokens.hpp"
#include "storeops/service/forecast_demand_source.hpp"
#include "storeops/service/forecast_service.hpp"
#include "storeops/service/health.hpp"
#include "storeops/service/ingest_service.hpp"
#include "storeops/service/job_runner.hpp"
#include "storeops/service/simulation_service.hpp"
#include "storeops/service/staffing_service.hpp"
#include "storeops/service/store_catalog.hpp"
#include "storeops/sim/scenario.hpp"
#include "storeops/storage_sqlite/sqlite_database.hpp"
#include "storeops/store_definition/store_json.hpp"

#include "forecast_store_commands.hpp"
#include "logging.hpp"
#include "mqtt_ingest.hpp"
#include "retention_commands.hpp"
#include "terminal.hpp"

namespace storeops::app {
namespace {

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
  auto opened = OpenIngestPipeline(config);
  if (!opened) {
    return ReportError(opened.error());
  }
  IngestPipeline& pipeline = **opened;
  service::StoreCatalog& catalog = *pipeline.catalog;
  service::HealthCheck health(*pipeline.database);
  for (const auto& file : extras.import_stores) {
    if (auto imported = ImportStoreFile(catalog, file); !imported) {
      return ReportError(imported.error());
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
  // Live state and stream (src/live): fed after each durable ingest, served by the API.
  live::HubOptions live_options;
  live_options.state.min_distinct_tokens = config.privacy_k;
  live::LiveHub live_hub(
      live_options,
      [&catalog](const core::StoreId& id) { return catalog.GetStore(id).value_or(nullptr); },
      extras.live_clock != nullptr ? *extras.live_clock : pipeline.clock);
  pipeline.ingest->SetObserver(
      [&live_hub](std::span<const core::Event> events) { live_hub.OnAccepted(events); });
  // MQTT (serve --mqtt): the same ingest path as HTTP; a broker that is down never blocks serve.
  // Declared after the live hub, so it stops before the hub goes away on every return path.
  auto mqtt = StartMqttIngest(config, *pipeline.ingest);
  if (!mqtt) {
    PrintError(mqtt.error());
    return 2;
  }
  // Long work asked for over HTTP runs on one job thread, so the in-store box keeps a core for
  // ingest and the API.
  service::JobRunner jobs({.workers = 1}, pipeline.clock);
  auto basket_model = sim::ParseBasketModelJson(service::BuiltInBasketModelJson());
  if (!basket_model) {
    return ReportError(basket_model.error());
  }
  service::SimulationService simulations(catalog, std::move(*basket_model));
  api::ApiServices services{catalog, health, *pipeline.ingest, &live_hub};
  services.jobs = &jobs;
  services.simulations = &simulations;
  service::ForecastService forecasts(*pipeline.database, pipeline.clock);
  services.forecasts = &forecasts;
  // Staffing demand: the champion forecast, the hour-of-week history where it cannot answer.
  service::AggregateDemandSource history_demand(pipeline.database->aggregates(), pipeline.clock);
  service::ForecastDemandSource staffing_demand(forecasts, history_demand,
                                                pipeline.database->aggregates());
  service::StaffingService staffing(catalog, pipeline.database->staffing(), staffing_demand, jobs,
                                    pipeline.clock);
  services.staffing = &staffing;
  api::Server server(options, services);
  auto port = server.Start();
  if (!port) {
    PrintError(port.error());
    return ExitCodeFor(port.error());
  }
  spdlog::info("storeops listening on http://{}:{} (database {}, schema version {})", listen->host,
               *port, config.db, pipeline.database->SchemaVersion());
  FlushLogs();
  if (!extras.port_file.empty()) {
    if (auto written = WritePortFile(extras.port_file, *port); !written) {
      PrintError(written.error());
      return 1;
    }
  }
  std::unique_ptr<RetentionScheduler> retention;
  if (extras.retention_scheduler) {
    retention = std::make_unique<RetentionScheduler>(
        *pipeline.database, RetentionOptionsFrom(config), pipeline.key_vault.get(), pipeline.clock,
        std::chrono::minutes(config.retention_interval_minutes));
    retention->Start();
  }
  ForecastScheduler forecast_schedule(forecasts, pipeline.database->stores(), pipeline.clock,
                                      static_cast<int>(config.forecast_train_hour_utc));
  forecast_schedule.Start();
  std::unique_ptr<BackgroundTask> background;
  if (extras.background) {
    background = extras.background(pipeline, config);
  }
  server.Run();
  if (*mqtt) {
    (*mqtt)->Stop();
  }
  background.reset();
  jobs.Shutdown();
  forecast_schedule.Stop();
  if (retention) {
    retention->Stop();
  }
  // Storage closes only after the last in-flight request has finished with it.
  auto closed = pipeline.Close();
  if (!closed) {
    spdlog::error("closing the database failed: {}", closed.error().message);
  }
  spdlog::info("storeops stopped");
  FlushLogs();
  return closed ? 0 : 1;
}

core::Status IngestPipeline::Close() { return database ? database->Close() : core::Ok(); }

core::Result<std::unique_ptr<IngestPipeline>> OpenIngestPipeline(const Config& config) {
  auto pipeline = std::make_unique<IngestPipeline>();
  auto database = OpenStorage(config.db);
  if (!database) {
    return core::Fail(database.error());
  }
  pipeline->database = std::move(*database);
  pipeline->catalog = std::make_unique<service::StoreCatalog>(pipeline->database->stores());
  // Day keys are sealed under the master key and stored, so tokens survive a restart and an
  // import gives the same tokens as the server.
  auto key_vault = OpenKeyVault(config, *pipeline->database);
  if (!key_vault) {
    return core::Fail(key_vault.error());
  }
  pipeline->key_vault = std::move(*key_vault);
  pipeline->ingest = std::make_unique<service::IngestService>(
      pipeline->database->events(), *pipeline->catalog,
      service::TokenisingPresenceFilter(*pipeline->key_vault), pipeline->clock);
  return pipeline;
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
