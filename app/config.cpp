// SPDX-License-Identifier: Apache-2.0
#include "config.hpp"

#include <array>
#include <charconv>
#include <cstdlib>
#include <variant>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace storeops::app {
namespace {

using Member = std::variant<std::string Config::*, int64_t Config::*, bool Config::*>;

struct Setting {
  std::string_view toml_key;
  std::string_view env;
  std::string_view flag;
  std::string_view help;
  Member member;
  int64_t min = 0;
  int64_t max = 0;
};

constexpr int64_t kMaxInt = 1LL << 40;

const std::array<Setting, 17> kSettings{{
    {"server.listen", "STOREOPS_LISTEN", "--listen", "HOST:PORT to serve on (port 0: any free)",
     &Config::listen},
    {"storage.db", "STOREOPS_DB", "--db", "SQLite database file (created when missing)",
     &Config::db},
    {"server.io_threads", "STOREOPS_IO_THREADS", "--io-threads",
     "HTTP I/O threads (0: one per core)", &Config::io_threads, 0, 256},
    {"server.worker_threads", "STOREOPS_WORKER_THREADS", "--worker-threads",
     "threads for blocking work such as storage writes", &Config::worker_threads, 1, 256},
    {"server.max_body_bytes", "STOREOPS_MAX_BODY_BYTES", "--max-body-bytes",
     "largest request body accepted (larger: 413)", &Config::max_body_bytes, 1024, kMaxInt},
    {"server.request_timeout_seconds", "STOREOPS_REQUEST_TIMEOUT_SECONDS", "--request-timeout",
     "seconds to read a request or write a response", &Config::request_timeout_seconds, 1, 3600},
    {"server.shutdown_grace_seconds", "STOREOPS_SHUTDOWN_GRACE_SECONDS", "--shutdown-grace",
     "seconds in-flight requests get on SIGINT/SIGTERM", &Config::shutdown_grace_seconds, 0, 600},
    {"server.static_dir", "STOREOPS_STATIC_DIR", "--static-dir",
     "folder of dashboard files served at / (empty: none)", &Config::static_dir},
    {"log.access_log", "STOREOPS_ACCESS_LOG", "--access-log",
     "one JSON line per request on stdout (true/false)", &Config::access_log},
    {"log.level", "STOREOPS_LOG_LEVEL", "--log-level", "trace, debug, info, warn, error or off",
     &Config::log_level},
    {"privacy.min_distinct_tokens", "STOREOPS_PRIVACY_K", "--privacy-k",
     "k: published Wi-Fi counts from fewer distinct devices are suppressed", &Config::privacy_k, 1,
     1000},
    {"privacy.master_key_file", "STOREOPS_MASTER_KEY_FILE", "--master-key-file",
     "0600 file of the key that seals day keys, created when missing (empty: master.key beside "
     "the database; STOREOPS_MASTER_KEY overrides)",
     &Config::master_key_file},
    {"retention.raw_hours", "STOREOPS_RETENTION_RAW_HOURS", "--retention-raw-hours",
     "hours raw events and day keys are kept before roll-up and deletion",
     &Config::retention_raw_hours, 3, 24 * 366},
    {"retention.interval_minutes", "STOREOPS_RETENTION_INTERVAL_MINUTES", "--retention-interval",
     "minutes between retention runs in serve (0: never)", &Config::retention_interval_minutes, 0,
     1440},
    {"forecast.train_hour_utc", "STOREOPS_FORECAST_TRAIN_HOUR", "--forecast-train-hour",
     "UTC hour at which serve retrains every store's forecast each day (-1: never)",
     &Config::forecast_train_hour_utc, -1, 23},
    {"mqtt.url", "STOREOPS_MQTT_URL", "--mqtt",
     "MQTT broker (tcp://HOST:PORT) to ingest storeops/<store>/<type> messages from (empty: "
     "none)",
     &Config::mqtt_url},
    {"mqtt.client_id", "STOREOPS_MQTT_CLIENT_ID", "--mqtt-client-id",
     "fixed MQTT client id of the persistent session (one per storeops instance)",
     &Config::mqtt_client_id},
}};

core::Status BadValue(std::string_view source, std::string_view why) {
  return core::Fail(core::ErrorCode::kInvalidArgument,
                    fmt::format("configuration: {} {}", source, why),
                    {{std::string(source), std::string(why)}});
}

core::Status CheckLogLevel(const Config& config, std::string_view source) {
  for (std::string_view level : {"trace", "debug", "info", "warn", "error", "off"}) {
    if (config.log_level == level) {
      return core::Ok();
    }
  }
  return BadValue(source, "must be one of trace, debug, info, warn, error, off");
}

// Applies one textual value (environment or flag) to the setting's member.
core::Status ApplyText(const Setting& setting, Config& config, const std::string& text,
                       std::string_view source) {
  if (auto* str = std::get_if<std::string Config::*>(&setting.member)) {
    config.*(*str) = text;
    return core::Ok();
  }
  if (auto* flag = std::get_if<bool Config::*>(&setting.member)) {
    if (text == "true" || text == "1" || text == "yes" || text == "on") {
      config.*(*flag) = true;
    } else if (text == "false" || text == "0" || text == "no" || text == "off") {
      config.*(*flag) = false;
    } else {
      return BadValue(source, fmt::format("must be true or false, got '{}'", text));
    }
    return core::Ok();
  }
  auto* number = std::get_if<int64_t Config::*>(&setting.member);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return BadValue(source, fmt::format("must be a whole number, got '{}'", text));
  }
  if (value < setting.min || value > setting.max) {
    return BadValue(
        source, fmt::format("must be between {} and {}, got {}", setting.min, setting.max, value));
  }
  config.*(*number) = value;
  return core::Ok();
}

