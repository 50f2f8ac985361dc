// SPDX-License-Identifier: Apache-2.0
// Staffing against the real binary: employees are created over HTTP, a week roster is built as a
// job and polled to its end, read back with its score and coverage, edited and re-scored.
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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

}  // namespace
}  // namespace storeops::testing
