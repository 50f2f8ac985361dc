// SPDX-License-Identifier: Apache-2.0
// The front door of live/: `LiveHub` owns the live state and the bus, is fed by the ingest
// observer after each durable batch, publishes the "events" topic at once and the "live" topic
// coalesced to at most one message per store per `live_interval`, and renders both as JSON
// (docs/EVENTS.md, "Live state and stream").
//
//   live::LiveHub hub({}, [&](const core::StoreId& id) { return catalog_lookup(id); }, clock);
//   ingest.SetObserver([&](std::span<const core::Event> events) { hub.OnAccepted(events); });
//   std::string body = hub.RenderLive(*store);      // GET /api/v1/stores/{id}/live
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "storeops/core/events.hpp"
#include "storeops/core/store.hpp"
#include "storeops/core/time.hpp"
#include "storeops/live/bus.hpp"
#include "storeops/live/live_state.hpp"

namespace storeops::live {

struct HubOptions {
  LiveOptions state;
  std::chrono::milliseconds live_interval{100};  ///< At most one "live" message per store per.
};

/// The current definition of a store, or null when unknown.
using StoreLookup = std::function<std::shared_ptr<const core::Store>(const core::StoreId&)>;

/// Thread-safe. Owns one thread that publishes coalesced "live" messages.
class LiveHub {
 public:
  LiveHub(HubOptions options, StoreLookup stores, const core::Clock& clock);
  ~LiveHub();
  LiveHub(const LiveHub&) = delete;
  LiveHub& operator=(const LiveHub&) = delete;

  /// The ingest observer: events already durable and anonymised, possibly of several stores.
  void OnAccepted(std::span<const core::Event> events);

  /// The JSON object of GET /api/v1/stores/{id}/live (and of "live" messages' `data`) at the
  /// clock's now.
  [[nodiscard]] std::string RenderLive(const core::Store& store) const;

  /// `{"topic":"live","store_id":..,"data":..}` for `store` now.
  [[nodiscard]] std::string RenderLiveMessage(const core::Store& store) const;

  [[nodiscard]] Bus& bus() { return bus_; }

  [[nodiscard]] LiveState& state() { return state_; }

  /// Stops the publishing thread; later changes are no longer pushed. Idempotent.
  void Stop();

 private:
  struct Impl;
  HubOptions options_;
  StoreLookup stores_;
  const core::Clock& clock_;
  LiveState state_;
  Bus bus_;
  std::unique_ptr<Impl> impl_;
};

/// Renders a snapshot as the JSON object documented for GET live.
[[nodiscard]] std::string SnapshotJson(const LiveSnapshot& snapshot);

/// Renders `{"topic":"events","store_id":..,"events":[..]}`: each event in its wire form
/// (docs/EVENTS.md); presence carries only type, ts and zone, never the device token.
[[nodiscard]] std::string EventsMessageJson(const core::StoreId& store,
                                            std::span<const core::Event* const> events);

}  // namespace storeops::live
