// SPDX-License-Identifier: Apache-2.0
#include "storeops/privacy/filter.hpp"

#include <string>
#include <utility>

namespace storeops::privacy {

core::Status ZoneMapping::Add(std::string_view location, const core::ZoneId& zone) {
  if (location.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "location must not be empty",
                      {{"location", "empty"}});
  }
  auto [it, inserted] = zones_.try_emplace(std::string(location), zone);
  if (!inserted && it->second != zone) {
    return core::Fail(core::ErrorCode::kAlreadyExists,
                      "location '" + std::string(location) + "' already maps to zone '" +
                          it->second.value() + "'",
                      {{"location", "mapped to another zone"}});
  }
  return core::Ok();
}

core::Result<core::ZoneId> ZoneMapping::Resolve(std::string_view location) const {
  if (auto found = zones_.find(location); found != zones_.end()) {
    return found->second;
  }
  // The location is an access point or zone name, not personal data, so it may be quoted; it is
  // cut short so a hostile 10 MB value cannot blow up a log line.
  constexpr std::size_t kQuoteLimit = 64;
  return core::Fail(
      core::ErrorCode::kInvalidArgument,
      "zone: unknown access point or zone '" + std::string(location.substr(0, kQuoteLimit)) + "'",
      {{"zone", "unknown access point or zone"}});
}

core::Result<core::Presence> AnonymisePresence(const RawPresence& raw, const ZoneMapping& zones,
                                               KeyRing& key_ring) {
  // Zone first: it is a cheap lookup, and a bad event should not create a day key.
  auto zone = zones.Resolve(raw.location);
  if (!zone) {
    return core::Fail(std::move(zone.error()));
  }
  auto token = key_ring.Tokenise(raw.device_id, raw.ts);
  if (!token) {
    return core::Fail(std::move(token.error()));
  }
  // rssi_dbm is deliberately not copied: once the zone is known, signal strength only helps
  // locate a person more finely than the zone.
  return core::Presence{raw.store_id, raw.ts, std::move(*token), std::move(*zone)};
}

core::Result<std::vector<PublishedCell>> SuppressSmallCounts(std::span<const AggregateCell> cells,
                                                             const SuppressionOptions& options) {
  if (options.min_distinct_tokens < 1) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "min_distinct_tokens must be at least 1",
                      {{"min_distinct_tokens", "must be >= 1"}});
  }
  std::vector<PublishedCell> published;
  published.reserve(cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const AggregateCell& cell = cells[i];
    if (cell.distinct_tokens < 0) {
      const std::string field = "cells[" + std::to_string(i) + "].distinct_tokens";
      return core::Fail(core::ErrorCode::kInvalidArgument, field + " must not be negative",
                        {{field, "negative"}});
    }
    const bool suppressed =
        cell.distinct_tokens > 0 && cell.distinct_tokens < options.min_distinct_tokens;
    if (!suppressed) {
      published.push_back(PublishedCell{cell.key, false, cell.distinct_tokens, cell.value});
    } else if (options.mode == SuppressionMode::kMark) {
      published.push_back(PublishedCell{cell.key, true, std::nullopt, std::nullopt});
    }
  }
  return published;
}

}  // namespace storeops::privacy
