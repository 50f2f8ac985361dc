// SPDX-License-Identifier: Apache-2.0
// MQTT connector: subscribes to `storeops/<store>/<type>` on a broker and hands each message's
// topic store, topic type and payload bytes to a callback. It owns the paho client, connects in
// the background and reconnects with backoff, so a broker that is down (at start or later) never
// blocks or stops its owner. What to do with a message (decode, store) is the callback's business:
// app/ wires it to service::IngestService.
//
//   ingest::MqttConnector mqtt({.url = "tcp://127.0.0.1:1883"},
//                              [&](const ingest::MqttMessage& m) { /* m.store_id, m.payload */ },
//                              [](ingest::MqttState s, std::string_view why) { /* log */ });
//   mqtt.Start();   // returns at once
//   ...
//   mqtt.Stop();    // no callback runs after this returns
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "storeops/core/result.hpp"

namespace storeops::ingest {

struct MqttOptions {
  std::string url;                     ///< "tcp://HOST:PORT".
  std::string client_id = "storeops";  ///< Fixed: the broker keeps its session across restarts.
  std::string topic_filter = "storeops/+/+";
  std::chrono::milliseconds min_backoff{250};  ///< First wait after a failed connect; doubles.
  std::chrono::milliseconds max_backoff{10'000};
  std::chrono::seconds keep_alive{20};
};

/// One message as received. The views live only for the duration of the callback.
struct MqttMessage {
  std::string_view topic;
  std::string_view store_id;  ///< The topic's second level.
  std::string_view type;      ///< The topic's third level ("presence", "pos.transaction", ...).
  std::string_view payload;   ///< Bytes as published: one event, an array or NDJSON.
};

/// The parts of `storeops/<store>/<type>`; nullopt for any other shape (then the message is
/// dropped by the connector, since the subscription filter makes that impossible in practice).
struct MqttTopic {
  std::string_view store_id;
  std::string_view type;
};

[[nodiscard]] std::optional<MqttTopic> ParseMqttTopic(std::string_view topic);

enum class MqttState {
  kConnected,     ///< Connected and subscribed (QoS 1, persistent session).
  kDisconnected,  ///< A connect failed or the connection was lost; retrying with backoff.
  kStopped,       ///< Stop() finished.
};

/// Called on every message, on the connector's network thread, one message at a time. The broker
/// is not read while it runs, so a slow callback slows delivery instead of queueing messages in
/// memory.
using MqttHandler = std::function<void(const MqttMessage&)>;

/// Called once per change of state (not once per retry), with the reason for a disconnect.
using MqttStateObserver = std::function<void(MqttState, std::string_view detail)>;

/// Thread-safe Start/Stop; not copyable. Delivery is at least once into the callback while the
/// process lives, and at most once across a crash of the process (docs/EVENTS.md explains why).
class MqttConnector {
 public:
  MqttConnector(MqttOptions options, MqttHandler handler, MqttStateObserver observer);
  ~MqttConnector();  ///< Stops.
  MqttConnector(const MqttConnector&) = delete;
  MqttConnector& operator=(const MqttConnector&) = delete;

  /// Checks the options and starts connecting in the background; returns at once.
  /// kInvalidArgument naming `mqtt.url` when the URL is not tcp://HOST:PORT, `mqtt.client_id`
  /// when the client id is empty. kFailedPrecondition when already started.
  [[nodiscard]] core::Status Start();

  /// Disconnects and joins the background thread; no callback runs once it returns. Idempotent.
  void Stop();

  [[nodiscard]] bool connected() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storeops::ingest
