// SPDX-License-Identifier: Apache-2.0
#include "storeops/live/live_state.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <unordered_map>
#include <variant>

#include "storeops/privacy/filter.hpp"

namespace storeops::live {
namespace {

using std::chrono::duration_cast;
using std::chrono::minutes;

core::Timestamp MinuteOf(core::Timestamp ts) { return std::chrono::floor<minutes>(ts); }

struct CameraReading {
  core::ZoneId zone;
  int64_t people = 0;
  int64_t queue = 0;
  core::Timestamp ts;
};

struct Bucket {
  core::Money sales;
  int64_t transactions = 0;
};

// One store's inputs. Tokens are the privacy filter's keyed daily hashes, never identifiers.
struct StoreState {
  std::map<core::CameraId, CameraReading> cameras;
  std::unordered_map<core::ZoneId, std::unordered_map<std::string, core::Timestamp>> zone_tokens;
  std::unordered_map<core::ZoneId, core::Timestamp> zone_last_presence;
  std::unordered_map<std::string, core::Timestamp> store_tokens;
  std::map<std::string, std::map<core::Timestamp, Bucket>> department_minutes;
  std::map<core::Timestamp, Bucket> total_minutes;
  core::Timestamp newest;
  core::Timestamp pruned_at;  // `newest` when Prune last ran
};

// Pruning walks every token seen in the presence window (hundreds of thousands in a busy store),
// so it runs once the newest event time has moved on by this much, not after every batch: memory
// then holds at most a tenth of a window more than needed, and ingest does not pay a full scan
// per batch. Snapshots filter by their own `now`, so what is published does not change.
constexpr int kPruneStepsPerWindow = 10;

// Drops what no window can show any more, relative to the newest event time seen. Snapshots
// filter by their own `now` as well, so this only bounds memory.
void Prune(StoreState& state, const LiveOptions& options) {
  const core::Timestamp presence_cut = state.newest - options.presence_window;
  for (auto zone = state.zone_tokens.begin(); zone != state.zone_tokens.end();) {
    std::erase_if(zone->second, [&](const auto& entry) { return entry.second <= presence_cut; });
    zone = zone->second.empty() ? state.zone_tokens.erase(zone) : std::next(zone);
  }
  std::erase_if(state.store_tokens,
                [&](const auto& entry) { return entry.second <= presence_cut; });
  const core::Timestamp camera_cut = state.newest - options.camera_window;
  std::erase_if(state.cameras, [&](const auto& entry) { return entry.second.ts <= camera_cut; });
  const core::Timestamp sales_cut = MinuteOf(state.newest) - options.sales_window;
  for (auto department = state.department_minutes.begin();
       department != state.department_minutes.end();) {
    auto& minutes_map = department->second;
    minutes_map.erase(minutes_map.begin(), minutes_map.upper_bound(sales_cut));
    department =
        minutes_map.empty() ? state.department_minutes.erase(department) : std::next(department);
  }
  state.total_minutes.erase(state.total_minutes.begin(),
                            state.total_minutes.upper_bound(sales_cut));
}

bool ApplyOne(StoreState& state, const core::Store& store, const core::PosTransaction& tx) {
  std::map<std::string, core::Money> per_department;
  for (const auto& line : tx.lines) {
    std::string department(kUnassignedDepartment);
    if (const core::Sku* sku = store.FindSku(line.sku)) {
      if (const core::Department* owner = store.DepartmentOf(*sku)) {
        department = owner->id.value();
      }
    }
    per_department[department] += line.unit_price * line.quantity;
  }
  const core::Timestamp minute = MinuteOf(tx.ts);
  core::Money total;
  for (const auto& [department, sales] : per_department) {
    Bucket& bucket = state.department_minutes[department][minute];
    bucket.sales += sales;
    bucket.transactions += 1;
    total += sales;
  }
  Bucket& bucket = state.total_minutes[minute];
  bucket.sales += total;
  bucket.transactions += 1;
  return true;
}

bool ApplyOne(StoreState& state, const core::Store& /*store*/, const core::Presence& presence) {
  auto keep_newest = [&](core::Timestamp& seen) { seen = std::max(seen, presence.ts); };
  auto& zone_tokens = state.zone_tokens[presence.zone];
  keep_newest(zone_tokens.try_emplace(presence.device_token, presence.ts).first->second);
  keep_newest(state.store_tokens.try_emplace(presence.device_token, presence.ts).first->second);
  keep_newest(state.zone_last_presence.try_emplace(presence.zone, presence.ts).first->second);
  return true;
}

bool ApplyOne(StoreState& state, const core::Store& /*store*/, const core::CameraCount& count) {
  auto [it, inserted] = state.cameras.try_emplace(count.camera);
  if (!inserted && it->second.ts > count.ts) {
    return false;  // an older report arriving late does not replace a newer one
  }
  it->second = {count.zone, count.people, count.queue, count.ts};
  return true;
}

template <class T>
bool ApplyOne(StoreState& /*state*/, const core::Store& /*store*/, const T& /*event*/) {
  return false;  // inventory, weather and clock-ins are not part of the live state
}

}  // namespace

std::string_view OccupancySourceName(OccupancySource source) {
  return source == OccupancySource::kCamera ? "camera" : "wifi";
}

struct LiveState::Impl {
  struct Entry {
    mutable std::mutex mutex;
    StoreState state;
  };

