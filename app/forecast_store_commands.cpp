// SPDX-License-Identifier: Apache-2.0
#include "forecast_store_commands.hpp"

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "storeops/storage_sqlite/sqlite_database.hpp"

#include "config.hpp"
#include "terminal.hpp"

namespace storeops::app {
namespace {

struct TrainArgs {
  ConfigFlags flags;
  std::string store;
  std::string as_of;
  int history_days = service::TrainOptions{}.history_days;
  int forecast_days = service::TrainOptions{}.forecast_days;
  int backtest_hours = service::TrainOptions{}.backtest_hours;
  std::vector<std::string> models;
  int threads = 0;
  std::string format = "table";
};

struct PredictArgs {
  ConfigFlags flags;
  std::string store;
  std::string department;
  std::string metric = "sales";
  std::string granularity = "hour";
  int horizon = 24;
  std::string from;
  std::string format = "table";
};

std::string Fixed(double value, int digits) {
  return std::isfinite(value) ? fmt::format("{:.{}f}", value, digits) : "-";
}

// Opens the database named by the settings; prints the error and sets `exit_code` on failure.
std::unique_ptr<storage::Database> Open(const ConfigFlags& flags, int& exit_code) {
  auto config = flags.Resolve(Config{});
  if (!config) {
    PrintError(config.error());
    exit_code = 2;
    return nullptr;
  }
  auto database = storage_sqlite::OpenDatabase({.path = config->db});
  if (!database) {
    exit_code = ReportError(database.error());
    return nullptr;
  }
  return std::move(*database);
}

std::string VersionTable(const service::ModelVersionInfo& info) {
  return fmt::format(
      "store {}: model version {} ({}){}\n"
      "  data       {} to {} ({} series)\n"
      "  backtest   last {} h: WMAPE {}, MASE {}, 80% coverage {}, 95% coverage {}\n"
      "  took       {:.2f} s\n",
      info.store_id.value(), info.version, info.model_name,
      info.champion ? ", the champion" : ", not better than the champion: champion kept",
      core::FormatRfc3339(info.data_from), core::FormatRfc3339(info.data_to), info.series,
      info.backtest.horizon_hours, Fixed(info.backtest.wmape, 4), Fixed(info.backtest.mase, 4),
      Fixed(info.backtest.coverage80, 3), Fixed(info.backtest.coverage95, 3), info.seconds);
}

int RunTrain(const TrainArgs& args) {
  int exit_code = 0;
  auto db = Open(args.flags, exit_code);
  if (!db) {
    return exit_code;
  }
  service::TrainOptions options;
  options.history_days = args.history_days;
  options.forecast_days = args.forecast_days;
  options.backtest_hours = args.backtest_hours;
  options.models = args.models;
  options.threads = args.threads;
  if (!args.as_of.empty()) {
    auto as_of = core::ParseRfc3339(args.as_of);
    if (!as_of) {
      static_cast<void>(db->Close());
      core::Error error = as_of.error();
      error.message = "--as-of: " + error.message;
      return ReportError(error);
    }
    options.as_of = *as_of;
  }
  const core::SystemClock clock;
  service::ForecastService forecasts(*db, clock);
  core::Result<service::ModelVersionInfo> trained;
  {
    ProgressBar bar("training");
    trained = forecasts.Train(core::StoreId{args.store}, options,
                              [&bar](double fraction, std::string_view) {
                                bar.Update(static_cast<size_t>(std::lround(fraction * 1000)), 1000);
                              });
  }
  auto closed = db->Close();
  if (!trained) {
    return ReportError(trained.error());
  }
  if (!closed) {
    return ReportError(closed.error());
  }
  const std::string text =
      args.format == "json" ? service::ModelVersionJson(*trained) + "\n" : VersionTable(*trained);
  std::fputs(text.c_str(), stdout);
  return 0;
}

std::string PredictTable(const service::ForecastResult& result) {
  std::string out = fmt::format(
      "store {} {} {} by {} (model version {}, {}; backtest WMAPE {})\n", result.store_id.value(),
      result.department.empty() ? "total" : result.department, result.metric, result.granularity,
      result.model_version, result.model_name, Fixed(result.backtest.wmape, 4));
  out += fmt::format("{:<22}{:>12}{:>12}{:>12}{:>12}{:>12}\n", "start (UTC)", "mean", "lo80",
                     "hi80", "lo95", "hi95");
  for (const auto& p : result.points) {
    out += fmt::format("{:<22}{:>12}{:>12}{:>12}{:>12}{:>12}\n", core::FormatRfc3339(p.start),
                       Fixed(p.mean, 2), Fixed(p.lo80, 2), Fixed(p.hi80, 2), Fixed(p.lo95, 2),
                       Fixed(p.hi95, 2));
  }
  return out;
}

int RunPredict(const PredictArgs& args) {
  service::ForecastQuery query{.store_id = core::StoreId{args.store},
                               .department = args.department,
                               .metric = args.metric,
                               .granularity = args.granularity,
                               .horizon = args.horizon,
                               .from = std::nullopt};
  if (!args.from.empty()) {
    auto from = core::ParseRfc3339(args.from);
    if (!from) {
      core::Error error = from.error();
      error.message = "--from: " + error.message;
      return ReportError(error);
    }
    query.from = *from;
  }
  int exit_code = 0;
  auto db = Open(args.flags, exit_code);
  if (!db) {
    return exit_code;
  }
  const core::SystemClock clock;
  service::ForecastService forecasts(*db, clock);
  auto result = forecasts.Forecast(query);
  static_cast<void>(db->Close());
  if (!result) {
    return ReportError(result.error());
  }
  const std::string text =
      args.format == "json" ? service::ForecastResultJson(*result) + "\n" : PredictTable(*result);
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace

void AddStoreForecastCommands(CLI::App& forecast, int& exit_code) {
  auto* train = forecast.add_subcommand(
      "train",
      "Backtest and fit a store's hourly sales, transactions and customers from its roll-ups, "
      "and store the model version (champion only if its backtest WMAPE is lower)");
  auto train_args = std::make_shared<TrainArgs>();
  train_args->flags.AddTo(*train);
  train->add_option("--store", train_args->store, "store id")->required();
  train->add_option("--as-of", train_args->as_of,
                    "data end (RFC 3339, whole hour; default: the roll-up watermark)");
  train->add_option("--history-days", train_args->history_days, "days of history used")
      ->capture_default_str();
  train->add_option("--forecast-days", train_args->forecast_days, "days of hourly forecasts kept")
      ->capture_default_str();
  train->add_option("--backtest-hours", train_args->backtest_hours, "hours held out")
      ->capture_default_str();
  train->add_option("--models", train_args->models, "engine models to combine (default: all)")
      ->delimiter(',');
  train->add_option("--threads", train_args->threads, "worker threads (0 = one per core)")
      ->capture_default_str();
  train->add_option("--format", train_args->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  train->callback([train_args, &exit_code] { exit_code = RunTrain(*train_args); });

  auto* predict = forecast.add_subcommand(
      "predict", "Print the champion model's forecast with 80% and 95% intervals");
  auto predict_args = std::make_shared<PredictArgs>();
  predict_args->flags.AddTo(*predict);
  predict->add_option("--store", predict_args->store, "store id")->required();
  predict->add_option("--department", predict_args->department,
                      "department id (default: the store total)");
  predict->add_option("--metric", predict_args->metric, "sales, customers or transactions")
      ->capture_default_str();
  predict->add_option("--granularity", predict_args->granularity, "hour, day or week")
      ->capture_default_str();
  predict->add_option("--horizon", predict_args->horizon, "number of points")
      ->capture_default_str();
  predict->add_option("--from", predict_args->from,
                      "first point (RFC 3339; default: where the model's data ends)");
  predict->add_option("--format", predict_args->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  predict->callback([predict_args, &exit_code] { exit_code = RunPredict(*predict_args); });
}

ForecastScheduler::ForecastScheduler(service::ForecastService& forecasts,
                                     storage::StoreRepository& stores, const core::Clock& clock,
                                     int hour_utc)
    : forecasts_(forecasts), stores_(stores), clock_(clock), hour_utc_(hour_utc) {}

ForecastScheduler::~ForecastScheduler() { Stop(); }

void ForecastScheduler::Start() {
  if (hour_utc_ < 0 || thread_.joinable()) {
    return;
  }
  thread_ = std::thread([this] { Loop(); });
}

void ForecastScheduler::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

std::optional<core::Timestamp> ForecastScheduler::LastTraining() {
  std::optional<core::Timestamp> last;
  auto stores = stores_.ListStores();
  if (!stores) {
    return last;
  }
  for (const auto& store : *stores) {
    auto versions = forecasts_.Versions(store.id);
    if (versions && !versions->empty() && (!last || versions->front().created > *last)) {
      last = versions->front().created;
    }
  }
  return last;
}

void ForecastScheduler::Loop() {
  // A run missed while serve was down (the newest model older than the last slot) runs at once.
  std::optional<core::Timestamp> last_run = LastTraining();
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const core::Timestamp now = clock_.Now();
    const core::Timestamp next = service::NextNightlyTraining(now, hour_utc_, last_run);
    if (next > now) {
      spdlog::debug("forecast: next nightly training at {}", core::FormatRfc3339(next));
      if (wake_.wait_for(lock, next - now, [this] { return stopping_; })) {
        break;
      }
      if (clock_.Now() < next) {
        continue;  // woke early (spurious or a clock step): wait again
      }
    } else {
      spdlog::info("forecast: the nightly training at {}:00 UTC was missed; training now",
                   hour_utc_);
    }
    last_run = clock_.Now();  // an attempt counts even when every store fails
    lock.unlock();
    TrainAll();  // off the lock so Stop() can be asked meanwhile; it then waits for this run
    lock.lock();
  }
}

void ForecastScheduler::TrainAll() {
  auto stores = stores_.ListStores();
  if (!stores) {
    spdlog::error("forecast: cannot list stores: {}", stores.error().message);
    return;
  }
  for (const auto& store : *stores) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        return;
      }
    }
    auto trained = forecasts_.Train(store.id, {}, {});
    if (trained) {
      spdlog::info(
          "forecast: store '{}' model version {} ({}), backtest WMAPE {:.4f}, {:.1f} s, {}",
          store.id.value(), trained->version, trained->model_name, trained->backtest.wmape,
          trained->seconds, trained->champion ? "new champion" : "champion kept");
    } else if (trained.error().code == core::ErrorCode::kNotFound ||
               trained.error().code == core::ErrorCode::kFailedPrecondition) {
      spdlog::warn("forecast: store '{}' not trained: {}", store.id.value(),
                   trained.error().message);
    } else {
      spdlog::error("forecast: training store '{}' failed: {}", store.id.value(),
                    trained.error().message);
    }
  }
}

}  // namespace storeops::app
