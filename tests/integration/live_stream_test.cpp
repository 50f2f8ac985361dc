// SPDX-License-Identifier: Apache-2.0
// The live state and the WebSocket stream of the real server: events reach a subscriber within
// 100 ms of ingest, GET live follows its contract, bad messages are answered, and a slow client is
// dropped (with a close reason) while ingest and other clients carry on.
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storeops/core/time.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/http_client.hpp"
#include "storeops/testing/temp_dir.hpp"
#include "storeops/testing/websocket_client.hpp"

#include "server_process.hpp"

namespace storeops::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

std::string NowText() {
  return core::FormatRfc3339(
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
}

std::string CameraEvent(const std::string& camera, const std::string& zone, int people, int queue) {
  return R"({"type":"camera.count","store_id":"store_001","ts":")" + NowText() + R"(","camera":")" +
         camera + R"(","zone":")" + zone + R"(","people":)" + std::to_string(people) +
         R"(,"queue":)" + std::to_string(queue) + "}\n";
}

class LiveStreamTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new ServerProcess(*dir_ / "live.db", dir_->path());
    if (server_->running()) {
      HttpClient client("127.0.0.1", server_->port());
      store_status_ = client
                          .Send("PUT", "/api/v1/stores/store_001",
                                ReadFileText(SourcePath("data/stores/supercenter.json")))
                          .status;
    }
  }

  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  void SetUp() override {
    ASSERT_TRUE(server_->running()) << server_->Log();
    ASSERT_EQ(store_status_, 201);
    client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port());
  }

  std::unique_ptr<WebSocketClient> Connect(int receive_buffer_bytes = 0) {
    auto ws = std::make_unique<WebSocketClient>("127.0.0.1", server_->port(), "/api/v1/stream",
                                                receive_buffer_bytes);
    EXPECT_TRUE(ws->connected()) << ws->error() << server_->Log();
    return ws;
  }

  // Reads until a message of `topic` arrives (other topics are skipped).
  static std::optional<json> NextOf(WebSocketClient& ws, const std::string& topic,
                                    std::chrono::milliseconds timeout = 5s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      auto text = ws.Read(std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now()));
      if (!text) {
        return std::nullopt;
      }
      auto message = json::parse(*text);
      if (message.value("topic", "") == topic) {
        return message;
      }
    }
    return std::nullopt;
  }

  static TempDir* dir_;
  static ServerProcess* server_;
  static int store_status_;
  std::unique_ptr<HttpClient> client_;
};

TempDir* LiveStreamTest::dir_ = nullptr;
ServerProcess* LiveStreamTest::server_ = nullptr;
int LiveStreamTest::store_status_ = 0;

TEST_F(LiveStreamTest, SubscribedClientReceivesEventsWithin100Ms) {
  auto ws = Connect();
  ASSERT_TRUE(ws->Send(R"({"action":"subscribe","topics":["events"],"store_id":"store_001"})"));
  auto reply = json::parse(ws->Read().value_or("{}"));
  EXPECT_EQ(reply,
            json({{"type", "subscribed"}, {"topics", {"events"}}, {"store_id", "store_001"}}));

  std::vector<double> latencies_ms;
  for (int i = 0; i < 10; ++i) {
    const std::string camera = "cam-latency-" + std::to_string(i);
    const auto sent = std::chrono::steady_clock::now();
    auto posted = client_->Send("POST", "/api/v1/events", CameraEvent(camera, "electronics", i, 0));
    ASSERT_EQ(posted.status, 200) << posted.body;
    auto message = NextOf(*ws, "events");
    const auto received = std::chrono::steady_clock::now();
    ASSERT_TRUE(message.has_value()) << ws->error();
    EXPECT_EQ((*message)["store_id"], "store_001");
    ASSERT_EQ((*message)["events"].size(), 1U);
    EXPECT_EQ((*message)["events"][0]["camera"], camera);
    latencies_ms.push_back(std::chrono::duration<double, std::milli>(received - sent).count());
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  // The median keeps one scheduling hiccup of a shared CI machine from failing the test; the
  // benchmark (docs/BENCHMARKS.md) records the p99.
  EXPECT_LE(latencies_ms[latencies_ms.size() / 2], 100.0);
  EXPECT_LE(latencies_ms.back(), 1000.0);
}

TEST_F(LiveStreamTest, LiveSubscriberGetsTheStateAtOnceAndAfterChanges) {
  auto ws = Connect();
  ASSERT_TRUE(ws->Send(R"({"action":"subscribe","topics":["live"],"store_id":"store_001"})"));
  EXPECT_EQ(json::parse(ws->Read().value_or("{}"))["type"], "subscribed");
  auto initial = NextOf(*ws, "live");
  ASSERT_TRUE(initial.has_value()) << ws->error();
  EXPECT_EQ((*initial)["data"]["store_id"], "store_001");

  ASSERT_EQ(client_->Send("POST", "/api/v1/events", CameraEvent("cam-toys", "toys", 17, 0)).status,
            200);
  bool seen = false;
  for (int i = 0; i < 10 && !seen; ++i) {
    auto update = NextOf(*ws, "live", 2s);
    ASSERT_TRUE(update.has_value()) << ws->error();
    for (const auto& zone : (*update)["data"]["zones"]) {
      seen = seen || (zone["zone_id"] == "toys" && zone["occupancy"] == 17);
    }
  }
  EXPECT_TRUE(seen);
}

TEST_F(LiveStreamTest, GetLiveShowsZonesLanesAndDepartments) {
  std::string body = CameraEvent("cam-garden", "garden_centre", 12, 0) +
                     CameraEvent("cam-front", "checkout_front", 30, 24);
  body +=
      R"({"type":"pos.transaction","store_id":"store_001","ts":")" + NowText() +
      R"(","basket_id":"b-live-1","lane":"L01","tender":"card","lines":[{"sku":"0300101","qty":2,"unit_price":1.29},{"sku":"nope-1","qty":1,"unit_price":5}]})" +
      "\n";
  ASSERT_EQ(client_->Send("POST", "/api/v1/events", body).status, 200);
  auto result = client_->Get("/api/v1/stores/store_001/live");
  ASSERT_EQ(result.status, 200) << result.body;
  auto live = json::parse(result.body);
  EXPECT_EQ(live["store_id"], "store_001");
  EXPECT_EQ(live["k"], 5);
  EXPECT_TRUE(core::ParseRfc3339(live["as_of"].get<std::string>()).has_value());
  EXPECT_EQ(live["zones"].size(), 46U);
  EXPECT_EQ(live["lanes"].size(), 13U);
  for (const auto& zone : live["zones"]) {
    if (zone["zone_id"] == "garden_centre") {
      EXPECT_EQ(zone["occupancy"], 12);
      EXPECT_EQ(zone["source"], "camera");
    }
  }
  for (const auto& lane : live["lanes"]) {
    if (lane["lane_id"] == "L01") {
      EXPECT_EQ(lane["queue_length"], 2);  // 24 people queueing shared by 12 front lanes
    }
  }
  bool produce = false;
  bool unassigned = false;
  for (const auto& department : live["departments"]) {
    if (department["department_id"] == "produce") {
      produce = department["sales_this_hour"].get<double>() >= 2.58;
    }
    if (department["department_id"] == "unassigned") {
      unassigned = department["sales_this_hour"].get<double>() >= 5.0;
    }
  }
  EXPECT_TRUE(produce) << result.body;
  EXPECT_TRUE(unassigned) << result.body;
  EXPECT_GE(live["totals"]["transactions_this_hour"].get<int>(), 1);

  auto missing = client_->Get("/api/v1/stores/store_404/live");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("store_404"), std::string::npos) << missing.body;
  EXPECT_EQ(client_->Get("/api/v1/stream").status, 426);
}

