// SPDX-License-Identifier: Apache-2.0
// A store's forecasts end to end with the real binary: 21 days of hourly roll-ups with a daily
// pattern are seeded into the database, `storeops forecast train` stores a model version, `forecast
// predict` prints it, and the server answers GET /api/v1/forecast with points, intervals and the
// version, 400 naming a bad parameter, 404 saying how to train, the version list and a rollback.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storeops/core/time.hpp"
#include "storeops/storage_sqlite/sqlite_database.hpp"
#include "storeops/testing/http_client.hpp"
#include "storeops/testing/temp_dir.hpp"

#include "server_process.hpp"

namespace storeops::testing {
namespace {

using nlohmann::json;
using std::chrono::days;
using std::chrono::hours;

// 2026-11-02T00:00:00Z, a Monday.
constexpr core::Timestamp kStart = core::FromEpochMs(1'793'577'600'000);
constexpr int kDays = 21;

// produce sells 50.00 an hour from 08:00 to 20:00 UTC and 5.00 otherwise; bakery 30.00 from
// 06:00 to 11:00; 20 people an hour come in.
void Seed(const std::filesystem::path& db) {
  auto database = storage_sqlite::OpenDatabase({.path = db.string()});
  ASSERT_TRUE(database.has_value()) << database.error().message;
  const core::StoreId store{"store_001"};
  storage::HourlyAggregates rows;
  for (int h = 0; h < kDays * 24; ++h) {
    const core::Timestamp hour = kStart + hours(h);
    const int of_day = h % 24;
    const int64_t produce = of_day >= 8 && of_day < 20 ? 5'000 : 500;
    const int64_t bakery = of_day >= 6 && of_day < 11 ? 3'000 : 0;
    rows.sales.push_back(
        {store, hour, core::DepartmentId{"produce"}, produce / 500, produce / 100, produce});
    rows.sales.push_back(
        {store, hour, core::DepartmentId{"bakery"}, bakery / 500, bakery / 100, bakery});
    rows.footfall.push_back({store, hour, core::ZoneId{"entrance"}, 15, 20, 19});
  }
  ASSERT_TRUE((*database)->aggregates().SaveRollup(rows, {{store, kStart + days(kDays)}}));
  ASSERT_TRUE((*database)->Close().has_value());
}

json JsonOf(const std::string& output) {
  const auto brace = output.find('{');
  return brace == std::string::npos ? json() : json::parse(output.substr(brace), nullptr, false);
}

TEST(ForecastApiTest, TrainPredictAndServeTheForecast) {
  TempDir dir;
  const auto db = dir.path() / "storeops.db";
  Seed(db);

  const auto trained = RunStoreops({"forecast", "train", "--store", "store_001", "--db",
                                    db.string(), "--forecast-days", "7", "--format", "json"});
  ASSERT_EQ(trained.exit_code, 0) << trained.output;
  const json version = JsonOf(trained.output);
  ASSERT_TRUE(version.is_object()) << trained.output;
  EXPECT_EQ(version["version"], 1) << trained.output;
  EXPECT_EQ(version["champion"], true);
  EXPECT_EQ(version["data_to"], core::FormatRfc3339(kStart + days(kDays)));
  EXPECT_LT(version["backtest"]["wmape"].get<double>(), 0.05) << trained.output;

  const auto predicted = RunStoreops({"forecast", "predict", "--store", "store_001", "--department",
                                      "produce", "--metric", "sales", "--granularity", "hour",
                                      "--horizon", "24", "--db", db.string(), "--format", "json"});
  ASSERT_EQ(predicted.exit_code, 0) << predicted.output;
  const json cli = JsonOf(predicted.output);
  ASSERT_EQ(cli["points"].size(), 24U) << predicted.output;
  EXPECT_NEAR(cli["points"][12]["mean"].get<double>(), 50.0, 1.0) << predicted.output;

  const auto table = RunStoreops({"forecast", "predict", "--store", "store_001", "--db",
                                  db.string(), "--granularity", "day", "--horizon", "2"});
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("model version 1"), std::string::npos) << table.output;

