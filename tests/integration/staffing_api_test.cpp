// SPDX-License-Identifier: Apache-2.0
// Staffing against the real binary: employees are created over HTTP, a week roster is built as a
// job and polled to its end, read back with its score and coverage, edited and re-scored; the
// cost/wait front of a day's checkout queue from history and from a trained forecast.
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storeops/core/time.hpp"
#include "storeops/storage_sqlite/sqlite_database.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/http_client.hpp"
#include "storeops/testing/temp_dir.hpp"

#include "server_process.hpp"

namespace storeops::testing {
namespace {

using nlohmann::json;

TEST(StaffingApi, EmployeesScheduleJobReadAndEditedRescore) {
  TempDir dir;
  ServerProcess server(dir / "staff.db", dir.path());
  ASSERT_TRUE(server.running()) << server.Log();
  HttpClient client("127.0.0.1", server.port(), std::chrono::seconds(30));
  const std::vector<std::pair<std::string, std::string>> json_type = {
      {"Content-Type", "application/json"}};
  ASSERT_EQ(client
                .Send("PUT", "/api/v1/stores/store_001",
                      ReadFileText(SourcePath("data/stores/supercenter.json")))
                .status,
            201);
  for (const char* id : {"ana", "bo", "cy"}) {
    const std::string body = std::string(R"({"id":")") + id +
                             R"(","skills":["cashier"],"contract":{"min_hours":0,"max_hours":40},)"
                             R"("hourly_cost":15})";
    auto created = client.Send("POST", "/api/v1/stores/store_001/employees", body, json_type);
    ASSERT_EQ(created.status, 201) << created.body;
  }
  auto bad = client.Send("POST", "/api/v1/stores/store_001/employees",
                         R"({"id":"dee","contract":{"min_hours":50,"max_hours":10}})", json_type);
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["error"]["details"][0]["field"], "contract.max_hours");

  auto accepted = client.Send(
      "POST", "/api/v1/staff/schedules",
      R"({"store_id":"store_001","week_start":"2026-11-30","time_limit_seconds":15,"departments":["checkout"]})",
      json_type);
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const std::string status_url = json::parse(accepted.body)["status_url"];