TEST_F(LiveStreamTest, BadMessagesGetAnErrorAndTheConnectionStays) {
  auto ws = Connect();
  for (const std::string& bad : {
           std::string("not json"),
           std::string(R"({"action":"dance","topics":["live"]})"),
           std::string(R"({"action":"subscribe","topics":["weather"]})"),
           std::string(R"({"action":"subscribe","topics":[]})"),
           std::string(R"({"action":"subscribe","topics":["live"],"store_id":"no_such_store"})"),
       }) {
    ASSERT_TRUE(ws->Send(bad));
    auto reply = json::parse(ws->Read().value_or("{}"));
    EXPECT_EQ(reply["type"], "error") << bad;
    EXPECT_FALSE(reply.value("reason", "").empty()) << bad;
  }
  ASSERT_TRUE(ws->Send(R"({"action":"unsubscribe","topics":["events"]})"));
  EXPECT_EQ(json::parse(ws->Read().value_or("{}")),
            json({{"type", "unsubscribed"}, {"topics", {"events"}}, {"store_id", nullptr}}));
}

TEST_F(LiveStreamTest, SlowClientIsDroppedWhileIngestAndOtherClientsCarryOn) {
  auto slow = Connect(/*receive_buffer_bytes=*/4096);
  ASSERT_TRUE(slow->Send(R"({"action":"subscribe","topics":["events"]})"));
  EXPECT_EQ(json::parse(slow->Read().value_or("{}"))["type"], "subscribed");
  auto fast = Connect();
  ASSERT_TRUE(fast->Send(R"({"action":"subscribe","topics":["events"]})"));
  EXPECT_EQ(json::parse(fast->Read().value_or("{}"))["type"], "subscribed");

  // The slow client reads nothing while many messages are published: socket buffers fill, then
  // its queue (256 messages), then it is dropped. Every POST must still answer promptly.
  std::string batch;
  for (int i = 0; i < 300; ++i) {
    batch += CameraEvent("cam-flood-" + std::to_string(i), "electronics", i, 0);
  }
  double slowest_ms = 0;
  for (int i = 0; i < 500; ++i) {
    const auto start = std::chrono::steady_clock::now();
    auto posted = client_->Send("POST", "/api/v1/events", batch);
    ASSERT_EQ(posted.status, 200) << posted.body;
    slowest_ms =
        std::max(slowest_ms,
                 std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
    auto message = fast->Read(5s);
    ASSERT_TRUE(message.has_value()) << "fast client fell behind at " << i << ": " << fast->error();
  }
  EXPECT_LE(slowest_ms, 1000.0);

  // Now the slow client reads what was in flight, then the close frame with the reason.
  int drained = 0;
  while (slow->Read(5s)) {
    ++drained;
  }
  EXPECT_TRUE(slow->closed()) << slow->error() << " after " << drained << " messages";
  EXPECT_EQ(slow->close_code(), 1008);
  EXPECT_NE(slow->close_reason().find("too slow"), std::string::npos) << slow->close_reason();
  EXPECT_LT(drained, 500);

  auto posted = client_->Send("POST", "/api/v1/events", CameraEvent("cam-after", "toys", 1, 0));
  EXPECT_EQ(posted.status, 200);
  EXPECT_TRUE(NextOf(*fast, "events").has_value());
}

}  // namespace
}  // namespace storeops::testing
