// SPDX-License-Identifier: Apache-2.0
// The retention job over the memory doubles: roll up, then delete in chunks, then destroy keys;
// idempotent; nothing deleted when the roll-up fails.
#include "storeops/service/retention.hpp"

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/privacy/keys.hpp"
#include "storeops/service/key_vault.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/memory_storage.hpp"

namespace storeops::service {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

// 2026-11-23T10:00:00Z
constexpr core::Timestamp kStart = core::FromEpochMs(1'795'428'000'000);
const core::StoreId kStore{"test_store"};
const std::chrono::sys_days kDay = std::chrono::floor<days>(kStart);

class RetentionJobTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(db_.stores().SaveStore(testing::SmallStore()).has_value()); }

  // Two hours of activity from 10:00: a sale and two presence sightings every 10 minutes.
  void AppendTwoHours() {
    storage::EventBatch batch;
    for (int m = 0; m < 120; m += 10) {
      const core::Timestamp ts = kStart + minutes(m);
      batch.events.emplace_back(
          core::PosTransaction{kStore,
                               ts,
                               "b" + std::to_string(m),
                               core::LaneId{"L1"},
                               core::Tender::kCash,
                               {{core::SkuId{"0000001"}, 1, core::Money::FromCents(129)}}});
      batch.events.emplace_back(core::Presence{kStore, ts, "tok-a", core::ZoneId{"produce"}});
      batch.events.emplace_back(core::Presence{kStore, ts, "tok-b", core::ZoneId{"entrance"}});
    }
    batch.dead_letters.push_back({0, kStart, "http", 0, "zone", "unknown zone", "{}"});
    ASSERT_TRUE(db_.events().Append(batch).has_value());
  }

  void StoreKeys(std::initializer_list<int> day_offsets) {
    for (int offset : day_offsets) {
      ASSERT_TRUE(db_.keys().SaveKey({kDay + days(offset), std::vector<uint8_t>(61, 7)}));
    }
  }

  testing::MemoryDatabase db_;
};

TEST_F(RetentionJobTest, RollsUpDeletesAndDestroysAfterTheWindow) {
  AppendTwoHours();
  StoreKeys({-3, -1, 0, 1, 2});
  RetentionJob job(db_, {});
  const core::Timestamp as_of = kStart + hours(2) + hours(49);  // cutoff: day 0, 13:00

  auto summary = job.Run(as_of);

  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  EXPECT_EQ(summary->cutoff, as_of - hours(48));
  EXPECT_EQ(summary->events_deleted, 36);
  EXPECT_EQ(summary->dead_letters_deleted, 1);
  EXPECT_EQ(summary->keys_destroyed, 2);  // days -3 and -1 end before the cutoff's day
  EXPECT_EQ(summary->keys_destroyed_before, kDay);
  EXPECT_GE(summary->hours_rolled_up, 2);
  auto counts = db_.events().CountEvents();
  ASSERT_TRUE(counts.has_value());
  EXPECT_EQ(counts->total(), 0);
  auto keys = db_.keys().LoadKeys();
  ASSERT_TRUE(keys.has_value());
  ASSERT_EQ(keys->keys.size(), 3U);
  EXPECT_EQ(keys->keys[0].day, kDay);
  EXPECT_EQ(db_.purge_calls(), 1);
  // The aggregates stay: 6 baskets of 1 banana per hour, two devices.
  auto kept = db_.aggregates().LoadAggregates(kStore, kStart, kStart + hours(2));
  ASSERT_TRUE(kept.has_value());
  ASSERT_EQ(kept->sales.size(), 2U);
  EXPECT_EQ(kept->sales[0],
            (storage::HourlySales{kStore, kStart, core::DepartmentId{"produce"}, 6, 6, 6 * 129}));
  ASSERT_EQ(kept->footfall.size(), 4U);
  EXPECT_EQ(kept->footfall[0].distinct_devices, 1);
  // tok-a is seen every 10 minutes: no gap <= 10 min is broken, so one visit 10:00-11:50 that
  // ends in the 11:00 hour.
  EXPECT_FALSE(kept->dwell.empty());
}

