// SPDX-License-Identifier: Apache-2.0
// The route table against its contract: every route is in the OpenAPI document and every
// documented operation is served. Handlers run against an in-memory repository.
#include "routes.hpp"

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storeops/service/forecast_service.hpp"
#include "storeops/service/job_runner.hpp"
#include "storeops/service/simulation_service.hpp"
#include "storeops/service/staffing_service.hpp"
#include "storeops/sim/scenario.hpp"
#include "storeops/store_definition/store_json.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/memory_storage.hpp"

#include "routes_jobs.hpp"

namespace storeops::api::internal {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

class RoutesTest : public ::testing::Test {
 protected:
  RoutesTest()
      : catalog_(database_.stores()),
        health_(database_),
        clock_(*core::ParseRfc3339("2026-11-23T15:00:00Z")),
        ingest_(database_.events(), catalog_, NoPresence(), clock_),
        live_(
            {}, [this](const core::StoreId& id) { return catalog_.GetStore(id).value_or(nullptr); },
            clock_),
        simulations_(catalog_, *sim::ParseBasketModelJson(service::BuiltInBasketModelJson())) {
    AddSystemRoutes(router_, health_, [] { return std::string("metrics"); });
    AddStoreRoutes(router_, catalog_);
    AddEventRoutes(router_, ingest_);
    AddLiveRoutes(router_, catalog_, live_);
    AddJobRoutes(router_, jobs_);
    AddSimulationRoutes(router_, simulations_, jobs_);
    AddForecastRoutes(router_, forecasts_);
    AddStaffingRoutes(router_, staffing_, jobs_);
    ingest_.SetObserver([this](std::span<const core::Event> events) { live_.OnAccepted(events); });
  }

  static service::PresenceFilter NoPresence() {
    return [](const ingest::RawPresence&) -> core::Result<core::Presence> {
      return core::Fail(core::ErrorCode::kInvalidArgument, "no presence in these tests",
                        {{"device_id", "not accepted here"}});
    };
  }

  Response Call(Method method, const std::string& path, std::string body = {}) {
    Request request;
    request.method = method;
    const size_t question = path.find('?');
    request.path = path.substr(0, question);
    request.query = question == std::string::npos ? "" : path.substr(question + 1);
    request.body = std::move(body);
    return router_.Dispatch(request);
  }

  testing::MemoryDatabase database_;
  service::StoreCatalog catalog_;
  service::HealthCheck health_;
  core::ManualClock clock_;
  service::IngestService ingest_;
  live::LiveHub live_;
  service::SimulationService simulations_;
  service::JobRunner jobs_{{.workers = 1}, clock_};
  service::ForecastService forecasts_{database_, clock_};
  service::AggregateDemandSource staffing_demand_{database_.aggregates(), clock_};
  service::StaffingService staffing_{catalog_, database_.staffing(), staffing_demand_, jobs_,
                                     clock_};
  Router router_;
};

TEST_F(RoutesTest, EveryRouteIsDocumentedAndEveryDocumentedOperationIsServed) {
  const auto document = nlohmann::json::parse(kOpenApiDocument);
  EXPECT_EQ(document["openapi"], "3.1.0");
  std::set<std::string> served;
  for (const auto& route : router_.routes()) {
    served.insert(Lower(MethodName(route.method)) + " " + route.pattern);
  }
  std::set<std::string> documented;
  for (const auto& [path, item] : document["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (method != "parameters") {
        documented.insert(method + " " + path);
      }
    }
  }
  EXPECT_EQ(served, documented);
}

TEST_F(RoutesTest, PutThenGetAndListAStore) {
  const std::string json = R"({"id":"s1"})";
  Response bad = Call(Method::kPut, "/api/v1/stores/s1", json);
  EXPECT_EQ(bad.status, 400);

  Response list = Call(Method::kGet, "/api/v1/stores");
  EXPECT_EQ(list.status, 200);
  EXPECT_EQ(nlohmann::json::parse(list.body)["stores"].size(), 0U);
}

