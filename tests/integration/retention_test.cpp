// SPDX-License-Identifier: Apache-2.0
// Retention end to end with the real binary: events with known MAC addresses go in over HTTP,
// the server restarts (tokens of a device on one day must not change: the key ring is stored),
// then `storeops maintenance retention --as-of now+49h` must leave no raw event, no token and no
// key older than the window in the database or its WAL (checked by query and by a byte scan),
// while the hourly aggregates stay.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/stat.h>

#include "storeops/core/time.hpp"
#include "storeops/storage_sqlite/sqlite_database.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/http_client.hpp"
#include "storeops/testing/temp_dir.hpp"

#include "server_process.hpp"

namespace storeops::testing {
namespace {

using nlohmann::json;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr core::Timestamp kDawn = core::FromEpochMs(std::numeric_limits<int64_t>::min());
constexpr core::Timestamp kForever = core::FromEpochMs(std::numeric_limits<int64_t>::max());

std::string Presence(const std::string& mac, core::Timestamp ts, const std::string& zone) {
  return R"({"type":"presence","store_id":"store_001","ts":")" + core::FormatRfc3339(ts) +
         R"(","device_id":")" + mac + R"(","zone":")" + zone + R"(","rssi":-60})" + "\n";
}

std::string Sale(const std::string& basket, core::Timestamp ts) {
  return R"({"type":"pos.transaction","store_id":"store_001","ts":")" + core::FormatRfc3339(ts) +
         R"(","basket_id":")" + basket +
         R"(","lane":"L01","tender":"card","lines":[{"sku":"0300101","qty":2,"unit_price":1.29}]})" +
         "\n";
}

std::string Camera(core::Timestamp ts, int queue) {
  return R"({"type":"camera.count","store_id":"store_001","ts":")" + core::FormatRfc3339(ts) +
         R"(","camera":"L01","zone":"checkout_front","people":4,"queue":)" + std::to_string(queue) +
         R"(,"in":2,"out":1})" + "\n";
}

void Ingest(ServerProcess& server, const std::string& body, int expected_accepted) {
  HttpClient client("127.0.0.1", server.port());
  auto reply = client.Send("POST", "/api/v1/events", body);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(json::parse(reply.body)["accepted"], expected_accepted) << reply.body;
}

std::string FilesOf(const std::filesystem::path& db) {
  std::string bytes;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    if (std::filesystem::exists(db.string() + suffix)) {
      bytes += ReadFileText(db.string() + suffix);
    }
  }
  return bytes;
}

std::unique_ptr<storage::Database> Open(const std::filesystem::path& db) {
  auto opened = storage_sqlite::OpenDatabase({.path = db.string()});
  EXPECT_TRUE(opened.has_value()) << (opened ? "" : opened.error().message);
  return opened ? std::move(*opened) : nullptr;
}

