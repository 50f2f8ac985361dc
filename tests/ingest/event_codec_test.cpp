// SPDX-License-Identifier: Apache-2.0
#include "storeops/ingest/event_codec.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace storeops::ingest {
namespace {

const core::Timestamp kNow = *core::ParseRfc3339("2026-11-23T15:00:00Z");

DecodeOptions Options() {
  DecodeOptions options;
  options.now = kNow;
  return options;
}

// The six examples of docs/EVENTS.md, one per line.
const std::string kGoodNdjson =
    R"({"type":"presence","store_id":"store_001","ts":"2026-11-23T14:05:00Z","device_id":"aa:bb:cc:dd:ee:ff","zone":"electronics","rssi":-61}
{"type":"pos.transaction","store_id":"store_001","ts":"2026-11-23T14:06:10Z","basket_id":"b-9912","lane":"L3","tender":"card","lines":[{"sku":"0001234","qty":2,"unit_price":3.49}]}
{"type":"camera.count","store_id":"store_001","ts":"2026-11-23T14:06:00Z","camera":"cam-entrance-1","zone":"entrance","people":14,"queue":0,"in":3,"out":2}
{"type":"inventory.snapshot","store_id":"store_001","ts":"2026-11-23T06:00:00Z","sku":"0001234","on_hand":40,"on_shelf":12}
{"type":"weather","store_id":"store_001","ts":"2026-11-23T14:00:00Z","temp_c":12.5,"precip_mm":0.4,"condition":"rain"}
{"type":"staff.clock","store_id":"store_001","ts":"2026-11-23T08:59:00Z","employee_id":"e-17","action":"in","department":"grocery"}
)";

TEST(DecodeEvents, DecodesEveryTypeFromNdjson) {
  DecodedBatch batch = DecodeEvents(kGoodNdjson, Options());
  ASSERT_TRUE(batch.rejected.empty())
      << batch.rejected[0].field << ": " << batch.rejected[0].reason;
  ASSERT_EQ(batch.events.size(), 6U);
  const auto& presence = std::get<RawPresence>(batch.events[0].event);
  EXPECT_EQ(presence.device_id, "aa:bb:cc:dd:ee:ff");
  EXPECT_EQ(presence.rssi_dbm, -61);
  const auto& pos = std::get<core::PosTransaction>(batch.events[1].event);
  ASSERT_EQ(pos.lines.size(), 1U);
  EXPECT_EQ(pos.lines[0].unit_price.cents(), 349);
  EXPECT_EQ(pos.tender, core::Tender::kCard);
  EXPECT_EQ(std::get<core::CameraCount>(batch.events[2].event).crossed_out, 2);
  EXPECT_EQ(std::get<core::InventorySnapshot>(batch.events[3].event).on_shelf, 12);
  EXPECT_DOUBLE_EQ(std::get<core::WeatherObservation>(batch.events[4].event).temperature_c, 12.5);
  EXPECT_EQ(std::get<core::StaffClock>(batch.events[5].event).employee_id.value(), "e-17");
}

TEST(DecodeEvents, DecodesAJsonArrayAndEpochMilliseconds) {
  DecodedBatch batch = DecodeEvents(
      R"([{"type":"camera.count","store_id":"s","ts":1795442700000,"camera":"c","zone":"z","people":1}])",
      Options());
  ASSERT_EQ(batch.events.size(), 1U);
  EXPECT_EQ(core::FormatRfc3339(std::get<core::CameraCount>(batch.events[0].event).ts),
            "2026-11-23T14:05:00Z");
}

struct BadEvent {
  std::string name;
  std::string json;
  std::string field;
  std::string reason_part;
};

std::string Camera(const std::string& extra) {
  return R"({"type":"camera.count","store_id":"store_001","ts":"2026-11-23T14:06:00Z","camera":"cam-1","zone":"entrance")" +
         extra + "}";
}

std::string Pos(const std::string& lines, const std::string& extra = "") {
  return R"({"type":"pos.transaction","store_id":"store_001","ts":"2026-11-23T14:06:10Z","basket_id":"b-1","lane":"L3","tender":"card","lines":)" +
         lines + extra + "}";
}