core::Status ApplyToml(const Setting& setting, Config& config, const toml::table& table,
                       const std::string& file) {
  const toml::node_view<const toml::node> node = table.at_path(setting.toml_key);
  if (!node) {
    return core::Ok();
  }
  const std::string source = fmt::format("{} key '{}'", file, setting.toml_key);
  if (auto* str = std::get_if<std::string Config::*>(&setting.member)) {
    if (!node.is_string()) {
      return BadValue(source, "must be a string");
    }
    config.*(*str) = *node.value<std::string>();
  } else if (auto* flag = std::get_if<bool Config::*>(&setting.member)) {
    if (!node.is_boolean()) {
      return BadValue(source, "must be true or false");
    }
    config.*(*flag) = *node.value<bool>();
  } else {
    if (!node.is_integer()) {
      return BadValue(source, "must be a whole number");
    }
    return ApplyText(setting, config, std::to_string(*node.value<int64_t>()), source);
  }
  return core::Ok();
}

// Unknown keys are refused so that a typo ("listn") is not silently ignored.
core::Status CheckKnownKeys(const toml::table& table, const std::string& file,
                            const std::string& prefix = "") {
  for (const auto& [key, node] : table) {
    const std::string path =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const auto* child = node.as_table()) {
      if (auto status = CheckKnownKeys(*child, file, path); !status) {
        return status;
      }
      continue;
    }
    bool known = false;
    for (const auto& setting : kSettings) {
      known = known || setting.toml_key == path;
    }
    if (!known) {
      return BadValue(fmt::format("{} key '{}'", file, path), "is not a known setting");
    }
  }
  return core::Ok();
}

}  // namespace

void ConfigFlags::AddTo(CLI::App& command) {
  command.add_option("--config", config_file_,
                     "TOML configuration file (also STOREOPS_CONFIG); flags override it");
  values_.assign(kSettings.size(), "");
  options_.clear();
  for (size_t i = 0; i < kSettings.size(); ++i) {
    const Setting& setting = kSettings[i];
    options_.push_back(command.add_option(
        std::string(setting.flag), values_[i],
        fmt::format("{} [env {}, toml {}]", setting.help, setting.env, setting.toml_key)));
  }
}

