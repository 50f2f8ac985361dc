// SPDX-License-Identifier: Apache-2.0
// Demand forecasts of a store's own history (issue #5, product side). Train reads the store's
// hourly roll-ups (storage::AggregateRepository) into one hourly series per (department, metric),
// backtests the forecast engine's models on them, fits the best one, and stores a model version in
// the registry (storage::ForecastRepository): the hourly forecasts of the next `forecast_days` days
// and the calibrated 80/95% interval half-widths per granularity (split conformal: widths from
// the errors of a fit that ends 2 x backtest_hours before the data end, checked on the last
// backtest_hours; the stored widths pool both windows). Forecast then only reads the
// champion version and sums hours into days or weeks, so it is fast enough for every request.
//
//   service::ForecastService forecasts(*db, clock);
//   auto version = forecasts.Train(store_id, {}, [](double done, std::string_view what) {});
//   auto result = forecasts.Forecast({.store_id = store_id, .department = "produce",
//                                     .metric = "sales", .granularity = "hour", .horizon = 24});
//   for (const auto& p : result->points) use(p.start, p.mean, p.lo80, p.hi80);
//
// Definitions (docs/FORECASTING.md, "Store forecasts"):
// - metric "sales": sum of quantity x unit price in currency units (hourly_sales.sales_cents /
// 100);
//   "transactions": baskets with a line in the department (the store total is the sum over
//   departments, so a basket spanning two departments counts twice); "customers": people entering
//   the store (camera `in` of entrance zones, else distinct devices seen there), store total only.
// - Hours are UTC hours; a day is a UTC day; a week starts Monday 00:00 UTC.
// - Coherence: the store total ("department" empty) is the sum of the department forecasts
//   (bottom-up), for the means; its intervals are calibrated on the summed backtest errors.
// - Champion: a new version replaces the store's champion only when its backtest WMAPE (over all
//   series of the store, on the held-out last `backtest_hours`) is lower than the champion's; a
//   version without a comparable champion (the first one) becomes champion. Rollback makes any
//   stored version the champion again.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storeops/core/ids.hpp"
#include "storeops/core/result.hpp"
#include "storeops/core/time.hpp"

namespace storeops::storage {
class Database;
}