TEST_F(RoutesTest, EventsAreAcceptedAndRejectionsNamed) {
  ASSERT_TRUE(catalog_.SaveStore(testing::SmallStore("s1")).has_value());
  Response response = Call(
      Method::kPost, "/api/v1/events",
      R"([{"type":"camera.count","store_id":"s1","ts":"2026-11-23T14:06:00Z","camera":"c","zone":"entrance","people":3},)"
      R"({"type":"camera.count","store_id":"s1","ts":"2026-11-23T14:06:00Z","camera":"c","zone":"entrance","people":-3}])");
  ASSERT_EQ(response.status, 200) << response.body;
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["accepted"], 1);
  ASSERT_EQ(body["rejected"].size(), 1U);
  EXPECT_EQ(body["rejected"][0]["index"], 1);
  EXPECT_EQ(body["rejected"][0]["field"], "people");
  auto letters = nlohmann::json::parse(Call(Method::kGet, "/api/v1/dead-letter").body);
  ASSERT_EQ(letters["dead_letters"].size(), 1U);
  EXPECT_EQ(letters["dead_letters"][0]["field"], "people");
}

TEST_F(RoutesTest, ReadinessFollowsStorage) {
  EXPECT_EQ(Call(Method::kGet, "/readyz").status, 200);
  database_.memory_stores().SetUnavailable(true);
  Response down = Call(Method::kGet, "/readyz");
  EXPECT_EQ(down.status, 503);
  EXPECT_NE(down.body.find("UNAVAILABLE"), std::string::npos);
}

TEST_F(RoutesTest, StoreIdInTheUrlIsValidated) {
  Response response = Call(Method::kGet, "/api/v1/stores/bad%20id");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["details"][0]["field"], "id");
  EXPECT_EQ(Call(Method::kGet, "/api/v1/stores/unknown").status, 404);
}

TEST_F(RoutesTest, ListIsCachedUntilASave) {
  ASSERT_TRUE(catalog_.SaveStore(testing::SmallStore("a")).has_value());
  auto first = nlohmann::json::parse(Call(Method::kGet, "/api/v1/stores").body);
  ASSERT_EQ(first["stores"].size(), 1U);
  EXPECT_EQ(first["stores"][0]["zone_count"], 5);
  EXPECT_EQ(first["stores"][0]["timezone"], "America/Chicago");
  ASSERT_TRUE(catalog_.SaveStore(testing::SmallStore("b")).has_value());
  auto second = nlohmann::json::parse(Call(Method::kGet, "/api/v1/stores").body);
  EXPECT_EQ(second["stores"].size(), 2U);
}

TEST_F(RoutesTest, LiveStateOfAStoreAndItsErrors) {
  ASSERT_TRUE(catalog_.SaveStore(testing::SmallStore("s1")).has_value());
  ASSERT_EQ(
      Call(
          Method::kPost, "/api/v1/events",
          R"([{"type":"camera.count","store_id":"s1","ts":"2026-11-23T14:59:00Z","camera":"c","zone":"checkout","people":5,"queue":4}])")
          .status,
      200);
  Response live = Call(Method::kGet, "/api/v1/stores/s1/live");
  ASSERT_EQ(live.status, 200) << live.body;
  auto body = nlohmann::json::parse(live.body);
  EXPECT_EQ(body["as_of"], "2026-11-23T15:00:00Z");
  EXPECT_EQ(body["people_in_store"], 5);
  EXPECT_EQ(body["lanes"][0]["queue_length"], 2);

  Response missing = Call(Method::kGet, "/api/v1/stores/s2/live");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("s2"), std::string::npos) << missing.body;
  EXPECT_EQ(Call(Method::kGet, "/api/v1/stores/..bad/live").status, 400);
  Response plain = Call(Method::kGet, "/api/v1/stream");
  EXPECT_EQ(plain.status, 426);
}