  json job;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    auto polled = client.Get(status_url);
    ASSERT_EQ(polled.status, 200) << polled.body;
    job = json::parse(polled.body);
    if (job["status"] != "queued" && job["status"] != "running") {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(job["status"], "succeeded") << job.dump() << server.Log();
  const std::string url = job["schedule_url"];

  auto got = client.Get(url);
  ASSERT_EQ(got.status, 200) << got.body;
  const json schedule = json::parse(got.body);
  ASSERT_FALSE(schedule["assignments"].empty());
  EXPECT_FALSE(schedule["coverage"].empty());
  const double solved_total = schedule["score"]["total"];

  auto listed = client.Get("/api/v1/staff/schedules?store_id=store_001");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(json::parse(listed.body)["schedules"].size(), 1U);

  // Keep only the solver's first assignment: coverage drops, the score gets worse.
  const json& first = schedule["assignments"][0];
  const json edit = {{"assignments", json::array({{{"employee", first["employee"]},
                                                   {"day", first["day"]},
                                                   {"shift_id", first["shift_id"]}}})}};
  auto edited = client.Send("PUT", url, edit.dump(), json_type);
  ASSERT_EQ(edited.status, 200) << edited.body;
  const json result = json::parse(edited.body);
  EXPECT_EQ(result["status"], "edited");
  EXPECT_DOUBLE_EQ(result["previous_score"].get<double>(), solved_total);
  EXPECT_GT(result["delta"]["total"].get<double>(), 0.0);
  EXPECT_FALSE(result["delta"]["added"].empty());

  auto again = client.Get(url);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(json::parse(again.body)["assignments"].size(), 1U);

  auto wrong =
      client.Send("PUT", url, R"({"assignments":[{"employee":"ana","day":8}]})", json_type);
  ASSERT_EQ(wrong.status, 400);
  EXPECT_EQ(json::parse(wrong.body)["error"]["details"][0]["field"], "assignments[0].day");

  auto prediction =
      client.Get("/api/v1/staff/deployment/predict?store_id=store_001&time_horizon=next_24_hours");
  ASSERT_EQ(prediction.status, 200) << prediction.body;
  EXPECT_TRUE(json::parse(prediction.body)["predictions"].is_array());
}

// 21 days of hourly roll-ups from 2026-11-02T00:00Z (a Monday): produce has 80 baskets an hour
// from 14:00 to 02:00 UTC (08:00-20:00 in Chicago) and 10 otherwise, bakery 20 all day.
void SeedBaskets(const std::filesystem::path& db) {
  constexpr core::Timestamp kStart = core::FromEpochMs(1'793'577'600'000);
  auto database = storage_sqlite::OpenDatabase({.path = db.string()});
  ASSERT_TRUE(database.has_value()) << database.error().message;
  const core::StoreId store{"store_001"};
  storage::HourlyAggregates rows;
  for (int h = 0; h < 21 * 24; ++h) {
    const core::Timestamp hour = kStart + std::chrono::hours(h);
    const int of_day = h % 24;
    const int64_t produce = of_day >= 14 || of_day < 2 ? 80 : 10;
    rows.sales.push_back(
        {store, hour, core::DepartmentId{"produce"}, produce, produce * 2, produce * 500});
    rows.sales.push_back({store, hour, core::DepartmentId{"bakery"}, 20, 30, 6000});
    // The tills serve baskets, not department lines: 70 (busy) or 25 baskets, 10 or 5 of them
    // at self-checkout, so 60 or 20 for the cashiers out of 80 or 30 customers coming in.
    const bool busy = produce == 80;
    rows.baskets.push_back({store, hour, busy ? 70 : 25, busy ? 10 : 5});
    rows.footfall.push_back({store, hour, core::ZoneId{"entrance"}, 0, busy ? 80 : 30, 0});
  }
  ASSERT_TRUE(
      (*database)->aggregates().SaveRollup(rows, {{store, kStart + std::chrono::days(21)}}));
  ASSERT_TRUE((*database)->Close().has_value());
}

// The front of one day: shape, order, and the recommended point.
void CheckFront(const json& body, std::string_view date, std::string_view department) {
  EXPECT_EQ(body["store_id"], "store_001");
  EXPECT_EQ(body["date"], date);
  EXPECT_EQ(body["department"], department);
  EXPECT_EQ(body["currency"], "USD");
  EXPECT_EQ(body["interval_minutes"], 15);
  EXPECT_DOUBLE_EQ(body["target"]["service_level"].get<double>(), 0.8);
  EXPECT_TRUE(body["target"]["within_seconds"].is_number());
  const json& points = body["points"];
  ASSERT_TRUE(points.is_array());
  ASSERT_GE(points.size(), 2U) << body.dump();
  EXPECT_LE(points.size(), 40U);
  for (size_t k = 0; k < points.size(); ++k) {
    const json& point = points[k];
    for (const char* key : {"labour_hours", "labour_cost", "average_wait_seconds",
                            "worst_wait_seconds", "service_level"}) {
      EXPECT_TRUE(point[key].is_number()) << key << " of point " << k;
    }
    ASSERT_EQ(point["lanes"].size(), points[0]["lanes"].size());
    if (k > 0) {
      EXPECT_GT(point["labour_cost"].get<double>(), points[k - 1]["labour_cost"].get<double>());
      EXPECT_LT(point["average_wait_seconds"].get<double>(),
                points[k - 1]["average_wait_seconds"].get<double>());
    }
  }
  const json& first = points[0]["lanes"][0];
  EXPECT_EQ(first["time_slot"], "06:00-06:15");
  EXPECT_TRUE(core::ParseRfc3339(first["start"].get<std::string>()).has_value());
  EXPECT_EQ(points[0]["lanes"].size(), 17U * 4U);  // 06:00-23:00 on a weekday
  ASSERT_TRUE(body["recommended_index"].is_number_integer()) << body.dump();
  const json& chosen = points[body["recommended_index"].get<size_t>()];
  EXPECT_TRUE(chosen["meets_target"].get<bool>());
  EXPECT_GE(chosen["service_level"].get<double>(), 0.8);
}

TEST(StaffingApi, CostWaitFrontFromHistoryAndFromTheForecast) {
  TempDir dir;
  const auto db = dir.path() / "staff.db";
  SeedBaskets(db);
  const auto trained = RunStoreops({"forecast", "train", "--store", "store_001", "--db",
                                    db.string(), "--forecast-days", "7", "--format", "json"});
  ASSERT_EQ(trained.exit_code, 0) << trained.output;  // forecasts 2026-11-23 to 2026-11-30

  ServerProcess server(db, dir.path());
  ASSERT_TRUE(server.running()) << server.Log();
  HttpClient client("127.0.0.1", server.port(), std::chrono::seconds(30));
  ASSERT_EQ(client
                .Send("PUT", "/api/v1/stores/store_001",
                      ReadFileText(SourcePath("data/stores/supercenter.json")))
                .status,
            201);

  // Before the forecast starts: the hour-of-week history of the weeks before it.
  auto history = client.Get("/api/v1/staff/deployment/tradeoff?store_id=store_001&date=2026-11-18");
  ASSERT_EQ(history.status, 200) << history.body;
  const json past = json::parse(history.body);
  CheckFront(past, "2026-11-18", "checkout");
  EXPECT_EQ(past["demand_source"], "history_average");
  EXPECT_EQ(past["max_lanes"], 12);  // 8 staffed + 4 express lanes of the supercenter
  EXPECT_EQ(past["wage_source"], "default");
  EXPECT_DOUBLE_EQ(past["wage_per_hour"].get<double>(), 15.0);

  auto forecast =
      client.Get("/api/v1/staff/deployment/tradeoff?store_id=store_001&date=2026-11-25");
  ASSERT_EQ(forecast.status, 200) << forecast.body;
  const json ahead = json::parse(forecast.body);
  CheckFront(ahead, "2026-11-25", "checkout");
  EXPECT_EQ(ahead["demand_source"], "forecast");
  // About 60 assisted baskets an hour from 08:00 to 20:00 local, 20 otherwise (the departments'
  // transactions, 100 and 30, count a basket once per department).
  EXPECT_NEAR(ahead["customers"].get<double>(), 12 * 60 + 5 * 20, 100);
  // History: the same hours of the 4 weeks before 2026-11-18, two of them seeded (11-04, 11-11).
  EXPECT_NEAR(past["customers"].get<double>(), (12 * 60 + 5 * 20) / 2.0, 1);

  auto pharmacy = client.Get(
      "/api/v1/staff/deployment/tradeoff?store_id=store_001&date=2026-11-25&department=pharmacy");
  ASSERT_EQ(pharmacy.status, 200) << pharmacy.body;
  EXPECT_EQ(json::parse(pharmacy.body)["department"], "pharmacy");

  auto bad_date =
      client.Get("/api/v1/staff/deployment/tradeoff?store_id=store_001&date=2026-13-01");
  ASSERT_EQ(bad_date.status, 400);
  EXPECT_EQ(json::parse(bad_date.body)["error"]["details"][0]["field"], "date");
  auto no_store = client.Get("/api/v1/staff/deployment/tradeoff?date=2026-11-25");
  ASSERT_EQ(no_store.status, 400);
  EXPECT_EQ(json::parse(no_store.body)["error"]["details"][0]["field"], "store_id");
  auto not_a_queue =
      client.Get("/api/v1/staff/deployment/tradeoff?store_id=store_001&department=produce");
  ASSERT_EQ(not_a_queue.status, 400);
  EXPECT_EQ(json::parse(not_a_queue.body)["error"]["details"][0]["field"], "department");
  auto unknown = client.Get("/api/v1/staff/deployment/tradeoff?store_id=nowhere");
  EXPECT_EQ(unknown.status, 404);

  // Predictions say where their demand came from.
  auto prediction =
      client.Get("/api/v1/staff/deployment/predict?store_id=store_001&departments=checkout");
  ASSERT_EQ(prediction.status, 200) << prediction.body;
  const json predictions = json::parse(prediction.body)["predictions"];
  ASSERT_FALSE(predictions.empty()) << prediction.body;
  for (const auto& item : predictions) {
    EXPECT_TRUE(item["source"] == "forecast" || item["source"] == "history_average") << item;
  }
}

}  // namespace
}  // namespace storeops::testing
