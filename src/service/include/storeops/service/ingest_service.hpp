// SPDX-License-Identifier: Apache-2.0
// The ingest use case (issue #3): decode a body of events, refuse what is bad (unknown store,
// malformed, identifiers the privacy filter cannot handle), anonymise presence, and store the
// accepted events and the dead letters together in one durable batch.
//
//   service::IngestService ingest(db->events(), catalog, presence_filter, clock);
//   auto reply = ingest.Ingest(body, "http");   // answers once the batch is durable
//   // reply->accepted, reply->rejected[i].index / .field / .reason
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "storeops/core/events.hpp"
#include "storeops/core/result.hpp"
#include "storeops/core/time.hpp"
#include "storeops/ingest/event_codec.hpp"
#include "storeops/service/store_catalog.hpp"
#include "storeops/storage/event_repository.hpp"

namespace storeops::privacy {
class KeyRing;
}  // namespace storeops::privacy

namespace storeops::service {

/// Turns a raw presence event into its anonymised form (privacy/): the device identifier becomes
/// the day's keyed token. An error's first detail names the offending field.
using PresenceFilter = std::function<core::Result<core::Presence>(const ingest::RawPresence&)>;

/// The production filter: the device identifier becomes the key ring's token for the event's UTC
/// day (privacy/tokens.hpp); errors name `device_id` or `ts` (that day's key was destroyed).
[[nodiscard]] PresenceFilter TokenisingPresenceFilter(privacy::KeyRing& key_ring);

struct IngestReply {
  int64_t accepted = 0;
  std::vector<ingest::Rejection>
      rejected;  ///< Payloads cleared: the caller sees index/field/reason.
};

/// What the in-memory stage of an ingest produced, ready for EventRepository::Append.
struct PreparedBatch {
  storage::EventBatch batch;  ///< Accepted events (presence anonymised) and the dead letters.
  std::vector<ingest::Rejection> rejected;  ///< By index; payloads moved into the dead letters.
};

/// The in-memory stage of IngestService::IngestDecoded, kept apart so that a benchmark measures
/// exactly what ingest does before storage: each event's store and zone are checked against
/// `stores`, presence goes through `presence` (the device identifier becomes the day's token and
/// only the zone is kept, RSSI is dropped), and every rejection becomes a dead letter stamped with
/// `now` and `source`. Fails only when a store cannot be looked up (not for kNotFound).
[[nodiscard]] core::Result<PreparedBatch> PrepareIngestBatch(ingest::DecodedBatch decoded,
                                                             StoreCatalog& stores,
                                                             const PresenceFilter& presence,
                                                             core::Timestamp now,
                                                             std::string_view source);

/// Thread-safe: concurrent calls share nothing but the repository (which groups their commits).
class IngestService {
 public:
  IngestService(storage::EventRepository& events, StoreCatalog& stores, PresenceFilter presence,
                const core::Clock& clock);

  /// Decodes and stores one body. Rejected events never fail the call; they are kept as dead
  /// letters tagged with `source` ("http", "mqtt", "import:file.csv"). kUnavailable when storage
  /// cannot be written: then nothing of the body was stored and the caller may retry it whole.
  [[nodiscard]] core::Result<IngestReply> Ingest(std::string_view body, std::string_view source);

  /// The same for events another codec decoded (CSV import): checked against the stores,
  /// anonymised and stored with their rejections exactly as Ingest does.
  [[nodiscard]] core::Result<IngestReply> IngestDecoded(ingest::DecodedBatch decoded,
                                                        std::string_view source);

  /// Decode options for "now" by this service's clock (the future-timestamp bound).
  [[nodiscard]] ingest::DecodeOptions DecodeOptionsNow() const;

  /// Dead letters newest first, `limit` 1..1000 (kInvalidArgument naming `limit` otherwise);
  /// `before_id` pages backwards.
  [[nodiscard]] core::Result<std::vector<storage::DeadLetter>> ListDeadLetters(
      int64_t limit, std::optional<int64_t> before_id);

  /// Called with the accepted (anonymised) events of each body once they are durable, on the
  /// ingesting thread (live/ uses it). Set before the first Ingest; must not block for long.
  using AcceptedObserver = std::function<void(std::span<const core::Event>)>;

  void SetObserver(AcceptedObserver observer) { observer_ = std::move(observer); }

 private:
  storage::EventRepository& events_;
  StoreCatalog& stores_;
  PresenceFilter presence_;
  const core::Clock& clock_;
  AcceptedObserver observer_;
};

}  // namespace storeops::service