TEST_F(RetentionJobTest, SecondRunAtTheSameTimeDoesNothing) {
  AppendTwoHours();
  StoreKeys({0});
  RetentionJob job(db_, {});
  const core::Timestamp as_of = kStart + hours(60);
  ASSERT_TRUE(job.Run(as_of).has_value());
  auto before = db_.aggregates().LoadAggregates(kStore, kStart - days(1), kStart + days(3));

  auto again = job.Run(as_of);

  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->hours_rolled_up, 0);
  EXPECT_EQ(again->aggregate_rows, 0);
  EXPECT_EQ(again->events_deleted + again->dead_letters_deleted + again->keys_destroyed, 0);
  auto after = db_.aggregates().LoadAggregates(kStore, kStart - days(1), kStart + days(3));
  ASSERT_TRUE(before.has_value() && after.has_value());
  EXPECT_EQ(*after, *before);
  EXPECT_EQ(db_.purge_calls(), 1) << "nothing deleted: nothing to purge";
}

TEST_F(RetentionJobTest, RecentEventsStayAndIncompleteHoursWait) {
  AppendTwoHours();
  RetentionJob job(db_, {});
  // 12:05: the 11:00 hour ended 5 minutes ago, less than the 10-minute settle time.
  auto summary = job.Run(kStart + hours(2) + minutes(5));

  ASSERT_TRUE(summary.has_value());
  EXPECT_EQ(summary->hours_rolled_up, 1);
  EXPECT_EQ(summary->events_deleted, 0);
  auto watermark = db_.aggregates().Watermark(kStore);
  ASSERT_TRUE(watermark.has_value());
  EXPECT_EQ(*watermark, kStart + hours(1));
  auto counts = db_.events().CountEvents();
  ASSERT_TRUE(counts.has_value());
  EXPECT_EQ(counts->total(), 36);
}

TEST_F(RetentionJobTest, DeletesInBoundedChunks) {
  AppendTwoHours();
  RetentionOptions options;
  options.delete_chunk_rows = 10;
  RetentionJob job(db_, options);

  auto summary = job.Run(kStart + hours(60));

  ASSERT_TRUE(summary.has_value());
  EXPECT_EQ(summary->events_deleted, 36);
  EXPECT_EQ(summary->delete_chunks, 4);  // 10 + 10 + 10 + 6
  EXPECT_EQ(db_.memory_events().delete_calls(), 4);
}

TEST_F(RetentionJobTest, FailedRollUpDeletesNothing) {
  AppendTwoHours();
  db_.memory_aggregates().SetUnavailable(true);
  RetentionJob job(db_, {});

  auto summary = job.Run(kStart + hours(60));

  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(summary.error().code, core::ErrorCode::kUnavailable);
  db_.memory_aggregates().SetUnavailable(false);
  auto counts = db_.events().CountEvents();
  ASSERT_TRUE(counts.has_value());
  EXPECT_EQ(counts->total(), 36);
}

TEST_F(RetentionJobTest, WindowTooShortForTheRollUpIsInvalidArgument) {
  RetentionOptions options;
  options.raw_window = hours(2);
  RetentionJob job(db_, options);

  auto summary = job.Run(kStart);

  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(summary.error().code, core::ErrorCode::kInvalidArgument);
}

TEST_F(RetentionJobTest, WithAVaultKeysGoFromMemoryToo) {
  auto master = privacy::GenerateKey();
  ASSERT_TRUE(master.has_value());
  auto vault = KeyVault::Open(db_.keys(), *master);
  ASSERT_TRUE(vault.has_value());
  ASSERT_TRUE((*vault)->Tokenise("a4:5e:60:c1:22:9b", kStart).has_value());
  ASSERT_TRUE((*vault)->Tokenise("a4:5e:60:c1:22:9b", kStart + days(3)).has_value());
  RetentionJob job(db_, {}, vault->get());

  auto summary = job.Run(kStart + days(3));

  ASSERT_TRUE(summary.has_value());
  EXPECT_EQ(summary->keys_destroyed, 1);
  EXPECT_EQ((*vault)->Days(), (std::vector<std::chrono::sys_days>{kDay + days(3)}));
  EXPECT_FALSE((*vault)->Tokenise("a4:5e:60:c1:22:9b", kStart).has_value());
}

}  // namespace
}  // namespace storeops::service
