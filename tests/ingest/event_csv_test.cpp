// SPDX-License-Identifier: Apache-2.0
#include "storeops/ingest/event_csv.hpp"

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

// Decodes a whole file in chunks of `chunk` events.
DecodedBatch ReadAll(std::string_view text, CsvOptions options = {}, size_t chunk = 1000) {
  auto reader = CsvEventReader::Open(text, std::move(options));
  EXPECT_TRUE(reader.has_value()) << reader.error().message;
  DecodedBatch all;
  while (reader && !reader->AtEnd()) {
    DecodedBatch batch = reader->Next(chunk, Options());
    for (auto& event : batch.events) {
      all.events.push_back(std::move(event));
    }
    for (auto& rejection : batch.rejected) {
      all.rejected.push_back(std::move(rejection));
    }
  }
  return all;
}

// The six event types of docs/EVENTS.md in one file; the transaction spans two rows.
const std::string kMixed =
    "type,store_id,ts,basket_id,lane,tender,sku,qty,unit_price,device_id,zone,rssi,camera,people,"
    "queue,in,out,on_hand,on_shelf,temp_c,precip_mm,condition,employee_id,action,department\n"
    "presence,store_001,2026-11-23T14:05:00Z,,,,,,,aa:bb:cc:dd:ee:ff,electronics,-61,,,,,,,,,,,,,\n"
    "pos.transaction,store_001,2026-11-23T14:06:10Z,b-9912,L3,card,0001234,2,3.49,,,,,,,,,,,,,,,,\n"
    "pos.transaction,store_001,2026-11-23T14:06:10Z,b-9912,L3,card,0005678,1,10,,,,,,,,,,,,,,,,\n"
    "camera.count,store_001,1795442760000,,,,,,,,entrance,,cam-entrance-1,14,0,3,2,,,,,,,,\n"
    "inventory.snapshot,store_001,2026-11-23T06:00:00Z,,,,0001234,,,,,,,,,,,40,12,,,,,,\n"
    "weather,store_001,2026-11-23T14:00:00Z,,,,,,,,,,,,,,,,,12.5,0.4,rain,,,\n"
    "staff.clock,store_001,2026-11-23T08:59:00Z,,,,,,,,,,,,,,,,,,,,e-17,in,grocery\n";

TEST(CsvEventReader, DecodesEveryTypeWithLineNumbers) {
  DecodedBatch batch = ReadAll(kMixed);
  ASSERT_TRUE(batch.rejected.empty()) << batch.rejected[0].index << " " << batch.rejected[0].field
                                      << ": " << batch.rejected[0].reason;
  ASSERT_EQ(batch.events.size(), 6U);
  EXPECT_EQ(std::get<RawPresence>(batch.events[0].event).device_id, "aa:bb:cc:dd:ee:ff");
  EXPECT_EQ(batch.events[0].index, 2U);
  const auto& pos = std::get<core::PosTransaction>(batch.events[1].event);
  EXPECT_EQ(batch.events[1].index, 3U);
  ASSERT_EQ(pos.lines.size(), 2U);
  EXPECT_EQ(pos.lines[0].sku.value(), "0001234");  // leading zeros kept: a sku is text
  EXPECT_EQ(pos.lines[0].unit_price.cents(), 349);
  EXPECT_EQ(pos.lines[1].unit_price.cents(), 1000);
  const auto& count = std::get<core::CameraCount>(batch.events[2].event);
  EXPECT_EQ(batch.events[2].index, 5U);
  EXPECT_EQ(core::FormatRfc3339(count.ts), "2026-11-23T14:06:00Z");  // epoch milliseconds
  EXPECT_EQ(count.crossed_out, 2);
  const auto& snapshot = std::get<core::InventorySnapshot>(batch.events[3].event);
  EXPECT_EQ(snapshot.sku.value(), "0001234");
  EXPECT_EQ(snapshot.on_shelf, 12);
  EXPECT_DOUBLE_EQ(std::get<core::WeatherObservation>(batch.events[4].event).precipitation_mm, 0.4);
  EXPECT_EQ(std::get<core::StaffClock>(batch.events[5].event).employee_id.value(), "e-17");
  EXPECT_EQ(batch.events[5].index, 8U);
}

TEST(CsvEventReader, UsesTheDefaultTypeWithoutATypeColumn) {
  const std::string csv =
      "store_id,ts,camera,zone,people\r\n"
      "store_001,2026-11-23T14:06:00Z,cam-1,entrance,14\r\n"
      "\r\n"
      "store_001,2026-11-23T14:06:10Z,cam-1,entrance,15\r\n";
  DecodedBatch batch = ReadAll(csv, {.default_type = "camera.count"});
  ASSERT_TRUE(batch.rejected.empty()) << batch.rejected[0].reason;
  ASSERT_EQ(batch.events.size(), 2U);
  EXPECT_EQ(batch.events[1].index, 4U);  // the blank line still counts
  EXPECT_EQ(std::get<core::CameraCount>(batch.events[1].event).people, 15);
}

