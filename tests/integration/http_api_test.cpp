// SPDX-License-Identifier: Apache-2.0
// Every endpoint of the real server over real HTTP, good and bad input alike. After each bad
// request the server must still answer /healthz.
#include <chrono>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include "storeops/core/time.hpp"
#include "storeops/store_definition/store_json.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/http_client.hpp"
#include "storeops/testing/temp_dir.hpp"
#include "storeops/testing/websocket_client.hpp"

#include "server_process.hpp"

namespace storeops::testing {
namespace {

using nlohmann::json;

constexpr size_t kMaxBody = 1024 * 1024;

class HttpApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    std::filesystem::create_directories(*dir_ / "static" / "assets");
    std::ofstream(*dir_ / "static" / "index.html") << "<!doctype html><title>StoreOps</title>";
    std::ofstream(*dir_ / "static" / "assets" / "app.js") << "export {};";
    std::ofstream(*dir_ / "outside.txt") << "not for clients";
    server_ = new ServerProcess(*dir_ / "db" / "storeops.db", dir_->path(),
                                {"--static-dir", (*dir_ / "static").string(), "--max-body-bytes",
                                 std::to_string(kMaxBody)});
  }

  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  void SetUp() override {
    ASSERT_TRUE(server_->running()) << server_->Log();
    client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port());
  }

  void TearDown() override {
    // Whatever the test sent, the server keeps serving.
    HttpClient fresh("127.0.0.1", server_->port());
    EXPECT_EQ(fresh.Get("/healthz").status, 200) << server_->Log();
  }

  static json ErrorOf(const HttpResult& result) {
    auto body = json::parse(result.body, nullptr, false);
    EXPECT_FALSE(body.is_discarded()) << "error body is not JSON: " << result.body;
    EXPECT_TRUE(body.contains("error")) << result.body;
    return body.is_discarded() ? json::object() : body["error"];
  }

  static std::string SampleStoreText() {
    return ReadFileText(SourcePath("data/stores/supercenter.json"));
  }

  HttpResult PutStore(const std::string& id, const std::string& body) {
    return client_->Send("PUT", "/api/v1/stores/" + id, body);
  }

  static TempDir* dir_;
  static ServerProcess* server_;
  std::unique_ptr<HttpClient> client_;
};

TempDir* HttpApiTest::dir_ = nullptr;
ServerProcess* HttpApiTest::server_ = nullptr;

TEST_F(HttpApiTest, HealthAndReadiness) {
  auto health = client_->Get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(json::parse(health.body)["status"], "ok");
  auto ready = client_->Get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(json::parse(ready.body)["checks"]["storage"], "ok");
}

TEST_F(HttpApiTest, EveryResponseCarriesARequestId) {
  auto generated = client_->Get("/healthz");
  EXPECT_FALSE(generated.Header("x-request-id").empty());
  auto echoed = client_->Send("GET", "/healthz", "", {{"X-Request-Id", "till-7-0042"}});
  EXPECT_EQ(echoed.Header("x-request-id"), "till-7-0042");
  auto unsafe = client_->Send("GET", "/api/v1/nope", "", {{"X-Request-Id", "bad id\"with quotes"}});
  EXPECT_NE(unsafe.Header("x-request-id"), "bad id\"with quotes");
  EXPECT_EQ(ErrorOf(unsafe)["request_id"], unsafe.Header("x-request-id"));
}

TEST_F(HttpApiTest, OpenApiDocumentIsServed) {
  auto result = client_->Get("/api/v1/openapi.json");
  ASSERT_EQ(result.status, 200);
  auto document = json::parse(result.body);
  EXPECT_EQ(document["openapi"], "3.1.0");
  EXPECT_TRUE(document["paths"].contains("/api/v1/stores/{id}"));
}

