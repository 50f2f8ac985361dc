// SPDX-License-Identifier: Apache-2.0
// The staffing routes through the router, against the memory database: JSON shapes, field-naming
// errors, the schedule job and an edit's re-score.
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storeops/api/labour_standards_json.hpp"
#include "storeops/service/job_runner.hpp"
#include "storeops/service/staffing_service.hpp"
#include "storeops/service/store_catalog.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/memory_storage.hpp"

#include "routes.hpp"

namespace storeops::api::internal {
namespace {

using nlohmann::json;

class StaffingRoutesTest : public ::testing::Test {
 protected:
  StaffingRoutesTest() {
    EXPECT_TRUE(catalog_.SaveStore(testing::SmallStore("s1")).has_value());
    AddStaffingRoutes(router_, staffing_, jobs_);
  }

  ~StaffingRoutesTest() override { jobs_.Shutdown(); }

  Response Call(Method method, const std::string& target, std::string body = {}) {
    Request request;
    request.method = method;
    const size_t question = target.find('?');
    request.path = target.substr(0, question);
    request.query = question == std::string::npos ? "" : target.substr(question + 1);
    request.body = std::move(body);
    return router_.Dispatch(request);
  }

  static std::string FirstField(const Response& response) {
    return json::parse(response.body)["error"]["details"][0]["field"].get<std::string>();
  }

  testing::MemoryDatabase database_;
  core::ManualClock clock_{*core::ParseRfc3339("2026-11-23T15:00:00Z")};
  service::StoreCatalog catalog_{database_.stores()};
  service::JobRunner jobs_{{.workers = 1}, clock_};
  service::AggregateDemandSource demand_{database_.aggregates(), clock_};
  service::StaffingService staffing_{catalog_, database_.staffing(), demand_, jobs_, clock_};
  Router router_;
};

constexpr std::string_view kAna = R"({
  "id": "ana", "name": "Ana", "skills": ["cashier"],
  "contract": {"min_hours": 0, "max_hours": 40, "max_shift_hours": 8},
  "hourly_cost": 15.5,
  "availability": {
    "unavailable": [{"weekday": "wednesday", "from": "00:00", "to": "12:00"}],
    "days_off": [{"date": "2026-12-03", "hard": false, "weight": 5}]
  }
})";