TEST(DecodeEvents, RejectsEachMalformedEventPrecisely) {
  const std::vector<BadEvent> cases = {
      {"not an object", "42", "", "must be an object"},
      {"array instead of object", "[1,2]", "", "must be an object"},
      {"missing type", R"({"store_id":"s"})", "type", "required field missing"},
      {"unknown type", R"({"type":"teleport"})", "type", "unknown value 'teleport'"},
      {"type not a string", R"({"type":7})", "type", "must be a string"},
      {"missing store", R"({"type":"weather","ts":"2026-11-23T14:00:00Z"})", "store_id",
       "required field missing"},
      {"store id with slash",
       R"({"type":"camera.count","store_id":"a/b","ts":"2026-11-23T14:06:00Z","camera":"c","zone":"z","people":1})",
       "store_id", "must be 1-64 characters"},
      {"missing ts", R"({"type":"weather","store_id":"s"})", "ts", "required field missing"},
      {"ts not rfc3339", R"({"type":"weather","store_id":"s","ts":"yesterday"})", "ts", "RFC 3339"},
      {"ts bool", R"({"type":"weather","store_id":"s","ts":true})", "ts", "epoch milliseconds"},
      {"ts far future", R"({"type":"weather","store_id":"s","ts":"2027-01-01T00:00:00Z"})", "ts",
       "in the future"},
      {"ts far past", R"({"type":"weather","store_id":"s","ts":"1999-01-01T00:00:00Z"})", "ts",
       "too far in the past"},
      {"people missing", Camera(""), "people", "required field missing"},
      {"people string", Camera(R"(,"people":"14")"), "people", "must be a number, got string"},
      {"people negative", Camera(R"(,"people":-1)"), "people", "between 0 and 100000"},
      {"people huge", Camera(R"(,"people":1e300)"), "people", "whole number"},
      {"people fractional", Camera(R"(,"people":2.5)"), "people", "whole number"},
      {"people beyond int64", Camera(R"(,"people":123456789012345678901234567890)"), "", "number"},
      {"queue negative", Camera(R"(,"people":1,"queue":-3)"), "queue", "between 0 and 10000"},
      {"lines not array", Pos(R"({"sku":"1"})"), "lines", "must be an array, got object"},
      {"lines empty", Pos("[]"), "lines", "1 to 1000 lines"},
      {"line not object", Pos("[5]"), "lines[0]", "must be an object"},
      {"negative price", Pos(R"([{"sku":"1","qty":1,"unit_price":-0.5}])"), "lines[0].unit_price",
       "between 0 and"},
      {"zero qty", Pos(R"([{"sku":"1","qty":0,"unit_price":1}])"), "lines[0].qty", "must not be 0"},
      {"second line bad sku",
       Pos(R"([{"sku":"1","qty":1,"unit_price":1},{"sku":"","qty":1,"unit_price":1}])"),
       "lines[1].sku", "must not be empty"},
      {"card number", Pos(R"([{"sku":"1","qty":1,"unit_price":1}])", R"(,"card_number":"4111")"),
       "card_number", "never accepted"},
      {"bad tender",
       R"({"type":"pos.transaction","store_id":"s","ts":"2026-11-23T14:06:10Z","basket_id":"b","lane":"L3","tender":"iou","lines":[]})",
       "tender", "unknown value 'iou'"},
      {"negative stock",
       R"({"type":"inventory.snapshot","store_id":"s","ts":"2026-11-23T06:00:00Z","sku":"1","on_hand":-4,"on_shelf":0})",
       "on_hand", "between 0 and"},
      {"weather temp string",
       R"({"type":"weather","store_id":"s","ts":"2026-11-23T14:00:00Z","temp_c":"warm","precip_mm":0,"condition":"rain"})",
       "temp_c", "must be a number"},
      {"weather unknown condition",
       R"({"type":"weather","store_id":"s","ts":"2026-11-23T14:00:00Z","temp_c":1,"precip_mm":0,"condition":"lava"})",
       "condition", "unknown value 'lava'"},
      {"presence rssi positive",
       R"({"type":"presence","store_id":"s","ts":"2026-11-23T14:05:00Z","device_id":"aa:bb:cc:dd:ee:ff","zone":"z","rssi":12})",
       "rssi", "between -120 and 0"},
      {"presence device id too long",
       R"({"type":"presence","store_id":"s","ts":"2026-11-23T14:05:00Z","device_id":")" +
           std::string(200, 'a') + R"(","zone":"z"})",
       "device_id", "at most 128"},
      {"clock bad action",
       R"({"type":"staff.clock","store_id":"s","ts":"2026-11-23T08:59:00Z","employee_id":"e-1","action":"nap","department":"d"})",
       "action", "unknown value 'nap'"},
      {"ten megabyte string",
       R"({"type":"staff.clock","store_id":"s","ts":"2026-11-23T08:59:00Z","employee_id":")" +
           std::string(10 * 1024 * 1024, 'x') + R"(","action":"in","department":"d"})",
       "employee_id", "at most 64"},
      {"invalid utf8", "{\"type\":\"weather\",\"store_id\":\"s\xff\"}", "", "UTF-8"},
      {"deep nesting", std::string(10'000, '[') + std::string(10'000, ']'), "", ""},
      {"truncated", R"({"type":"weather","store_id":)", "", "not valid JSON"},
  };
  ASSERT_GE(cases.size(), 30U);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    // NDJSON: the bad line sits between two good ones, which must survive.
    const std::string good = Camera(R"(,"people":3)");
    DecodedBatch batch = DecodeEvents(good + "\n" + c.json + "\n" + good + "\n", Options());
    ASSERT_EQ(batch.rejected.size(), 1U);
    EXPECT_EQ(batch.rejected[0].index, 1U);
    EXPECT_EQ(batch.rejected[0].field, c.field) << batch.rejected[0].reason;
    EXPECT_NE(batch.rejected[0].reason.find(c.reason_part), std::string::npos)
        << batch.rejected[0].reason;
    ASSERT_EQ(batch.events.size(), 2U);
    EXPECT_EQ(batch.events[1].index, 2U);
  }
}

