// SPDX-License-Identifier: Apache-2.0
// One forecasting model behind one interface: fit on a series' history, predict H steps ahead and
// return the in-sample one-step residuals. Models are stateless settings objects, so one instance
// may serve many threads at once.
//
//   auto model = forecast::MakeModel("ets");
//   auto fit = model->FitPredict({.values = history, .season = 52}, 39);
//   if (fit) use(fit->mean);   // 39 point forecasts
//
// A global model (GlobalModel, e.g. "gbm": gradient-boosted trees over all series) is fitted once
// on every series at once and may use the known future covariates (timestamps, holidays,
// exogenous).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storeops/core/result.hpp"

namespace storeops::forecast {

/// The part of one series a model is fitted on: a regular history, oldest first.
struct SeriesView {
  std::span<const double> values{};  ///< Finite numbers; may be zero or negative (returns).
  int season = 1;                    ///< Season length in periods (52 for weekly data); 1 = none.
};

/// What a fitted model gives back.
struct ModelFit {
  std::vector<double> mean;       ///< Point forecasts for steps 1..H.
  std::vector<double> residuals;  ///< In-sample one-step errors (actual - fitted), oldest first.
  std::string method;             ///< The chosen variant, e.g. "ETS(A,Ad,N) on deseasonalised".
  std::string note;  ///< Why a fallback was taken (e.g. history shorter than a season).
};

/// A forecasting method. Implementations are immutable after construction and thread-safe.
class Model {
 public:
  virtual ~Model() = default;

  /// The stable name used on the command line and in reports ("snaive", "ets", ...).
  [[nodiscard]] virtual std::string_view Name() const = 0;

  /// Fits on `history` and forecasts `horizon` (>= 1) steps. kInvalidArgument when the history is
  /// empty or the horizon is not positive; never throws.
  [[nodiscard]] virtual core::Result<ModelFit> FitPredict(const SeriesView& history,
                                                          int horizon) const = 0;
};

/// Every per-series model's name, in report order: snaive, snaive_level, seasonal_mean, ets,
/// theta, fourier, croston, tsb.
[[nodiscard]] std::vector<std::string> ModelNames();

/// The model called `name`, or nullptr when there is none. "ensemble" is not a per-series model:
/// Backtest builds it from the others.
[[nodiscard]] std::unique_ptr<Model> MakeModel(std::string_view name);

/// One series as a global model sees it: the history to fit on and the covariates known in advance
/// for the history and the `horizon` steps after it.
struct GlobalSeriesView {
  std::span<const double> values{};  ///< The history, oldest first; finite.
  /// Empty, or stamps of the history and the horizon (values.size() + horizon). Epoch seconds
  /// with a step of 1 h, 1 day or 1 week give calendar features; other units give none.
  std::span<const int64_t> timestamps{};
  std::span<const uint8_t> holiday{};  ///< Empty, or flags of the history and the horizon.
  /// One span per exogenous column (same order for every series), each empty or covering the
  /// history and the horizon. Future values are taken as known (planned promotions, holidays).
  std::vector<std::span<const double>> exogenous{};
};

/// Settings shared by one global fit.
struct GlobalFitOptions {
  int horizon = 1;     ///< Steps to forecast after every series' history (>= 1).
  int season = 1;      ///< Season length in periods (1 = none).
  int threads = 1;     ///< Worker threads (>= 1). Results do not depend on it.
  uint64_t seed = 42;  ///< Seeds any sampling, so results are reproducible.
};

/// A model fitted once on many series (it learns patterns shared across them). Implementations
/// are immutable after construction and thread-safe.
class GlobalModel {
 public:
  virtual ~GlobalModel() = default;

  /// The stable name used on the command line and in reports ("gbm").
  [[nodiscard]] virtual std::string_view Name() const = 0;

  /// Fits on all histories at once and forecasts `options.horizon` steps for each series: one
  /// ModelFit per input series, in input order. kInvalidArgument when there are no series, a
  /// history is empty, a covariate span has the wrong length or exogenous column counts differ;
  /// kInternal when the underlying library fails. Never throws except std::bad_alloc.
  [[nodiscard]] virtual core::Result<std::vector<ModelFit>> FitPredict(
      std::span<const GlobalSeriesView> series, const GlobalFitOptions& options) const = 0;
};

/// Every global model's name, in report order: gbm.
[[nodiscard]] std::vector<std::string> GlobalModelNames();

/// The global model called `name`, or nullptr when there is none.
[[nodiscard]] std::unique_ptr<GlobalModel> MakeGlobalModel(std::string_view name);

}  // namespace storeops::forecast
