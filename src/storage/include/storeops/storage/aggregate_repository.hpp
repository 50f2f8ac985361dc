// SPDX-License-Identifier: Apache-2.0
// Hourly aggregates (issue #3): what is kept of raw events once the retention window has passed.
// Six roll-ups per store and UTC hour (docs/RETENTION.md gives every column and bucket): sales
// per department, the store's baskets, footfall per zone, dwell-time histograms per zone,
// zone-to-zone transitions and queue statistics per checkout lane. None of them holds a device
// token.
//
//   storage::HourlyAggregates hours = service::ComputeHourlyRollup(...);
//   db->aggregates().SaveRollup(hours, {{store_id, next_hour}});   // rows + watermark, one commit
//   auto kept = db->aggregates().LoadAggregates(store_id, from, to);
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "storeops/core/ids.hpp"
#include "storeops/core/result.hpp"
#include "storeops/core/time.hpp"

namespace storeops::storage {

/// Upper bounds (exclusive) of the dwell buckets in seconds; the last bucket has no bound:
/// [0, 1 min), [1, 5 min), [5, 15 min), [15, 30 min), [30, 60 min), [60 min, inf).
inline constexpr std::array<int64_t, 5> kDwellBucketUpperSeconds = {60, 300, 900, 1800, 3600};

/// Number of dwell buckets.
inline constexpr std::size_t kDwellBuckets = kDwellBucketUpperSeconds.size() + 1;

/// Sales of one department in one hour. `hour` is the UTC start of the hour.
struct HourlySales {
  core::StoreId store_id;
  core::Timestamp hour;
  core::DepartmentId department;  ///< "unassigned" when the SKU does not resolve in the store.
  int64_t transactions = 0;       ///< Baskets with at least one line in the department.
  int64_t units = 0;              ///< Sum of quantities (returns count negative).
  int64_t sales_cents = 0;        ///< Sum of quantity * unit price.

  friend bool operator==(const HourlySales&, const HourlySales&) = default;
};

/// The store's baskets in one hour: each pos.transaction counted once, however many departments
/// its lines touch (HourlySales::transactions counts it once per department). What the tills
/// serve. Hours rolled up before schema version 6 have no row.
struct HourlyBaskets {
  core::StoreId store_id;
  core::Timestamp hour;
  int64_t baskets = 0;  ///< Distinct baskets with at least one line in the hour.
  /// Of those, the baskets paid at a self-checkout lane of the store definition: no cashier
  /// serves them. Baskets at unknown lanes count as served by a cashier.
  int64_t self_checkout_baskets = 0;

  /// Baskets a cashier served (staffed and express lanes, unknown lanes).
  [[nodiscard]] int64_t assisted_baskets() const { return baskets - self_checkout_baskets; }

  friend bool operator==(const HourlyBaskets&, const HourlyBaskets&) = default;
};

/// Footfall of one zone in one hour.
struct HourlyFootfall {
  core::StoreId store_id;
  core::Timestamp hour;
  core::ZoneId zone;
  int64_t distinct_devices = 0;  ///< Distinct device tokens seen in the zone during the hour.
  int64_t camera_in = 0;         ///< Sum of camera.count `in` for the zone.
  int64_t camera_out = 0;        ///< Sum of camera.count `out` for the zone.

  friend bool operator==(const HourlyFootfall&, const HourlyFootfall&) = default;
};

/// Dwell-time histogram of the visits to one zone that ended in one hour.
struct HourlyDwell {
  core::StoreId store_id;
  core::Timestamp hour;
  core::ZoneId zone;
  int64_t visits = 0;
  int64_t total_dwell_seconds = 0;
  std::array<int64_t, kDwellBuckets> buckets{};  ///< Visits per bucket (kDwellBucketUpperSeconds).

  friend bool operator==(const HourlyDwell&, const HourlyDwell&) = default;
};

/// Moves of devices from one zone to another, counted in the hour of arrival.
struct HourlyTransition {
  core::StoreId store_id;
  core::Timestamp hour;
  core::ZoneId from_zone;
  core::ZoneId to_zone;
  int64_t count = 0;

  friend bool operator==(const HourlyTransition&, const HourlyTransition&) = default;
};

/// Queue statistics of one checkout lane in one hour, from camera.count `queue`.
struct HourlyQueue {
  core::StoreId store_id;
  core::Timestamp hour;
  core::LaneId lane;
  int64_t samples = 0;    ///< camera.count events for the lane.
  int64_t queue_sum = 0;  ///< Sum of their `queue` values; mean = queue_sum / samples.
  int64_t max_queue = 0;

  [[nodiscard]] double mean_queue() const {
    return samples == 0 ? 0.0 : static_cast<double>(queue_sum) / static_cast<double>(samples);
  }

  friend bool operator==(const HourlyQueue&, const HourlyQueue&) = default;
};

/// Rows of any number of stores and hours; each vector is ordered by (store, hour, key) when
/// loaded.
struct HourlyAggregates {
  std::vector<HourlySales> sales;
  std::vector<HourlyFootfall> footfall;
  std::vector<HourlyDwell> dwell;
  std::vector<HourlyTransition> transitions;
  std::vector<HourlyQueue> queues;
  std::vector<HourlyBaskets> baskets;  ///< At most one row per (store, hour).

  [[nodiscard]] bool empty() const {
    return sales.empty() && footfall.empty() && dwell.empty() && transitions.empty() &&
           queues.empty() && baskets.empty();
  }

  [[nodiscard]] std::size_t rows() const {
    return sales.size() + footfall.size() + dwell.size() + transitions.size() + queues.size() +
           baskets.size();
  }

  friend bool operator==(const HourlyAggregates&, const HourlyAggregates&) = default;
};

/// How far one store has been rolled up: every hour before `rolled_up_to` is done.
struct RollupWatermark {
  core::StoreId store_id;
  core::Timestamp rolled_up_to;

  friend bool operator==(const RollupWatermark&, const RollupWatermark&) = default;
};

/// Thread-safe.
class AggregateRepository {
 public:
  virtual ~AggregateRepository() = default;

  /// Stores the rows and moves the stores' watermarks in one transaction, returning once durable.
  /// A row whose (store, hour, key) already exists is replaced, so a re-run is harmless. A
  /// watermark never moves backwards (an older value is ignored). kUnavailable when storage
  /// cannot be written.
  [[nodiscard]] virtual core::Status SaveRollup(const HourlyAggregates& rows,
                                                const std::vector<RollupWatermark>& watermarks) = 0;

  /// The watermark of `store`, or nullopt when it was never rolled up.
  [[nodiscard]] virtual core::Result<std::optional<core::Timestamp>> Watermark(
      const core::StoreId& store) = 0;

  /// Every row of `store` with `from <= hour < to`, each vector ordered by (hour, key).
  [[nodiscard]] virtual core::Result<HourlyAggregates> LoadAggregates(const core::StoreId& store,
                                                                      core::Timestamp from,
                                                                      core::Timestamp to) = 0;
};

}  // namespace storeops::storage
