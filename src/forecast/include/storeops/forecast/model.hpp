// SPDX-License-Identifier: Apache-2.0
// One forecasting model behind one interface: fit on a series' history, predict H steps ahead and
// return the in-sample one-step residuals. Models are stateless settings objects, so one instance
// may serve many threads at once.
//
//   auto model = forecast::MakeModel("ets");
//   auto fit = model->FitPredict({.values = history, .season = 52}, 39);
//   if (fit) use(fit->mean);   // 39 point forecasts
//
// A global model over all series (xgboost, issue #5) will get its own interface that sees every
// series at once; per-series statistical models stay behind this one.
#pragma once

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

}  // namespace storeops::forecast
