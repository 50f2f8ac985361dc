// SPDX-License-Identifier: Apache-2.0
// ForecastDemandSource against a fake ForecastService: which hours the forecast serves, the
// quantile mapping, the checkout/department mapping, and the fallback to the history source.
#include "storeops/service/forecast_demand_source.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/service/job_runner.hpp"
#include "storeops/service/staffing_service.hpp"
#include "storeops/service/store_catalog.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/memory_storage.hpp"

namespace storeops::service {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const core::StoreId kStore{"s1"};

core::Timestamp At(std::string_view text) { return *core::ParseRfc3339(text); }

// A champion trained up to `data_to` with `days` days of hourly forecasts: every hour's mean is
// 40 (store total) or 10 (a department), the 80%/95% half-widths 8 and 20.
class FakeForecasts final : public ForecastService {
 public:
  core::Result<ModelVersionInfo> Champion(const core::StoreId& store) override {
    if (!champion || store != kStore) {
      return core::Fail(core::ErrorCode::kNotFound, "no champion");
    }
    ModelVersionInfo info;
    info.version = 3;
    info.store_id = store;
    info.data_to = data_to;
    info.settings_json = "{\"history_days\":56,\"forecast_days\":" + std::to_string(days) + "}";
    info.champion = true;
    return info;
  }

  core::Result<ForecastResult> Forecast(const ForecastQuery& query) override {
    queries.push_back(query);
    if (unavailable) {
      return core::Fail(core::ErrorCode::kUnavailable, "registry down");
    }
    if (!query.department.empty() && query.department != "produce") {
      return core::Fail(core::ErrorCode::kNotFound, "no forecast for department",
                        {{"department", "no forecast for this department and metric"}});
    }
    const core::Timestamp first = query.from.value_or(data_to);
    if (first < data_to || first + hours(query.horizon) > data_to + hours(24 * days)) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "outside", {{"horizon", "too far"}});
    }
    ForecastResult result;
    result.store_id = query.store_id;
    result.department = query.department;
    result.metric = query.metric;
    result.granularity = query.granularity;
    const double mean = query.department.empty() ? 40 : 10;
    if (query.metric == "customers") {
      // Actual customers before the forecast: 50 an hour.
      for (int h = query.horizon; h > 0; --h) {
        result.history.emplace_back(first - hours(h), 50.0);
      }
    }
    for (int h = 0; h < query.horizon; ++h) {
      result.points.push_back({.start = first + hours(h),
                               .mean = mean,
                               .lo80 = mean - 8,
                               .hi80 = mean + 8,
                               .lo95 = mean - 20,
                               .hi95 = mean + 20});
    }
    return result;
  }

  bool champion = true;
  bool unavailable = false;
  core::Timestamp data_to = At("2026-11-23T12:00:00Z");
  int days = 1;
  std::vector<ForecastQuery> queries;
};

// Every hour 100 customers, marked as history.
class FakeHistory final : public DemandSource {
 public:
  core::Result<std::vector<DemandPoint>> Demand(const core::StoreId&, std::string_view,
                                                core::Timestamp from, core::Timestamp to,
                                                DemandGranularity granularity) override {
    ++calls;
    const auto step = granularity == DemandGranularity::kHour ? minutes(60) : minutes(15);
    std::vector<DemandPoint> points;
    const double share = static_cast<double>(step.count()) / 60.0;
    const auto from_minute = std::chrono::floor<minutes>(from);
    for (core::Timestamp start = from_minute - from_minute.time_since_epoch() % step; start < to;
         start += step) {
      DemandPoint point;
      point.start = start;
      point.customers = point.customers_p80 = point.customers_p95 = 100 * share;
      points.push_back(point);
    }
    return points;
  }

  int calls = 0;
};

class ForecastDemandSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The day before the forecast: 30 baskets an hour, 10 of them at self-checkout, so a cashier
    // served 20 per 50 customers (r = 0.4).
    storage::HourlyAggregates rows;
    for (int h = 24; h > 0; --h) {
      rows.baskets.push_back({kStore, forecasts_.data_to - hours(h), 30, 10});
    }
    ASSERT_TRUE(aggregates_.SaveRollup(rows, {}).has_value());
  }

  FakeForecasts forecasts_;
  FakeHistory history_;
  testing::MemoryAggregateRepository aggregates_;
  ForecastDemandSource demand_{forecasts_, history_, aggregates_};
};