TEST_F(RoutesTest, ASimulationRunsAsAJobAndIsPolledToItsResult) {
  auto store =
      store_definition::ReadStoreFile(testing::SourcePath("data/stores/supercenter.json").string());
  ASSERT_TRUE(store.has_value());
  const std::string id = store->id.value();
  ASSERT_TRUE(catalog_.SaveStore(std::move(*store)).has_value());

  Response accepted = Call(Method::kPost, "/api/v1/simulations",
                           R"({"store_id":")" + id + R"(","days":1,"replications":2,"seed":3})");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const auto job = nlohmann::json::parse(accepted.body);
  const std::string status_url = job["status_url"];
  EXPECT_EQ(status_url, "/api/v1/simulations/" + job["job_id"].get<std::string>());

  nlohmann::json polled;
  for (int i = 0; i < 2000; ++i) {
    Response response = Call(Method::kGet, status_url);
    ASSERT_EQ(response.status, 200) << response.body;
    polled = nlohmann::json::parse(response.body);
    if (polled["status"] != "queued" && polled["status"] != "running") {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(polled["status"], "succeeded") << polled.dump();
  EXPECT_EQ(polled["progress"], 1.0);
  EXPECT_GT(polled["result"]["kpis"]["transactions"]["mean"].get<double>(), 0.0);
  EXPECT_EQ(Call(Method::kGet, "/api/v1/jobs/" + job["job_id"].get<std::string>()).status, 200);
  auto list = nlohmann::json::parse(Call(Method::kGet, "/api/v1/simulations?store_id=" + id).body);
  ASSERT_EQ(list["simulations"].size(), 1U);
  EXPECT_FALSE(list["simulations"][0].contains("result"));
}

TEST_F(RoutesTest, ABadSimulationRequestIsAnsweredAtOnceNamingTheField) {
  ASSERT_TRUE(catalog_.SaveStore(testing::SmallStore("s1")).has_value());
  Response missing = Call(Method::kPost, "/api/v1/simulations", R"({"days":1})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(nlohmann::json::parse(missing.body)["error"]["details"][0]["field"], "store_id");
  Response bad =
      Call(Method::kPost, "/api/v1/simulations", R"({"store_id":"s1","scenario":{"days":"many"}})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad.body)["error"]["details"][0]["field"], "scenario.days");
  EXPECT_EQ(Call(Method::kPost, "/api/v1/simulations", R"({"store_id":"nowhere"})").status, 404);
  EXPECT_EQ(Call(Method::kPost, "/api/v1/simulations", "not json").status, 400);
  EXPECT_EQ(Call(Method::kGet, "/api/v1/simulations/job_0000").status, 404);
}

TEST_F(RoutesTest, ForecastRoutesNameBadParametersAndSayHowToTrain) {
  Response untrained = Call(Method::kGet, "/api/v1/forecast?store_id=s1&metric=sales");
  EXPECT_EQ(untrained.status, 404);
  EXPECT_NE(untrained.body.find("storeops forecast train --store s1"), std::string::npos);
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"metric=sales", "store_id"},
           {"store_id=s1&metric=revenue", "metric"},
           {"store_id=s1&granularity=min", "granularity"},
           {"store_id=s1&horizon=0", "horizon"},
           {"store_id=s1&horizon=x", "horizon"},
           {"store_id=s1&from=yesterday", "from"}}) {
    Response bad = Call(Method::kGet, "/api/v1/forecast?" + query);
    EXPECT_EQ(bad.status, 400) << query;
    EXPECT_EQ(nlohmann::json::parse(bad.body)["error"]["details"][0]["field"], field) << query;
  }
  Response models = Call(Method::kGet, "/api/v1/forecast/models?store_id=s1");
  EXPECT_EQ(models.status, 200);
  EXPECT_EQ(nlohmann::json::parse(models.body)["versions"].size(), 0U);
  EXPECT_TRUE(nlohmann::json::parse(models.body)["champion"].is_null());
  EXPECT_EQ(Call(Method::kPost, "/api/v1/forecast/models/1/champion?store_id=s1").status, 404);
  EXPECT_EQ(Call(Method::kPost, "/api/v1/forecast/models/x/champion?store_id=s1").status, 400);
  EXPECT_EQ(Call(Method::kPost, "/api/v1/forecast/models/1/champion").status, 400);
}

}  // namespace
}  // namespace storeops::api::internal
