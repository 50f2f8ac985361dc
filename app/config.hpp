// SPDX-License-Identifier: Apache-2.0
// Settings of `storeops serve` and `storeops demo`. Each setting has one row in the table in
// config.cpp that names its TOML key, environment variable and command-line flag, so the three
// sources cannot drift apart. Precedence: flag > environment > config file > default.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "storeops/core/result.hpp"

namespace storeops::app {

struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string db = "./var/storeops.db";
  int64_t io_threads = 0;
  int64_t worker_threads = 2;
  int64_t max_body_bytes = 16 * 1024 * 1024;
  int64_t request_timeout_seconds = 30;
  int64_t shutdown_grace_seconds = 10;
  std::string static_dir = "web/dist";
  bool access_log = true;
  std::string log_level = "info";
  int64_t privacy_k = 5;  ///< Small-count suppression of live Wi-Fi counts (src/live).
  /// Master key file for the sealed day keys; empty: "master.key" in the database's folder.
  /// STOREOPS_MASTER_KEY (the key itself, 64 hex digits) takes precedence over any file.
  std::string master_key_file;
  int64_t retention_raw_hours = 48;
  int64_t retention_interval_minutes = 10;
  /// `serve` retrains every store's forecast daily at this UTC hour; -1: never.
  int64_t forecast_train_hour_utc = 3;
  /// `serve` subscribes to storeops/+/+ on this broker (tcp://HOST:PORT); empty: no MQTT.
  std::string mqtt_url;
  /// The fixed MQTT client id: the broker keeps this session's QoS 1 backlog while we are away.
  std::string mqtt_client_id = "storeops";
};

/// The command-line values of one subcommand, filled by CLI11 before Resolve() runs.
class ConfigFlags {
 public:
  /// Adds --config and one flag per setting to `command`.
  void AddTo(CLI::App& command);

  /// Defaults, then the TOML file (--config or STOREOPS_CONFIG), then STOREOPS_* variables, then
  /// flags. kInvalidArgument naming the key, variable or flag when a value is wrong.
  [[nodiscard]] core::Result<Config> Resolve(Config defaults) const;

 private:
  std::string config_file_;
  std::vector<std::string> values_;    // one per setting, in table order
  std::vector<CLI::Option*> options_;  // parallel to values_; count() > 0 when given
};

/// Splits "HOST:PORT" ("127.0.0.1:8080", "[::1]:0"). kInvalidArgument naming `field`.
struct ListenAddress {
  std::string host;
  uint16_t port = 0;
};

[[nodiscard]] core::Result<ListenAddress> ParseListenAddress(const std::string& text,
                                                             const std::string& field);

/// A documented TOML file with every setting at its default (`storeops config print`).
[[nodiscard]] std::string DefaultConfigToml();

}  // namespace storeops::app
