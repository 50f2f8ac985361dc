// SPDX-License-Identifier: Apache-2.0
#include "storeops/privacy/filter.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/core/time.hpp"

namespace storeops::privacy {
namespace {

core::Timestamp At(const char* rfc3339) { return *core::ParseRfc3339(rfc3339); }

ZoneMapping SampleZones() {
  ZoneMapping zones;
  EXPECT_TRUE(zones.Add("ap-3f-07", core::ZoneId{"electronics"}).has_value());
  EXPECT_TRUE(zones.Add("ap-3f-08", core::ZoneId{"electronics"}).has_value());
  EXPECT_TRUE(zones.Add("electronics", core::ZoneId{"electronics"}).has_value());
  return zones;
}

TEST(ZoneMapping, RejectsEmptyAndConflictingLocations) {
  ZoneMapping zones = SampleZones();
  auto empty = zones.Add("", core::ZoneId{"produce"});
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().details.at(0).field, "location");
  EXPECT_TRUE(zones.Add("ap-3f-07", core::ZoneId{"electronics"}).has_value());  // same: fine
  auto conflict = zones.Add("ap-3f-07", core::ZoneId{"produce"});
  ASSERT_FALSE(conflict.has_value());
  EXPECT_EQ(conflict.error().code, core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(zones.size(), 3U);
}

TEST(AnonymisePresence, KeepsZoneAndTokenAndDropsEverythingElse) {
  ZoneMapping zones = SampleZones();
  KeyRing ring;
  const RawPresence raw{core::StoreId{"store_001"}, At("2026-11-23T14:05:00Z"), "aa:bb:cc:dd:ee:ff",
                        "ap-3f-07", -61};
  auto presence = AnonymisePresence(raw, zones, ring);
  ASSERT_TRUE(presence.has_value()) << presence.error().message;
  EXPECT_EQ(presence->store_id, core::StoreId{"store_001"});
  EXPECT_EQ(presence->ts, raw.ts);
  EXPECT_EQ(presence->zone, core::ZoneId{"electronics"});
  EXPECT_EQ(presence->device_token, *ring.Tokenise("AABBCCDDEEFF", raw.ts));
  EXPECT_EQ(presence->device_token.size(), kTokenHexDigits);

  // Another access point of the same zone, another spelling: the same presence.
  const RawPresence same{raw.store_id, raw.ts, "AA-BB-CC-DD-EE-FF", "ap-3f-08", -80};
  auto again = AnonymisePresence(same, zones, ring);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->device_token, presence->device_token);
  EXPECT_EQ(again->zone, presence->zone);
}

TEST(AnonymisePresence, UnknownLocationNamesZoneAndCreatesNoKey) {
  ZoneMapping zones = SampleZones();
  KeyRing ring;
  const RawPresence raw{core::StoreId{"store_001"}, At("2026-11-23T14:05:00Z"), "aa:bb:cc:dd:ee:ff",
                        "ap-unknown", std::nullopt};
  auto presence = AnonymisePresence(raw, zones, ring);
  ASSERT_FALSE(presence.has_value());
  EXPECT_EQ(presence.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(presence.error().details.at(0).field, "zone");
  EXPECT_TRUE(ring.Days().empty());
}

TEST(AnonymisePresence, BadDeviceAndDestroyedDayAreRejectedNamingTheField) {
  ZoneMapping zones = SampleZones();
  KeyRing ring;
  const RawPresence no_device{core::StoreId{"store_001"}, At("2026-11-23T14:05:00Z"), "",
                              "electronics", std::nullopt};
  auto bad = AnonymisePresence(no_device, zones, ring);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().details.at(0).field, "device_id");

  ASSERT_TRUE(ring.DestroyKeysBefore(UtcDayOf(At("2026-11-24T00:00:00Z"))).has_value());
  const RawPresence late{core::StoreId{"store_001"}, At("2026-11-23T23:59:00Z"), "aabbccddeeff",
                         "electronics", std::nullopt};
  auto refused = AnonymisePresence(late, zones, ring);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(refused.error().details.at(0).field, "ts");
}

std::vector<AggregateCell> CellsWithCounts(std::vector<int64_t> counts) {
  std::vector<AggregateCell> cells;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    cells.push_back({"cell-" + std::to_string(i), counts[i], 100.0 + static_cast<double>(i)});
  }
  return cells;
}

TEST(SuppressSmallCounts, DropsCellsBelowKAndKeepsTheBoundary) {
  const auto cells = CellsWithCounts({4, 5, 1, 6, 0});
  auto published = SuppressSmallCounts(cells, SuppressionOptions{});
  ASSERT_TRUE(published.has_value());
  ASSERT_EQ(published->size(), 3U);
  EXPECT_EQ((*published)[0].key, "cell-1");
  EXPECT_EQ((*published)[0].distinct_tokens, 5);
  EXPECT_EQ((*published)[0].value, 101.0);
  EXPECT_EQ((*published)[1].key, "cell-3");
  EXPECT_EQ((*published)[2].key, "cell-4");  // nobody there names no one
  EXPECT_EQ((*published)[2].distinct_tokens, 0);
  for (const PublishedCell& cell : *published) {
    EXPECT_FALSE(cell.suppressed);
  }
}

TEST(SuppressSmallCounts, MarkModeKeepsTheCellButNeverItsValueOrCount) {
  const auto cells = CellsWithCounts({4, 5});
  auto published =
      SuppressSmallCounts(cells, {.min_distinct_tokens = 5, .mode = SuppressionMode::kMark});
  ASSERT_TRUE(published.has_value());
  ASSERT_EQ(published->size(), 2U);
  EXPECT_TRUE((*published)[0].suppressed);
  EXPECT_EQ((*published)[0].key, "cell-0");
  EXPECT_FALSE((*published)[0].value.has_value());
  EXPECT_FALSE((*published)[0].distinct_tokens.has_value());
  EXPECT_FALSE((*published)[1].suppressed);
  EXPECT_EQ((*published)[1].value, 101.0);
}

TEST(SuppressSmallCounts, KIsConfigurable) {
  const auto cells = CellsWithCounts({1, 2, 9, 10});
  auto published = SuppressSmallCounts(cells, {.min_distinct_tokens = 10});
  ASSERT_TRUE(published.has_value());
  ASSERT_EQ(published->size(), 1U);
  EXPECT_EQ((*published)[0].key, "cell-3");
  auto all = SuppressSmallCounts(cells, {.min_distinct_tokens = 1});
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->size(), 4U);
}

TEST(SuppressSmallCounts, RejectsBadKAndNegativeCountsNamingTheField) {
  const auto cells = CellsWithCounts({5, -1});
  auto bad_k = SuppressSmallCounts(cells, {.min_distinct_tokens = 0});
  ASSERT_FALSE(bad_k.has_value());
  EXPECT_EQ(bad_k.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad_k.error().details.at(0).field, "min_distinct_tokens");
  auto negative = SuppressSmallCounts(cells, SuppressionOptions{});
  ASSERT_FALSE(negative.has_value());
  EXPECT_EQ(negative.error().details.at(0).field, "cells[1].distinct_tokens");
}

}  // namespace
}  // namespace storeops::privacy
