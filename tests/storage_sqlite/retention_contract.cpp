// SPDX-License-Identifier: Apache-2.0
// The retention part of the storage contract: AggregateRepository, KeyRepository and the chunked
// EventRepository::DeleteEventsBefore / EventSpans. Instantiated for SQLite
// (sqlite_contract_test.cpp) and for the memory doubles (memory_contract_test.cpp).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "storeops/core/ids.hpp"
#include "storeops/testing/event_fixtures.hpp"

#include "database_contract.hpp"

namespace storeops::storage::contract {
namespace {

using core::ErrorCode;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::sys_days;

// 2026-11-23T14:00:00Z
constexpr core::Timestamp kHour = core::FromEpochMs(1'795'442'400'000);
constexpr core::Timestamp kForever = core::FromEpochMs(std::numeric_limits<int64_t>::max());
constexpr core::Timestamp kDawn = core::FromEpochMs(std::numeric_limits<int64_t>::min());
constexpr sys_days kDay = std::chrono::floor<days>(kHour);

HourlyAggregates Rows(const std::string& store, core::Timestamp hour, int64_t scale) {
  const core::StoreId id{store};
  HourlyAggregates rows;
  rows.sales = {{id, hour, core::DepartmentId{"grocery"}, 3 * scale, 7 * scale, 1999 * scale},
                {id, hour, core::DepartmentId{"produce"}, scale, -2 * scale, -258 * scale}};
  rows.footfall = {{id, hour, core::ZoneId{"entrance"}, 40 * scale, 55 * scale, 50 * scale},
                   {id, hour, core::ZoneId{"produce"}, 12 * scale, 0, 0}};
  rows.dwell = {
      {id, hour, core::ZoneId{"produce"}, 6 * scale, 3600 * scale, {1, 2, 3, 0, 0, scale}}};
  rows.transitions = {{id, hour, core::ZoneId{"entrance"}, core::ZoneId{"produce"}, 9 * scale},
                      {id, hour, core::ZoneId{"produce"}, core::ZoneId{"entrance"}, 4 * scale}};
  rows.queues = {{id, hour, core::LaneId{"L1"}, 12 * scale, 30 * scale, 6 * scale},
                 {id, hour, core::LaneId{"SCO"}, 12, 0, 0}};
  // Fewer than the 4 x scale department transactions: a basket can span departments.
  rows.baskets = {{id, hour, 3 * scale, scale}};
  return rows;
}

HourlyAggregates Concat(const HourlyAggregates& a, const HourlyAggregates& b) {
  HourlyAggregates out = a;
  out.sales.insert(out.sales.end(), b.sales.begin(), b.sales.end());
  out.footfall.insert(out.footfall.end(), b.footfall.begin(), b.footfall.end());
  out.dwell.insert(out.dwell.end(), b.dwell.begin(), b.dwell.end());
  out.transitions.insert(out.transitions.end(), b.transitions.begin(), b.transitions.end());
  out.queues.insert(out.queues.end(), b.queues.begin(), b.queues.end());
  out.baskets.insert(out.baskets.end(), b.baskets.begin(), b.baskets.end());
  return out;
}

std::vector<uint8_t> Blob(uint8_t seed) {
  std::vector<uint8_t> blob(61);
  for (size_t i = 0; i < blob.size(); ++i) {
    blob[i] = static_cast<uint8_t>(seed + i * 7);  // includes 0x00 bytes: a BLOB, not text
  }
  return blob;
}

core::Timestamp TimeOf(const core::Event& event) {
  return std::visit([](const auto& e) { return e.ts; }, event);
}

TEST_P(RetentionContract, AggregatesRoundTripInKeyOrderAndSurviveReopen) {
  const auto first = Rows("s1", kHour, 1);
  const auto second = Rows("s1", kHour + hours(1), 2);
  // Saved newest hour first: order must come from the keys, not from insertion.
  ASSERT_TRUE(Succeeded(aggregates().SaveRollup(second, {})));
  ASSERT_TRUE(Succeeded(aggregates().SaveRollup(Rows("s2", kHour, 5), {})));
  ASSERT_TRUE(Succeeded(aggregates().SaveRollup(first, {})));
  Reopen();

  auto both = aggregates().LoadAggregates(core::StoreId{"s1"}, kHour, kHour + hours(2));
  auto one = aggregates().LoadAggregates(core::StoreId{"s1"}, kHour + hours(1), kForever);
  auto none = aggregates().LoadAggregates(core::StoreId{"s3"}, kDawn, kForever);

  ASSERT_TRUE(Succeeded(both));
  EXPECT_EQ(*both, Concat(first, second));
  ASSERT_TRUE(Succeeded(one));
  EXPECT_EQ(*one, second);
  ASSERT_TRUE(Succeeded(none));
  EXPECT_TRUE(none->empty());
  EXPECT_DOUBLE_EQ(both->queues[0].mean_queue(), 2.5);
}

TEST_P(RetentionContract, SavingAnHourAgainReplacesItsRows) {
  ASSERT_TRUE(Succeeded(aggregates().SaveRollup(Rows("s1", kHour, 1), {})));
  ASSERT_TRUE(Succeeded(aggregates().SaveRollup(Rows("s1", kHour, 3), {})));

  auto loaded = aggregates().LoadAggregates(core::StoreId{"s1"}, kDawn, kForever);

  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(*loaded, Rows("s1", kHour, 3));
}

TEST_P(RetentionContract, WatermarkIsPerStoreAndOnlyMovesForward) {
  auto before = aggregates().Watermark(core::StoreId{"s1"});
  ASSERT_TRUE(Succeeded(before));
  EXPECT_EQ(*before, std::nullopt);

  ASSERT_TRUE(Succeeded(aggregates().SaveRollup(
      {}, {{core::StoreId{"s1"}, kHour + hours(5)}, {core::StoreId{"s2"}, kHour}})));
  ASSERT_TRUE(Succeeded(aggregates().SaveRollup({}, {{core::StoreId{"s1"}, kHour}})));
  Reopen();

  auto s1 = aggregates().Watermark(core::StoreId{"s1"});
  auto s2 = aggregates().Watermark(core::StoreId{"s2"});
  ASSERT_TRUE(Succeeded(s1));
  EXPECT_EQ(*s1, kHour + hours(5));
  ASSERT_TRUE(Succeeded(s2));
  EXPECT_EQ(*s2, kHour);
}

TEST_P(RetentionContract, DayKeysRoundTripInDayOrderAndSurviveReopen) {
  ASSERT_TRUE(Succeeded(keys().SaveKey({kDay + days(1), Blob(2)})));
  ASSERT_TRUE(Succeeded(keys().SaveKey({kDay, Blob(1)})));
  Reopen();

  auto loaded = keys().LoadKeys();

  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(loaded->destroyed_before, std::nullopt);
  EXPECT_EQ(loaded->keys, (std::vector<StoredDayKey>{{kDay, Blob(1)}, {kDay + days(1), Blob(2)}}));
}

TEST_P(RetentionContract, SaveKeyRefusesASecondKeyForADayAndEmptyBlobs) {
  ASSERT_TRUE(Succeeded(keys().SaveKey({kDay, Blob(1)})));

  auto again = keys().SaveKey({kDay, Blob(9)});
  auto empty = keys().SaveKey({kDay + days(1), {}});

  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  auto loaded = keys().LoadKeys();
  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(loaded->keys, (std::vector<StoredDayKey>{{kDay, Blob(1)}}));
}

TEST_P(RetentionContract, DestroyedDaysAreGoneAndStayRefused) {
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(Succeeded(keys().SaveKey({kDay + days(i), Blob(static_cast<uint8_t>(i))})));
  }

