// SPDX-License-Identifier: Apache-2.0
// Reading forecasting input files into forecast::Dataset (the engine does no I/O): the generic
// long CSV of docs/FORECASTING.md and the Walmart store-sales files.
#pragma once

#include <string>
#include <vector>

#include "storeops/core/result.hpp"
#include "storeops/forecast/forecast.hpp"

namespace storeops::app {

/// Reads `series_id,timestamp,value[,exogenous...]` (header required, columns by name, any order).
/// `exogenous` names the extra columns to carry; a column called `holiday` or `is_holiday` also
/// gives the WMAE holiday flags. Rows are grouped by series (first appearance order) and sorted by
/// timestamp; each value remembers its line for error messages. Empty, NA and NaN values are kept
/// as NaN so that validation names them. kNotFound for a missing file, kInvalidArgument naming the
/// line for unreadable content.
[[nodiscard]] core::Result<forecast::Dataset> ReadLongCsv(
    const std::string& path, const std::vector<std::string>& exogenous);

/// The Walmart data set as read: every store x department with the full history.
struct WalmartData {
  forecast::Dataset dataset;
  size_t incomplete_series = 0;  ///< Series left out because weeks are missing.
  size_t weeks = 0;              ///< Weeks in the full history (143).
};

/// Reads `train.csv` and `features.csv` from `dir` (see the data set's README): one series per
/// store x department with all weeks, IsHoliday as the holiday flag, and Temperature, Fuel_Price,
/// MarkDown1-5 (NA read as 0: no markdown), CPI and Unemployment as exogenous columns.
[[nodiscard]] core::Result<WalmartData> ReadWalmart(const std::string& dir);

}  // namespace storeops::app