TEST_F(ForecastDemandSourceTest, CheckoutIsCustomersTimesAssistedBasketsPerCustomer) {
  const core::Timestamp from = At("2026-11-23T15:00:00Z");
  auto points = demand_.Demand(kStore, "checkout", from, from + hours(2), DemandGranularity::kHour);
  ASSERT_TRUE(points.has_value()) << points.error().message;
  ASSERT_EQ(points->size(), 2U);
  ASSERT_EQ(forecasts_.queries.size(), 2U);
  // First the ratio: the customers actually seen over the stored range's hours before it.
  EXPECT_EQ(forecasts_.queries[0].metric, "customers");
  EXPECT_EQ(forecasts_.queries[0].horizon, 24);
  // Then the hours asked for: the store's customers, never the sum of department transactions.
  EXPECT_EQ(forecasts_.queries[1].department, "");
  EXPECT_EQ(forecasts_.queries[1].metric, "customers");
  EXPECT_EQ(forecasts_.queries[1].granularity, "hour");
  EXPECT_EQ(forecasts_.queries[1].horizon, 2);
  for (const auto& point : *points) {
    EXPECT_EQ(point.source, DemandOrigin::kForecast);
    EXPECT_DOUBLE_EQ(point.customers, 40 * 0.4);
    // hi80 = mean + 8 is the 90th percentile: the 80th is mean + 8 x 0.8416 / 1.2816, and the
    // half-widths scale with the ratio too.
    EXPECT_NEAR(point.customers_p80, 0.4 * (40 + 8 * 0.656716), 1e-4);
    EXPECT_NEAR(point.customers_p95, 0.4 * (40 + 20 * 0.839227), 1e-4);
  }
  EXPECT_EQ((*points)[1].start, from + hours(1));
  EXPECT_EQ(history_.calls, 0);
}

TEST_F(ForecastDemandSourceTest, CheckoutWithoutBasketRollupsComesFromHistory) {
  testing::MemoryAggregateRepository old_database;  // rolled up before schema 6: no baskets
  ForecastDemandSource demand(forecasts_, history_, old_database);
  const core::Timestamp from = At("2026-11-23T15:00:00Z");
  auto points = demand.Demand(kStore, "checkout", from, from + hours(2), DemandGranularity::kHour);
  ASSERT_TRUE(points.has_value()) << points.error().message;
  ASSERT_EQ(points->size(), 2U);
  EXPECT_EQ((*points)[0].source, DemandOrigin::kHistoryAverage);
  EXPECT_DOUBLE_EQ((*points)[0].customers, 100);
  EXPECT_EQ(history_.calls, 1);
}

TEST_F(ForecastDemandSourceTest, DepartmentsAreTheirTransactions) {
  const core::Timestamp from = At("2026-11-23T15:00:00Z");
  auto points = demand_.Demand(kStore, "produce", from, from + hours(1), DemandGranularity::kHour);
  ASSERT_TRUE(points.has_value()) << points.error().message;
  ASSERT_EQ(forecasts_.queries.size(), 1U);
  EXPECT_EQ(forecasts_.queries[0].metric, "transactions");
  EXPECT_DOUBLE_EQ((*points)[0].customers, 10);
}

TEST_F(ForecastDemandSourceTest, QuartersSplitTheForecastHour) {
  const core::Timestamp from = At("2026-11-23T15:30:00Z");
  auto points =
      demand_.Demand(kStore, "produce", from, from + minutes(45), DemandGranularity::k15Minutes);
  ASSERT_TRUE(points.has_value()) << points.error().message;
  ASSERT_EQ(points->size(), 3U);  // 15:30, 15:45, 16:00
  EXPECT_EQ(forecasts_.queries.at(0).department, "produce");
  EXPECT_EQ(forecasts_.queries.at(0).horizon, 2);  // hours 15 and 16
  EXPECT_EQ((*points)[0].start, from);
  EXPECT_DOUBLE_EQ((*points)[0].customers, 2.5);
  EXPECT_EQ((*points)[2].start, At("2026-11-23T16:00:00Z"));
}