  const auto unknown = RunStoreops(
      {"forecast", "predict", "--store", "store_001", "--db", db.string(), "--metric", "revenue"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.output;
  EXPECT_NE(unknown.output.find("metric"), std::string::npos) << unknown.output;

  ServerProcess server(db, dir.path());
  ASSERT_TRUE(server.running()) << server.Log();
  HttpClient client("127.0.0.1", server.port());

  auto reply = client.Get(
      "/api/v1/forecast?store_id=store_001&department=produce&metric=sales&granularity=hour&"
      "horizon=24");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json body = json::parse(reply.body);
  EXPECT_EQ(body["store_id"], "store_001");
  EXPECT_EQ(body["department"], "produce");
  EXPECT_EQ(body["metric"], "sales");
  EXPECT_EQ(body["granularity"], "hour");
  EXPECT_EQ(body["model_version"], 1);
  EXPECT_FALSE(body["model"].get<std::string>().empty());
  EXPECT_TRUE(body["backtest"].contains("wmape"));
  ASSERT_EQ(body["history"].size(), 24U);
  ASSERT_EQ(body["points"].size(), 24U);
  EXPECT_EQ(body["points"][0]["ts"], core::FormatRfc3339(kStart + days(kDays)));
  for (const auto& point : body["points"]) {
    EXPECT_LE(point["lo95"].get<double>(), point["lo80"].get<double>());
    EXPECT_LE(point["lo80"].get<double>(), point["mean"].get<double>());
    EXPECT_LE(point["mean"].get<double>(), point["hi80"].get<double>());
    EXPECT_LE(point["hi80"].get<double>(), point["hi95"].get<double>());
  }

  // The store total by day: the departments summed (12 x 50 + 12 x 5 + 5 x 30 = 810).
  reply = client.Get("/api/v1/forecast?store_id=store_001&granularity=day&horizon=7");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_NEAR(json::parse(reply.body)["points"][0]["mean"].get<double>(), 810.0, 10.0)
      << reply.body;

  reply = client.Get("/api/v1/forecast?store_id=store_001&metric=revenue");
  ASSERT_EQ(reply.status, 400) << reply.body;
  EXPECT_EQ(json::parse(reply.body)["error"]["details"][0]["field"], "metric") << reply.body;
  reply = client.Get("/api/v1/forecast?store_id=store_001&horizon=zero");
  ASSERT_EQ(reply.status, 400) << reply.body;
  EXPECT_EQ(json::parse(reply.body)["error"]["details"][0]["field"], "horizon") << reply.body;
  reply = client.Get("/api/v1/forecast?metric=sales");
  ASSERT_EQ(reply.status, 400) << reply.body;
  EXPECT_EQ(json::parse(reply.body)["error"]["details"][0]["field"], "store_id") << reply.body;

  reply = client.Get("/api/v1/forecast?store_id=store_002");
  ASSERT_EQ(reply.status, 404) << reply.body;
  EXPECT_NE(reply.body.find("storeops forecast train --store store_002"), std::string::npos)
      << reply.body;

  reply = client.Get("/api/v1/forecast/models?store_id=store_001");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json models = json::parse(reply.body);
  EXPECT_EQ(models["champion"], 1);
  ASSERT_EQ(models["versions"].size(), 1U);
  EXPECT_EQ(models["versions"][0]["version"], 1);

  reply = client.Send("POST", "/api/v1/forecast/models/1/champion?store_id=store_001");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(json::parse(reply.body)["champion"], true);
  reply = client.Send("POST", "/api/v1/forecast/models/7/champion?store_id=store_001");
  EXPECT_EQ(reply.status, 404) << reply.body;
  reply = client.Send("POST", "/api/v1/forecast/models/1/champion");
  EXPECT_EQ(reply.status, 400) << reply.body;
}

}  // namespace
}  // namespace storeops::testing