TEST_F(StaffingRoutesTest, EmployeeDocumentRoundTrips) {
  Response created = Call(Method::kPost, "/api/v1/stores/s1/employees", std::string(kAna));
  ASSERT_EQ(created.status, 201) << created.body;
  const json ana = json::parse(created.body);
  EXPECT_EQ(ana["contract"]["max_hours"], 40.0);
  EXPECT_EQ(ana["hourly_cost"], 15.5);
  EXPECT_EQ(ana["availability"]["unavailable"][0]["weekday"], 2);
  EXPECT_EQ(ana["availability"]["unavailable"][0]["to"], "12:00");
  EXPECT_EQ(ana["availability"]["days_off"][0]["date"], "2026-12-03");

  EXPECT_EQ(Call(Method::kPost, "/api/v1/stores/s1/employees", std::string(kAna)).status, 409);
  Response got = Call(Method::kGet, "/api/v1/stores/s1/employees/ana");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(json::parse(got.body)["name"], "Ana");

  Response put = Call(Method::kPut, "/api/v1/stores/s1/employees/ana",
                      R"({"name":"Ana L","skills":["cashier","fresh"]})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(json::parse(put.body)["skills"].size(), 2U);

  Response list = Call(Method::kGet, "/api/v1/stores/s1/employees");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(json::parse(list.body)["employees"].size(), 1U);
  EXPECT_EQ(Call(Method::kDelete, "/api/v1/stores/s1/employees/ana").status, 204);
  EXPECT_EQ(Call(Method::kGet, "/api/v1/stores/s1/employees/ana").status, 404);
  EXPECT_EQ(Call(Method::kGet, "/api/v1/stores/nowhere/employees").status, 404);
}

TEST_F(StaffingRoutesTest, BadEmployeeFieldsAreNamed) {
  Response bad = Call(Method::kPost, "/api/v1/stores/s1/employees",
                      R"({"id":"bo","contract":{"max_hours":"lots"},"availability":)"
                      R"({"unavailable":[{"weekday":1,"from":"25:00"}]}})");
  ASSERT_EQ(bad.status, 400);
  const json details = json::parse(bad.body)["error"]["details"];
  ASSERT_EQ(details.size(), 2U) << bad.body;
  EXPECT_EQ(details[0]["field"], "contract.max_hours");
  EXPECT_EQ(details[1]["field"], "availability.unavailable[0].from");

  Response mismatch = Call(Method::kPut, "/api/v1/stores/s1/employees/bo", R"({"id":"other"})");
  ASSERT_EQ(mismatch.status, 400);
  EXPECT_EQ(FirstField(mismatch), "id");
}

TEST_F(StaffingRoutesTest, DeploymentPredictionInTheBriefsShape) {
  Response response =
      Call(Method::kGet,
           "/api/v1/staff/deployment/"
           "predict?store_id=s1&time_horizon=next_4_hours&departments=checkout,produce");
  ASSERT_EQ(response.status, 200) << response.body;
  const json body = json::parse(response.body);
  ASSERT_EQ(body["predictions"].size(), 8U);
  const json& first = body["predictions"][0];
  for (const char* key : {"time_slot", "department", "recommended_staff", "skill_requirements",
                          "predicted_customers", "confidence"}) {
    EXPECT_TRUE(first.contains(key)) << key;
  }
  EXPECT_EQ(first["time_slot"], "09:00-10:00");

  // The brief's JSON body form works too.
  Response with_body =
      Call(Method::kGet, "/api/v1/staff/deployment/predict",
           R"({"store_id":"s1","time_horizon":"next_24_hours","departments":["checkout"]})");
  ASSERT_EQ(with_body.status, 200) << with_body.body;
  // Open 07:00-22:00: 09:00-22:00 today and 07:00-09:00 tomorrow.
  EXPECT_EQ(json::parse(with_body.body)["predictions"].size(), 15U);

  Response bad =
      Call(Method::kGet, "/api/v1/staff/deployment/predict?store_id=s1&time_horizon=next_year");
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(FirstField(bad), "time_horizon");
  Response unknown =
      Call(Method::kGet, "/api/v1/staff/deployment/predict?store_id=s1&departments=toys");
  ASSERT_EQ(unknown.status, 400);
  EXPECT_EQ(FirstField(unknown), "departments[0]");
}

TEST_F(StaffingRoutesTest, CostWaitTradeoffOfADay) {
  Response response =
      Call(Method::kGet, "/api/v1/staff/deployment/tradeoff?store_id=s1&date=2026-11-24");
  ASSERT_EQ(response.status, 200) << response.body;
  const json body = json::parse(response.body);
  for (const char* key :
       {"store_id", "date", "department", "currency", "wage_per_hour", "wage_source", "shrinkage",
        "interval_minutes", "max_lanes", "aht_seconds", "customers", "demand_source", "target",
        "points", "recommended_index"}) {
    EXPECT_TRUE(body.contains(key)) << key;
  }
  EXPECT_EQ(body["date"], "2026-11-24");
  EXPECT_EQ(body["department"], "checkout");
  EXPECT_EQ(body["demand_source"], "history_average");
  // No history: one point, a lane in each of the 60 open quarters, and it meets the target.
  ASSERT_EQ(body["points"].size(), 1U);
  const json& point = body["points"][0];
  ASSERT_EQ(point["lanes"].size(), 60U);
  EXPECT_EQ(point["lanes"][0]["time_slot"], "07:00-07:15");
  EXPECT_EQ(point["lanes"][0]["start"], "2026-11-24T13:00:00Z");
  EXPECT_EQ(point["lanes"][0]["lanes"], 1);
  EXPECT_EQ(body["recommended_index"], 0);

  Response today = Call(Method::kGet, "/api/v1/staff/deployment/tradeoff?store_id=s1");
  ASSERT_EQ(today.status, 200) << today.body;
  EXPECT_EQ(json::parse(today.body)["date"], "2026-11-23");

  Response bad_date =
      Call(Method::kGet, "/api/v1/staff/deployment/tradeoff?store_id=s1&date=24.11.2026");
  ASSERT_EQ(bad_date.status, 400);
  EXPECT_EQ(FirstField(bad_date), "date");
  Response no_store = Call(Method::kGet, "/api/v1/staff/deployment/tradeoff");
  ASSERT_EQ(no_store.status, 400);
  EXPECT_EQ(FirstField(no_store), "store_id");
  Response workload =
      Call(Method::kGet, "/api/v1/staff/deployment/tradeoff?store_id=s1&department=produce");
  ASSERT_EQ(workload.status, 400);
  EXPECT_EQ(FirstField(workload), "department");
}

TEST_F(StaffingRoutesTest, LabourStandardsAreTheDefaultsUntilTheStoreSetsItsOwn) {
  Response defaults = Call(Method::kGet, "/api/v1/stores/s1/labour-standards");
  ASSERT_EQ(defaults.status, 200) << defaults.body;
  json body = json::parse(defaults.body);
  EXPECT_EQ(body["source"], "default");
  EXPECT_EQ(body["shrinkage"], 0.3);
  EXPECT_TRUE(body["updated"].is_null());
  // Every department of the definition (produce, grocery), then the tills.
  ASSERT_EQ(body["departments"].size(), 3U);
  const json& till = body["departments"][2];
  EXPECT_EQ(till["department"], "checkout");
  EXPECT_EQ(till["kind"], "queue");
  EXPECT_EQ(till["skill"], "cashier");
  EXPECT_EQ(till["aht_seconds"], 150.0);
  EXPECT_EQ(till["within_seconds"], 120.0);
  EXPECT_EQ(till["source"], "default");
  EXPECT_EQ(body["departments"][0]["kind"], "workload");
  EXPECT_EQ(body["departments"][0]["service_minutes_per_customer"], 3.5);

  Response put = Call(Method::kPut, "/api/v1/stores/s1/labour-standards",
                      R"({"shrinkage":0.2,"departments":[
                           {"department":"checkout","aht_seconds":75,"minimum_staff":2},
                           {"department":"produce","kind":"queue","aht_seconds":200,
                            "within_seconds":60}]})");
  ASSERT_EQ(put.status, 200) << put.body;
  body = json::parse(put.body);
  EXPECT_EQ(body["source"], "store");
  EXPECT_EQ(body["shrinkage"], 0.2);
  EXPECT_EQ(body["updated"], "2026-11-23T15:00:00Z");
  EXPECT_EQ(body["departments"][0]["kind"], "queue");  // produce became a queue
  EXPECT_EQ(body["departments"][0]["service_level"], 0.8);
  EXPECT_EQ(body["departments"][0]["source"], "store");
  EXPECT_EQ(body["departments"][1]["source"], "default");  // grocery: not listed
  EXPECT_EQ(body["departments"][2]["aht_seconds"], 75.0);
  EXPECT_EQ(body["departments"][2]["within_seconds"], 120.0);  // unset: the default kept
  EXPECT_EQ(body["departments"][2]["minimum_staff"], 2);
  EXPECT_EQ(json::parse(Call(Method::kGet, "/api/v1/stores/s1/labour-standards").body), body);

  // The trade-off and the deployment prediction use them.
  Response tradeoff =
      Call(Method::kGet, "/api/v1/staff/deployment/tradeoff?store_id=s1&date=2026-11-24");
  ASSERT_EQ(tradeoff.status, 200) << tradeoff.body;
  EXPECT_EQ(json::parse(tradeoff.body)["aht_seconds"], 75.0);
  EXPECT_EQ(json::parse(tradeoff.body)["shrinkage"], 0.2);
  EXPECT_EQ(json::parse(tradeoff.body)["points"][0]["lanes"][0]["lanes"], 2);
  Response produce =
      Call(Method::kGet, "/api/v1/staff/deployment/tradeoff?store_id=s1&department=produce");
  EXPECT_EQ(produce.status, 200) << produce.body;  // a queue now
  Response predicted = Call(Method::kGet,
                            "/api/v1/staff/deployment/"
                            "predict?store_id=s1&time_horizon=next_4_hours&departments=checkout");
  ASSERT_EQ(predicted.status, 200) << predicted.body;
  EXPECT_EQ(json::parse(predicted.body)["predictions"][0]["recommended_staff"], 2);

  EXPECT_EQ(Call(Method::kDelete, "/api/v1/stores/s1/labour-standards").status, 204);
  EXPECT_EQ(json::parse(Call(Method::kGet, "/api/v1/stores/s1/labour-standards").body)["source"],
            "default");
  EXPECT_EQ(Call(Method::kDelete, "/api/v1/stores/s1/labour-standards").status, 404);
  EXPECT_EQ(Call(Method::kGet, "/api/v1/stores/nowhere/labour-standards").status, 404);
}

