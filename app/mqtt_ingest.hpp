// SPDX-License-Identifier: Apache-2.0
// `serve --mqtt`: the MQTT connector (ingest/) wired to the ingest use case (service/), the same
// path as POST /api/v1/events with source "mqtt".
#pragma once

#include <memory>

#include "storeops/core/result.hpp"
#include "storeops/ingest/mqtt_connector.hpp"
#include "storeops/service/ingest_service.hpp"

#include "config.hpp"

namespace storeops::app {

/// Starts the connector when `config.mqtt_url` is set (nullptr when it is empty). Each message is
/// decoded with its topic's store and type as constraints and ingested before the next one is
/// read. kInvalidArgument naming `mqtt.url` or `mqtt.client_id` for a bad setting; a broker that
/// is down is not an error (the connector retries and logs once per state change). Stop the
/// connector (or destroy it) before `ingest` goes away.
[[nodiscard]] core::Result<std::unique_ptr<ingest::MqttConnector>> StartMqttIngest(
    const Config& config, service::IngestService& ingest);

}  // namespace storeops::app
