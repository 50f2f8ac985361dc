// SPDX-License-Identifier: Apache-2.0
// The privacy filter applied to events and aggregates: `AnonymisePresence` turns what a Wi-Fi
// controller reports into a `core::Presence` (token instead of identifier, zone instead of access
// point, no RSSI); `SuppressSmallCounts` hides aggregate cells built from fewer than k devices.
//
//   privacy::ZoneMapping zones;
//   zones.Add("ap-3f-07", core::ZoneId{"electronics"});
//   auto presence = privacy::AnonymisePresence(raw, zones, key_ring);
//   auto cells = privacy::SuppressSmallCounts(footfall_cells, {.min_distinct_tokens = 5});
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storeops/core/events.hpp"
#include "storeops/core/ids.hpp"
#include "storeops/core/result.hpp"
#include "storeops/core/time.hpp"
#include "storeops/privacy/tokens.hpp"

namespace storeops::privacy {

/// Resolves the location a Wi-Fi controller reports (an access point id, or a zone id) to a zone.
/// Built once per store definition; const methods are safe to call from many threads.
class ZoneMapping {
 public:
  /// Maps `location` to `zone`. kInvalidArgument (field "location") when `location` is empty;
  /// kAlreadyExists when it is already mapped to a different zone.
  [[nodiscard]] core::Status Add(std::string_view location, const core::ZoneId& zone);

  /// The zone of `location`. kInvalidArgument with field "zone" when it is not mapped.
  [[nodiscard]] core::Result<core::ZoneId> Resolve(std::string_view location) const;

  [[nodiscard]] std::size_t size() const { return zones_.size(); }

 private:
  struct Hash {
    using is_transparent = void;

    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };

  std::unordered_map<std::string, core::ZoneId, Hash, std::equal_to<>> zones_;
};

/// A presence event as received, before the filter. Holds views only: nothing here outlives the
/// call that carries it.
struct RawPresence {
  core::StoreId store_id;
  core::Timestamp ts;
  std::string_view device_id;       ///< As the controller sent it (any MAC spelling, or opaque).
  std::string_view location;        ///< Access point or zone id.
  std::optional<int32_t> rssi_dbm;  ///< Used by the controller's resolution only; dropped here.
};

/// Anonymises one presence event: the location becomes a zone through `zones`, the device id a
/// token for the event's UTC day, and RSSI is dropped. Errors: kInvalidArgument naming "zone"
/// (unknown location) or "device_id"; kFailedPrecondition naming "ts" when that day's key was
/// destroyed (a late event is rejected rather than made linkable). Opt-out is checked by the
/// caller first (`OptOutList::Contains`), so dropped devices are never tokenised. Thread-safe.
[[nodiscard]] core::Result<core::Presence> AnonymisePresence(const RawPresence& raw,
                                                             const ZoneMapping& zones,
                                                             KeyRing& key_ring);

/// One aggregate cell before publication, e.g. footfall of one zone in one hour.
struct AggregateCell {
  std::string key;              ///< e.g. "electronics/2026-11-23T14".
  int64_t distinct_tokens = 0;  ///< Distinct device tokens behind the value.
  double value = 0;             ///< The figure to publish (count, dwell minutes, ...).
};

enum class SuppressionMode {
  kDrop,  ///< Suppressed cells are left out of the result.
  kMark,  ///< Suppressed cells stay, with `suppressed` set and no count or value.
};

struct SuppressionOptions {
  int64_t min_distinct_tokens = 5;  ///< k: cells with 1..k-1 distinct tokens are suppressed.
  SuppressionMode mode = SuppressionMode::kDrop;
};

/// A cell as it may be published.
struct PublishedCell {
  std::string key;
  bool suppressed = false;
  std::optional<int64_t> distinct_tokens;  ///< Empty when suppressed.
  std::optional<double> value;             ///< Empty when suppressed.
};

/// Applies small-count suppression. A cell with 1..k-1 distinct tokens is dropped or marked, and
/// its value and count are never copied. Empty cells (0 tokens) are published: "nobody" names no
/// one. Order is kept. kInvalidArgument naming "min_distinct_tokens" when k < 1, or
/// "cells[i].distinct_tokens" when a count is negative.
[[nodiscard]] core::Result<std::vector<PublishedCell>> SuppressSmallCounts(
    std::span<const AggregateCell> cells, const SuppressionOptions& options);

}  // namespace storeops::privacy
