// SPDX-License-Identifier: Apache-2.0
#include "storeops/live/hub.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace storeops::live {
namespace {

using Json = nlohmann::ordered_json;

Json TimeOrNull(const std::optional<core::Timestamp>& ts) {
  return ts ? Json(core::FormatRfc3339(*ts)) : Json(nullptr);
}

template <class T>
Json ValueOrNull(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json EventJson(const core::Event& event) {
  Json json;
  json["type"] = core::EventTypeName(event);
  std::visit(
      [&json](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, core::Presence>) {
          // The device token stays inside: a stream of tokens would let a client follow a phone.
          json["ts"] = core::FormatRfc3339(e.ts);
          json["zone"] = e.zone.value();
          return;
        } else {
          json["store_id"] = e.store_id.value();
          json["ts"] = core::FormatRfc3339(e.ts);
        }
        if constexpr (std::is_same_v<T, core::PosTransaction>) {
          json["basket_id"] = e.basket_id;
          json["lane"] = e.lane.value();
          json["tender"] = core::TenderName(e.tender);
          Json lines = Json::array();
          for (const auto& line : e.lines) {
            lines.push_back({{"sku", line.sku.value()},
                             {"qty", line.quantity},
                             {"unit_price", line.unit_price.ToDouble()}});
          }
          json["lines"] = std::move(lines);
        } else if constexpr (std::is_same_v<T, core::CameraCount>) {
          json["camera"] = e.camera.value();
          json["zone"] = e.zone.value();
          json["people"] = e.people;
          json["queue"] = e.queue;
          json["in"] = e.crossed_in;
          json["out"] = e.crossed_out;
        } else if constexpr (std::is_same_v<T, core::InventorySnapshot>) {
          json["sku"] = e.sku.value();
          json["on_hand"] = e.on_hand;
          json["on_shelf"] = e.on_shelf;
        } else if constexpr (std::is_same_v<T, core::WeatherObservation>) {
          json["temp_c"] = e.temperature_c;
          json["precip_mm"] = e.precipitation_mm;
          json["condition"] = e.condition;
        } else if constexpr (std::is_same_v<T, core::StaffClock>) {
          json["employee_id"] = e.employee_id.value();
          json["action"] = core::ClockActionName(e.action);
          json["department"] = e.department.value();
        }
      },
      event);
  return json;
}

Json SnapshotObject(const LiveSnapshot& snapshot) {
  Json zones = Json::array();
  for (const auto& zone : snapshot.zones) {
    zones.push_back({{"zone_id", zone.zone_id.value()},
                     {"occupancy", ValueOrNull(zone.occupancy)},
                     {"source", OccupancySourceName(zone.source)},
                     {"suppressed", zone.suppressed},
                     {"updated_at", TimeOrNull(zone.updated_at)}});
  }
  Json lanes = Json::array();
  for (const auto& lane : snapshot.lanes) {
    lanes.push_back({{"lane_id", lane.lane_id.value()},
                     {"queue_length", ValueOrNull(lane.queue_length)},
                     {"updated_at", TimeOrNull(lane.updated_at)}});
  }
  Json departments = Json::array();
  for (const auto& department : snapshot.departments) {
    Json minutes = Json::array();
    for (const auto& minute : department.per_minute) {
      minutes.push_back({{"minute", core::FormatRfc3339(minute.minute)},
                         {"sales", minute.sales.ToDouble()},
                         {"transactions", minute.transactions}});
    }
    departments.push_back({{"department_id", department.department_id},
                           {"sales_this_hour", department.sales.ToDouble()},
                           {"transactions_this_hour", department.transactions},
                           {"per_minute", std::move(minutes)}});
  }
  return {{"store_id", snapshot.store_id.value()},
          {"as_of", core::FormatRfc3339(snapshot.as_of)},
          {"k", snapshot.k},
          {"people_in_store", ValueOrNull(snapshot.people_in_store)},
          {"zones", std::move(zones)},
          {"lanes", std::move(lanes)},
          {"departments", std::move(departments)},
          {"totals",
           {{"sales_this_hour", snapshot.total_sales.ToDouble()},
            {"transactions_this_hour", snapshot.total_transactions}}}};
}

std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string SnapshotJson(const LiveSnapshot& snapshot) { return Dump(SnapshotObject(snapshot)); }

std::string EventsMessageJson(const core::StoreId& store,
                              std::span<const core::Event* const> events) {
  Json list = Json::array();
  for (const core::Event* event : events) {
    list.push_back(EventJson(*event));
  }
  return Dump(
      Json{{"topic", kTopicEvents}, {"store_id", store.value()}, {"events", std::move(list)}});
}

// The "live" publisher: stores whose state changed wait here until their next slot (at most one
// message per store per live_interval), then one thread renders and publishes them. Rendering off
// the ingest thread keeps POST latency independent of how many clients watch.
struct LiveHub::Impl {
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  std::map<core::StoreId, std::chrono::steady_clock::time_point> due;
  std::unordered_map<core::StoreId, std::chrono::steady_clock::time_point> last_sent;
  std::thread thread;
};

LiveHub::LiveHub(HubOptions options, StoreLookup stores, const core::Clock& clock)
    : options_(options),
      stores_(std::move(stores)),
      clock_(clock),
      state_(options.state),
      impl_(std::make_unique<Impl>()) {
  impl_->thread = std::thread([this] {
    std::unique_lock lock(impl_->mutex);
    while (!impl_->stopping) {
      if (impl_->due.empty()) {
        impl_->wake.wait(lock);
        continue;
      }
      auto next = impl_->due.begin();
      for (auto it = impl_->due.begin(); it != impl_->due.end(); ++it) {
        if (it->second < next->second) {
          next = it;
        }
      }
      const auto now = std::chrono::steady_clock::now();
      if (next->second > now) {
        impl_->wake.wait_until(lock, next->second);
        continue;
      }
      const core::StoreId store_id = next->first;
      impl_->due.erase(next);
      impl_->last_sent[store_id] = now;
      lock.unlock();
      if (auto store = stores_(store_id); store && bus_.HasSubscribers(kTopicLive, store_id)) {
        bus_.Publish({std::string(kTopicLive), store_id,
                      std::make_shared<const std::string>(RenderLiveMessage(*store))});
      }
      lock.lock();
    }
  });
}

LiveHub::~LiveHub() { Stop(); }

void LiveHub::Stop() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  if (impl_->thread.joinable()) {
    impl_->thread.join();
  }
}

