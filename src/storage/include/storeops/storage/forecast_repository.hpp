// SPDX-License-Identifier: Apache-2.0
// The forecast model registry (issue #5): every trained model version of a store with its data
// window, settings, backtest metrics and time taken, the store's champion, and the stored forecast
// series each version made (so serving a forecast is one read, no refit). Plain rows: settings and
// metrics are opaque JSON text the service writes and reads; series values are doubles.
//
//   auto saved = db->forecasts().SaveVersion(version, series);  // id assigned; champion if better
//   auto champion = db->forecasts().Champion(store_id);          // optional
//   auto one = db->forecasts().LoadSeries(champion->id, "produce", "sales");
//   db->forecasts().SetChampion(store_id, older_id);             // rollback
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storeops/core/ids.hpp"
#include "storeops/core/result.hpp"
#include "storeops/core/time.hpp"

namespace storeops::storage {

/// One model version of one store (without its series).
struct ForecastModelVersion {
  int64_t id = 0;  ///< Assigned by SaveVersion (ignored on input): 1, 2, ... across all stores.
  core::StoreId store_id;
  core::Timestamp data_from;  ///< First instant of the training data (inclusive).
  core::Timestamp data_to;    ///< End of the training data (exclusive).
  std::string model_name;     ///< The method that made the forecasts, e.g. "ensemble".
  std::string settings_json;  ///< Opaque to storage.
  std::string metrics_json;   ///< Opaque to storage.
  /// The champion rule's score: lower is better. Not finite (NaN, inf) = never better than a
  /// champion with a finite score.
  double score = 0;
  double seconds = 0;  ///< Wall time the training took.
  core::Timestamp created;
  bool champion = false;     ///< Output only: set by SaveVersion / SetChampion.
  int64_t series_count = 0;  ///< Output only: stored series of the version.

  friend bool operator==(const ForecastModelVersion&, const ForecastModelVersion&) = default;
};

/// One forecast series of a version: `values[i]` is the forecast for [start + i*step, + step).
struct StoredForecastSeries {
  std::string department;  ///< Empty = the store total.
  std::string metric;      ///< e.g. "sales".
  std::string model_name;  ///< Method used for this series.
  core::Timestamp start;
  std::chrono::milliseconds step{std::chrono::hours(1)};
  std::vector<double> values;  ///< Finite.
  std::string params_json;     ///< Opaque (interval widths, per-series metrics).

  friend bool operator==(const StoredForecastSeries&, const StoredForecastSeries&) = default;
};

/// The champion rule of SaveVersion: true when `candidate` beats `champion` (lower is better; a
/// finite score beats a non-finite one; a non-finite score never wins).
[[nodiscard]] inline bool IsBetterForecastScore(double candidate, double champion) {
  if (!std::isfinite(candidate)) {
    return false;
  }
  return !std::isfinite(champion) || candidate < champion;
}

/// Thread-safe.
class ForecastRepository {
 public:
  virtual ~ForecastRepository() = default;

  /// Stores the version and its series in one durable transaction and returns it with its new id.
  /// It becomes the store's champion when the store has none, or when its score is lower than
  /// the champion's (both finite, or the champion's not finite and its own finite); the decision
  /// and the switch happen in the same transaction, so concurrent saves cannot both win.
  /// kInvalidArgument for an empty store id, a step <= 0, a non-finite value, or two series with
  /// the same (department, metric); kUnavailable when storage cannot be written.
  [[nodiscard]] virtual core::Result<ForecastModelVersion> SaveVersion(
      const ForecastModelVersion& version, const std::vector<StoredForecastSeries>& series) = 0;

  /// Every version of the store, newest (highest id) first; empty when none.
  [[nodiscard]] virtual core::Result<std::vector<ForecastModelVersion>> ListVersions(
      const core::StoreId& store) = 0;

  /// The store's champion, or nullopt when the store has no version.
  [[nodiscard]] virtual core::Result<std::optional<ForecastModelVersion>> Champion(
      const core::StoreId& store) = 0;

  /// One version; kNotFound for an unknown id.
  [[nodiscard]] virtual core::Result<ForecastModelVersion> LoadVersion(int64_t id) = 0;

  /// One series of a version; kNotFound when the version has no such (department, metric).
  [[nodiscard]] virtual core::Result<StoredForecastSeries> LoadSeries(int64_t version,
                                                                      std::string_view department,
                                                                      std::string_view metric) = 0;

  /// Makes `version` the store's champion (rollback or roll forward) in one transaction and
  /// returns it. kNotFound when the version does not exist or belongs to another store.
  [[nodiscard]] virtual core::Result<ForecastModelVersion> SetChampion(const core::StoreId& store,
                                                                       int64_t version) = 0;

  /// Deletes the store's versions (with their series) except the champion and the `keep` newest,
  /// in one transaction, and returns how many were deleted. Nightly training adds a version every
  /// day; without this the registry grows for ever. kInvalidArgument when keep < 1.
  [[nodiscard]] virtual core::Result<int64_t> PruneVersions(const core::StoreId& store,
                                                            int64_t keep) = 0;
};

}  // namespace storeops::storage
