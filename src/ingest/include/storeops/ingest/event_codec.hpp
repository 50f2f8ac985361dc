// SPDX-License-Identifier: Apache-2.0
// Event codec: the first thing every byte that enters StoreOps meets. Decodes a JSON array or
// NDJSON body of events (docs/EVENTS.md) into typed events, one rejection per bad event, and never
// lets one bad event fail its neighbours.
//
//   ingest::DecodeOptions options{.now = clock.Now()};
//   ingest::DecodedBatch batch = ingest::DecodeEvents(body, options);
//   for (auto& rejected : batch.rejected) { ... rejected.index, rejected.field, rejected.reason }
//
// Presence events come out as `RawPresence`, still carrying the device identifier: the privacy
// filter (privacy/) must turn them into core::Presence before anything is stored or logged.
// Rejections never carry an identifier: their payload is redacted here.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "storeops/core/events.hpp"
#include "storeops/core/result.hpp"
#include "storeops/core/time.hpp"

namespace storeops::ingest {

/// A presence event before the privacy filter: the identifier as the Wi-Fi controller sent it.
struct RawPresence {
  core::StoreId store_id;
  core::Timestamp ts;
  std::string device_id;  ///< Never stored, logged or published: privacy/ replaces it.
  core::ZoneId zone;
  std::optional<int32_t> rssi_dbm;  ///< Dropped after zone resolution.
};

using RawEvent = std::variant<core::PosTransaction, RawPresence, core::CameraCount,
                              core::InventorySnapshot, core::WeatherObservation, core::StaffClock>;

/// One event that could not be accepted.
struct Rejection {
  size_t index = 0;     ///< Position in the body (array element or NDJSON line, from 0).
  std::string field;    ///< The offending field ("lines[1].qty"), or "" for the whole event.
  std::string reason;   ///< Short and specific: "must be a number, got string".
  std::string payload;  ///< The event as received, identifiers replaced, at most 4 KiB.
};

struct DecodedEvent {
  size_t index = 0;
  RawEvent event;
};

struct DecodedBatch {
  std::vector<DecodedEvent> events;
  std::vector<Rejection> rejected;
};

struct DecodeOptions {
  core::Timestamp now;  ///< Injected "now": timestamps later than now + max_future are refused.
  std::chrono::milliseconds max_future = std::chrono::minutes(5);
  std::chrono::milliseconds max_past = std::chrono::hours(24 * 366);
  size_t max_events = 100'000;  ///< Per body; further events are rejected, not dropped silently.
  /// Set for an MQTT message (`storeops/<store>/<type>`): an event whose `store_id` or `type`
  /// differs from its topic's is rejected naming that field. The views must outlive the call.
  std::optional<std::string_view> expected_store_id;
  std::optional<std::string_view> expected_type;
};

/// Decodes a body: a JSON array of event objects, or NDJSON (one object per line). A body that is
/// neither (malformed array, empty, too deep) gives a single rejection with index 0 and field "".
/// Thread-safe; allocation per call only.
[[nodiscard]] DecodedBatch DecodeEvents(std::string_view body, const DecodeOptions& options);

/// The event types as they appear in the "type" field.
[[nodiscard]] std::vector<std::string_view> EventTypeNames();

}  // namespace storeops::ingest
