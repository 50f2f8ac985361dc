// SPDX-License-Identifier: Apache-2.0
// `storeops import`: CSV and NDJSON event files through the ingest rules, dead letters with the
// file's line numbers, no identifier in what it prints.
#include <chrono>
#include <fstream>
#include <set>
#include <string>
#include <tuple>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storeops/core/time.hpp"
#include "storeops/testing/http_client.hpp"
#include "storeops/testing/temp_dir.hpp"

#include "server_process.hpp"

namespace storeops::testing {
namespace {

std::string HoursAgo(int hours) {
  return core::FormatRfc3339(core::SystemClock().Now() - std::chrono::hours(hours));
}

class ImportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    auto imported =
        RunStoreops({"store", "import", "data/stores/supercenter.json", "--db", db_.string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.output;
  }

  TempDir dir_;
  std::filesystem::path db_ = dir_ / "import.db";
};

TEST_F(ImportCli, ImportsCsvAndNdjsonAndKeepsBadRowsAsDeadLetters) {
  const std::string ts = HoursAgo(1);
  std::ofstream(dir_ / "events.csv")
      << "type,store_id,ts,camera,zone,people,basket_id,lane,tender,sku,qty,unit_price\n"
      << "camera.count,store_001," << ts << ",cam-1,entrance,14,,,,,,\n"
      << "pos.transaction,store_001," << ts << ",,,,b-1,L01,card,0300101,2,3.49\n"
      << "pos.transaction,store_001," << ts << ",,,,b-1,L01,card,0300101,1,3.49\n"
      << "camera.count,store_001," << ts << ",cam-1,entrance,many,,,,,,\n"
      << "camera.count,store_001," << ts << ",cam-1,no_such_zone,3,,,,,,\n";
  std::ofstream(dir_ / "presence.ndjson")
      << R"({"type":"presence","store_id":"store_001","ts":")" << ts
      << R"(","device_id":"02:11:22:33:44:55","zone":"entrance","rssi":-60})"
      << "\n\n"
      << R"({"type":"presence","store_id":"store_001","ts":")" << ts
      << R"(","device_id":"02:11:22:33:44:55","zone":"bakery","rssi":"strong"})"
      << "\n";

  auto result =
      RunStoreops({"import", (dir_ / "events.csv").string(), (dir_ / "presence.ndjson").string(),
                   "--db", db_.string(), "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output.find("02:11:22:33:44:55"), std::string::npos) << result.output;
  const auto json_start = result.output.find("{\"accepted\"");
  ASSERT_NE(json_start, std::string::npos) << result.output;
  auto summary = nlohmann::json::parse(result.output.substr(json_start));
  EXPECT_EQ(summary["accepted"], 3);  // one count, one two-line transaction, one presence
  EXPECT_EQ(summary["rejected"], 3);
  ASSERT_EQ(summary["files"].size(), 2U);
  EXPECT_EQ(summary["files"][0]["rejected"], 2);

  ServerProcess server(db_, dir_.path());
  ASSERT_TRUE(server.running()) << server.Log();
  HttpClient client("127.0.0.1", server.port());
  auto letters = nlohmann::json::parse(client.Get("/api/v1/dead-letter").body)["dead_letters"];
  ASSERT_EQ(letters.size(), 3U) << letters.dump();
  std::set<std::tuple<std::string, int64_t, std::string>> seen;
  for (const auto& letter : letters) {
    seen.emplace(letter["source"], letter["index"], letter["field"]);
  }
  const std::set<std::tuple<std::string, int64_t, std::string>> expected = {
      {"import:events.csv", 5, "people"},
      {"import:events.csv", 6, "zone"},
      {"import:presence.ndjson", 3, "rssi"},  // line 3: the blank line 2 still counts
  };
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(letters.dump().find("02:11:22:33:44:55"), std::string::npos);
}

TEST_F(ImportCli, RefusesAnUnknownColumnNamingItAndExits2) {
  std::ofstream(dir_ / "bad.csv") << "type,store_id,ts,temperature\n";
  auto result = RunStoreops({"import", (dir_ / "bad.csv").string(), "--db", db_.string()});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("'temperature' is not an event field"), std::string::npos)
      << result.output;
  auto bad_type = RunStoreops(
      {"import", (dir_ / "bad.csv").string(), "--db", db_.string(), "--type", "footfall"});
  EXPECT_EQ(bad_type.exit_code, 2) << bad_type.output;
  EXPECT_NE(bad_type.output.find("--type"), std::string::npos) << bad_type.output;
}

TEST_F(ImportCli, CsvWithoutATypeColumnUsesTypeFlag) {
  std::ofstream(dir_ / "counts.csv") << "store_id,ts,camera,zone,people\n"
                                     << "store_001," << HoursAgo(2) << ",cam-1,entrance,4\n"
                                     << "store_001," << HoursAgo(1) << ",cam-1,entrance,5\n";
  auto result = RunStoreops(
      {"import", (dir_ / "counts.csv").string(), "--db", db_.string(), "--type", "camera.count"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("2 events accepted, 0 rejected"), std::string::npos)
      << result.output;
}

}  // namespace
}  // namespace storeops::testing
