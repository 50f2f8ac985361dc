// SPDX-License-Identifier: Apache-2.0
// Publish/subscribe for the live stream: topics ("live", "events", later "alerts") optionally
// narrowed to one store. Each subscriber has a bounded queue; a subscriber whose queue is full is
// dropped (with the reason) instead of slowing the publisher, so ingest never waits for a client.
//
//   auto sub = bus.Subscribe(256, [&] { post_to_my_strand(); });
//   sub->Add(live::kTopicEvents, core::StoreId{"store_001"});
//   bus.Publish({std::string(live::kTopicEvents), store_id, payload});
//   while (auto message = sub->Pop()) { write(**message); }
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storeops/core/ids.hpp"

namespace storeops::live {

inline constexpr std::string_view kTopicLive = "live";
inline constexpr std::string_view kTopicEvents = "events";
inline constexpr std::string_view kTopicAlerts = "alerts";

/// True for the topics a client may subscribe to.
[[nodiscard]] bool IsKnownTopic(std::string_view topic);

struct Message {
  std::string topic;
  core::StoreId store_id;
  std::shared_ptr<const std::string> payload;  ///< Shared by every subscriber it reaches.
};

/// One consumer (e.g. a WebSocket client). Thread-safe.
class Subscriber {
 public:
  Subscriber(size_t capacity, std::function<void()> notify);

  /// Adds a subscription to `topic`, for one store or (empty id) for every store.
  void Add(std::string_view topic, const core::StoreId& store);
  /// Removes exactly that subscription; the all-stores one is separate from per-store ones.
  void Remove(std::string_view topic, const core::StoreId& store);
  [[nodiscard]] bool Wants(std::string_view topic, const core::StoreId& store) const;

  /// The oldest queued payload; empty when none. Once it returns empty, the next message (or the
  /// drop) calls `notify` again.
  [[nodiscard]] std::optional<std::shared_ptr<const std::string>> Pop();

  /// Set once the queue overflowed: nothing more is delivered and the queue is cleared.
  [[nodiscard]] bool dropped() const;
  [[nodiscard]] std::string drop_reason() const;

 private:
  friend class Bus;
  // Returns false when this message overflowed the queue (the subscriber is now dropped).
  bool Offer(const std::shared_ptr<const std::string>& payload);

  const size_t capacity_;
  const std::function<void()> notify_;
  mutable std::mutex mutex_;
  std::set<std::pair<std::string, std::string>> topics_;   // (topic, store id or "")
  std::vector<std::shared_ptr<const std::string>> queue_;  // ring would do; sizes are small
  size_t head_ = 0;
  bool notified_ = false;
  bool dropped_ = false;
  std::string drop_reason_;
};

/// Thread-safe. Publish never blocks on a subscriber: it only appends to bounded queues.
class Bus {
 public:
  /// `notify` is called (from the publishing thread, without locks held) when the queue becomes
  /// non-empty or the subscriber is dropped; it must not block (e.g. post to an executor).
  [[nodiscard]] std::shared_ptr<Subscriber> Subscribe(size_t capacity,
                                                      std::function<void()> notify);
  void Unsubscribe(const std::shared_ptr<Subscriber>& subscriber);

  /// Delivers to every subscriber that wants (topic, store). Returns how many it reached.
  size_t Publish(const Message& message);

  /// Whether any subscriber wants (topic, store), so publishers can skip rendering.
  [[nodiscard]] bool HasSubscribers(std::string_view topic, const core::StoreId& store) const;

  [[nodiscard]] size_t subscriber_count() const;
  /// Subscribers dropped for being slow since the bus was made.
  [[nodiscard]] uint64_t dropped_count() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<Subscriber>> subscribers_;
  uint64_t dropped_ = 0;
};

}  // namespace storeops::live
