// SPDX-License-Identifier: Apache-2.0
#include "storeops/live/hub.hpp"

#include <chrono>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storeops/testing/fixtures.hpp"

namespace storeops::live {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class LiveHubTest : public ::testing::Test {
 protected:
  LiveHubTest()
      : store_(std::make_shared<const core::Store>(testing::SmallStore("s1"))),
        clock_(*core::ParseRfc3339("2026-11-23T15:00:30Z")),
        hub_(
            {}, [this](const core::StoreId& id) { return id == store_->id ? store_ : nullptr; },
            clock_) {}

  // Waits up to `timeout` for the next message.
  std::optional<json> Next(Subscriber& sub, std::chrono::milliseconds timeout = 2s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (auto message = sub.Pop()) {
        return json::parse(**message);
      }
      std::this_thread::sleep_for(1ms);
    }
    return std::nullopt;
  }

  std::shared_ptr<const core::Store> store_;
  core::ManualClock clock_;
  LiveHub hub_;
};

TEST_F(LiveHubTest, EventsArePublishedAtOnceAndPresenceLosesItsToken) {
  auto sub = hub_.bus().Subscribe(16, nullptr);
  sub->Add(kTopicEvents, store_->id);
  std::vector<core::Event> events = {
      core::Presence{store_->id, clock_.Now(), "secret-token-0123", core::ZoneId{"produce"}},
      core::CameraCount{store_->id, clock_.Now(), core::CameraId{"c1"}, core::ZoneId{"produce"}, 3,
                        1, 2, 0}};
  hub_.OnAccepted(events);
  auto message = sub->Pop();
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ((*message)->find("secret-token"), std::string::npos);
  auto body = json::parse(**message);
  EXPECT_EQ(body["topic"], "events");
  EXPECT_EQ(body["store_id"], "s1");
  ASSERT_EQ(body["events"].size(), 2U);
  EXPECT_EQ(body["events"][0],
            json({{"type", "presence"}, {"ts", "2026-11-23T15:00:30Z"}, {"zone", "produce"}}));
  EXPECT_EQ(body["events"][1]["type"], "camera.count");
  EXPECT_EQ(body["events"][1]["people"], 3);
  EXPECT_EQ(body["events"][1]["queue"], 1);
}

TEST_F(LiveHubTest, LiveUpdatesAreCoalescedPerStore) {
  auto sub = hub_.bus().Subscribe(64, nullptr);
  sub->Add(kTopicLive, core::StoreId{});
  for (int i = 0; i < 20; ++i) {
    std::vector<core::Event> events = {core::CameraCount{
        store_->id, clock_.Now(), core::CameraId{"c1"}, core::ZoneId{"produce"}, i, 0, 0, 0}};
    hub_.OnAccepted(events);
  }
  auto first = Next(*sub);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ((*first)["topic"], "live");
  EXPECT_EQ((*first)["data"]["store_id"], "s1");
  // 20 changes within a few microseconds give the first message and at most one more, which
  // carries the final state.
  auto second = Next(*sub, 500ms);
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(sub->Pop().has_value());
  const json& last = second ? *second : *first;
  EXPECT_EQ(last["data"]["people_in_store"], 19);
}

TEST_F(LiveHubTest, RenderLiveFollowsTheDocumentedShape) {
  std::vector<core::Event> events = {
      core::PosTransaction{store_->id,
                           clock_.Now(),
                           "b1",
                           core::LaneId{"L1"},
                           core::Tender::kCard,
                           {{core::SkuId{"0000001"}, 2, core::Money::FromCents(615)}}}};
  hub_.OnAccepted(events);
  auto body = json::parse(hub_.RenderLive(*store_));
  EXPECT_EQ(body["store_id"], "s1");
  EXPECT_EQ(body["as_of"], "2026-11-23T15:00:30Z");
  EXPECT_EQ(body["k"], 5);
  EXPECT_TRUE(body["people_in_store"].is_null());
  ASSERT_EQ(body["zones"].size(), 5U);
  EXPECT_EQ(body["zones"][0], json({{"zone_id", "entrance"},
                                    {"occupancy", nullptr},
                                    {"source", "wifi"},
                                    {"suppressed", false},
                                    {"updated_at", nullptr}}));
  EXPECT_EQ(body["lanes"][0],
            json({{"lane_id", "L1"}, {"queue_length", nullptr}, {"updated_at", nullptr}}));
  EXPECT_EQ(body["departments"][0]["department_id"], "produce");
  EXPECT_DOUBLE_EQ(body["departments"][0]["sales_this_hour"].get<double>(), 12.30);
  EXPECT_EQ(body["departments"][0]["transactions_this_hour"], 1);
  EXPECT_EQ(body["departments"][0]["per_minute"][0],
            json({{"minute", "2026-11-23T15:00:00Z"}, {"sales", 12.3}, {"transactions", 1}}));
  EXPECT_DOUBLE_EQ(body["totals"]["sales_this_hour"].get<double>(), 12.30);
  EXPECT_EQ(body["totals"]["transactions_this_hour"], 1);
}

TEST_F(LiveHubTest, UnknownStoresAreIgnored) {
  auto sub = hub_.bus().Subscribe(16, nullptr);
  sub->Add(kTopicEvents, core::StoreId{});
  std::vector<core::Event> events = {core::CameraCount{
      core::StoreId{"nope"}, clock_.Now(), core::CameraId{"c"}, core::ZoneId{"z"}, 1, 0, 0, 0}};
  hub_.OnAccepted(events);
  EXPECT_FALSE(sub->Pop().has_value());
}

}  // namespace
}  // namespace storeops::live
