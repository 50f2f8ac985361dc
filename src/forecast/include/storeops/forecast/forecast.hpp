// SPDX-License-Identifier: Apache-2.0
// The demand forecasting engine's front door: many series in, a backtest report out. Backtest holds
// out the last H points of every series, fits each model on the rest (plus an ensemble weighted by
// an inner validation on the training part only) and reports accuracy, interval coverage and time.
//
//   forecast::BacktestOptions options{.horizon = 39, .season = 52};
//   auto report = forecast::Backtest(dataset, options);
//   if (report) for (const auto& m : report->models) print(m.name, m.wmae);
//
// Pure computation: no I/O; time only through the injected clock. See docs/FORECASTING.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "storeops/core/result.hpp"
#include "storeops/core/time.hpp"
#include "storeops/forecast/metrics.hpp"
#include "storeops/forecast/model.hpp"

namespace storeops::forecast {

/// One regular time series, oldest first.
struct Series {
  std::string id{};
  /// Optional period stamps (any unit: epoch seconds, days, an index). When present they must rise
  /// by one constant step; gaps and duplicates are rejected. Empty means a regular index.
  std::vector<int64_t> timestamps{};
  std::vector<double> values{};  ///< Must be finite; negatives (returns) are allowed.
  /// Optional per-period holiday flag (non-zero = holiday): weight 5 in WMAE.
  std::vector<uint8_t> holiday{};
  /// Optional exogenous columns, one vector per Dataset::exogenous_names entry, each as long as
  /// `values`. Validated and carried for the global model; the statistical models ignore them.
  std::vector<std::vector<double>> exogenous{};
  /// Optional: the input row (e.g. CSV line) of each value, used in error messages instead of the
  /// position within the series.
  std::vector<int64_t> source_rows{};
  /// Optional: the id of this series' parent in a two-level hierarchy (e.g. the store of a
  /// department). When every series of a data set names one, Backtest also scores the parents'
  /// totals (see BacktestReport::parents).
  std::string parent{};
};

/// Many series that share a frequency and exogenous columns.
struct Dataset {
  std::vector<std::string> exogenous_names{};
  std::vector<Series> series{};
};

/// Checks every series: lengths agree, values and exogenous values finite, timestamps strictly
/// rising by one step (no gaps, no duplicates), at least `min_length` points. kInvalidArgument
/// with a message naming the series and row of the first problem.
[[nodiscard]] core::Status ValidateDataset(const Dataset& dataset, size_t min_length);

/// Settings of one backtest.
struct BacktestOptions {
  int horizon = 1;  ///< H: points held out at the end of every series (>= 1).
  int season = 1;   ///< S: season length in periods (1 = no seasonality).
  /// Models to run (names from ModelNames() and GlobalModelNames()); empty = all of both.
  /// "ensemble" is always added.
  std::vector<std::string> models{};
  /// Ensemble members: the `ensemble_size` models with the lowest inner-validation error; 0 = the
  /// size (1 to 5) whose combination has the lowest inner-validation error.
  int ensemble_size = 0;
  /// Worker threads; 0 = std::thread::hardware_concurrency(). Global models (xgboost) get the
  /// same number as their nthread. Results do not depend on it.
  int threads = 0;
  /// Seeds the global model's row and column sampling (the per-series models are deterministic).
  uint64_t seed = 42;
  /// Called as work finishes with (units done, units total), one unit = one model on one series.
  /// Called from worker threads, one call at a time.
  std::function<void(size_t done, size_t total)> progress{};
  /// Times each model's pass when set; otherwise every `seconds` in the report is 0.
  const core::Clock* clock = nullptr;
  /// Keep every model's test forecasts in ModelMetrics::forecasts (series x H values).
  bool keep_forecasts = false;
};

/// Aggregate accuracy of one model over all series' held-out points.
struct ModelMetrics {
  std::string name;
  double mae = 0;         ///< Over all held-out points of all series.
  double rmse = 0;        ///< Over all held-out points.
  double wmape = 0;       ///< Sum |error| / sum |actual| over all points.
  double mase = 0;        ///< Mean of per-series MASE (series with a zero scale are skipped).
  double rmsse = 0;       ///< Mean of per-series RMSSE (same rule).
  double wmae = 0;        ///< Holiday-weighted MAE over all points.
  double coverage80 = 0;  ///< Share of actuals inside the 80% interval.
  double coverage95 = 0;  ///< Share inside the 95% interval.
  double seconds = 0;     ///< Wall time of this model's pass (ensemble: all passes + combination).
  std::vector<std::string> ensemble_members;  ///< Only for "ensemble".
  std::vector<double> ensemble_weights;       ///< Same order as ensemble_members.
  /// With BacktestOptions::keep_forecasts: the test forecasts, series-major (series i, step h at
  /// i * H + h), in the order of the data set's series (for BacktestReport::parents: of
  /// BacktestReport::parent_ids).
  std::vector<double> forecasts{};
};

/// The result of Backtest.
struct BacktestReport {
  size_t series = 0;
  double seconds = 0;  ///< Wall time of the whole backtest (0 without a clock).
  /// Requested per-series models, then global models (each in request order), then "ensemble".
  std::vector<ModelMetrics> models;
  std::vector<std::string> notes;  ///< Fallbacks taken, e.g. "series 'x': ... non-seasonal".
  /// Hierarchy (only when every series names a parent): accuracy on the parents' totals (each
  /// parent's series = the sum of its children, holiday = any child's), for every model
  /// "<model> bottom-up" (sum of the children's forecasts: coherent) and "<model> direct" (the
  /// model fitted on the parent totals themselves, with the parents' own inner validation and
  /// ensemble: not coherent), and "ensemble mint" (Reconcile kMinTShrink of the ensemble's
  /// children and direct parent forecasts, W from the inner validation errors; no intervals:
  /// its coverage is NaN). Parent totals are only over the series in the data set.
  std::vector<ModelMetrics> parents{};
  std::vector<std::string> parent_ids{};  ///< In first-appearance order.
  /// "ensemble mint" at the children's level (the MinT-adjusted department forecasts).
  std::vector<ModelMetrics> children_reconciled{};
};

/// Runs the holdout backtest described at the top of this file on all series in parallel. Results
/// do not depend on the thread count. kInvalidArgument for a bad horizon/season, an unknown model
/// name, or a series that fails ValidateDataset (each series needs at least horizon + 3 points).
/// Thread-safe for distinct inputs; never throws except std::bad_alloc.
[[nodiscard]] core::Result<BacktestReport> Backtest(const Dataset& dataset,
                                                    const BacktestOptions& options);

}  // namespace storeops::forecast
