// SPDX-License-Identifier: Apache-2.0
// paho's C++ async client, kept behind a pimpl so its headers stay out of every other target.
// One supervisor thread owns (re)connecting: paho's automatic reconnect only covers a connection
// that was once up, and serve must also start while the broker is down. Messages are handled on
// paho's receive thread itself (no queue of our own): the client does not read the socket while
// the callback runs, so a slow store back-pressures the broker instead of growing memory, and at
// most the message in hand is at risk on a crash (paho acknowledges QoS 1 before delivery).
#include "storeops/ingest/mqtt_connector.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

#include <fmt/format.h>
#include <mqtt/async_client.h>

namespace storeops::ingest {
namespace {

constexpr auto kOperationTimeout = std::chrono::seconds(10);
constexpr std::string_view kTopicPrefix = "storeops/";

core::Status CheckUrl(const std::string& url) {
  constexpr std::string_view kScheme = "tcp://";
  bool ok = url.starts_with(kScheme);
  if (ok) {
    const std::string_view rest = std::string_view(url).substr(kScheme.size());
    const size_t colon = rest.rfind(':');
    ok = colon != std::string_view::npos && colon > 0 && colon + 1 < rest.size() &&
         rest.find_first_not_of("0123456789", colon + 1) == std::string_view::npos;
  }
  if (!ok) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("mqtt.url '{}' must be tcp://HOST:PORT", url),
                      {{"mqtt.url", "must be tcp://HOST:PORT"}});
  }
  return core::Ok();
}

}  // namespace

std::optional<MqttTopic> ParseMqttTopic(std::string_view topic) {
  if (!topic.starts_with(kTopicPrefix)) {
    return std::nullopt;
  }
  const std::string_view rest = topic.substr(kTopicPrefix.size());
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos || rest.find('/', slash + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  return MqttTopic{rest.substr(0, slash), rest.substr(slash + 1)};
}

struct MqttConnector::Impl {
  MqttOptions options;
  MqttHandler handler;
  MqttStateObserver observer;
  std::unique_ptr<mqtt::async_client> client;
  std::thread supervisor;

  std::mutex mutex;  // guards the fields below and wakes the supervisor
  std::condition_variable wake;
  bool started = false;
  bool stop_requested = false;
  bool lost = false;  // set by paho's connection-lost handler
  std::atomic<bool> connected{false};

  std::mutex callback_mutex;  // held while a message or state callback runs
  bool stopped = false;       // under callback_mutex: no callback runs once set
  std::optional<MqttState> reported;

  void Report(MqttState state, std::string_view detail) {
    std::lock_guard lock(callback_mutex);
    if (stopped || reported == state) {
      return;
    }
    reported = state;
    if (observer) {
      observer(state, detail);
    }
  }

  void OnMessage(const mqtt::const_message_ptr& message) {
    const std::string& topic = message->get_topic();
    const auto parts = ParseMqttTopic(topic);
    if (!parts) {
      return;  // outside storeops/+/+: the subscription filter does not deliver these
    }
    const auto& payload = message->get_payload_ref();
    std::lock_guard lock(callback_mutex);
    if (stopped) {
      return;
    }
    handler(MqttMessage{topic, parts->store_id, parts->type,
                        std::string_view(payload.data(), payload.size())});
  }

  void OnConnectionLost(const std::string& cause) {
    connected = false;
    {
      std::lock_guard lock(mutex);
      lost = true;
    }
    wake.notify_all();
    Report(MqttState::kDisconnected,
           cause.empty() ? std::string("connection lost") : "connection lost: " + cause);
  }

  // Connects and subscribes; false with `error` set when either fails.
  bool TryConnect(std::string& error) {
    try {
      if (client->is_connected()) {
        client->disconnect()->wait_for(kOperationTimeout);
      }
      mqtt::connect_options connect;
      connect.set_clean_session(false);  // the broker keeps our subscription and QoS 1 backlog
      connect.set_keep_alive_interval(options.keep_alive);
      connect.set_connect_timeout(std::chrono::seconds(5));
      connect.set_automatic_reconnect(false);
      if (!client->connect(connect)->wait_for(kOperationTimeout)) {
        error = "connect timed out";
        return false;
      }
      if (!client->subscribe(options.topic_filter, 1)->wait_for(kOperationTimeout)) {
        error = "subscribe timed out";
        return false;
      }
      return true;
    } catch (const mqtt::exception& e) {
      error = e.what();
    } catch (const std::exception& e) {
      error = e.what();
    }
    return false;
  }

  void Run() {
    auto backoff = options.min_backoff;
    std::unique_lock lock(mutex);
    while (!stop_requested) {
      if (!connected) {
        lost = false;
        lock.unlock();
        std::string error;
        const bool ok = TryConnect(error);
        lock.lock();
        if (ok && !lost) {
          connected = true;
          backoff = options.min_backoff;
          lock.unlock();
          Report(MqttState::kConnected, options.url);
          lock.lock();
          continue;
        }
        lock.unlock();
        Report(
            MqttState::kDisconnected,
            fmt::format("cannot connect to {}: {}; retrying with backoff up to {} ms", options.url,
                        error.empty() ? "connection lost" : error, options.max_backoff.count()));
        lock.lock();
        wake.wait_for(lock, backoff, [this] { return stop_requested; });
        backoff = std::min(backoff * 2, options.max_backoff);
        continue;
      }
      // Connected: sleep until lost or stopped; the periodic check covers a loss paho missed.
      wake.wait_for(lock, std::chrono::seconds(1), [this] { return stop_requested || lost; });
      if (lost || !client->is_connected()) {
        connected = false;
      }
    }
  }
};

MqttConnector::MqttConnector(MqttOptions options, MqttHandler handler, MqttStateObserver observer)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
  impl_->observer = std::move(observer);
}

