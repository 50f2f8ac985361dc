// SPDX-License-Identifier: Apache-2.0
// Raw events and the dead-letter table (issue #3). Raw events live for the retention window
// (48 h by default) and are then rolled up into hourly aggregates and deleted; dead letters keep
// rejected input, already redacted, with the reason it was refused.
//
//   storage::EventBatch batch{.events = accepted, .dead_letters = rejected};
//   core::Status durable = db->events().Append(batch);   // one transaction, returns once durable
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storeops/core/events.hpp"
#include "storeops/core/ids.hpp"
#include "storeops/core/result.hpp"
#include "storeops/core/time.hpp"

namespace storeops::storage {

/// A rejected event as kept for people to inspect: never carries an identifier (the ingest codec
/// redacts the payload before it gets here).
struct DeadLetter {
  int64_t id = 0;  ///< Assigned by storage; ignored on Append.
  core::Timestamp received_at;
  std::string source;  ///< "http", "mqtt", "import:<file name>".
  int64_t index = 0;   ///< Position of the event in its body or file.
  std::string field;
  std::string reason;
  std::string payload;

  friend bool operator==(const DeadLetter&, const DeadLetter&) = default;
};

/// What one ingest call stores: accepted events (already anonymised) and its dead letters.
struct EventBatch {
  std::vector<core::Event> events;
  std::vector<DeadLetter> dead_letters;
};

/// Counts of raw events per type, for tests, metrics and the retention job's report.
struct EventCounts {
  int64_t pos_transactions = 0;
  int64_t presence = 0;
  int64_t camera_counts = 0;
  int64_t inventory_snapshots = 0;
  int64_t weather = 0;
  int64_t staff_clock = 0;

  [[nodiscard]] int64_t total() const {
    return pos_transactions + presence + camera_counts + inventory_snapshots + weather +
           staff_clock;
  }

  friend bool operator==(const EventCounts&, const EventCounts&) = default;
};

/// What one DeleteEventsBefore call removed.
struct DeletedRows {
  int64_t events = 0;  ///< Raw events (a basket's lines go with it, uncounted).
  int64_t dead_letters = 0;

  [[nodiscard]] int64_t total() const { return events + dead_letters; }

  friend bool operator==(const DeletedRows&, const DeletedRows&) = default;
};

/// The time span of one store's raw events.
struct StoreEventSpan {
  core::StoreId store_id;
  core::Timestamp oldest;
  core::Timestamp newest;

  friend bool operator==(const StoreEventSpan&, const StoreEventSpan&) = default;
};

/// Thread-safe.
class EventRepository {
 public:
  virtual ~EventRepository() = default;

  /// Stores the whole batch in one transaction and returns only once it is durable. Many callers'
  /// batches may share a transaction (group commit). kUnavailable when storage cannot be written.
  [[nodiscard]] virtual core::Status Append(const EventBatch& batch) = 0;

  /// Every raw event of a store with `from <= ts < to`, oldest first (ties in arrival order).
  [[nodiscard]] virtual core::Result<std::vector<core::Event>> LoadEvents(
      const core::StoreId& store, core::Timestamp from, core::Timestamp to) = 0;

  [[nodiscard]] virtual core::Result<EventCounts> CountEvents() = 0;

  /// Newest first; `before_id` pages backwards. At most `limit` (1..1000) rows.
  [[nodiscard]] virtual core::Result<std::vector<DeadLetter>> ListDeadLetters(
      int64_t limit, std::optional<int64_t> before_id) = 0;

  /// For every store that has raw events, the oldest and newest event time; ordered by store.
  [[nodiscard]] virtual core::Result<std::vector<StoreEventSpan>> EventSpans() = 0;

  /// Deletes, oldest first, at most `max_rows` raw events with ts < cutoff and at most `max_rows`
  /// dead letters received before it, in one short transaction (the retention job runs this after
  /// rolling them up, in chunks, so the writer is never held long). Call again until it returns
  /// zero rows. kInvalidArgument (field "max_rows") when max_rows < 1.
  [[nodiscard]] virtual core::Result<DeletedRows> DeleteEventsBefore(core::Timestamp cutoff,
                                                                     int64_t max_rows) = 0;
};

}  // namespace storeops::storage