  auto destroyed = keys().DestroyKeysBefore(kDay + days(2));
  auto lower = keys().DestroyKeysBefore(kDay);  // never moves the boundary back
  Reopen();
  auto refused = keys().SaveKey({kDay + days(1), Blob(7)});
  auto loaded = keys().LoadKeys();

  ASSERT_TRUE(Succeeded(destroyed));
  EXPECT_EQ(*destroyed, 2);
  ASSERT_TRUE(Succeeded(lower));
  EXPECT_EQ(*lower, 0);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(loaded->destroyed_before, kDay + days(2));
  EXPECT_EQ(loaded->keys,
            (std::vector<StoredDayKey>{{kDay + days(2), Blob(2)}, {kDay + days(3), Blob(3)}}));
}

TEST_P(RetentionContract, EventSpansGiveEachStoresOldestAndNewestEvent) {
  ASSERT_TRUE(Succeeded(
      events().Append(EventBatch{testing::MixedEvents("b", 12, kHour, milliseconds(1000)), {}})));
  ASSERT_TRUE(Succeeded(events().Append(
      EventBatch{testing::MixedEvents("a", 30, kHour - hours(3), milliseconds(60'000)), {}})));

  auto spans = events().EventSpans();

  ASSERT_TRUE(Succeeded(spans));
  EXPECT_EQ(
      *spans,
      (std::vector<StoreEventSpan>{
          {core::StoreId{"a"}, kHour - hours(3), kHour - hours(3) + milliseconds(29 * 60'000)},
          {core::StoreId{"b"}, kHour, kHour + milliseconds(11'000)}}));
}

TEST_P(RetentionContract, DeleteEventsBeforeWorksInBoundedChunksOldestFirst) {
  const auto appended = testing::MixedEvents("s", 60, kHour, milliseconds(1000));
  std::vector<DeadLetter> letters;
  for (int i = 0; i < 9; ++i) {
    letters.push_back({0, kHour + milliseconds(i), "http", i, "zone", "unknown", "{}"});
  }
  ASSERT_TRUE(Succeeded(events().Append(EventBatch{appended, letters})));
  const core::Timestamp cutoff = kHour + milliseconds(40'000);  // the first 40 events

  auto first = events().DeleteEventsBefore(cutoff, 7);
  ASSERT_TRUE(Succeeded(first));
  EXPECT_EQ(first->events, 7);
  EXPECT_EQ(first->dead_letters, 7);
  auto after_first = events().LoadEvents(core::StoreId{"s"}, kDawn, kForever);
  ASSERT_TRUE(Succeeded(after_first));
  // The seven oldest of some type(s) went; nothing at or after the cutoff did.
  EXPECT_EQ(after_first->size(), 53U);
  int64_t total = first->events;
  int calls = 1;
  while (true) {
    auto next = events().DeleteEventsBefore(cutoff, 7);
    ASSERT_TRUE(Succeeded(next));
    ASSERT_LE(next->events, 7);
    ++calls;
    total += next->events;
    if (next->total() == 0) {
      break;
    }
    ASSERT_LT(calls, 100);
  }

  EXPECT_EQ(total, 40);
  auto remaining = events().LoadEvents(core::StoreId{"s"}, kDawn, kForever);
  ASSERT_TRUE(Succeeded(remaining));
  ASSERT_EQ(remaining->size(), 20U);
  for (const auto& event : *remaining) {
    EXPECT_GE(TimeOf(event), cutoff);
  }
  auto letters_left = events().ListDeadLetters(100, std::nullopt);
  ASSERT_TRUE(Succeeded(letters_left));
  EXPECT_TRUE(letters_left->empty());
}

TEST_P(RetentionContract, DeleteEventsBeforeRefusesANonPositiveChunk) {
  for (const int64_t max_rows : {int64_t{0}, int64_t{-5}}) {
    auto deleted = events().DeleteEventsBefore(kForever, max_rows);

    ASSERT_FALSE(deleted.has_value());
    EXPECT_EQ(deleted.error().code, ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace storeops::storage::contract
