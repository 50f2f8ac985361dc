// SPDX-License-Identifier: Apache-2.0
#include "storeops/service/rollup.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace storeops::service {
namespace {

using std::chrono::hours;

struct Sighting {
  core::Timestamp ts;
  const core::ZoneId* zone;
};

std::size_t DwellBucket(int64_t seconds) {
  std::size_t bucket = 0;
  while (bucket < storage::kDwellBucketUpperSeconds.size() &&
         seconds >= storage::kDwellBucketUpperSeconds[bucket]) {
    ++bucket;
  }
  return bucket;
}

// SKU -> department id, built once per call (a supercenter has hundreds of SKUs).
std::unordered_map<std::string, core::DepartmentId> DepartmentsBySku(const core::Store* store) {
  std::unordered_map<std::string, core::DepartmentId> out;
  if (store == nullptr) {
    return out;
  }
  for (const core::Sku& sku : store->skus) {
    if (const core::Department* department = store->DepartmentOf(sku); department != nullptr) {
      out.emplace(sku.id.value(), department->id);
    }
  }
  return out;
}

// Camera -> lane: a lane whose id is the camera id, else the only lane of the camera's zone.
const core::LaneId* LaneOf(const core::Store* store, const core::CameraCount& count) {
  if (store == nullptr) {
    return nullptr;
  }
  const core::LaneId* in_zone = nullptr;
  int lanes_in_zone = 0;
  for (const core::CheckoutLane& lane : store->lanes) {
    if (lane.id.value() == count.camera.value()) {
      return &lane.id;
    }
    if (lane.zone == count.zone) {
      in_zone = &lane.id;
      ++lanes_in_zone;
    }
  }
  return lanes_in_zone == 1 ? in_zone : nullptr;
}

struct SalesCell {
  std::set<std::string> baskets;
  int64_t units = 0;
  int64_t sales_cents = 0;
};

struct DwellCell {
  int64_t visits = 0;
  int64_t total_seconds = 0;
  std::array<int64_t, storage::kDwellBuckets> buckets{};
};

}  // namespace

core::Timestamp FloorHour(core::Timestamp ts) { return std::chrono::floor<hours>(ts); }

core::Timestamp RollupWindowStart(core::Timestamp hour, const RollupOptions& options) {
  return hour - options.lookback;
}

core::Timestamp RollupWindowEnd(core::Timestamp hour, const RollupOptions& options) {
  return hour + hours(1) + options.visit_gap;
}

