// SPDX-License-Identifier: Apache-2.0
// The hourly roll-up on hand-computed cases: every figure below is worked out in the comments.
#include "storeops/service/rollup.hpp"

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/core/events.hpp"
#include "storeops/core/money.hpp"
#include "storeops/testing/fixtures.hpp"

namespace storeops::service {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using storage::HourlyDwell;
using storage::HourlyFootfall;
using storage::HourlyQueue;
using storage::HourlySales;
using storage::HourlyTransition;

// 2026-11-23T14:00:00Z
constexpr core::Timestamp kHour = core::FromEpochMs(1'795'442'400'000);
const core::StoreId kStore{"test_store"};

core::Event Seen(const std::string& token, const std::string& zone, minutes at) {
  return core::Presence{kStore, kHour + at, token, core::ZoneId{zone}};
}

core::Event Sale(const std::string& basket, minutes at, std::vector<core::PosLine> lines,
                 const std::string& lane = "L1") {
  return core::PosTransaction{
      kStore, kHour + at, basket, core::LaneId{lane}, core::Tender::kCard, std::move(lines)};
}

core::PosLine Line(const std::string& sku, int32_t quantity, int64_t cents) {
  return {core::SkuId{sku}, quantity, core::Money::FromCents(cents)};
}

core::Event Camera(const std::string& camera, const std::string& zone, minutes at, int32_t queue,
                   int32_t in, int32_t out) {
  return core::CameraCount{kStore, kHour + at, core::CameraId{camera}, core::ZoneId{zone}, 0, queue,
                           in,     out};
}

std::vector<core::Event> Sorted(std::vector<core::Event> events) {
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) {
    return std::visit([](const auto& e) { return e.ts; }, a) <
           std::visit([](const auto& e) { return e.ts; }, b);
  });
  return events;
}

TEST(HourlyRollup, SalesGoToDepartmentsThroughCategories) {
  const core::Store store = testing::SmallStore();
  const auto events = Sorted({
      Sale("b0", minutes(-5), {Line("0000001", 1, 129)}),  // the hour before: ignored
      // b1: produce 2 x 1.29 = 2.58, grocery 1 x 1.99
      Sale("b1", minutes(5), {Line("0000001", 2, 129), Line("0000003", 1, 199)}),
      // b2: produce 1 x 2.49 and a returned banana -1 x 1.29: units 0, 1.20
      Sale("b2", minutes(30), {Line("0000002", 1, 249), Line("0000001", -1, 129)}),
      // b4: a SKU the store does not define
      Sale("b4", minutes(40), {Line("9999999", 1, 500)}),
      Sale("b3", minutes(70), {Line("0000003", 5, 199)}),  // the next hour: ignored
  });

  const auto rows = ComputeHourlyRollup(kStore, &store, events, kHour);

  EXPECT_EQ(rows.sales, (std::vector<HourlySales>{
                            {kStore, kHour, core::DepartmentId{"grocery"}, 1, 1, 199},
                            {kStore, kHour, core::DepartmentId{"produce"}, 2, 2, 258 + 120},
                            {kStore, kHour, core::DepartmentId{"unassigned"}, 1, 1, 500},
                        }));
  // b1 has lines in produce and grocery: 4 department transactions, but 3 baskets.
  EXPECT_EQ(rows.baskets, (std::vector<storage::HourlyBaskets>{{kStore, kHour, 3, 0}}));
  EXPECT_TRUE(rows.footfall.empty());
  EXPECT_TRUE(rows.dwell.empty());
  EXPECT_TRUE(rows.transitions.empty());
  EXPECT_TRUE(rows.queues.empty());
}