TEST_F(ForecastDemandSourceTest, HoursBeyondTheForecastComeFromHistory) {
  // The forecast ends 2026-11-24T12:00Z; ask for 10:00-14:00 that day.
  const core::Timestamp from = At("2026-11-24T10:00:00Z");
  auto points = demand_.Demand(kStore, "checkout", from, from + hours(4), DemandGranularity::kHour);
  ASSERT_TRUE(points.has_value()) << points.error().message;
  ASSERT_EQ(points->size(), 4U);
  EXPECT_EQ(forecasts_.queries.at(1).horizon, 2);  // only the hours it has
  EXPECT_EQ((*points)[0].source, DemandOrigin::kForecast);
  EXPECT_EQ((*points)[1].source, DemandOrigin::kForecast);
  EXPECT_EQ((*points)[2].source, DemandOrigin::kHistoryAverage);
  EXPECT_DOUBLE_EQ((*points)[2].customers, 100);
  EXPECT_EQ((*points)[3].start, from + hours(3));
  EXPECT_EQ((*points)[3].source, DemandOrigin::kHistoryAverage);
}

TEST_F(ForecastDemandSourceTest, NoChampionOrUnknownDepartmentFallsBackToHistory) {
  const core::Timestamp from = At("2026-11-23T15:00:00Z");
  forecasts_.champion = false;
  auto none = demand_.Demand(kStore, "checkout", from, from + hours(2), DemandGranularity::kHour);
  ASSERT_TRUE(none.has_value()) << none.error().message;
  ASSERT_EQ(none->size(), 2U);
  EXPECT_EQ((*none)[0].source, DemandOrigin::kHistoryAverage);
  EXPECT_TRUE(forecasts_.queries.empty());

  forecasts_.champion = true;
  auto toys = demand_.Demand(kStore, "toys", from, from + hours(2), DemandGranularity::kHour);
  ASSERT_TRUE(toys.has_value()) << toys.error().message;
  EXPECT_EQ((*toys)[1].source, DemandOrigin::kHistoryAverage);
  EXPECT_DOUBLE_EQ((*toys)[1].customers, 100);

  // Before the model's data end (the past): history too.
  auto past = demand_.Demand(kStore, "checkout", At("2026-11-23T08:00:00Z"),
                             At("2026-11-23T10:00:00Z"), DemandGranularity::kHour);
  ASSERT_TRUE(past.has_value());
  EXPECT_EQ((*past)[0].source, DemandOrigin::kHistoryAverage);
}

TEST_F(ForecastDemandSourceTest, OtherErrorsAreReturned) {
  forecasts_.unavailable = true;
  const core::Timestamp from = At("2026-11-23T15:00:00Z");
  auto points = demand_.Demand(kStore, "checkout", from, from + hours(1), DemandGranularity::kHour);
  ASSERT_FALSE(points.has_value());
  EXPECT_EQ(points.error().code, core::ErrorCode::kUnavailable);
  auto empty = demand_.Demand(kStore, "checkout", from, from, DemandGranularity::kHour);
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, core::ErrorCode::kInvalidArgument);
}

TEST_F(ForecastDemandSourceTest, DeploymentPredictionsSayWhereTheirDemandCameFrom) {
  testing::MemoryDatabase database;
  core::ManualClock clock(At("2026-11-23T15:00:00Z"));  // 09:00 in Chicago
  StoreCatalog catalog(database.stores());
  ASSERT_TRUE(catalog.SaveStore(testing::SmallStore("s1")).has_value());
  forecasts_.days = 2;
  JobRunner jobs({.workers = 1}, clock);
  StaffingService staffing(catalog, database.staffing(), demand_, jobs, clock);
  auto predictions = staffing.PredictDeployment(
      {.store_id = kStore, .horizon = DeploymentHorizon::kNext24Hours, .departments = {}});
  jobs.Shutdown();
  ASSERT_TRUE(predictions.has_value()) << predictions.error().message;
  bool forecast = false;
  bool history = false;
  for (const auto& prediction : *predictions) {
    if (prediction.department == "checkout" || prediction.department == "produce") {
      // The forecast covers the 24 hours asked for (until 2026-11-25T12:00Z).
      EXPECT_EQ(prediction.source, DemandOrigin::kForecast) << prediction.time_slot;
      forecast = true;
    } else {
      EXPECT_EQ(prediction.source, DemandOrigin::kHistoryAverage) << prediction.department;
      history = true;
    }
  }
  EXPECT_TRUE(forecast);
  EXPECT_TRUE(history);
  const auto till = std::find_if(predictions->begin(), predictions->end(),
                                 [](const auto& p) { return p.department == "checkout"; });
  ASSERT_NE(till, predictions->end());
  EXPECT_DOUBLE_EQ(till->predicted_customers, 40 * 0.4);
}

}  // namespace
}  // namespace storeops::service
