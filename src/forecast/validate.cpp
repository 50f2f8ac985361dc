// SPDX-License-Identifier: Apache-2.0
// Input checks. Every message names the series and the row (the source row when the caller gave
// one, else the 1-based position within the series) so that a person can find it in the file.
#include <cmath>
#include <string>

#include "storeops/forecast/forecast.hpp"

namespace storeops::forecast {
namespace {

std::string Where(const Series& series, size_t i) {
  std::string where = "series '" + series.id + "', ";
  if (i < series.source_rows.size()) {
    where += "row " + std::to_string(series.source_rows[i]);
  } else {
    where += "point " + std::to_string(i + 1);
  }
  return where;
}

core::Status Bad(std::string message) {
  return core::Fail(core::ErrorCode::kInvalidArgument, std::move(message));
}

core::Status ValidateSeries(const Dataset& dataset, const Series& s, size_t min_length) {
  const size_t n = s.values.size();
  const std::string name = "series '" + s.id + "'";
  if (n < min_length) {
    return Bad(name + " has " + std::to_string(n) + " points; at least " +
               std::to_string(min_length) + " are needed (horizon + 3)");
  }
  if (!s.timestamps.empty() && s.timestamps.size() != n) {
    return Bad(name + ": " + std::to_string(s.timestamps.size()) + " timestamps for " +
               std::to_string(n) + " values");
  }
  if (!s.holiday.empty() && s.holiday.size() != n) {
    return Bad(name + ": " + std::to_string(s.holiday.size()) + " holiday flags for " +
               std::to_string(n) + " values");
  }
  if (!s.source_rows.empty() && s.source_rows.size() != n) {
    return Bad(name + ": " + std::to_string(s.source_rows.size()) + " source rows for " +
               std::to_string(n) + " values");
  }
  if (s.exogenous.size() != dataset.exogenous_names.size()) {
    return Bad(name + " has " + std::to_string(s.exogenous.size()) +
               " exogenous columns; the data set names " +
               std::to_string(dataset.exogenous_names.size()));
  }
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(s.values[i])) {
      return Bad(Where(s, i) + ": value is not a finite number");
    }
  }
  for (size_t c = 0; c < s.exogenous.size(); ++c) {
    if (s.exogenous[c].size() != n) {
      return Bad(name + ": exogenous column '" + dataset.exogenous_names[c] + "' has " +
                 std::to_string(s.exogenous[c].size()) + " values for " + std::to_string(n));
    }
    for (size_t i = 0; i < n; ++i) {
      if (!std::isfinite(s.exogenous[c][i])) {
        return Bad(Where(s, i) + ": exogenous '" + dataset.exogenous_names[c] +
                   "' is not a finite number");
      }
    }
  }
  if (s.timestamps.size() >= 2) {
    const int64_t step = s.timestamps[1] - s.timestamps[0];
    for (size_t i = 1; i < n; ++i) {
      const int64_t diff = s.timestamps[i] - s.timestamps[i - 1];
      if (diff == 0) {
        return Bad(Where(s, i) + ": duplicate timestamp " + std::to_string(s.timestamps[i]));
      }
      if (diff < 0) {
        return Bad(Where(s, i) + ": timestamp " + std::to_string(s.timestamps[i]) +
                   " is earlier than the one before");
      }
      if (step > 0 && diff != step) {
        return Bad(Where(s, i) + ": gap or irregular step: " + std::to_string(diff) +
                   " after the series' step of " + std::to_string(step));
      }
    }
    if (step <= 0) {
      return Bad(Where(s, 1) + ": duplicate or falling timestamp");
    }
  }
  return core::Ok();
}

}  // namespace

core::Status ValidateDataset(const Dataset& dataset, size_t min_length) {
  if (dataset.series.empty()) {
    return Bad("no series in the input");
  }
  for (const Series& s : dataset.series) {
    if (auto ok = ValidateSeries(dataset, s, min_length); !ok) {
      return ok;
    }
  }
  return core::Ok();
}

}  // namespace storeops::forecast