TEST_F(StaffingRoutesTest, BadLabourStandardFieldsAreNamed) {
  Response bad = Call(Method::kPut, "/api/v1/stores/s1/labour-standards",
                      R"({"shrinkage":1.5,"departments":[
                           {"department":"checkout","aht_seconds":-3,"service_level":1},
                           {"department":"toys"},
                           {"department":"grocery","kind":"queue"},
                           {"department":"produce","utilisation_target":0,"minimum_staff":-1},
                           {"department":"checkout"}]})");
  ASSERT_EQ(bad.status, 400) << bad.body;
  const json details = json::parse(bad.body)["error"]["details"];
  std::vector<std::string> fields;
  for (const auto& detail : details) {
    fields.push_back(detail["field"].get<std::string>());
  }
  EXPECT_EQ(fields, (std::vector<std::string>{
                        "shrinkage", "departments[0].aht_seconds", "departments[0].service_level",
                        "departments[1].department", "departments[2].aht_seconds",
                        "departments[3].utilisation_target", "departments[3].minimum_staff",
                        "departments[4].department"}))
      << bad.body;

  Response types = Call(Method::kPut, "/api/v1/stores/s1/labour-standards",
                        R"({"departments":[{"department":"checkout","aht_seconds":"fast"}]})");
  ASSERT_EQ(types.status, 400);
  EXPECT_EQ(FirstField(types), "departments[0].aht_seconds");
  Response not_array =
      Call(Method::kPut, "/api/v1/stores/s1/labour-standards", R"({"departments":{}})");
  ASSERT_EQ(not_array.status, 400);
  EXPECT_EQ(FirstField(not_array), "departments");
  // Nothing was stored by the refused documents.
  EXPECT_EQ(json::parse(Call(Method::kGet, "/api/v1/stores/s1/labour-standards").body)["source"],
            "default");
}