TEST(DecodeEvents, BadBodiesAreOneRejection) {
  const std::vector<std::string> bodies = {"", "   \n ", "[1,2", "[{\"type\":\"weather\"},",
                                           "[" + std::string(100, '[')};
  for (const std::string& body : bodies) {
    DecodedBatch batch = DecodeEvents(body, Options());
    EXPECT_TRUE(batch.events.empty()) << body;
    ASSERT_EQ(batch.rejected.size(), 1U) << body;
    EXPECT_EQ(batch.rejected[0].field, "");
  }
}

TEST(DecodeEvents, RejectedPayloadsNeverCarryIdentifiers) {
  const std::string json =
      R"({"type":"presence","store_id":"s","ts":"2026-11-23T14:05:00Z","device_id":"aa:bb:cc:dd:ee:ff","zone":"z","rssi":99})";
  DecodedBatch batch = DecodeEvents(json, Options());
  ASSERT_EQ(batch.rejected.size(), 1U);
  EXPECT_EQ(batch.rejected[0].payload.find("aa:bb"), std::string::npos);
  EXPECT_NE(batch.rejected[0].payload.find("[redacted]"), std::string::npos);
  EXPECT_NE(batch.rejected[0].payload.find("\"rssi\":99"), std::string::npos);
}

TEST(DecodeEvents, CapsEventsPerBody) {
  DecodeOptions options = Options();
  options.max_events = 2;
  const std::string line = Camera(R"(,"people":3)") + "\n";
  DecodedBatch batch = DecodeEvents(line + line + line, options);
  EXPECT_EQ(batch.events.size(), 2U);
  ASSERT_EQ(batch.rejected.size(), 1U);
  EXPECT_NE(batch.rejected[0].reason.find("more than 2 events"), std::string::npos);
}

}  // namespace
}  // namespace storeops::ingest