  mutable std::shared_mutex mutex;  // guards the map; each store has its own lock
  std::unordered_map<core::StoreId, std::unique_ptr<Entry>> stores;

  Entry* Find(const core::StoreId& id) const {
    std::shared_lock lock(mutex);
    auto it = stores.find(id);
    return it == stores.end() ? nullptr : it->second.get();
  }

  Entry& FindOrCreate(const core::StoreId& id) {
    if (Entry* entry = Find(id)) {
      return *entry;
    }
    std::unique_lock lock(mutex);
    auto& slot = stores[id];
    if (!slot) {
      slot = std::make_unique<Entry>();
    }
    return *slot;
  }
};

LiveState::LiveState(LiveOptions options) : options_(options), impl_(std::make_unique<Impl>()) {}

LiveState::~LiveState() = default;

bool LiveState::Apply(const core::Store& store, std::span<const core::Event> events) {
  Impl::Entry& entry = impl_->FindOrCreate(store.id);
  std::lock_guard lock(entry.mutex);
  bool changed = false;
  for (const auto& event : events) {
    changed |= std::visit(
        [&](const auto& e) {
          if (e.store_id != store.id) {
            return false;
          }
          entry.state.newest = std::max(entry.state.newest, e.ts);
          return ApplyOne(entry.state, store, e);
        },
        event);
  }
  const std::chrono::milliseconds prune_step =
      std::chrono::milliseconds(
          std::min({options_.presence_window, options_.camera_window, options_.sales_window})) /
      kPruneStepsPerWindow;
  if (changed && entry.state.newest - entry.state.pruned_at >= prune_step) {
    Prune(entry.state, options_);
    entry.state.pruned_at = entry.state.newest;
  }
  return changed;
}

LiveSnapshot LiveState::Snapshot(const core::Store& store, core::Timestamp now) const {
  LiveSnapshot snapshot;
  snapshot.store_id = store.id;
  snapshot.as_of = now;
  snapshot.k = options_.min_distinct_tokens;
  const auto suppress = [&](int64_t distinct) {
    const privacy::AggregateCell cell{"", distinct, static_cast<double>(distinct)};
    auto published = privacy::SuppressSmallCounts(
        std::span(&cell, 1), {options_.min_distinct_tokens, privacy::SuppressionMode::kMark});
    // k < 1 is refused by the privacy filter: then publish nothing rather than everything.
    return published && !published->empty() && !published->front().suppressed
               ? std::optional<int64_t>(distinct)
               : std::nullopt;
  };
  const Impl::Entry* entry = impl_->Find(store.id);
  std::unique_lock<std::mutex> lock;
  static const StoreState kEmpty;
  const StoreState* state = &kEmpty;
  if (entry != nullptr) {
    lock = std::unique_lock(entry->mutex);
    state = &entry->state;
  }

  // Cameras still reporting, by zone.
  const core::Timestamp camera_cut = now - options_.camera_window;

  struct ZoneCameras {
    int64_t people = 0;
    int64_t queue = 0;          // cameras that are not a lane's own
    core::Timestamp people_ts;  // newest report of any camera in the zone
    core::Timestamp queue_ts;
    bool any = false;
    bool any_queue = false;
  };

  std::unordered_map<core::ZoneId, ZoneCameras> cameras;
  std::unordered_map<core::LaneId, const CameraReading*> lane_cameras;
  bool any_camera = false;
  int64_t camera_people = 0;
  for (const auto& [camera_id, reading] : state->cameras) {
    if (reading.ts <= camera_cut) {
      continue;
    }
    any_camera = true;
    camera_people += reading.people;
    ZoneCameras& zone = cameras[reading.zone];
    zone.people += reading.people;
    zone.people_ts = zone.any ? std::max(zone.people_ts, reading.ts) : reading.ts;
    zone.any = true;
    const core::LaneId as_lane{camera_id.value()};
    const bool lane_camera =
        std::any_of(store.lanes.begin(), store.lanes.end(),
                    [&](const auto& l) { return l.id == as_lane && l.zone == reading.zone; });
    if (lane_camera) {
      lane_cameras[as_lane] = &reading;
    } else {
      zone.queue += reading.queue;
      zone.queue_ts = zone.any_queue ? std::max(zone.queue_ts, reading.ts) : reading.ts;
      zone.any_queue = true;
    }
  }

  const core::Timestamp presence_cut = now - options_.presence_window;
  auto distinct_since = [&](const std::unordered_map<std::string, core::Timestamp>& tokens) {
    return static_cast<int64_t>(std::count_if(
        tokens.begin(), tokens.end(), [&](const auto& e) { return e.second > presence_cut; }));
  };
  for (const auto& zone : store.zones) {
    ZoneLive live;
    live.zone_id = zone.id;
    if (auto it = cameras.find(zone.id); it != cameras.end()) {
      live.source = OccupancySource::kCamera;
      live.occupancy = it->second.people;
      live.updated_at = it->second.people_ts;
    } else if (auto last = state->zone_last_presence.find(zone.id);
               last != state->zone_last_presence.end()) {
      live.source = OccupancySource::kWifi;
      live.updated_at = last->second;
      auto tokens = state->zone_tokens.find(zone.id);
      const int64_t distinct =
          tokens == state->zone_tokens.end() ? 0 : distinct_since(tokens->second);
      live.occupancy = suppress(distinct);
      live.suppressed = !live.occupancy.has_value();
    }
    snapshot.zones.push_back(std::move(live));
  }

  for (const auto& lane : store.lanes) {
    LaneLive live;
    live.lane_id = lane.id;
    if (auto own = lane_cameras.find(lane.id); own != lane_cameras.end()) {
      live.queue_length = own->second->queue;
      live.updated_at = own->second->ts;
    } else if (auto zone = cameras.find(lane.zone);
               zone != cameras.end() && zone->second.any_queue) {
      // Lanes in one zone without a camera of their own share the zone's queue evenly.
      const auto sharing = std::count_if(
          store.lanes.begin(), store.lanes.end(),
          [&](const auto& l) { return l.zone == lane.zone && !lane_cameras.contains(l.id); });
      const int64_t n = std::max<int64_t>(1, sharing);
      live.queue_length = (zone->second.queue + n / 2) / n;
      live.updated_at = zone->second.queue_ts;
    }
    snapshot.lanes.push_back(std::move(live));
  }

  if (any_camera) {
    snapshot.people_in_store = camera_people;
  } else if (!state->zone_last_presence.empty()) {
    snapshot.people_in_store = suppress(distinct_since(state->store_tokens));
  }

  const core::Timestamp sales_cut = MinuteOf(now) - options_.sales_window;
  auto add_department = [&](const std::string& id) {
    DepartmentLive department;
    department.department_id = id;
    if (auto it = state->department_minutes.find(id); it != state->department_minutes.end()) {
      for (auto minute = it->second.upper_bound(sales_cut); minute != it->second.end(); ++minute) {
        department.sales += minute->second.sales;
        department.transactions += minute->second.transactions;
        department.per_minute.push_back(
            {minute->first, minute->second.sales, minute->second.transactions});
      }
    }
    snapshot.departments.push_back(std::move(department));
  };
  std::set<std::string> listed;
  for (const auto& department : store.departments) {
    add_department(department.id.value());
    listed.insert(department.id.value());
  }
  // Departments the definition no longer has (it was replaced) and "unassigned" come last.
  for (const auto& [id, minutes_map] : state->department_minutes) {
    if (!listed.contains(id) && minutes_map.upper_bound(sales_cut) != minutes_map.end()) {
      add_department(id);
    }
  }
  for (auto minute = state->total_minutes.upper_bound(sales_cut);
       minute != state->total_minutes.end(); ++minute) {
    snapshot.total_sales += minute->second.sales;
    snapshot.total_transactions += minute->second.transactions;
  }
  return snapshot;
}

}  // namespace storeops::live
