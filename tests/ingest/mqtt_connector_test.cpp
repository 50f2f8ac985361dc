// SPDX-License-Identifier: Apache-2.0
// The MQTT connector's parts that need no broker: topic parsing, the topic constraints of the
// codec, option checks, and that a broker which is not there neither blocks Start nor Stop.
// tests/integration/mqtt_ingest_test.cpp runs it against a real mosquitto.
#include "storeops/ingest/mqtt_connector.hpp"

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "storeops/ingest/event_codec.hpp"

namespace storeops::ingest {
namespace {

using namespace std::chrono_literals;

TEST(ParseMqttTopic, SplitsStoreAndType) {
  auto topic = ParseMqttTopic("storeops/store_001/pos.transaction");
  ASSERT_TRUE(topic.has_value());
  EXPECT_EQ(topic->store_id, "store_001");
  EXPECT_EQ(topic->type, "pos.transaction");
  auto empty_store = ParseMqttTopic("storeops//presence");
  ASSERT_TRUE(empty_store.has_value());
  EXPECT_EQ(empty_store->store_id, "");
}

TEST(ParseMqttTopic, RefusesOtherShapes) {
  for (const char* topic : {"storeops/store_001", "storeops/a/b/c", "other/store_001/presence",
                            "storeops", "", "Storeops/a/b"}) {
    EXPECT_FALSE(ParseMqttTopic(topic).has_value()) << topic;
  }
}

DecodeOptions TopicOptions(std::string_view store, std::string_view type) {
  DecodeOptions options;
  options.now = *core::ParseRfc3339("2026-11-23T15:00:00Z");
  options.expected_store_id = store;
  options.expected_type = type;
  return options;
}

constexpr std::string_view kCamera =
    R"({"type":"camera.count","store_id":"store_001","ts":"2026-11-23T14:06:00Z","camera":"c1","zone":"entrance","people":4,"queue":0,"in":1,"out":0})";
constexpr std::string_view kPresence =
    R"({"type":"presence","store_id":"store_001","ts":"2026-11-23T14:05:00Z","device_id":"aa:bb:cc:dd:ee:ff","zone":"produce","rssi":-61})";

TEST(DecodeEventsForTopic, AcceptsEventsThatMatchTheTopic) {
  auto batch = DecodeEvents(kCamera, TopicOptions("store_001", "camera.count"));
  EXPECT_TRUE(batch.rejected.empty());
  EXPECT_EQ(batch.events.size(), 1U);
}

TEST(DecodeEventsForTopic, AStoreMismatchIsARejectionNamingStoreId) {
  auto batch = DecodeEvents(kCamera, TopicOptions("store_002", "camera.count"));
  ASSERT_EQ(batch.rejected.size(), 1U);
  EXPECT_EQ(batch.rejected[0].field, "store_id");
  EXPECT_NE(batch.rejected[0].reason.find("store_002"), std::string::npos);
  EXPECT_TRUE(batch.events.empty());
}

TEST(DecodeEventsForTopic, ATypeMismatchIsARejectionWithARedactedPayload) {
  const std::string body = std::string(kCamera) + "\n" + std::string(kPresence) + "\n";
  auto batch = DecodeEvents(body, TopicOptions("store_001", "camera.count"));
  ASSERT_EQ(batch.events.size(), 1U);
  ASSERT_EQ(batch.rejected.size(), 1U);
  EXPECT_EQ(batch.rejected[0].index, 1U);
  EXPECT_EQ(batch.rejected[0].field, "type");
  EXPECT_EQ(batch.rejected[0].payload.find("aa:bb:cc:dd:ee:ff"), std::string::npos)
      << batch.rejected[0].payload;
  EXPECT_NE(batch.rejected[0].payload.find("[redacted]"), std::string::npos);
}

TEST(MqttConnector, RefusesABadUrlOrClientId) {
  for (const char* url :
       {"", "127.0.0.1:1883", "tcp://127.0.0.1", "ssl://127.0.0.1:8883", "tcp://127.0.0.1:port"}) {
    MqttConnector connector({.url = url}, [](const MqttMessage&) {}, {});
    auto started = connector.Start();
    ASSERT_FALSE(started.has_value()) << url;
    EXPECT_EQ(started.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(started.error().details.at(0).field, "mqtt.url");
  }
  MqttConnector connector({.url = "tcp://127.0.0.1:1883", .client_id = ""},
                          [](const MqttMessage&) {}, {});
  auto started = connector.Start();
  ASSERT_FALSE(started.has_value());
  EXPECT_EQ(started.error().details.at(0).field, "mqtt.client_id");
}

// A port nobody listens on: bound then closed again.
uint16_t ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

TEST(MqttConnector, ABrokerThatIsDownNeitherBlocksNorRepeatsItself) {
  std::mutex mutex;
  std::vector<MqttState> states;
  MqttOptions options;
  options.url = "tcp://127.0.0.1:" + std::to_string(ClosedPort());
  options.min_backoff = 20ms;
  options.max_backoff = 40ms;
  MqttConnector connector(
      options, [](const MqttMessage&) {},
      [&](MqttState state, std::string_view) {
        std::lock_guard lock(mutex);
        states.push_back(state);
      });
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(connector.Start().has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_FALSE(connector.Start().has_value());  // already running
  std::this_thread::sleep_for(500ms);           // many retries at 20-40 ms
  EXPECT_FALSE(connector.connected());
  connector.Stop();
  connector.Stop();  // idempotent
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  std::lock_guard lock(mutex);
  EXPECT_EQ(states, (std::vector<MqttState>{MqttState::kDisconnected, MqttState::kStopped}));
}

}  // namespace
}  // namespace storeops::ingest
