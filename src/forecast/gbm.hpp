// SPDX-License-Identifier: Apache-2.0
// Private: the global gradient-boosted model ("gbm"). Only gbm.cpp sees the xgboost C API; this
// header exposes the settings and the feature table so tests of the engine stay library-free.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "storeops/forecast/model.hpp"

namespace storeops::forecast::internal {

/// Boosting settings. The defaults were set once by hand for weekly retail data (Walmart) and kept
/// small enough for the 60 s backtest budget on 2 cores; see docs/FORECASTING.md.
struct GbmSettings {
  int rounds = 250;              ///< Boosting rounds (trees).
  int max_depth = 7;             ///< Depth of each tree.
  double eta = 0.08;             ///< Learning rate.
  double subsample = 0.8;        ///< Row sampling per tree (seeded).
  double colsample = 0.8;        ///< Column sampling per tree (seeded).
  double min_child_weight = 20;  ///< In units of (normalised) sample weight.
  int max_bin = 128;             ///< Histogram bins per feature.
  int horizons_per_target = 3;   ///< Training rows per target point, each at a different horizon.
};

/// The feature table of a global fit: one row per (series, target point, horizon). Rows are
/// dense, `columns` floats each, NaN where a feature is unavailable (xgboost treats it as missing).
struct FeatureTable {
  std::vector<std::string> names;
  size_t columns = 0;
  std::vector<float> cells;  ///< rows x columns
  /// Training only: (target - base) divided by the series scale.
  std::vector<float> labels;
  /// Per row: the base the model corrects, the seasonal naive forecast from the row's origin (the
  /// latest value of the target's phase at or before the origin; the origin's value without a
  /// season or when the history is shorter). Forecast = base + prediction x scale.
  std::vector<double> base;
  std::vector<float> weights;  ///< Training only: normalised to mean 1.
  std::vector<size_t> series;  ///< The input series of each row.
  std::vector<size_t> target;  ///< The target's index in its series.
};

/// The per-series divisor: mean |value| of the history (1 when that is 0), so that one model fits
/// series of every size.
[[nodiscard]] double SeriesScale(std::span<const double> values);

/// Training rows (every target point of every history, at `horizons_per_target` horizons drawn
/// from 1..H with the seed) and prediction rows (steps 1..H after each history). The feature list
/// is in docs/FORECASTING.md. Views must already be checked.
[[nodiscard]] FeatureTable TrainingRows(std::span<const GlobalSeriesView> series,
                                        const GlobalFitOptions& options,
                                        const GbmSettings& settings);

[[nodiscard]] FeatureTable PredictionRows(std::span<const GlobalSeriesView> series,
                                          const GlobalFitOptions& options);

/// The gbm model with non-default settings (tests use small ones).
[[nodiscard]] std::unique_ptr<GlobalModel> MakeGbmModel(const GbmSettings& settings);

}  // namespace storeops::forecast::internal