core::Result<Config> ConfigFlags::Resolve(Config config) const {
  std::string file = config_file_;
  if (file.empty()) {
    if (const char* env = std::getenv("STOREOPS_CONFIG"); env != nullptr) {
      file = env;
    }
  }
  if (!file.empty()) {
    // Debian's toml++ is built with exceptions: a parse error arrives as toml::parse_error.
    toml::table table;
    try {
      table = toml::parse_file(file);
    } catch (const toml::parse_error& error) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        fmt::format("configuration file {}: line {}: {}", file,
                                    error.source().begin.line, error.description()),
                        {{file, std::string(error.description())}});
    }
    if (auto known = CheckKnownKeys(table, file); !known) {
      return core::Fail(known.error());
    }
    for (const auto& setting : kSettings) {
      if (auto applied = ApplyToml(setting, config, table, file); !applied) {
        return core::Fail(applied.error());
      }
    }
  }
  for (const auto& setting : kSettings) {
    if (const char* env = std::getenv(std::string(setting.env).c_str()); env != nullptr) {
      if (auto applied = ApplyText(setting, config, env, setting.env); !applied) {
        return core::Fail(applied.error());
      }
    }
  }
  for (size_t i = 0; i < options_.size(); ++i) {
    if (options_[i]->count() > 0) {
      if (auto applied = ApplyText(kSettings[i], config, values_[i], kSettings[i].flag); !applied) {
        return core::Fail(applied.error());
      }
    }
  }
  if (auto level = CheckLogLevel(config, "log.level"); !level) {
    return core::Fail(level.error());
  }
  if (auto listen = ParseListenAddress(config.listen, "server.listen"); !listen) {
    return core::Fail(listen.error());
  }
  return config;
}

core::Result<ListenAddress> ParseListenAddress(const std::string& text, const std::string& field) {
  const size_t colon = text.rfind(':');
  auto bad = [&](std::string_view why) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("configuration: {} '{}' {}", field, text, why),
                      {{field, std::string(why)}});
  };
  if (colon == std::string::npos || colon == 0) {
    return bad("must be HOST:PORT, e.g. 127.0.0.1:8080");
  }
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "localhost") {
    host = "127.0.0.1";
  }
  unsigned port = 0;
  const char* begin = text.data() + colon + 1;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(begin, end, port);
  if (ec != std::errc() || ptr != end || begin == end || port > 65535) {
    return bad("has no valid port (0-65535)");
  }
  return ListenAddress{host, static_cast<uint16_t>(port)};
}

std::string DefaultConfigToml() {
  const Config defaults;
  std::string out =
      "# StoreOps configuration. Every key can also be set by its environment variable or\n"
      "# command-line flag; precedence: flag > environment > this file > default.\n";
  std::string section;
  for (const auto& setting : kSettings) {
    const std::string_view key = setting.toml_key;
    const size_t dot = key.find('.');
    const std::string table(key.substr(0, dot));
    if (table != section) {
      out += fmt::format("\n[{}]\n", table);
      section = table;
    }
    std::string value;
    if (auto* str = std::get_if<std::string Config::*>(&setting.member)) {
      value = fmt::format("\"{}\"", defaults.*(*str));
    } else if (auto* flag = std::get_if<bool Config::*>(&setting.member)) {
      value = defaults.*(*flag) ? "true" : "false";
    } else {
      value = std::to_string(defaults.*(*std::get_if<int64_t Config::*>(&setting.member)));
    }
    out += fmt::format("# {} (env {}, flag {})\n{} = {}\n", setting.help, setting.env, setting.flag,
                       key.substr(dot + 1), value);
  }
  return out;
}

}  // namespace storeops::app
