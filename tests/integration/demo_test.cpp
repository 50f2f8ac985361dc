// SPDX-License-Identifier: Apache-2.0
// The simulator against the real binary (issue #4): `storeops simulate --events-out` writes what
// real sources send (every line accepted by POST /api/v1/events, no dead letter), and
// `storeops demo` shows a living store within a bounded time and leaves hourly aggregates behind
// its backfilled history.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include "storeops/core/time.hpp"
#include "storeops/storage_sqlite/sqlite_database.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/http_client.hpp"
#include "storeops/testing/temp_dir.hpp"

#include "server_process.hpp"

namespace storeops::testing {
namespace {

using nlohmann::json;
using std::chrono::steady_clock;

constexpr core::Timestamp kDawn = core::FromEpochMs(std::numeric_limits<int64_t>::min());
constexpr core::Timestamp kForever = core::FromEpochMs(std::numeric_limits<int64_t>::max());

// Yesterday in the store's time zone (America/Chicago is UTC-6/-5): its events are in the past
// and within the 48 h whose day keys the server's retention job keeps.
std::string YesterdayInChicago() {
  const auto now = std::chrono::system_clock::now() - std::chrono::hours(6);
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(now) -
                                        std::chrono::days{1}};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

TEST(SimulatedEvents, AreAcceptedOverHttpWithoutDeadLetters) {
  TempDir dir;
  const auto scenario = dir / "scenario.json";
  {
    std::ofstream out(scenario);
    out << R"({"name": "http", "start_date": ")" << YesterdayInChicago()
        << R"(", "days": 1, "traffic": {"daily_shoppers": 600}})";
  }
  const auto events_file = dir / "day.ndjson";
  auto simulated = RunStoreops(
      {"simulate", "--store", SourcePath("data/stores/supercenter.json").string(), "--scenario",
       scenario.string(), "--basket-model", SourcePath("data/sim/basket_model.json").string(),
       "--replications", "1", "--events-out", events_file.string()},
      std::chrono::seconds(120));
  ASSERT_EQ(simulated.exit_code, 0) << simulated.output;

  ServerProcess server(dir / "http.db", dir.path());
  ASSERT_TRUE(server.running()) << server.Log();
  HttpClient client("127.0.0.1", server.port());
  ASSERT_EQ(client
                .Send("PUT", "/api/v1/stores/store_001",
                      ReadFileText(SourcePath("data/stores/supercenter.json")))
                .status,
            201);

  std::ifstream in(events_file);
  std::string line;
  std::string body;
  int64_t lines = 0;
  int64_t accepted = 0;
  std::set<std::string> types;
  auto post = [&] {
    auto reply = client.Send("POST", "/api/v1/events", body);
    ASSERT_EQ(reply.status, 200) << reply.body.substr(0, 2000);
    const json parsed = json::parse(reply.body);
    accepted += parsed["accepted"].get<int64_t>();
    EXPECT_TRUE(parsed["rejected"].empty()) << reply.body.substr(0, 2000);
    body.clear();
  };
  while (std::getline(in, line)) {
    types.insert(json::parse(line)["type"].get<std::string>());
    body += line + "\n";
    if (++lines % 5000 == 0) {
      post();
    }
  }
  if (!body.empty()) {
    post();
  }
  EXPECT_GT(lines, 1000);
  EXPECT_EQ(accepted, lines);
  EXPECT_EQ(types.size(), 6u) << "all six event types";
  auto dead = client.Send("GET", "/api/v1/dead-letter?limit=10");
  ASSERT_EQ(dead.status, 200) << dead.body;
  const json letters = json::parse(dead.body);
  const json& list = letters.is_array() ? letters : letters["dead_letters"];
  EXPECT_TRUE(list.empty()) << dead.body;
  EXPECT_EQ(server.Stop(SIGTERM), 0);
}

// Any zone with people, or people in store: the store is alive.
bool Occupied(const json& live) {
  if (live.contains("people_in_store") && live["people_in_store"].is_number() &&
      live["people_in_store"].get<int64_t>() > 0) {
    return true;
  }
  for (const auto& zone : live.value("zones", json::array())) {
    if (zone.contains("occupancy") && zone["occupancy"].is_number() &&
        zone["occupancy"].get<int64_t>() > 0) {
      return true;
    }
  }
  return false;
}

TEST(Demo, ShowsLiveOccupancyQuicklyAndRollsUpItsHistory) {
  TempDir dir;
  const auto db = dir / "demo.db";
  const auto started = steady_clock::now();
  // 11:00 local: the store is open whatever time the test runs; 600x: ten simulated minutes a
  // second; one day of history.
  ServerProcess server(db, dir.path(),
                       {"--speed", "600", "--history-days", "1", "--start-at", "11:00", "--store",
                        SourcePath("data/stores/supercenter.json").string(), "--basket-model",
                        SourcePath("data/sim/basket_model.json").string()},
                       "demo");
  ASSERT_TRUE(server.running()) << server.Log();
  HttpClient client("127.0.0.1", server.port());

  bool alive = false;
  while (!alive && steady_clock::now() - started < std::chrono::seconds(60)) {
    auto live = client.Send("GET", "/api/v1/stores/store_001/live");
    if (live.status == 200) {
      alive = Occupied(json::parse(live.body));
    }
    if (!alive) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  }
  ASSERT_TRUE(alive) << "no occupancy within 60 s\n" << server.Log();
  const double seconds = std::chrono::duration<double>(steady_clock::now() - started).count();
  std::printf("demo: live occupancy > 0 after %.1f s\n", seconds);

  // The backfill logs when it is done; bounded, so the test always ends.
  while (server.Log().find("demo history: done") == std::string::npos &&
         steady_clock::now() - started < std::chrono::seconds(150)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  ASSERT_NE(server.Log().find("demo history: done"), std::string::npos) << server.Log();
  EXPECT_EQ(server.Stop(SIGTERM), 0) << server.Log();

  auto opened = storage_sqlite::OpenDatabase({.path = db.string()});
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  auto rows = (*opened)->aggregates().LoadAggregates(core::StoreId{"store_001"}, kDawn, kForever);
  ASSERT_TRUE(rows.has_value()) << rows.error().message;
  EXPECT_GE(rows->sales.size(), 10u) << "hourly sales of the backfilled day";
  EXPECT_FALSE(rows->footfall.empty());
  EXPECT_FALSE(rows->queues.empty());
  // No dead letter: every simulated event fitted the store.
  auto dead = (*opened)->events().ListDeadLetters(10, std::nullopt);
  ASSERT_TRUE(dead.has_value());
  EXPECT_TRUE(dead->empty());
  ASSERT_TRUE((*opened)->Close().has_value());
}

}  // namespace
}  // namespace storeops::testing
