// SPDX-License-Identifier: Apache-2.0
// The hourly roll-up (issue #3): raw events of one store in, the six hourly aggregates of one
// UTC hour out (storage/aggregate_repository.hpp; docs/RETENTION.md defines each figure). Pure
// code: no storage, no clock, safe to call from many threads.
//
//   auto events = db->events().LoadEvents(store, RollupWindowStart(hour), RollupWindowEnd(hour));
//   storage::HourlyAggregates rows = service::ComputeHourlyRollup(store_id, &store, *events, hour);
#pragma once

#include <chrono>
#include <span>

#include "storeops/core/events.hpp"
#include "storeops/core/ids.hpp"
#include "storeops/core/store.hpp"
#include "storeops/core/time.hpp"
#include "storeops/storage/aggregate_repository.hpp"

namespace storeops::service {

/// The department of SKUs that do not resolve through the store definition.
inline constexpr std::string_view kUnassignedDepartment = "unassigned";

struct RollupOptions {
  /// Two sightings of a device token further apart than this are not one visit, and a zone
  /// change across a longer gap is not counted as a transition (the device was lost meanwhile).
  std::chrono::milliseconds visit_gap = std::chrono::minutes(10);
  /// How far before the hour events are read, so visits that began earlier are measured from
  /// their start. A visit longer than this is still counted in the top (>= 60 min) bucket.
  std::chrono::milliseconds lookback = std::chrono::minutes(60);
};

/// The UTC hour that `ts` falls in (floor; works before 1970 too).
[[nodiscard]] core::Timestamp FloorHour(core::Timestamp ts);

/// The first instant whose events ComputeHourlyRollup needs for `hour`: hour - lookback.
[[nodiscard]] core::Timestamp RollupWindowStart(core::Timestamp hour, const RollupOptions& options);

/// The end (exclusive) of the events it needs: hour + 1 h + visit_gap, so that a visit's or a
/// transition's continuation after the hour is seen.
[[nodiscard]] core::Timestamp RollupWindowEnd(core::Timestamp hour, const RollupOptions& options);

/// The six roll-ups of store `store_id` for `[hour, hour + 1 h)`; `hour` must be a whole UTC
/// hour. `events` are the store's raw events with ts in [RollupWindowStart, RollupWindowEnd),
/// oldest first (events outside the window, or of other stores, are ignored). `store` may be null
/// when the definition is unknown: SKUs then go to "unassigned" and no camera maps to a lane.
///
/// - sales: per department (SKU -> category -> department), the baskets with a line in it, units
///   and quantity * unit price.
/// - baskets: one row for the store, the distinct baskets with a line in the hour (a basket with
///   lines in three departments counts once here, and once in each department's sales row), and
///   how many of them were paid at a self-checkout lane of the definition.
/// - footfall: per zone, distinct device tokens seen in the hour, and camera `in`/`out` sums.
/// - dwell: a visit is a run of sightings of one token in one zone with gaps <= visit_gap; its
///   dwell is last minus first sighting; visits are counted in the hour of their last sighting.
/// - transitions: consecutive sightings of one token in two different zones at most visit_gap
///   apart, counted in the hour of the second sighting.
/// - queues: per lane, from camera.count `queue`. A camera maps to the lane whose id equals the
///   camera id, else to the only lane in the camera's zone; otherwise it counts toward no lane.
///
/// Every vector is ordered by its key, as storage loads them.
[[nodiscard]] storage::HourlyAggregates ComputeHourlyRollup(const core::StoreId& store_id,
                                                            const core::Store* store,
                                                            std::span<const core::Event> events,
                                                            core::Timestamp hour,
                                                            const RollupOptions& options = {});

}  // namespace storeops::service
