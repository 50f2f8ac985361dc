// SPDX-License-Identifier: Apache-2.0
#include "mqtt_ingest.hpp"

#include <chrono>
#include <thread>

#include <spdlog/spdlog.h>

namespace storeops::app {
namespace {

// paho has acknowledged the message before we see it, so a failed write is retried here (the
// broker is not read meanwhile) rather than dropped at the first hiccup.
constexpr int kStoreAttempts = 5;
constexpr auto kFirstRetryDelay = std::chrono::milliseconds(100);

void IngestMessage(service::IngestService& ingest, const ingest::MqttMessage& message) {
  auto delay = kFirstRetryDelay;
  for (int attempt = 1;; ++attempt) {
    ingest::DecodeOptions options = ingest.DecodeOptionsNow();
    options.expected_store_id = message.store_id;
    options.expected_type = message.type;
    auto reply = ingest.IngestDecoded(ingest::DecodeEvents(message.payload, options), "mqtt");
    if (reply) {
      if (!reply->rejected.empty()) {
        spdlog::debug("mqtt: {} accepted {}, rejected {} (see /api/v1/dead-letter)", message.topic,
                      reply->accepted, reply->rejected.size());
      }
      return;
    }
    if (attempt == kStoreAttempts) {
      spdlog::error("mqtt: dropped a message on {} after {} attempts to store it: {}",
                    message.topic, attempt, reply.error().message);
      return;
    }
    std::this_thread::sleep_for(delay);
    delay *= 2;
  }
}

}  // namespace

core::Result<std::unique_ptr<ingest::MqttConnector>> StartMqttIngest(
    const Config& config, service::IngestService& ingest) {
  if (config.mqtt_url.empty()) {
    return std::unique_ptr<ingest::MqttConnector>();
  }
  ingest::MqttOptions options;
  options.url = config.mqtt_url;
  options.client_id = config.mqtt_client_id;
  auto connector = std::make_unique<ingest::MqttConnector>(
      options, [&ingest](const ingest::MqttMessage& message) { IngestMessage(ingest, message); },
      [](ingest::MqttState state, std::string_view detail) {
        switch (state) {
          case ingest::MqttState::kConnected:
            spdlog::info("mqtt: connected to {}, subscribed to storeops/+/+ (QoS 1)", detail);
            break;
          case ingest::MqttState::kDisconnected:
            spdlog::warn("mqtt: {}", detail);
            break;
          case ingest::MqttState::kStopped:
            spdlog::info("mqtt: stopped");
            break;
        }
      });
  if (auto started = connector->Start(); !started) {
    return core::Fail(started.error());
  }
  return connector;
}

}  // namespace storeops::app
