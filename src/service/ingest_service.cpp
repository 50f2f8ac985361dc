// SPDX-License-Identifier: Apache-2.0
#include "storeops/service/ingest_service.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "storeops/privacy/tokens.hpp"

namespace storeops::service {
namespace {

const core::StoreId& StoreOf(const ingest::RawEvent& event) {
  return std::visit([](const auto& e) -> const core::StoreId& { return e.store_id; }, event);
}

// Zones matter for presence and camera counts: an unknown zone would be counted nowhere.
const core::ZoneId* ZoneOf(const ingest::RawEvent& event) {
  if (const auto* presence = std::get_if<ingest::RawPresence>(&event)) {
    return &presence->zone;
  }
  if (const auto* count = std::get_if<core::CameraCount>(&event)) {
    return &count->zone;
  }
  return nullptr;
}

}  // namespace

PresenceFilter TokenisingPresenceFilter(privacy::KeyRing& key_ring) {
  return [&key_ring](const ingest::RawPresence& raw) -> core::Result<core::Presence> {
    auto token = key_ring.Tokenise(raw.device_id, raw.ts);
    if (!token) {
      return core::Fail(token.error());
    }
    return core::Presence{raw.store_id, raw.ts, std::move(*token), raw.zone};
  };
}

IngestService::IngestService(storage::EventRepository& events, StoreCatalog& stores,
                             PresenceFilter presence, const core::Clock& clock)
    : events_(events), stores_(stores), presence_(std::move(presence)), clock_(clock) {}

ingest::DecodeOptions IngestService::DecodeOptionsNow() const {
  ingest::DecodeOptions options;
  options.now = clock_.Now();
  return options;
}

core::Result<IngestReply> IngestService::Ingest(std::string_view body, std::string_view source) {
  return IngestDecoded(ingest::DecodeEvents(body, DecodeOptionsNow()), source);
}

core::Result<PreparedBatch> PrepareIngestBatch(ingest::DecodedBatch decoded, StoreCatalog& stores,
                                               const PresenceFilter& presence, core::Timestamp now,
                                               std::string_view source) {
  PreparedBatch prepared;
  storage::EventBatch& batch = prepared.batch;
  batch.events.reserve(decoded.events.size());
  std::vector<ingest::Rejection>& rejected = prepared.rejected;
  rejected = std::move(decoded.rejected);
  // A body usually names one store; remember the answer rather than asking per event.
  std::map<core::StoreId, std::shared_ptr<const core::Store>> known_stores;
  for (auto& decoded_event : decoded.events) {
    const core::StoreId& store_id = StoreOf(decoded_event.event);
    auto [it, inserted] = known_stores.try_emplace(store_id, nullptr);
    if (inserted) {
      auto found = stores.GetStore(store_id);
      if (!found && found.error().code != core::ErrorCode::kNotFound) {
        return core::Fail(found.error());
      }
      if (found) {
        it->second = *found;
      }
    }
    if (!it->second) {
      rejected.push_back(
          {decoded_event.index,
           "store_id",
           fmt::format("unknown store '{}': PUT its definition first", store_id.value()),
           {}});
      continue;
    }
    if (const core::ZoneId* zone = ZoneOf(decoded_event.event);
        zone != nullptr && it->second->FindZone(*zone) == nullptr) {
      rejected.push_back(
          {decoded_event.index,
           "zone",
           fmt::format("store '{}' has no zone '{}'", store_id.value(), zone->value()),
           {}});
      continue;
    }
    if (auto* raw = std::get_if<ingest::RawPresence>(&decoded_event.event)) {
      auto anonymised = presence(*raw);
      if (!anonymised) {
        const auto& error = anonymised.error();
        rejected.push_back({decoded_event.index,
                            error.details.empty() ? "device_id" : error.details[0].field,
                            error.details.empty() ? error.message : error.details[0].reason,
                            {}});
        continue;
      }
      batch.events.emplace_back(std::move(*anonymised));
      continue;
    }
    std::visit(
        [&batch](auto&& event) {
          using T = std::decay_t<decltype(event)>;
          if constexpr (!std::is_same_v<T, ingest::RawPresence>) {
            batch.events.emplace_back(std::move(event));
          }
        },
        std::move(decoded_event.event));
  }

  batch.dead_letters.reserve(rejected.size());
  for (auto& rejection : rejected) {
    batch.dead_letters.push_back({0, now, std::string(source),
                                  static_cast<int64_t>(rejection.index), rejection.field,
                                  rejection.reason, std::move(rejection.payload)});
    rejection.payload.clear();
  }
  std::stable_sort(rejected.begin(), rejected.end(),
                   [](const auto& a, const auto& b) { return a.index < b.index; });
  return prepared;
}

core::Result<IngestReply> IngestService::IngestDecoded(ingest::DecodedBatch decoded,
                                                       std::string_view source) {
  auto prepared = PrepareIngestBatch(std::move(decoded), stores_, presence_, clock_.Now(), source);
  if (!prepared) {
    return core::Fail(prepared.error());
  }
  const storage::EventBatch& batch = prepared->batch;
  if (!batch.events.empty() || !batch.dead_letters.empty()) {
    if (auto stored = events_.Append(batch); !stored) {
      return core::Fail(stored.error());
    }
  }
  if (observer_ && !batch.events.empty()) {
    observer_(batch.events);
  }
  IngestReply reply;
  reply.accepted = static_cast<int64_t>(batch.events.size());
  reply.rejected = std::move(prepared->rejected);
  return reply;
}

core::Result<std::vector<storage::DeadLetter>> IngestService::ListDeadLetters(
    int64_t limit, std::optional<int64_t> before_id) {
  if (limit < 1 || limit > 1000) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("limit must be between 1 and 1000, got {}", limit),
                      {{"limit", "must be between 1 and 1000"}});
  }
  return events_.ListDeadLetters(limit, before_id);
}

}  // namespace storeops::service
