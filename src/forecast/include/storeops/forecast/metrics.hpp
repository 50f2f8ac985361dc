// SPDX-License-Identifier: Apache-2.0
// Forecast accuracy measures, as defined in Hyndman & Athanasopoulos, "Forecasting: Principles and
// Practice" (3rd ed.), section 5.8, plus the Walmart competition's holiday-weighted MAE.
//
//   double mase = forecast::Mase(actual, predicted, history, 52);  // < 1: beats seasonal naive
//
// Every function returns NaN when the measure is undefined (empty input, lengths that differ, a
// zero denominator). All are pure and thread-safe.
#pragma once

#include <cstdint>
#include <span>

namespace storeops::forecast {

/// Mean absolute error.
[[nodiscard]] double Mae(std::span<const double> actual, std::span<const double> predicted);

/// Root mean squared error.
[[nodiscard]] double Rmse(std::span<const double> actual, std::span<const double> predicted);

/// Weighted MAPE: sum |error| / sum |actual| (safe with zeros, unlike MAPE).
[[nodiscard]] double Wmape(std::span<const double> actual, std::span<const double> predicted);

/// Walmart WMAE: sum w|error| / sum w with w = 5 where `holiday` is non-zero, else 1. An empty
/// `holiday` means no holidays (WMAE = MAE).
[[nodiscard]] double Wmae(std::span<const double> actual, std::span<const double> predicted,
                          std::span<const uint8_t> holiday);

/// The in-sample mean absolute seasonal-naive error of `history` (lag `season`, or lag 1 when the
/// history is not longer than one season): the MASE denominator.
[[nodiscard]] double SeasonalNaiveMae(std::span<const double> history, int season);

/// The in-sample mean squared seasonal-naive error (same lag rule): the RMSSE denominator.
[[nodiscard]] double SeasonalNaiveMse(std::span<const double> history, int season);

/// Mean absolute scaled error: MAE / SeasonalNaiveMae(history, season).
[[nodiscard]] double Mase(std::span<const double> actual, std::span<const double> predicted,
                          std::span<const double> history, int season);

/// Root mean squared scaled error: sqrt(MSE / SeasonalNaiveMse(history, season)) (M5 measure).
[[nodiscard]] double Rmsse(std::span<const double> actual, std::span<const double> predicted,
                           std::span<const double> history, int season);

/// Share of `actual` inside [lower, upper] (inclusive).
[[nodiscard]] double Coverage(std::span<const double> actual, std::span<const double> lower,
                              std::span<const double> upper);

}  // namespace storeops::forecast
