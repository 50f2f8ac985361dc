// SPDX-License-Identifier: Apache-2.0
#include "storeops/live/live_state.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/testing/fixtures.hpp"

namespace storeops::live {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const core::Timestamp kNow = *core::ParseRfc3339("2026-11-23T15:00:30Z");

core::Presence Seen(const std::string& token, const std::string& zone, core::Timestamp ts) {
  return {core::StoreId{"test_store"}, ts, token, core::ZoneId{zone}};
}

core::CameraCount Camera(const std::string& camera, const std::string& zone, int32_t people,
                         int32_t queue, core::Timestamp ts) {
  return {core::StoreId{"test_store"},
          ts,
          core::CameraId{camera},
          core::ZoneId{zone},
          people,
          queue,
          0,
          0};
}

core::PosTransaction Sale(const std::string& basket, core::Timestamp ts,
                          std::vector<core::PosLine> lines) {
  return {core::StoreId{"test_store"},
          ts,
          basket,
          core::LaneId{"L1"},
          core::Tender::kCard,
          std::move(lines)};
}

core::PosLine Line(const std::string& sku, int32_t qty, int64_t cents) {
  return {core::SkuId{sku}, qty, core::Money::FromCents(cents)};
}

const ZoneLive& ZoneOf(const LiveSnapshot& snapshot, const std::string& id) {
  for (const auto& zone : snapshot.zones) {
    if (zone.zone_id.value() == id) {
      return zone;
    }
  }
  ADD_FAILURE() << "no zone " << id;
  return snapshot.zones.front();
}

const DepartmentLive* DepartmentOf(const LiveSnapshot& snapshot, const std::string& id) {
  for (const auto& department : snapshot.departments) {
    if (department.department_id == id) {
      return &department;
    }
  }
  return nullptr;
}

class LiveStateTest : public ::testing::Test {
 protected:
  void Apply(std::vector<core::Event> events) { state_.Apply(store_, events); }