TEST_F(HttpApiTest, PutGetAndListTheSampleStore) {
  const std::string text = SampleStoreText();
  auto expected = store_definition::ParseStoreJson(text);
  ASSERT_TRUE(expected.has_value());

  auto created = PutStore("store_001", text);
  ASSERT_TRUE(created.status == 201 || created.status == 200) << created.body;
  EXPECT_EQ(created.Header("location"), "/api/v1/stores/store_001");
  auto summary = json::parse(created.body);
  EXPECT_EQ(summary["zone_count"], expected->zones.size());

  auto replaced = PutStore("store_001", text);
  EXPECT_EQ(replaced.status, 200);

  auto fetched = client_->Get("/api/v1/stores/store_001");
  ASSERT_EQ(fetched.status, 200);
  auto round_trip = store_definition::ParseStoreJson(fetched.body);
  ASSERT_TRUE(round_trip.has_value()) << round_trip.error().message;
  EXPECT_EQ(*round_trip, *expected);

  auto list = client_->Get("/api/v1/stores");
  ASSERT_EQ(list.status, 200);
  bool found = false;
  const json listed = json::parse(list.body);
  for (const auto& store : listed["stores"]) {
    if (store["id"] == "store_001") {
      found = true;
      EXPECT_EQ(store["name"], expected->name);
      EXPECT_EQ(store["timezone"], "America/Chicago");
      EXPECT_EQ(store["zone_count"], expected->zones.size());
    }
  }
  EXPECT_TRUE(found) << list.body;
}

TEST_F(HttpApiTest, HeadAnswersWithoutABody) {
  auto head = client_->Send("HEAD", "/api/v1/stores");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_FALSE(head.Header("content-length").empty());
}

struct BadRequestCase {
  std::string name;
  std::string method;
  std::string target;
  std::string body;
  int status;
  std::string code;
  std::string field;  ///< Expected in details[*].field when not empty.
};