// Three devices around 14:00-15:00 (times are minutes after 14:00):
//   A: entrance 0, 4; produce 8; produce 20, 25 (12 min after 8 > 10 min gap: a new visit)
//   B: produce every 5 min from -30 to 10; checkout 15; checkout 58, 63 (ends after the hour)
//   C: aisle_01 -45, -40 (ends before the hour); entrance 50
TEST(HourlyRollup, FootfallDwellAndTransitionsFromConsecutiveSightings) {
  const core::Store store = testing::SmallStore();
  std::vector<core::Event> events = {
      Seen("A", "entrance", minutes(0)),   Seen("A", "entrance", minutes(4)),
      Seen("A", "produce", minutes(8)),    Seen("A", "produce", minutes(20)),
      Seen("A", "produce", minutes(25)),   Seen("B", "checkout", minutes(15)),
      Seen("B", "checkout", minutes(58)),  Seen("B", "checkout", minutes(63)),
      Seen("C", "aisle_01", minutes(-45)), Seen("C", "aisle_01", minutes(-40)),
      Seen("C", "entrance", minutes(50)),
  };
  for (int at = -30; at <= 10; at += 5) {
    events.push_back(Seen("B", "produce", minutes(at)));
  }
  events = Sorted(std::move(events));

  const auto rows = ComputeHourlyRollup(kStore, &store, events, kHour);

  // Distinct tokens per zone within the hour: entrance A, C; produce A, B; checkout B.
  EXPECT_EQ(rows.footfall, (std::vector<HourlyFootfall>{
                               {kStore, kHour, core::ZoneId{"checkout"}, 1, 0, 0},
                               {kStore, kHour, core::ZoneId{"entrance"}, 2, 0, 0},
                               {kStore, kHour, core::ZoneId{"produce"}, 2, 0, 0},
                           }));
  // Visits ending in the hour: checkout B@15 (0 s); entrance A 0-4 (240 s, [1,5) min) and C@50
  // (0 s); produce A@8 (0 s), A 20-25 (300 s, [5,15) min), B -30..10 (2400 s, [30,60) min).
  // B's checkout visit 58-63 ends in the next hour and is not counted here.
  EXPECT_EQ(rows.dwell, (std::vector<HourlyDwell>{
                            {kStore, kHour, core::ZoneId{"checkout"}, 1, 0, {1, 0, 0, 0, 0, 0}},
                            {kStore, kHour, core::ZoneId{"entrance"}, 2, 240, {1, 1, 0, 0, 0, 0}},
                            {kStore, kHour, core::ZoneId{"produce"}, 3, 2700, {1, 0, 1, 0, 1, 0}},
                        }));
  // A entrance -> produce at 8 (4 min gap); B produce -> checkout at 15 (5 min gap). C's move
  // aisle_01 -> entrance is 90 min apart: the device was lost, not a transition.
  EXPECT_EQ(rows.transitions,
            (std::vector<HourlyTransition>{
                {kStore, kHour, core::ZoneId{"entrance"}, core::ZoneId{"produce"}, 1},
                {kStore, kHour, core::ZoneId{"produce"}, core::ZoneId{"checkout"}, 1},
            }));
}

TEST(HourlyRollup, VisitStartingBeforeTheLookBackStaysInTheTopBucket) {
  const core::Store store = testing::SmallStore();
  // Seen every 5 minutes from 12:00 to 14:30; the caller reads from 13:00 (the look-back).
  std::vector<core::Event> events;
  for (int at = -60; at <= 30; at += 5) {
    events.push_back(Seen("D", "produce", minutes(at)));
  }

  const auto rows = ComputeHourlyRollup(kStore, &store, events, kHour);

  ASSERT_EQ(rows.dwell.size(), 1U);
  EXPECT_EQ(rows.dwell[0].visits, 1);
  EXPECT_EQ(rows.dwell[0].total_dwell_seconds, 90 * 60);  // measured from 13:00
  EXPECT_EQ(rows.dwell[0].buckets, (std::array<int64_t, 6>{0, 0, 0, 0, 0, 1}));
}

// Lane L1's camera is named after it; "cam-co" watches the checkout zone, which has two lanes, so
// it maps to none; "cam-door" is at the entrance.
TEST(HourlyRollup, QueuesPerLaneAndCameraCountsPerZone) {
  const core::Store store = testing::SmallStore();
  const auto events = Sorted({
      Camera("L1", "checkout", minutes(10), 3, 0, 0),
      Camera("L1", "checkout", minutes(20), 5, 0, 0),
      Camera("L1", "checkout", minutes(61), 50, 0, 0),  // next hour
      Camera("cam-co", "checkout", minutes(30), 9, 1, 1),
      Camera("cam-door", "entrance", minutes(10), 0, 5, 3),
      Camera("cam-door", "entrance", minutes(40), 0, 2, 4),
  });

  const auto rows = ComputeHourlyRollup(kStore, &store, events, kHour);

  EXPECT_EQ(rows.queues, (std::vector<HourlyQueue>{{kStore, kHour, core::LaneId{"L1"}, 2, 8, 5}}));
  EXPECT_DOUBLE_EQ(rows.queues[0].mean_queue(), 4.0);
  EXPECT_EQ(rows.footfall, (std::vector<HourlyFootfall>{
                               {kStore, kHour, core::ZoneId{"checkout"}, 0, 1, 1},
                               {kStore, kHour, core::ZoneId{"entrance"}, 0, 7, 7},
                           }));
}