namespace storeops::service {

/// Metric names accepted in ForecastQuery::metric.
inline constexpr std::string_view kForecastMetrics[] = {"sales", "customers", "transactions"};
/// Granularity names accepted in ForecastQuery::granularity.
inline constexpr std::string_view kForecastGranularities[] = {"hour", "day", "week"};

/// What to forecast.
struct ForecastQuery {
  core::StoreId store_id{};
  std::string department{};          ///< Department id; empty = the store total.
  std::string metric = "sales";      ///< "sales" | "customers" | "transactions".
  std::string granularity = "hour";  ///< "hour" | "day" | "week".
  int horizon = 24;                  ///< Number of points (hours, days or weeks), >= 1.
  /// First point's start; empty = the first whole bucket of the stored forecast (the hour after
  /// the training data for "hour", the next UTC midnight / Monday for "day" / "week"). Rounded
  /// down to the granularity. Must lie inside the stored forecast range.
  std::optional<core::Timestamp> from{};
};

/// One forecast point: the bucket [start, start + 1 granularity).
struct ForecastPoint {
  core::Timestamp start{};
  double mean = 0;
  double lo80 = 0;
  double hi80 = 0;
  double lo95 = 0;
  double hi95 = 0;
};

/// Accuracy of a version's backtest (docs/FORECASTING.md "Metrics"); NaN when undefined.
struct ForecastBacktest {
  double wmape = 0;  ///< Over every series of the store (the champion rule uses this).
  double mase = 0;
  double coverage80 = 0;  ///< Share of held-out actuals inside the 80% interval.
  double coverage95 = 0;
  int horizon_hours = 0;  ///< Held-out hours at the end of each series.
};

struct ForecastResult {
  core::StoreId store_id{};
  std::string department{};
  std::string metric{};
  std::string granularity{};
  int64_t model_version = 0;  ///< Registry version id that made the forecast.
  std::string model_name{};   ///< e.g. "ensemble", "theta", "snaive" (chosen by the backtest).
  std::vector<ForecastPoint> points{};
  /// Recent actuals at the same granularity, oldest first: the `horizon` buckets before the first
  /// point (fewer when the history is shorter), each (bucket start, value).
  std::vector<std::pair<core::Timestamp, double>> history{};
  ForecastBacktest backtest{};  ///< Of the series asked for.
};

/// Settings of one training run (stored with the version as JSON).
struct TrainOptions {
  int history_days = 56;  ///< Hours of the last this many days before the data end are used.
  int min_history_days =
      3;  ///< Fewer hours with data than this: kFailedPrecondition naming the series.
  int backtest_hours =
      168;  ///< Held-out hours for the backtest (shrunk to a quarter of the history).
  int forecast_days = 14;  ///< Hourly forecasts stored for this many days after the data end.
  /// Engine models the backtest may combine (forecast::ModelNames()); empty = all of them. The
  /// forecasts come from the engine's "ensemble" (members and weights chosen by its inner
  /// validation on the training part only), or from the best single model when there is no
  /// ensemble.
  std::vector<std::string> models{};
  int threads = 0;  ///< Engine threads; 0 = hardware concurrency.
  /// Versions kept per store after a save: the champion and this many newest (older ones and
  /// their stored forecasts are deleted, so nightly training does not grow the database).
  int keep_versions = 30;
  /// Data end (exclusive, whole hour); empty = the store's roll-up watermark.
  std::optional<core::Timestamp> as_of{};
};

/// One stored model version (registry row, without its forecasts).
struct ModelVersionInfo {
  int64_t version = 0;  ///< Registry id, increasing across all stores.
  core::StoreId store_id{};
  core::Timestamp data_from{};  ///< First hour used (inclusive).
  core::Timestamp data_to{};    ///< Data end (exclusive) = first forecast hour.
  std::string model_name{};
  std::string settings_json{};  ///< TrainOptions as JSON.
  std::string metrics_json{};   ///< Backtest metrics as JSON (store level and per series).
  ForecastBacktest backtest{};  ///< Store level.
  double seconds = 0;           ///< Wall time of the training.
  core::Timestamp created{};
  bool champion = false;
  int series = 0;  ///< Series trained (departments x metrics plus customers).
};

/// Called during Train with the fraction done (0..1) and what is happening, from the calling
/// thread or engine worker threads (one call at a time).
using TrainProgress = std::function<void(double fraction, std::string_view message)>;

/// The forecast as one JSON object, the body of GET /api/v1/forecast and of `storeops forecast
/// predict --format json`: {"store_id","department","metric","granularity","model_version",
/// "model","backtest":{"wmape","mase","coverage80","coverage95","horizon_hours"},
/// "history":[{"ts","value"}],"points":[{"ts","mean","lo80","hi80","lo95","hi95"}]}; times are
/// RFC 3339, undefined numbers null.
[[nodiscard]] std::string ForecastResultJson(const ForecastResult& result);

/// One model version as a JSON object: {"version","store_id","champion","model","data_from",
/// "data_to","created","seconds","series","backtest":{...},"settings":{...},"metrics":{...}}.
[[nodiscard]] std::string ModelVersionJson(const ModelVersionInfo& info);

/// When `serve`'s nightly training runs next (docs/FORECASTING.md), `now` being the moment the
/// scheduler starts or finishes a run: normally the first `hour_utc`:00 UTC strictly after `now`.
/// `last_run` is when training last happened (the newest stored model of any store, or the
/// scheduler's own last attempt; std::nullopt = never): when it is before the latest
/// `hour_utc`:00 UTC at or before `now`, that run was missed (serve was down at the time) and
/// `now` is returned, so it runs at once. A database that was never trained misses nothing.
/// `hour_utc` must be 0..23.
[[nodiscard]] core::Timestamp NextNightlyTraining(core::Timestamp now, int hour_utc,
                                                  std::optional<core::Timestamp> last_run);

/// Thread-safe. Train is CPU heavy (seconds to a minute): call it from a job or CLI thread, never
/// from an I/O thread. Forecast, Versions and Champion only read the registry.
class ForecastService {
 public:
  ForecastService(storage::Database& db, const core::Clock& clock);
  virtual ~ForecastService();
  ForecastService(const ForecastService&) = delete;
  ForecastService& operator=(const ForecastService&) = delete;

  /// Trains a new version for the store and stores it (champion only if better, see top).
  /// kNotFound when the store has no hourly aggregates; kFailedPrecondition when the history is
  /// too short (the message names the series, e.g. "store_001/produce/sales"); kInvalidArgument
  /// for bad options; storage errors unchanged.
  [[nodiscard]] virtual core::Result<ModelVersionInfo> Train(const core::StoreId& store_id,
                                                             const TrainOptions& options,
                                                             const TrainProgress& progress = {});

  /// The champion's forecast. kInvalidArgument with details.field naming the bad parameter
  /// ("metric", "granularity", "horizon", "department", "from"); kNotFound when no model was
  /// trained for the store (message says to run `storeops forecast train --store ID`) or the
  /// department is unknown to the model.
  [[nodiscard]] virtual core::Result<ForecastResult> Forecast(const ForecastQuery& query);

  /// Every version of the store, newest first (empty when none).
  [[nodiscard]] virtual core::Result<std::vector<ModelVersionInfo>> Versions(
      const core::StoreId& store_id);

  /// The store's champion; kNotFound when none.
  [[nodiscard]] virtual core::Result<ModelVersionInfo> Champion(const core::StoreId& store_id);

  /// Makes `version` (of this store) the champion. kNotFound for an unknown version or one of
  /// another store.
  [[nodiscard]] virtual core::Result<ModelVersionInfo> Rollback(const core::StoreId& store_id,
                                                                int64_t version);

 protected:
  /// For test doubles that override every method. Defined out of line: Impl is incomplete here.
  ForecastService();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storeops::service