TEST_F(StaffingRoutesTest, ScheduleIsBuiltPolledReadAndEdited) {
  ASSERT_EQ(Call(Method::kPost, "/api/v1/stores/s1/employees", std::string(kAna)).status, 201);
  ASSERT_EQ(Call(Method::kPost, "/api/v1/stores/s1/employees",
                 R"({"id":"bo","skills":["cashier"],"contract":{"max_hours":40}})")
                .status,
            201);
  Response bad = Call(Method::kPost, "/api/v1/staff/schedules",
                      R"({"store_id":"s1","week_start":"2026-13-01"})");
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(FirstField(bad), "week_start");

  Response accepted = Call(
      Method::kPost, "/api/v1/staff/schedules",
      R"({"store_id":"s1","week_start":"2026-11-30","time_limit_seconds":10,"departments":["checkout"]})");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const std::string status_url = json::parse(accepted.body)["status_url"];
  json job;
  for (int i = 0; i < 300; ++i) {
    Response polled = Call(Method::kGet, status_url);
    ASSERT_EQ(polled.status, 200) << polled.body;
    job = json::parse(polled.body);
    if (job["status"] == "succeeded" || job["status"] == "failed") {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(job["status"], "succeeded") << job.dump();
  const std::string url = job["schedule_url"];

  Response got = Call(Method::kGet, url);
  ASSERT_EQ(got.status, 200) << got.body;
  const json schedule = json::parse(got.body);
  EXPECT_EQ(schedule["week_start"], "2026-11-30");
  EXPECT_FALSE(schedule["assignments"].empty());
  EXPECT_EQ(schedule["coverage"].size(), 7U * 15U);
  EXPECT_TRUE(schedule["score"]["total"].is_number());

  Response list = Call(Method::kGet, "/api/v1/staff/schedules?store_id=s1");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(json::parse(list.body)["schedules"].size(), 1U);

  // Ana takes an explicit 6-hour shift on day 0 instead of the solver's roster.
  Response edited = Call(Method::kPut, url,
                         R"({"assignments":[{"employee":"ana","day":0,"start":"08:00",)"
                         R"("length_minutes":360,"skill":"cashier"}]})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  const json result = json::parse(edited.body);
  EXPECT_EQ(result["status"], "edited");
  EXPECT_EQ(result["assignments"].size(), 1U);
  EXPECT_EQ(result["assignments"][0]["shift_id"], "cashier@08:00+360");
  EXPECT_TRUE(result["delta"]["total"].is_number());
  EXPECT_GT(result["delta"]["total"].get<double>(), 0.0);

  Response unknown =
      Call(Method::kPut, url, R"({"assignments":[{"employee":"zed","day":0,"shift_id":"x"}]})");
  ASSERT_EQ(unknown.status, 400);
  EXPECT_EQ(FirstField(unknown), "assignments[0].employee");
  EXPECT_EQ(Call(Method::kGet, "/api/v1/staff/schedules/sch_0000000000000000").status, 404);
}

// The text form the command line uses (storeops/api/labour_standards_json.hpp) reads a PUT body
// as the route does and prints exactly what the GET answers.
TEST_F(StaffingRoutesTest, LabourStandardsDocumentIsTheRoutesDocument) {
  const std::string document =
      R"({"shrinkage":0.2,"departments":[{"department":"checkout","aht_seconds":68}]})";
  auto input = ParseLabourStandardsDocument(document, core::StoreId{"s1"});
  ASSERT_TRUE(input.has_value()) << input.error().message;
  auto standards = staffing_.SetLabourStandards(*input);
  ASSERT_TRUE(standards.has_value()) << standards.error().message;
  Response get = Call(Method::kGet, "/api/v1/stores/s1/labour-standards");
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(LabourStandardsDocument(*standards), get.body);
  EXPECT_EQ(Call(Method::kPut, "/api/v1/stores/s1/labour-standards", document).body, get.body);

  auto not_json = ParseLabourStandardsDocument("{\"departments\":", core::StoreId{"s1"});
  ASSERT_FALSE(not_json.has_value());
  EXPECT_EQ(not_json.error().details.at(0).field, "body");
  auto bad_type = ParseLabourStandardsDocument(R"({"departments":[{"department":"checkout",)"
                                               R"("aht_seconds":"slow"}]})",
                                               core::StoreId{"s1"});
  ASSERT_FALSE(bad_type.has_value());
  EXPECT_EQ(bad_type.error().details.at(0).field, "departments[0].aht_seconds");
}

}  // namespace
}  // namespace storeops::api::internal