  core::Store store_ = testing::SmallStore();
  LiveState state_;
};

TEST_F(LiveStateTest, EmptyStateListsEveryZoneAndLaneWithNothingKnown) {
  LiveSnapshot snapshot = state_.Snapshot(store_, kNow);
  EXPECT_EQ(snapshot.store_id, store_.id);
  EXPECT_EQ(snapshot.as_of, kNow);
  EXPECT_EQ(snapshot.k, 5);
  EXPECT_FALSE(snapshot.people_in_store.has_value());
  ASSERT_EQ(snapshot.zones.size(), store_.zones.size());
  for (const auto& zone : snapshot.zones) {
    EXPECT_FALSE(zone.occupancy.has_value());
    EXPECT_FALSE(zone.suppressed);
    EXPECT_FALSE(zone.updated_at.has_value());
  }
  ASSERT_EQ(snapshot.lanes.size(), 2U);
  EXPECT_FALSE(snapshot.lanes[0].queue_length.has_value());
  ASSERT_EQ(snapshot.departments.size(), 2U);  // produce, grocery; no "unassigned" yet
  EXPECT_EQ(snapshot.total_transactions, 0);
}

TEST_F(LiveStateTest, CameraZoneTakesTheLatestCountOfEachCamera) {
  Apply({Camera("cam-1", "produce", 7, 0, kNow - seconds(20)),
         Camera("cam-1", "produce", 9, 0, kNow - seconds(10)),
         Camera("cam-1", "produce", 3, 0, kNow - seconds(15)),  // late and older: ignored
         Camera("cam-2", "produce", 4, 0, kNow - seconds(5))});
  LiveSnapshot snapshot = state_.Snapshot(store_, kNow);
  const ZoneLive& produce = ZoneOf(snapshot, "produce");
  EXPECT_EQ(produce.source, OccupancySource::kCamera);
  EXPECT_EQ(produce.occupancy, 13);
  EXPECT_EQ(produce.updated_at, kNow - seconds(5));
  EXPECT_EQ(snapshot.people_in_store, 13);
}

TEST_F(LiveStateTest, CameraCountsExpireByEventTime) {
  Apply({Camera("cam-1", "produce", 7, 0, kNow - minutes(6))});
  EXPECT_FALSE(ZoneOf(state_.Snapshot(store_, kNow), "produce").occupancy.has_value());
  EXPECT_EQ(ZoneOf(state_.Snapshot(store_, kNow - minutes(2)), "produce").occupancy, 7);
}

TEST_F(LiveStateTest, WifiOccupancyBelowKIsSuppressedAndAtKIsPublished) {
  for (int i = 0; i < 4; ++i) {
    Apply({Seen("tok" + std::to_string(i), "produce", kNow - seconds(30))});
  }
  Apply({Seen("tok0", "produce", kNow - seconds(10))});  // the same device again
  LiveSnapshot below = state_.Snapshot(store_, kNow);
  const ZoneLive& produce = ZoneOf(below, "produce");
  EXPECT_EQ(produce.source, OccupancySource::kWifi);
  EXPECT_TRUE(produce.suppressed);
  EXPECT_FALSE(produce.occupancy.has_value());
  EXPECT_FALSE(below.people_in_store.has_value());
  EXPECT_EQ(produce.updated_at, kNow - seconds(10));

  Apply({Seen("tok4", "produce", kNow - seconds(5))});
  LiveSnapshot at_k = state_.Snapshot(store_, kNow);
  EXPECT_FALSE(ZoneOf(at_k, "produce").suppressed);
  EXPECT_EQ(ZoneOf(at_k, "produce").occupancy, 5);
  EXPECT_EQ(at_k.people_in_store, 5);
}

TEST_F(LiveStateTest, KIsConfigurable) {
  LiveState state({.min_distinct_tokens = 2});
  std::vector<core::Event> events = {Seen("a", "produce", kNow), Seen("b", "produce", kNow)};
  state.Apply(store_, events);
  LiveSnapshot snapshot = state.Snapshot(store_, kNow);
  EXPECT_EQ(snapshot.k, 2);
  EXPECT_EQ(ZoneOf(snapshot, "produce").occupancy, 2);
}

TEST_F(LiveStateTest, WifiTokensOlderThanTheWindowDoNotCountAndAnEmptyZoneShowsZero) {
  for (int i = 0; i < 6; ++i) {
    Apply({Seen("tok" + std::to_string(i), "produce", kNow - minutes(6))});
  }
  const LiveSnapshot snapshot = state_.Snapshot(store_, kNow);
  const ZoneLive& produce = ZoneOf(snapshot, "produce");
  EXPECT_EQ(produce.occupancy, 0);  // zero names no one, so it is published
  EXPECT_FALSE(produce.suppressed);
}

TEST_F(LiveStateTest, CameraWinsOverWifiInTheSameZone) {
  for (int i = 0; i < 6; ++i) {
    Apply({Seen("tok" + std::to_string(i), "produce", kNow)});
  }
  Apply({Camera("cam-1", "produce", 2, 0, kNow)});
  const LiveSnapshot snapshot = state_.Snapshot(store_, kNow);
  const ZoneLive& produce = ZoneOf(snapshot, "produce");
  EXPECT_EQ(produce.source, OccupancySource::kCamera);
  EXPECT_EQ(produce.occupancy, 2);
}

TEST_F(LiveStateTest, LaneCameraGivesItsOwnQueueOtherLanesShareTheZoneQueue) {
  // Both lanes are in zone "checkout". A camera named after a lane covers that lane only.
  Apply({Camera("cam-checkout", "checkout", 9, 6, kNow)});
  LiveSnapshot shared = state_.Snapshot(store_, kNow);
  EXPECT_EQ(shared.lanes[0].queue_length, 3);  // 6 shared by L1 and SCO
  EXPECT_EQ(shared.lanes[1].queue_length, 3);

  Apply({Camera("L1", "checkout", 2, 4, kNow)});
  LiveSnapshot own = state_.Snapshot(store_, kNow);
  EXPECT_EQ(own.lanes[0].lane_id.value(), "L1");
  EXPECT_EQ(own.lanes[0].queue_length, 4);
  EXPECT_EQ(own.lanes[1].queue_length, 6);  // SCO is now the only lane sharing the zone camera
  EXPECT_EQ(ZoneOf(own, "checkout").occupancy, 11);
}

TEST_F(LiveStateTest, SalesGoToDepartmentsThroughCategoryAndUnknownSkusToUnassigned) {
  Apply({Sale("b1", kNow - minutes(2), {Line("0000001", 2, 129), Line("0000003", 1, 199)}),
         Sale("b2", kNow - seconds(10), {Line("0000002", -1, 249), Line("9999999", 3, 100)})});
  LiveSnapshot snapshot = state_.Snapshot(store_, kNow);
  const DepartmentLive* produce = DepartmentOf(snapshot, "produce");
  const DepartmentLive* grocery = DepartmentOf(snapshot, "grocery");
  const DepartmentLive* unassigned = DepartmentOf(snapshot, "unassigned");
  ASSERT_NE(produce, nullptr);
  ASSERT_NE(grocery, nullptr);
  ASSERT_NE(unassigned, nullptr);
  EXPECT_EQ(produce->sales.cents(), 258 - 249);  // a return is negative
  EXPECT_EQ(produce->transactions, 2);
  ASSERT_EQ(produce->per_minute.size(), 2U);
  EXPECT_EQ(produce->per_minute[0].minute, *core::ParseRfc3339("2026-11-23T14:58:00Z"));
  EXPECT_EQ(produce->per_minute[0].sales.cents(), 258);
  EXPECT_EQ(grocery->sales.cents(), 199);
  EXPECT_EQ(unassigned->sales.cents(), 300);
  EXPECT_EQ(snapshot.departments.back().department_id, "unassigned");
  EXPECT_EQ(snapshot.total_sales.cents(), 258 + 199 - 249 + 300);
  EXPECT_EQ(snapshot.total_transactions, 2);  // baskets, not department lines
}

TEST_F(LiveStateTest, SalesOlderThanAnHourExpire) {
  Apply({Sale("old", kNow - minutes(61), {Line("0000001", 1, 100)}),
         Sale("new", kNow - minutes(59), {Line("0000001", 1, 200)})});
  LiveSnapshot snapshot = state_.Snapshot(store_, kNow);
  EXPECT_EQ(snapshot.total_sales.cents(), 200);
  EXPECT_EQ(DepartmentOf(snapshot, "produce")->per_minute.size(), 1U);
  EXPECT_EQ(state_.Snapshot(store_, kNow + minutes(2)).total_transactions, 0);
}

TEST_F(LiveStateTest, EventsOfAnotherStoreAndOtherTypesChangeNothing) {
  core::Presence other = Seen("x", "produce", kNow);
  other.store_id = core::StoreId{"other"};
  std::vector<core::Event> events = {other,
                                     core::WeatherObservation{store_.id, kNow, 10, 0, "clear"}};
  EXPECT_FALSE(state_.Apply(store_, events));
  EXPECT_FALSE(state_.Snapshot(store_, kNow).people_in_store.has_value());
}

TEST_F(LiveStateTest, StoresAreIndependent) {
  core::Store other = testing::SmallStore("other");
  std::vector<core::Event> events = {
      core::CameraCount{other.id, kNow, core::CameraId{"c"}, core::ZoneId{"produce"}, 4, 0, 0, 0}};
  EXPECT_TRUE(state_.Apply(other, events));
  EXPECT_EQ(state_.Snapshot(other, kNow).people_in_store, 4);
  EXPECT_FALSE(state_.Snapshot(store_, kNow).people_in_store.has_value());
}

}  // namespace
}  // namespace storeops::live