storage::HourlyAggregates ComputeHourlyRollup(const core::StoreId& store_id,
                                              const core::Store* store,
                                              std::span<const core::Event> events,
                                              core::Timestamp hour, const RollupOptions& options) {
  const core::Timestamp hour_end = hour + hours(1);
  const core::Timestamp window_start = RollupWindowStart(hour, options);
  const core::Timestamp window_end = RollupWindowEnd(hour, options);
  const auto in_hour = [&](core::Timestamp ts) { return ts >= hour && ts < hour_end; };

  const auto departments = DepartmentsBySku(store);
  std::map<core::DepartmentId, SalesCell> sales;
  std::set<std::string> baskets;  // store-wide: a basket spanning departments counts once
  std::set<std::string> self_checkout_baskets;
  std::set<std::string> self_checkout_lanes;
  if (store != nullptr) {
    for (const core::CheckoutLane& lane : store->lanes) {
      if (lane.kind == core::LaneKind::kSelfCheckout) {
        self_checkout_lanes.insert(lane.id.value());
      }
    }
  }
  std::map<core::ZoneId, std::set<std::string>> devices;
  std::map<core::ZoneId, std::pair<int64_t, int64_t>> camera;  // in, out
  std::map<core::LaneId, storage::HourlyQueue> queues;
  std::map<std::string, std::vector<Sighting>> sightings;  // by token, in time order

  for (const core::Event& event : events) {
    if (const auto* presence = std::get_if<core::Presence>(&event)) {
      if (presence->store_id != store_id || presence->ts < window_start ||
          presence->ts >= window_end) {
        continue;
      }
      sightings[presence->device_token].push_back({presence->ts, &presence->zone});
      if (in_hour(presence->ts)) {
        devices[presence->zone].insert(presence->device_token);
      }
      continue;
    }
    const core::Timestamp ts = std::visit([](const auto& e) { return e.ts; }, event);
    const core::StoreId& event_store =
        std::visit([](const auto& e) -> const core::StoreId& { return e.store_id; }, event);
    if (event_store != store_id || !in_hour(ts)) {
      continue;
    }
    if (const auto* sale = std::get_if<core::PosTransaction>(&event)) {
      if (!sale->lines.empty()) {
        baskets.insert(sale->basket_id);
        if (self_checkout_lanes.contains(sale->lane.value())) {
          self_checkout_baskets.insert(sale->basket_id);
        }
      }
      for (const core::PosLine& line : sale->lines) {
        auto found = departments.find(line.sku.value());
        const core::DepartmentId department =
            found == departments.end() ? core::DepartmentId{kUnassignedDepartment} : found->second;
        SalesCell& cell = sales[department];
        cell.baskets.insert(sale->basket_id);
        cell.units += line.quantity;
        cell.sales_cents += int64_t{line.quantity} * line.unit_price.cents();
      }
    } else if (const auto* count = std::get_if<core::CameraCount>(&event)) {
      auto& [in, out] = camera[count->zone];
      in += count->crossed_in;
      out += count->crossed_out;
      if (const core::LaneId* lane = LaneOf(store, *count); lane != nullptr) {
        auto [it, inserted] =
            queues.try_emplace(*lane, storage::HourlyQueue{store_id, hour, *lane, 0, 0, 0});
        it->second.samples += 1;
        it->second.queue_sum += count->queue;
        it->second.max_queue = std::max<int64_t>(it->second.max_queue, count->queue);
      }
    }
  }

  // Visits and transitions, token by token. Sightings arrive oldest first; a stable sort keeps
  // that order for equal timestamps should a caller pass them unsorted.
  std::map<core::ZoneId, DwellCell> dwell;
  std::map<std::pair<core::ZoneId, core::ZoneId>, int64_t> transitions;
  for (auto& [token, list] : sightings) {
    std::stable_sort(list.begin(), list.end(),
                     [](const Sighting& a, const Sighting& b) { return a.ts < b.ts; });
    std::size_t first = 0;
    const auto close_visit = [&](std::size_t last) {
      if (!in_hour(list[last].ts)) {
        return;
      }
      const auto seconds =
          std::chrono::duration_cast<std::chrono::seconds>(list[last].ts - list[first].ts).count();
      DwellCell& cell = dwell[*list[first].zone];
      cell.visits += 1;
      cell.total_seconds += seconds;
      cell.buckets[DwellBucket(seconds)] += 1;
    };
    for (std::size_t i = 1; i < list.size(); ++i) {
      const bool close_in_time = list[i].ts - list[i - 1].ts <= options.visit_gap;
      if (close_in_time && *list[i].zone == *list[first].zone) {
        continue;
      }
      close_visit(i - 1);
      if (close_in_time && in_hour(list[i].ts)) {
        ++transitions[{*list[i - 1].zone, *list[i].zone}];
      }
      first = i;
    }
    if (!list.empty()) {
      close_visit(list.size() - 1);
    }
  }

  storage::HourlyAggregates out;
  for (const auto& [department, cell] : sales) {
    out.sales.push_back({store_id, hour, department, static_cast<int64_t>(cell.baskets.size()),
                         cell.units, cell.sales_cents});
  }
  if (!baskets.empty()) {
    out.baskets.push_back({store_id, hour, static_cast<int64_t>(baskets.size()),
                           static_cast<int64_t>(self_checkout_baskets.size())});
  }
  std::set<core::ZoneId> footfall_zones;
  for (const auto& entry : devices) {
    footfall_zones.insert(entry.first);
  }
  for (const auto& entry : camera) {
    footfall_zones.insert(entry.first);
  }
  for (const core::ZoneId& zone : footfall_zones) {
    storage::HourlyFootfall row{store_id, hour, zone, 0, 0, 0};
    if (auto found = devices.find(zone); found != devices.end()) {
      row.distinct_devices = static_cast<int64_t>(found->second.size());
    }
    if (auto found = camera.find(zone); found != camera.end()) {
      row.camera_in = found->second.first;
      row.camera_out = found->second.second;
    }
    out.footfall.push_back(std::move(row));
  }
  for (const auto& [zone, cell] : dwell) {
    out.dwell.push_back({store_id, hour, zone, cell.visits, cell.total_seconds, cell.buckets});
  }
  for (const auto& [zones, count] : transitions) {
    out.transitions.push_back({store_id, hour, zones.first, zones.second, count});
  }
  for (auto& entry : queues) {
    out.queues.push_back(std::move(entry.second));
  }
  return out;
}

}  // namespace storeops::service