TEST_F(HttpApiTest, BadRequestsGetPreciseJsonErrors) {
  json sample = json::parse(SampleStoreText());
  auto mutate = [&sample](auto change) {
    json copy = sample;
    copy["id"] = "store_bad";
    change(copy);
    return copy.dump();
  };
  const std::vector<BadRequestCase> cases = {
      {"malformed json", "PUT", "/api/v1/stores/store_bad", "{\"id\": \"store_bad\", ", 400,
       "INVALID_ARGUMENT", ""},
      {"not json at all", "PUT", "/api/v1/stores/store_bad", "hello", 400, "INVALID_ARGUMENT", ""},
      {"wrong type for a field", "PUT", "/api/v1/stores/store_bad",
       mutate([](json& s) { s["zones"][0]["area_m2"] = "big"; }), 400, "INVALID_ARGUMENT",
       "zones[0].area_m2"},
      {"missing field", "PUT", "/api/v1/stores/store_bad",
       mutate([](json& s) { s.erase("timezone"); }), 400, "INVALID_ARGUMENT", "timezone"},
      {"dangling reference", "PUT", "/api/v1/stores/store_bad",
       mutate([](json& s) { s["skus"][0]["home_zone"] = "no_such_zone"; }), 400, "INVALID_ARGUMENT",
       "skus[0].home_zone"},
      {"id differs from url", "PUT", "/api/v1/stores/store_other", mutate([](json&) {}), 400,
       "INVALID_ARGUMENT", "id"},
      {"invalid id in url", "GET", "/api/v1/stores/bad..id%20x", "", 400, "INVALID_ARGUMENT", "id"},
      {"unknown store", "GET", "/api/v1/stores/store_nope", "", 404, "NOT_FOUND", ""},
      {"unknown route", "GET", "/api/v1/nothing-here", "", 404, "NOT_FOUND", ""},
      {"unknown route other method", "POST", "/api/v1/nothing-here", "{}", 404, "NOT_FOUND", ""},
      {"wrong method", "DELETE", "/api/v1/stores/store_001", "", 405, "METHOD_NOT_ALLOWED", ""},
      {"wrong method on list", "POST", "/api/v1/stores", "{}", 405, "METHOD_NOT_ALLOWED", ""},
      {"dot-dot in static path", "GET", "/../outside.txt", "", 400, "INVALID_ARGUMENT", "path"},
      {"encoded dot-dot", "GET", "/%2e%2e/outside.txt", "", 400, "INVALID_ARGUMENT", "path"},
      {"nested dot-dot", "GET", "/assets/../../outside.txt", "", 400, "INVALID_ARGUMENT", "path"},
      {"missing static file", "GET", "/assets/missing.js", "", 404, "NOT_FOUND", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto result = client_->Send(c.method, c.target, c.body);
    EXPECT_EQ(result.status, c.status) << result.body;
    EXPECT_EQ(result.Header("content-type"), "application/json");
    json error = ErrorOf(result);
    EXPECT_EQ(error["code"], c.code) << result.body;
    EXPECT_FALSE(error["message"].get<std::string>().empty());
    if (!c.field.empty()) {
      bool named = false;
      for (const auto& detail : error["details"]) {
        named = named || detail["field"] == c.field;
      }
      EXPECT_TRUE(named) << "no detail names " << c.field << ": " << result.body;
    }
  }
}

TEST_F(HttpApiTest, OversizedBodyIs413AndTheServerCarriesOn) {
  const std::string huge(kMaxBody + 1, ' ');
  auto result = client_->Send("PUT", "/api/v1/stores/store_big", huge);
  EXPECT_EQ(result.status, 413);
  EXPECT_EQ(ErrorOf(result)["code"], "PAYLOAD_TOO_LARGE");
}

TEST_F(HttpApiTest, GarbageThatIsNotHttpGets400) {
  auto result = client_->SendRaw("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_EQ(result.status, 400) << result.error;
  auto oversized_header = client_->SendRaw(
      "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(32 * 1024, 'a') + "\r\n\r\n");
  EXPECT_EQ(oversized_header.status, 431) << oversized_header.error;
}

TEST_F(HttpApiTest, ServesStaticDashboardFiles) {
  auto index = client_->Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(index.body.find("StoreOps"), std::string::npos);
  auto script = client_->Get("/assets/app.js");
  EXPECT_EQ(script.status, 200);
}

TEST_F(HttpApiTest, MetricsCountRequestsPerRoute) {
  ASSERT_EQ(client_->Get("/api/v1/stores").status, 200);
  auto metrics = client_->Get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.Header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(
      metrics.body.find(
          R"(storeops_http_requests_total{route="/api/v1/stores",method="GET",status="200"})"),
      std::string::npos);
  EXPECT_NE(metrics.body.find("storeops_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("process_resident_memory_bytes"), std::string::npos);
}

TEST_F(HttpApiTest, AccessLogIsOneJsonObjectPerLine) {
  ASSERT_EQ(client_->Get("/api/v1/stores?secret=aa:bb:cc:dd:ee:ff").status, 200);
  // The log is flushed at least every second.
  std::string log;
  for (int i = 0; i < 40 && log.find("\"type\":\"access\"") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    log = server_->Log();
  }
  // The server may be mid-line while we read: only whole lines count.
  log.erase(log.rfind('\n') + 1);
  std::istringstream lines(log);
  std::string line;
  int access_lines = 0;
  while (std::getline(lines, line)) {
    auto entry = json::parse(line, nullptr, false);
    ASSERT_FALSE(entry.is_discarded()) << "not JSON: " << line;
    EXPECT_TRUE(entry.contains("ts") && entry.contains("level")) << line;
    if (entry.value("type", "") == "access") {
      ++access_lines;
      EXPECT_TRUE(entry.contains("request_id") && entry.contains("status") &&
                  entry.contains("duration_ms"))
          << line;
    }
  }
  EXPECT_GT(access_lines, 0);
  // Query strings are never logged.
  EXPECT_EQ(log.find("aa:bb:cc:dd:ee:ff"), std::string::npos);
}

TEST(ServerLifecycle, StoreSurvivesARestartAndShutdownIsGraceful) {
  TempDir dir;
  const auto db = dir / "restart.db";
  const std::string text = ReadFileText(SourcePath("data/stores/supercenter.json"));
  std::string before;
  {
    ServerProcess server(db, dir.path());
    ASSERT_TRUE(server.running()) << server.Log();
    HttpClient client("127.0.0.1", server.port());
    ASSERT_EQ(client.Send("PUT", "/api/v1/stores/store_001", text).status, 201);
    before = client.Get("/api/v1/stores/store_001").body;
    EXPECT_EQ(server.Stop(SIGTERM), 0) << server.Log();
    EXPECT_NE(server.Log().find("storeops stopped"), std::string::npos) << server.Log();
  }
  ServerProcess again(db, dir.path());
  ASSERT_TRUE(again.running()) << again.Log();
  HttpClient client("127.0.0.1", again.port());
  auto after = client.Get("/api/v1/stores/store_001");
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.body, before);
  EXPECT_EQ(*store_definition::ParseStoreJson(after.body), *store_definition::ParseStoreJson(text));
  EXPECT_EQ(again.Stop(SIGINT), 0) << again.Log();
}

// The privacy promise, end to end: known MAC addresses go in over HTTP; no spelling of them is
// found afterwards in the database file, its WAL, the server's log, any API reply (GET live
// included) or anything the WebSocket stream sent.
TEST(Privacy, NoDeviceIdentifierReachesDiskLogsOrReplies) {
  TempDir dir;
  const auto db = dir / "privacy.db";
  const std::vector<std::string> macs = {"a4:5e:60:c1:22:9b", "3C-22-FB-10-AA-07"};
  std::string replies;
  {
    ServerProcess server(db, dir.path());
    ASSERT_TRUE(server.running()) << server.Log();
    HttpClient client("127.0.0.1", server.port());
    ASSERT_EQ(client
                  .Send("PUT", "/api/v1/stores/store_001",
                        ReadFileText(SourcePath("data/stores/supercenter.json")))
                  .status,
              201);
    WebSocketClient stream("127.0.0.1", server.port(), "/api/v1/stream");
    ASSERT_TRUE(stream.connected()) << stream.error();
    ASSERT_TRUE(stream.Send(R"({"action":"subscribe","topics":["events","live"]})"));
    const std::string now = core::FormatRfc3339(
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
    std::string body;
    for (const auto& mac : macs) {
      body += R"({"type":"presence","store_id":"store_001","ts":")" + now + R"(","device_id":")" +
              mac + R"(","zone":"produce","rssi":-60})" + "\n";
    }
    // A rejected presence event (bad rssi) must not leak its identifier into the dead letters.
    body += R"({"type":"presence","store_id":"store_001","ts":")" + now + R"(","device_id":")" +
            macs[0] + R"(","zone":"produce","rssi":40})" + "\n";
    auto ingested = client.Send("POST", "/api/v1/events", body);
    ASSERT_EQ(ingested.status, 200) << ingested.body;
    auto reply = json::parse(ingested.body);
    EXPECT_EQ(reply["accepted"], 2);
    EXPECT_EQ(reply["rejected"].size(), 1U);
    replies += ingested.body + client.Get("/api/v1/dead-letter").body + client.Get("/metrics").body;
    auto live = client.Get("/api/v1/stores/store_001/live");
    EXPECT_EQ(live.status, 200);
    replies += live.body;
    std::string streamed;
    while (auto message = stream.Read(std::chrono::milliseconds(500))) {
      streamed += *message;
    }
    EXPECT_NE(streamed.find(R"("topic":"events")"), std::string::npos) << streamed;
    EXPECT_NE(streamed.find(R"("topic":"live")"), std::string::npos) << streamed;
    replies += streamed;
    ASSERT_EQ(server.Stop(SIGKILL), 128 + SIGKILL);  // leave the WAL as a crash would
    replies += server.Log();
  }
  std::string stored;
  for (const auto& suffix : {"", "-wal", "-shm"}) {
    if (std::filesystem::exists(db.string() + suffix)) {
      stored += ReadFileText(db.string() + suffix);
    }
  }
  ASSERT_FALSE(stored.empty());
  for (const auto& mac : macs) {
    const std::vector<std::string> spellings = MacSpellings(mac);
    for (const auto& spelling : spellings) {
      EXPECT_EQ(stored.find(spelling), std::string::npos) << "found in the database: " << mac;
      EXPECT_EQ(replies.find(spelling), std::string::npos) << "found in a reply or log: " << mac;
    }
  }
}

TEST(ServerLifecycle, PortInUseIsAClearStartupError) {
  TempDir dir;
  ServerProcess first(dir / "a.db", dir.path());
  ASSERT_TRUE(first.running()) << first.Log();
  auto second = RunStoreops({"serve", "--listen", "127.0.0.1:" + std::to_string(first.port()),
                             "--db", (dir / "b.db").string()});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.output.find("cannot bind"), std::string::npos) << second.output;
}

}  // namespace
}  // namespace storeops::testing
