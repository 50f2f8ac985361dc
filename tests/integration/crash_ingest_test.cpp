// SPDX-License-Identifier: Apache-2.0
// Crash safety of ingest (issue #3): kill the server with SIGKILL while clients are posting
// events, restart it, and find every event whose POST was answered 2xx.
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "storeops/core/time.hpp"
#include "storeops/storage_sqlite/sqlite_database.hpp"
#include "storeops/testing/http_client.hpp"
#include "storeops/testing/temp_dir.hpp"

#include "server_process.hpp"

namespace storeops::testing {
namespace {

constexpr int kEventsPerBatch = 50;
constexpr int kClients = 3;

// Each event names its batch and position in its camera id, so the survivors can be counted.
std::string Batch(int client, int batch, const std::string& ts) {
  std::string body;
  for (int i = 0; i < kEventsPerBatch; ++i) {
    body += fmt::format(
        R"({{"type":"camera.count","store_id":"store_001","ts":"{}","camera":"c{}-{}-{}","zone":"entrance","people":{}}})"
        "\n",
        ts, client, batch, i, i);
  }
  return body;
}

TEST(CrashSafety, EveryAcknowledgedEventSurvivesSigkillDuringIngest) {
  TempDir dir;
  const auto db = dir / "crash.db";
  auto imported =
      RunStoreops({"store", "import", "data/stores/supercenter.json", "--db", db.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  const std::string ts = core::FormatRfc3339(core::SystemClock().Now() - std::chrono::minutes(30));

  std::mutex mutex;
  std::set<std::string> acknowledged;  // camera ids of events in 2xx-answered batches
  std::atomic<int> answered{0};
  std::atomic<bool> stop{false};
  {
    ServerProcess server(db, dir.path(), {"--access-log=false"});
    ASSERT_TRUE(server.running()) << server.Log();
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        HttpClient client("127.0.0.1", server.port(), std::chrono::seconds(5));
        for (int batch = 0; !stop.load(); ++batch) {
          auto reply = client.Send("POST", "/api/v1/events", Batch(c, batch, ts),
                                   {{"Content-Type", "application/x-ndjson"}});
          if (reply.status == 0) {
            return;  // the server is gone
          }
          if (reply.status / 100 == 2) {
            std::lock_guard lock(mutex);
            for (int i = 0; i < kEventsPerBatch; ++i) {
              acknowledged.insert(fmt::format("c{}-{}-{}", c, batch, i));
            }
            answered.fetch_add(1);
          }
        }
      });
    }
    // Kill only once the clients are well into their stream, so batches are in flight.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (answered.load() < 40 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_EQ(server.Stop(SIGKILL), 128 + SIGKILL);
    stop = true;
    for (auto& client : clients) {
      client.join();
    }
  }
  ASSERT_GE(answered.load(), 40);

  // The restarted server opens the same file (recovering the WAL) and answers.
  {
    ServerProcess restarted(db, dir.path());
    ASSERT_TRUE(restarted.running()) << restarted.Log();
    HttpClient client("127.0.0.1", restarted.port());
    EXPECT_EQ(client.Get("/readyz").status, 200);
    EXPECT_EQ(restarted.Stop(SIGTERM), 0);
  }
  storage_sqlite::SqliteOptions options;
  options.path = db.string();
  auto database = storage_sqlite::OpenDatabase(options);
  ASSERT_TRUE(database.has_value()) << database.error().message;
  auto events = (*database)->events().LoadEvents(core::StoreId("store_001"), core::Timestamp{},
                                                 core::SystemClock().Now());
  ASSERT_TRUE(events.has_value()) << events.error().message;
  std::set<std::string> stored;
  for (const auto& event : *events) {
    if (const auto* count = std::get_if<core::CameraCount>(&event)) {
      stored.insert(count->camera.value());
    }
  }
  size_t missing = 0;
  for (const auto& camera : acknowledged) {
    missing += stored.count(camera) == 0 ? size_t{1} : size_t{0};
  }
  EXPECT_EQ(missing, 0U) << "of " << acknowledged.size() << " acknowledged events";
  EXPECT_GE(stored.size(), acknowledged.size());
  ASSERT_TRUE((*database)->Close().has_value());
}

}  // namespace
}  // namespace storeops::testing
