// SPDX-License-Identifier: Apache-2.0
// Automatic exponential smoothing (ETS) in the innovations state space form of Hyndman &
// Athanasopoulos, "Forecasting: Principles and Practice" (3rd ed.), chapter 8.
#pragma once

#include <span>

#include "storeops/core/result.hpp"
#include "storeops/forecast/model.hpp"

namespace storeops::forecast::internal {

/// Fits every admissible ETS(error, trend, season) model by likelihood (Nelder–Mead) and keeps the
/// one with the lowest AICc; forecasts `horizon` steps. Seasons longer than 24 periods use
/// non-seasonal ETS on a deseasonalised series (see ets.cpp). `seasonal = false` forces the
/// non-seasonal candidates only.
[[nodiscard]] ModelFit AutoEts(std::span<const double> values, int season, int horizon,
                               bool seasonal = true);

}  // namespace storeops::forecast::internal
