// SPDX-License-Identifier: Apache-2.0
#include "storeops/core/time.hpp"

#include <string>

#include <gtest/gtest.h>

namespace storeops::core {
namespace {

TEST(Rfc3339, ParsesUtcAndOffsetsToTheSameInstant) {
  auto utc = ParseRfc3339("2026-11-23T14:05:00Z");
  auto offset = ParseRfc3339("2026-11-23T08:05:00-06:00");
  ASSERT_TRUE(utc.has_value());
  ASSERT_TRUE(offset.has_value());
  EXPECT_EQ(*utc, *offset);
  EXPECT_EQ(ToEpochMs(*utc), 1795442700000);
}

TEST(Rfc3339, KeepsMillisecondsAndFormatsBack) {
  auto ts = ParseRfc3339("2026-11-23T14:05:00.250Z");
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(FormatRfc3339(*ts), "2026-11-23T14:05:00.250Z");
  EXPECT_EQ(FormatRfc3339(FromEpochMs(0)), "1970-01-01T00:00:00Z");
}

TEST(Rfc3339, RejectsMalformedTextWithAReason) {
  for (const char* text : {"", "2026-11-23", "2026-11-23T14:05:00", "2026-13-01T00:00:00Z",
                           "2026-02-30T00:00:00Z", "2026-11-23T25:00:00Z", "2026-1-3T00:00:00Z",
                           "2026-11-23T14:05:00Zjunk", "2026-11-23T14:05:00+0600"}) {
    auto ts = ParseRfc3339(text);
    EXPECT_FALSE(ts.has_value()) << text;
    if (!ts.has_value()) {
      EXPECT_EQ(ts.error().code, ErrorCode::kInvalidArgument);
      EXPECT_NE(ts.error().message.find("RFC 3339"), std::string::npos);
    }
  }
}

TEST(StoreCalendar, UnknownTimeZoneIsInvalidArgument) {
  auto calendar = StoreCalendar::ForTimeZone("Mars/Olympus_Mons");
  ASSERT_FALSE(calendar.has_value());
  EXPECT_EQ(calendar.error().code, ErrorCode::kInvalidArgument);
}

TEST(StoreCalendar, ConvertsToLocalTimeWithWeekday) {
  auto calendar = StoreCalendar::ForTimeZone("America/Chicago");
  ASSERT_TRUE(calendar.has_value());
  LocalDateTime local = calendar->ToLocal(*ParseRfc3339("2026-11-23T14:05:00Z"));
  EXPECT_EQ(local.hour, 8);
  EXPECT_EQ(local.minute, 5);
  EXPECT_EQ(local.weekday, Weekday::kMonday);
  EXPECT_EQ(calendar->ToUtc(local), *ParseRfc3339("2026-11-23T14:05:00Z"));
}

TEST(StoreCalendar, HandlesDaylightSavingChange) {
  auto calendar = StoreCalendar::ForTimeZone("Europe/London");
  ASSERT_TRUE(calendar.has_value());
  // Summer: UTC+1; winter: UTC+0.
  EXPECT_EQ(calendar->ToLocal(*ParseRfc3339("2026-07-01T12:00:00Z")).hour, 13);
  EXPECT_EQ(calendar->ToLocal(*ParseRfc3339("2026-12-01T12:00:00Z")).hour, 12);
  // 01:30 on 2026-03-29 does not exist in London; it maps past the jump, never before it.
  LocalDateTime gap{2026, 3, 29, 1, 30, 0, Weekday::kSunday};
  EXPECT_GE(calendar->ToUtc(gap), *ParseRfc3339("2026-03-29T01:00:00Z"));
}

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock clock(FromEpochMs(1000));
  EXPECT_EQ(ToEpochMs(clock.Now()), 1000);
  clock.Advance(std::chrono::hours(49));
  EXPECT_EQ(ToEpochMs(clock.Now()), 1000 + 49LL * 3600 * 1000);
}

}  // namespace
}  // namespace storeops::core