MqttConnector::~MqttConnector() { Stop(); }

core::Status MqttConnector::Start() {
  Impl& impl = *impl_;
  if (auto url = CheckUrl(impl.options.url); !url) {
    return url;
  }
  if (impl.options.client_id.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "mqtt.client_id must not be empty",
                      {{"mqtt.client_id", "must not be empty"}});
  }
  std::lock_guard lock(impl.mutex);
  if (impl.started) {
    return core::Fail(core::ErrorCode::kFailedPrecondition, "the MQTT connector is running");
  }
  try {
    // No client-side persistence: we only receive, and inbound QoS 1 needs none.
    impl.client =
        std::make_unique<mqtt::async_client>(impl.options.url, impl.options.client_id, nullptr);
  } catch (const mqtt::exception& e) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("mqtt.url '{}': {}", impl.options.url, e.what()),
                      {{"mqtt.url", e.what()}});
  }
  impl.client->set_message_callback(
      [&impl](mqtt::const_message_ptr message) { impl.OnMessage(message); });
  impl.client->set_connection_lost_handler(
      [&impl](const std::string& cause) { impl.OnConnectionLost(cause); });
  impl.started = true;
  impl.supervisor = std::thread([&impl] { impl.Run(); });
  return core::Ok();
}

void MqttConnector::Stop() {
  Impl& impl = *impl_;
  {
    std::lock_guard lock(impl.mutex);
    if (!impl.started || impl.stop_requested) {
      return;
    }
    impl.stop_requested = true;
  }
  impl.wake.notify_all();
  impl.supervisor.join();
  // Disconnect first, while callbacks still run: a message paho has acknowledged is handled.
  try {
    if (impl.client->is_connected()) {
      impl.client->disconnect()->wait_for(kOperationTimeout);
    }
  } catch (const std::exception&) {
    // Best effort: the process is going away and the broker drops the connection anyway.
  }
  impl.connected = false;
  impl.Report(MqttState::kStopped, "");
  std::lock_guard lock(impl.callback_mutex);
  impl.stopped = true;
}

bool MqttConnector::connected() const { return impl_->connected; }

}  // namespace storeops::ingest