TEST(HourlyRollup, OnlyLaneInAZoneTakesItsCameras) {
  core::Store store = testing::SmallStore();
  store.lanes.pop_back();  // checkout keeps L1 only
  const std::vector<core::Event> events = {Camera("cam-co", "checkout", minutes(30), 4, 0, 0)};

  const auto rows = ComputeHourlyRollup(kStore, &store, events, kHour);

  EXPECT_EQ(rows.queues, (std::vector<HourlyQueue>{{kStore, kHour, core::LaneId{"L1"}, 1, 4, 4}}));
}

TEST(HourlyRollup, ABasketSpanningDepartmentsIsOneBasketAndSelfCheckoutIsCounted) {
  const core::Store store = testing::SmallStore();
  const auto events = Sorted({
      // One basket, three departments (produce, grocery and a SKU the store does not define).
      Sale("b1", minutes(5),
           {Line("0000001", 1, 129), Line("0000003", 1, 199), Line("9999999", 1, 500)}),
      // The same basket id sent twice (a retried till message) is still one basket.
      Sale("b2", minutes(10), {Line("0000002", 1, 249), Line("0000003", 2, 199)}, "SCO"),
      Sale("b2", minutes(10), {Line("0000002", 1, 249)}, "SCO"),
      Sale("b3", minutes(20), {Line("0000001", 1, 129)}, "no_such_lane"),  // a cashier's
      Sale("b4", minutes(30), {}),                                         // no lines: no basket
  });

  const auto rows = ComputeHourlyRollup(kStore, &store, events, kHour);

  int64_t department_sum = 0;
  for (const auto& row : rows.sales) {
    department_sum += row.transactions;
  }
  EXPECT_EQ(department_sum, 6);  // b1 in 3 departments, b2 in 2, b3 in 1
  ASSERT_EQ(rows.baskets.size(), 1U);
  EXPECT_EQ(rows.baskets[0].baskets, 3);  // b1, b2, b3: each once
  EXPECT_EQ(rows.baskets[0].self_checkout_baskets, 1);
  EXPECT_EQ(rows.baskets[0].assisted_baskets(), 2);
}

TEST(HourlyRollup, UnknownStoreDefinitionStillRollsUpWhatItCan) {
  const auto events =
      Sorted({Sale("b1", minutes(5), {Line("0000001", 2, 129)}),
              Camera("L1", "checkout", minutes(10), 3, 1, 0), Seen("A", "produce", minutes(1))});

  const auto rows = ComputeHourlyRollup(kStore, nullptr, events, kHour);

  EXPECT_EQ(
      rows.sales,
      (std::vector<HourlySales>{{kStore, kHour, core::DepartmentId{"unassigned"}, 1, 2, 258}}));
  EXPECT_EQ(rows.baskets, (std::vector<storage::HourlyBaskets>{{kStore, kHour, 1, 0}}));
  EXPECT_TRUE(rows.queues.empty());
  EXPECT_EQ(rows.footfall.size(), 2U);
  EXPECT_EQ(rows.dwell.size(), 1U);
}

TEST(HourlyRollup, EventsOfOtherStoresAndEmptyInputGiveNothing) {
  const core::Store store = testing::SmallStore();
  const std::vector<core::Event> other = {
      core::Presence{core::StoreId{"other"}, kHour + minutes(1), "A", core::ZoneId{"produce"}}};

  EXPECT_TRUE(ComputeHourlyRollup(kStore, &store, other, kHour).empty());
  EXPECT_TRUE(ComputeHourlyRollup(kStore, &store, {}, kHour).empty());
}

TEST(HourlyRollup, WindowAndHourHelpers) {
  const RollupOptions options;
  EXPECT_EQ(FloorHour(kHour + minutes(59)), kHour);
  EXPECT_EQ(FloorHour(core::FromEpochMs(-1)), core::FromEpochMs(-3'600'000));
  EXPECT_EQ(RollupWindowStart(kHour, options), kHour - hours(1));
  EXPECT_EQ(RollupWindowEnd(kHour, options), kHour + hours(1) + minutes(10));
}

}  // namespace
}  // namespace storeops::service
