// SPDX-License-Identifier: Apache-2.0
#include "storeops/service/simulation_service.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storeops/sim/scenario.hpp"
#include "storeops/store_definition/store_json.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/memory_storage.hpp"

namespace storeops::service {
namespace {

// A job context that records progress, for running outside a JobRunner.
class RecordingJob final : public JobContext {
 public:
  void Report(double fraction, std::string message) override {
    last_fraction = fraction;
    last_message = std::move(message);
  }

  [[nodiscard]] bool Cancelled() const override { return cancel; }

  double last_fraction = 0;
  std::string last_message;
  bool cancel = false;
};

class SimulationServiceTest : public ::testing::Test {
 protected:
  SimulationServiceTest() : catalog_(database_.stores()) {
    auto store = store_definition::ReadStoreFile(
        testing::SourcePath("data/stores/supercenter.json").string());
    EXPECT_TRUE(store.has_value());
    EXPECT_TRUE(catalog_.SaveStore(std::move(*store)).has_value());
  }

  SimulationService Service() {
    auto model = sim::ParseBasketModelJson(BuiltInBasketModelJson());
    EXPECT_TRUE(model.has_value());
    return SimulationService(catalog_, std::move(*model));
  }

  core::StoreId StoreId() { return catalog_.ListStores().value()->front().id; }

  testing::MemoryDatabase database_;
  StoreCatalog catalog_;
};

TEST_F(SimulationServiceTest, RunsAScenarioWithProgressAndTheCliJsonShape) {
  auto service = Service();
  auto prepared = service.Prepare({.store_id = StoreId(), .days = 1, .replications = 2});
  ASSERT_TRUE(prepared.has_value()) << prepared.error().message;
  RecordingJob job;
  auto json = service.Run(*prepared, job);
  ASSERT_TRUE(json.has_value()) << json.error().message;
  const auto report = nlohmann::json::parse(*json);
  EXPECT_EQ(report["days"], 1);
  EXPECT_EQ(report["replications"], 2);
  EXPECT_GT(report["kpis"]["revenue"]["mean"].get<double>(), 0.0);
  EXPECT_EQ(report["kpis"]["revenue"]["ci95"].size(), 2U);
  EXPECT_DOUBLE_EQ(job.last_fraction, 1.0);
  EXPECT_EQ(job.last_message, "simulated 2 of 2 store-days");

  // Deterministic for a seed: the same request gives the same answer.
  RecordingJob again;
  EXPECT_EQ(*service.Run(*prepared, again), *json);
}

TEST_F(SimulationServiceTest, ComparesTwoScenariosWithTheDifference) {
  auto service = Service();
  auto prepared =
      service.Prepare({.store_id = StoreId(),
                       .scenario_json = R"({"name":"today"})",
                       .compare_json = R"({"name":"busier","traffic":{"daily_shoppers":9000}})",
                       .days = 1,
                       .replications = 2});
  ASSERT_TRUE(prepared.has_value()) << prepared.error().message;
  RecordingJob job;
  auto json = service.Run(*prepared, job);
  ASSERT_TRUE(json.has_value()) << json.error().message;
  const auto comparison = nlohmann::json::parse(*json);
  EXPECT_EQ(comparison["a"]["scenario"], "today");
  EXPECT_EQ(comparison["b"]["scenario"], "busier");
  EXPECT_TRUE(comparison["difference"].contains("revenue"));
}

TEST_F(SimulationServiceTest, BadRequestsNameTheField) {
  auto service = Service();
  auto unknown = service.Prepare({.store_id = core::StoreId{"nowhere"}});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kNotFound);

  auto bad_days = service.Prepare({.store_id = StoreId(), .scenario_json = R"({"days":-2})"});
  ASSERT_FALSE(bad_days.has_value());
  EXPECT_EQ(bad_days.error().code, core::ErrorCode::kInvalidArgument);
  ASSERT_FALSE(bad_days.error().details.empty());
  EXPECT_EQ(bad_days.error().details[0].field, "scenario.days");

  auto bad_b = service.Prepare(
      {.store_id = StoreId(), .compare_json = R"({"layout":{"categories":{"nope":"nowhere"}}})"});
  ASSERT_FALSE(bad_b.has_value());
  ASSERT_FALSE(bad_b.error().details.empty());
  EXPECT_TRUE(bad_b.error().details[0].field.starts_with("compare."))
      << bad_b.error().details[0].field;

  auto too_big = service.Prepare({.store_id = StoreId(), .days = 366, .replications = 100});
  ASSERT_FALSE(too_big.has_value());
  EXPECT_EQ(too_big.error().details[0].field, "replications");
}

TEST_F(SimulationServiceTest, ACancelledJobStopsWithCancelled) {
  auto service = Service();
  auto prepared = service.Prepare({.store_id = StoreId(), .days = 3, .replications = 1});
  ASSERT_TRUE(prepared.has_value());
  RecordingJob job;
  job.cancel = true;
  auto json = service.Run(*prepared, job);
  ASSERT_FALSE(json.has_value());
  EXPECT_EQ(json.error().code, core::ErrorCode::kCancelled);
}

}  // namespace
}  // namespace storeops::service
