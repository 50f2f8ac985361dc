// SPDX-License-Identifier: Apache-2.0
// The live state of each store, kept in memory and updated as accepted (already anonymised)
// events arrive: occupancy per zone, queue length per lane, sales and transactions per minute per
// department over the last hour, people in store. `Snapshot` gives what may be published: wifi
// counts built from fewer than k distinct device tokens are suppressed (privacy/).
//
//   live::LiveState state({.min_distinct_tokens = 5});
//   state.Apply(store, events);                        // after the batch is durable
//   live::LiveSnapshot now = state.Snapshot(store, clock.Now());
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storeops/core/events.hpp"
#include "storeops/core/ids.hpp"
#include "storeops/core/money.hpp"
#include "storeops/core/store.hpp"
#include "storeops/core/time.hpp"

namespace storeops::live {

/// The department of POS lines whose SKU (or its category) the store definition does not know.
inline constexpr std::string_view kUnassignedDepartment = "unassigned";

struct LiveOptions {
  int64_t min_distinct_tokens = 5;          ///< k; wifi cells with 1..k-1 tokens hidden.
  std::chrono::minutes presence_window{5};  ///< Tokens seen this recently count.
  std::chrono::minutes camera_window{5};    ///< A camera silent longer is forgotten.
  std::chrono::minutes sales_window{60};    ///< Minute buckets kept and published.
};

enum class OccupancySource { kCamera, kWifi };

/// "camera" or "wifi".
[[nodiscard]] std::string_view OccupancySourceName(OccupancySource source);

struct ZoneLive {
  core::ZoneId zone_id;
  std::optional<int64_t> occupancy;  ///< Empty when nothing is known or when suppressed.
  OccupancySource source = OccupancySource::kWifi;
  bool suppressed = false;  ///< A wifi count of 1..k-1 distinct tokens: never published.
  std::optional<core::Timestamp> updated_at;  ///< Event time of the newest input.
};

struct LaneLive {
  core::LaneId lane_id;
  std::optional<int64_t> queue_length;  ///< Empty when no camera covers the lane.
  std::optional<core::Timestamp> updated_at;
};

struct MinuteSales {
  core::Timestamp minute;  ///< Start of the UTC minute.
  core::Money sales;
  int64_t transactions = 0;
};

struct DepartmentLive {
  std::string department_id;            ///< A store department, or kUnassignedDepartment.
  core::Money sales;                    ///< Over the sales window.
  int64_t transactions = 0;             ///< Baskets with at least one line of this department.
  std::vector<MinuteSales> per_minute;  ///< Only minutes with sales, oldest first.
};

/// What GET /api/v1/stores/{id}/live and the "live" topic publish.
struct LiveSnapshot {
  core::StoreId store_id;
  core::Timestamp as_of;
  int64_t k = 5;
  std::optional<int64_t> people_in_store;
  std::vector<ZoneLive> zones;              ///< Every zone of the store, in definition order.
  std::vector<LaneLive> lanes;              ///< Every lane of the store, in definition order.
  std::vector<DepartmentLive> departments;  ///< Every department, then "unassigned" if used.
  core::Money total_sales;
  int64_t total_transactions = 0;  ///< Distinct baskets (not the sum over departments).
};

/// Thread-safe: Apply and Snapshot may run concurrently from any threads; stores are independent.
/// Data expires by event time: an input counts while `now - ts` is inside its window.
class LiveState {
 public:
  explicit LiveState(LiveOptions options = {});
  ~LiveState();
  LiveState(const LiveState&) = delete;
  LiveState& operator=(const LiveState&) = delete;

  /// Folds `events` of `store` (events of other stores are ignored) into the state. POS lines are
  /// mapped sku -> category -> department with this definition. Returns true when anything that
  /// `Snapshot` shows may have changed.
  bool Apply(const core::Store& store, std::span<const core::Event> events);

  /// The publishable state of `store` at `now` (usually the clock's now), k-suppressed.
  [[nodiscard]] LiveSnapshot Snapshot(const core::Store& store, core::Timestamp now) const;

  [[nodiscard]] const LiveOptions& options() const { return options_; }

 private:
  struct Impl;
  LiveOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storeops::live