TEST(CsvEventReader, ReadsQuotedFieldsAcrossLines) {
  const std::string csv =
      "\xEF\xBB\xBFtype,store_id,ts,employee_id,action,department\n"
      "staff.clock,\"store_001\",2026-11-23T08:59:00Z,\"e-\"\"17\"\"\",in,grocery\n"
      "staff.clock,store_001,2026-11-23T08:59:00Z,\"e\n18\",in,grocery\n"
      "staff.clock,store_001,2026-11-23T09:00:00Z,e-19,in,grocery\n";
  DecodedBatch batch = ReadAll(csv);
  // Quotes and line breaks are not allowed in ids: refused by the JSON rules, naming the field.
  ASSERT_EQ(batch.rejected.size(), 2U);
  EXPECT_EQ(batch.rejected[0].index, 2U);
  EXPECT_EQ(batch.rejected[0].field, "employee_id");
  EXPECT_EQ(batch.rejected[1].index, 3U);
  ASSERT_EQ(batch.events.size(), 1U);
  EXPECT_EQ(batch.events[0].index, 5U);  // the quoted line break made line 3 two lines long
}

TEST(CsvEventReader, RefusesBadHeaders) {
  struct Case {
    std::string csv;
    std::string field;
    std::string reason_part;
  };

  const std::vector<Case> cases = {
      {"", "header", "empty"},
      {"type,store_id,temperature\n", "header[3]", "'temperature' is not an event field"},
      {"type,store_id,type\n", "header[3]", "appears twice"},
      {"store_id,ts\n", "type", "no 'type' column"},
      {"type,\"store_id\n", "header", "never closed"},
  };
  for (const auto& c : cases) {
    auto reader = CsvEventReader::Open(c.csv, {});
    ASSERT_FALSE(reader.has_value()) << c.csv;
    EXPECT_EQ(reader.error().code, core::ErrorCode::kInvalidArgument);
    ASSERT_FALSE(reader.error().details.empty());
    EXPECT_EQ(reader.error().details[0].field, c.field) << c.csv;
    EXPECT_NE(reader.error().message.find(c.reason_part), std::string::npos)
        << reader.error().message;
  }
}

TEST(CsvEventReader, RejectsBadRowsAndKeepsTheGoodOnes) {
  const std::string csv =
      "type,store_id,ts,camera,zone,people,device_id\n"
      "camera.count,s1,2026-11-23T14:06:00Z,c1,entrance,many,\n"         // 2: not a number
      "camera.count,s1,2026-11-23T14:06:00Z,c1,entrance\n"               // 3: too few fields
      "camera.count,s1,2026-11-23T14:06:00Z,c1,entrance,\"7\"x,\n"       // 4: text after quote
      "presence,s1,2026-11-23T14:06:00Z,,entrance,,aa:bb:cc:dd:ee:ff\n"  // 5: no zone? has one
      "presence,s1,2099-01-01T00:00:00Z,,entrance,,aa:bb:cc:dd:ee:01\n"  // 6: future
      "camera.count,s1,2026-11-23T14:06:00Z,c1,entr\xff"
      "ance,3,\n"                                                  // 7: invalid UTF-8
      "camera.count,s1,2026-11-23T14:06:00Z,c1,entrance,3,\n"      // 8: good
      "camera.count,s1,2026-11-23T14:06:00Z,c1,entrance,-1,\n"     // 9: negative
      "camera.count,s1,2026-11-23T14:06:00Z,c1,entrance,1e999,\n"  // 10: not JSON
      "camera.count,s1,2026-11-23T14:06:00Z,c1,entrance,\"3\n";    // 11: open quote
  DecodedBatch batch = ReadAll(csv);
  ASSERT_EQ(batch.events.size(), 2U);
  EXPECT_EQ(batch.events[0].index, 5U);
  EXPECT_EQ(batch.events[1].index, 8U);
  std::vector<std::pair<size_t, std::string>> seen;
  for (const auto& r : batch.rejected) {
    seen.emplace_back(r.index, r.field);
    EXPECT_EQ(r.payload.find("aa:bb:cc:dd:ee"), std::string::npos) << r.payload;
  }
  const std::vector<std::pair<size_t, std::string>> expected = {
      {2, "people"}, {3, ""}, {4, ""}, {6, "ts"}, {7, ""}, {9, "people"}, {10, ""}, {11, ""}};
  EXPECT_EQ(seen, expected);
  EXPECT_NE(batch.rejected[1].reason.find("row has 5 fields, the header has 7"), std::string::npos)
      << batch.rejected[1].reason;
  EXPECT_NE(batch.rejected[7].reason.find("never closed"), std::string::npos);
}

TEST(CsvEventReader, ChunksNeverSplitATransaction) {
  std::string csv = "type,store_id,ts,basket_id,lane,tender,sku,qty,unit_price\n";
  for (int basket = 0; basket < 5; ++basket) {
    for (int line = 0; line < 3; ++line) {
      csv += "pos.transaction,s1,2026-11-23T14:00:00Z,b" + std::to_string(basket) + ",L1,cash,sku" +
             std::to_string(line) + ",1,1.50\n";
    }
  }
  auto reader = CsvEventReader::Open(csv, {});
  ASSERT_TRUE(reader.has_value());
  size_t chunks = 0;
  size_t transactions = 0;
  while (!reader->AtEnd()) {
    DecodedBatch batch = reader->Next(2, Options());
    ++chunks;
    ASSERT_TRUE(batch.rejected.empty()) << batch.rejected[0].reason;
    for (const auto& event : batch.events) {
      EXPECT_EQ(std::get<core::PosTransaction>(event.event).lines.size(), 3U);
      EXPECT_EQ(event.index, 2 + 3 * transactions);
      ++transactions;
    }
  }
  EXPECT_EQ(transactions, 5U);
  EXPECT_EQ(chunks, 3U);
  EXPECT_EQ(reader->offset(), csv.size());
}

}  // namespace
}  // namespace storeops::ingest
