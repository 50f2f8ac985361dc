// SPDX-License-Identifier: Apache-2.0
#include "storeops/service/ingest_service.hpp"

#include <string>

#include <gtest/gtest.h>

#include "storeops/privacy/tokens.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/memory_storage.hpp"

namespace storeops::service {
namespace {

const core::Timestamp kNow = *core::ParseRfc3339("2026-11-23T15:00:00Z");

class IngestServiceTest : public ::testing::Test {
 protected:
  IngestServiceTest()
      : clock_(kNow),
        catalog_(database_.stores()),
        ingest_(database_.events(), catalog_, TokenisingPresenceFilter(key_ring_), clock_) {
    EXPECT_TRUE(catalog_.SaveStore(testing::SmallStore("s1")).has_value());
  }

  testing::MemoryDatabase database_;
  core::ManualClock clock_;
  privacy::KeyRing key_ring_;
  StoreCatalog catalog_;
  IngestService ingest_;
};

const std::string kPresence =
    R"({"type":"presence","store_id":"s1","ts":"2026-11-23T14:05:00Z","device_id":"aa:bb:cc:dd:ee:ff","zone":"produce","rssi":-61})";
const std::string kCamera =
    R"({"type":"camera.count","store_id":"s1","ts":"2026-11-23T14:06:00Z","camera":"c1","zone":"entrance","people":4})";

TEST_F(IngestServiceTest, StoresAcceptedEventsWithPresenceAnonymised) {
  auto reply = ingest_.Ingest(kPresence + "\n" + kCamera + "\n", "http");
  ASSERT_TRUE(reply.has_value()) << reply.error().message;
  EXPECT_EQ(reply->accepted, 2);
  EXPECT_TRUE(reply->rejected.empty());
  auto events = database_.events().LoadEvents(core::StoreId{"s1"}, core::FromEpochMs(0), kNow);
  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), 2U);
  const auto& presence = std::get<core::Presence>((*events)[0]);
  EXPECT_EQ(presence.device_token.size(), 32U);
  EXPECT_EQ(presence.device_token.find("aa:bb"), std::string::npos);
  EXPECT_EQ(presence.zone, core::ZoneId{"produce"});
}

TEST_F(IngestServiceTest, UnknownStoreAndZoneAreRejectedAndKeptAsDeadLetters) {
  const std::string unknown_store =
      R"({"type":"camera.count","store_id":"nope","ts":"2026-11-23T14:06:00Z","camera":"c1","zone":"entrance","people":4})";
  const std::string unknown_zone =
      R"({"type":"camera.count","store_id":"s1","ts":"2026-11-23T14:06:00Z","camera":"c1","zone":"roof","people":4})";
  auto reply =
      ingest_.Ingest(kCamera + "\n" + unknown_store + "\n" + unknown_zone + "\n{bad\n", "http");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->accepted, 1);
  ASSERT_EQ(reply->rejected.size(), 3U);
  EXPECT_EQ(reply->rejected[0].index, 1U);
  EXPECT_EQ(reply->rejected[0].field, "store_id");
  EXPECT_EQ(reply->rejected[1].field, "zone");
  EXPECT_EQ(reply->rejected[2].index, 3U);
  auto letters = ingest_.ListDeadLetters(10, std::nullopt);
  ASSERT_TRUE(letters.has_value());
  EXPECT_EQ(letters->size(), 3U);
  EXPECT_EQ((*letters)[0].source, "http");
}

TEST_F(IngestServiceTest, DeadLetterLimitIsValidated) {
  EXPECT_EQ(ingest_.ListDeadLetters(0, std::nullopt).error().details[0].field, "limit");
  EXPECT_EQ(ingest_.ListDeadLetters(1001, std::nullopt).error().code,
            core::ErrorCode::kInvalidArgument);
}

TEST_F(IngestServiceTest, StorageDownFailsTheWholeCallSoItCanBeRetried) {
  database_.memory_stores().SetUnavailable(false);
  database_.memory_events().SetUnavailable(true);
  auto reply = ingest_.Ingest(kCamera, "http");
  ASSERT_FALSE(reply.has_value());
  EXPECT_EQ(reply.error().code, core::ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace storeops::service