void LiveHub::OnAccepted(std::span<const core::Event> events) {
  std::map<core::StoreId, std::vector<const core::Event*>> by_store;
  for (const auto& event : events) {
    by_store[std::visit([](const auto& e) { return e.store_id; }, event)].push_back(&event);
  }
  for (const auto& [store_id, store_events] : by_store) {
    auto store = stores_(store_id);
    if (!store) {
      continue;
    }
    if (bus_.HasSubscribers(kTopicEvents, store_id)) {
      bus_.Publish(
          {std::string(kTopicEvents), store_id,
           std::make_shared<const std::string>(EventsMessageJson(store_id, store_events))});
    }
    std::vector<core::Event> copy;
    bool changed = false;
    if (store_events.size() == events.size()) {
      changed = state_.Apply(*store, events);
    } else {
      copy.reserve(store_events.size());
      for (const core::Event* event : store_events) {
        copy.push_back(*event);
      }
      changed = state_.Apply(*store, copy);
    }
    if (!changed) {
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(impl_->mutex);
    if (impl_->due.contains(store_id)) {
      continue;  // already waiting for its slot: this change rides along
    }
    auto last = impl_->last_sent.find(store_id);
    impl_->due[store_id] =
        last == impl_->last_sent.end() ? now : std::max(now, last->second + options_.live_interval);
    impl_->wake.notify_one();
  }
}

std::string LiveHub::RenderLive(const core::Store& store) const {
  return SnapshotJson(state_.Snapshot(store, clock_.Now()));
}

std::string LiveHub::RenderLiveMessage(const core::Store& store) const {
  return Dump(Json{{"topic", kTopicLive},
                   {"store_id", store.id.value()},
                   {"data", SnapshotObject(state_.Snapshot(store, clock_.Now()))}});
}

}  // namespace storeops::live