TEST(Retention, DeletesRawEventsAndOldKeysKeepsAggregatesAndTokensSurviveRestart) {
  TempDir dir;
  const auto db = dir / "retention.db";
  const std::vector<std::string> macs = {"a4:5e:60:c1:22:9b", "3C-22-FB-10-AA-07"};
  const auto now =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  // Same UTC day as `now` (a minute ago unless that was yesterday), and noon of the day before:
  // no sighting pair of a device straddles midnight, whatever time the test runs.
  const core::Timestamp midnight = std::chrono::floor<days>(now);
  const core::Timestamp today = std::max(midnight, core::Timestamp(now - minutes(1)));
  const core::Timestamp yesterday = midnight - hours(12);

  {
    ServerProcess server(db, dir.path());
    ASSERT_TRUE(server.running()) << server.Log();
    HttpClient client("127.0.0.1", server.port());
    ASSERT_EQ(client
                  .Send("PUT", "/api/v1/stores/store_001",
                        ReadFileText(SourcePath("data/stores/supercenter.json")))
                  .status,
              201);
    std::string body;
    for (const auto& mac : macs) {
      body += Presence(mac, yesterday, "produce") +
              Presence(mac, yesterday + minutes(3), "bakery") + Presence(mac, today, "produce");
    }
    body += Sale("b-1", yesterday) + Sale("b-2", today) + Camera(yesterday, 3) + Camera(today, 5);
    // Rejected (bad rssi): becomes a dead letter, which retention deletes too.
    body += R"({"type":"presence","store_id":"store_001","ts":")" + core::FormatRfc3339(today) +
            R"(","device_id":")" + macs[0] + R"(","zone":"produce","rssi":40})" + "\n";
    Ingest(server, body, 10);
    ASSERT_EQ(server.Stop(SIGINT), 0) << server.Log();
  }
  {
    // The same device on the same day after a restart.
    ServerProcess server(db, dir.path());
    ASSERT_TRUE(server.running()) << server.Log();
    Ingest(server, Presence(macs[0], today, "bakery"), 1);
    ASSERT_EQ(server.Stop(SIGINT), 0) << server.Log();
  }

  // The master key was created beside the database, readable by its owner only.
  struct stat info {};

  ASSERT_EQ(::stat((dir / "master.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);

  std::set<std::string> tokens;
  std::vector<storage::StoredDayKey> keys_before;
  {
    auto database = Open(db);
    ASSERT_NE(database, nullptr);
    auto events = database->events().LoadEvents(core::StoreId{"store_001"}, kDawn, kForever);
    ASSERT_TRUE(events.has_value());
    std::map<core::Timestamp, std::set<std::string>> tokens_at;
    int today_sightings = 0;
    for (const auto& event : *events) {
      if (const auto* presence = std::get_if<core::Presence>(&event)) {
        tokens.insert(presence->device_token);
        tokens_at[presence->ts].insert(presence->device_token);
        today_sightings += presence->ts == today ? 1 : 0;
      }
    }
    EXPECT_EQ(today_sightings, 3);
    EXPECT_EQ(tokens_at[today].size(), 2U) << "a restart changed a device's token for the day";
    EXPECT_EQ(tokens_at[yesterday], tokens_at[yesterday + minutes(3)]);
    EXPECT_EQ(tokens.size(), 4U) << "two devices, two days";
    auto keys = database->keys().LoadKeys();
    ASSERT_TRUE(keys.has_value());
    keys_before = keys->keys;
    EXPECT_EQ(keys_before.size(),
              std::chrono::floor<days>(yesterday) == std::chrono::floor<days>(today) ? 1U : 2U);
    ASSERT_TRUE(database->Close().has_value());
  }

  const auto ran = RunStoreops(
      {"maintenance", "retention", "--as-of", "now+49h", "--db", db.string(), "--format", "json"});
  ASSERT_EQ(ran.exit_code, 0) << ran.output;
  const auto summary = json::parse(ran.output.substr(ran.output.find('{')), nullptr, false);
  ASSERT_FALSE(summary.is_discarded()) << ran.output;
  EXPECT_EQ(summary["events_deleted"], 11) << ran.output;
  EXPECT_EQ(summary["dead_letters_deleted"], 1) << ran.output;
  auto cutoff = core::ParseRfc3339(summary["cutoff"].get<std::string>());
  ASSERT_TRUE(cutoff.has_value());
  const auto boundary = std::chrono::floor<days>(*cutoff);

  // By bytes, before anything opens the database again: no token, no identifier, and no sealed
  // key of a destroyed day in the database file or its WAL.
  const std::string stored = FilesOf(db);
  ASSERT_FALSE(stored.empty());
  for (const auto& token : tokens) {
    EXPECT_EQ(stored.find(token), std::string::npos) << "deleted token lingers: " << token;
  }
  for (const auto& mac : macs) {
    for (const auto& spelling : MacSpellings(mac)) {
      EXPECT_EQ(stored.find(spelling), std::string::npos) << "identifier on disk: " << mac;
    }
  }
  int destroyed = 0;
  for (const auto& key : keys_before) {
    if (key.day < boundary) {
      ++destroyed;
      const std::string blob(key.sealed.begin(), key.sealed.end());
      EXPECT_EQ(stored.find(blob), std::string::npos) << "destroyed day key lingers";
    }
  }
  EXPECT_GE(destroyed, 1) << "yesterday's key is older than the window";
  EXPECT_EQ(summary["keys_destroyed"], destroyed);

  // By query: nothing raw is left, no key before the boundary, and the aggregates are there.
  auto database = Open(db);
  ASSERT_NE(database, nullptr);
  auto counts = database->events().CountEvents();
  ASSERT_TRUE(counts.has_value());
  EXPECT_EQ(counts->total(), 0);
  auto letters = database->events().ListDeadLetters(100, std::nullopt);
  ASSERT_TRUE(letters.has_value());
  EXPECT_TRUE(letters->empty());
  auto keys = database->keys().LoadKeys();
  ASSERT_TRUE(keys.has_value());
  ASSERT_TRUE(keys->destroyed_before.has_value());
  EXPECT_EQ(*keys->destroyed_before, boundary);
  for (const auto& key : keys->keys) {
    EXPECT_GE(key.day, boundary);
  }
  const core::Timestamp first_hour = std::chrono::floor<hours>(yesterday);
  auto kept = database->aggregates().LoadAggregates(core::StoreId{"store_001"}, first_hour,
                                                    first_hour + hours(48));
  ASSERT_TRUE(kept.has_value());
  int64_t devices_yesterday = 0;
  for (const auto& row : kept->footfall) {
    if (row.hour == first_hour && row.zone == core::ZoneId{"produce"}) {
      devices_yesterday = row.distinct_devices;
    }
  }
  EXPECT_EQ(devices_yesterday, 2);
  int64_t units = 0;
  for (const auto& row : kept->sales) {
    units += row.units;
  }
  EXPECT_EQ(units, 4);
  int64_t samples = 0;
  for (const auto& row : kept->queues) {
    EXPECT_EQ(row.lane, core::LaneId{"L01"});
    samples += row.samples;
  }
  EXPECT_EQ(samples, 2);
  int64_t moves = 0;
  for (const auto& row : kept->transitions) {
    if (row.from_zone == core::ZoneId{"produce"} && row.to_zone == core::ZoneId{"bakery"}) {
      moves += row.count;
    }
  }
  EXPECT_GE(moves, 2);
  EXPECT_FALSE(kept->dwell.empty());
  ASSERT_TRUE(database->Close().has_value());

  // A second run finds nothing to do.
  const auto again = RunStoreops(
      {"maintenance", "retention", "--as-of", "now+49h", "--db", db.string(), "--format", "json"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  const auto second = json::parse(again.output.substr(again.output.find('{')), nullptr, false);
  EXPECT_EQ(second["events_deleted"], 0) << again.output;
  EXPECT_EQ(second["keys_destroyed"], 0) << again.output;
}

TEST(Retention, BadAsOfIsExitTwoNamingTheFlag) {
  TempDir dir;
  const auto ran = RunStoreops(
      {"maintenance", "retention", "--as-of", "tomorrow", "--db", (dir / "x.db").string()});

  EXPECT_EQ(ran.exit_code, 2) << ran.output;
  EXPECT_NE(ran.output.find("--as-of"), std::string::npos) << ran.output;
}

}  // namespace
}  // namespace storeops::testing
