// SPDX-License-Identifier: Apache-2.0
// ForecastService over the memory doubles, on synthetic hourly aggregates whose answer is known:
// a constant store, a pure daily pattern, bottom-up coherence, bad queries, the champion rule and
// rollback.
#include "storeops/service/forecast_service.hpp"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/memory_storage.hpp"

namespace storeops::service {
namespace {

using core::ErrorCode;
using std::chrono::days;
using std::chrono::hours;

// 2026-11-02T00:00:00Z, a Monday.
constexpr core::Timestamp kStart = core::FromEpochMs(1'793'577'600'000);
const core::StoreId kStore{"test_store"};

// Sales cents of `department` in the hour `h` hours after kStart.
using SalesFn = std::function<int64_t(const std::string& department, int h)>;

class ForecastServiceTest : public ::testing::Test {
 protected:
  // `day_count` days of hourly sales for `departments`, transactions = sales / 1000 cents, and
  // entrance footfall of 20 people an hour; the watermark at the end.
  void Seed(int day_count, const std::vector<std::string>& departments, const SalesFn& sales) {
    storage::HourlyAggregates rows;
    for (int h = 0; h < day_count * 24; ++h) {
      const core::Timestamp hour = kStart + hours(h);
      for (const auto& department : departments) {
        const int64_t cents = sales(department, h);
        rows.sales.push_back(
            {kStore, hour, core::DepartmentId{department}, cents / 1000, cents / 100, cents});
      }
      rows.footfall.push_back({kStore, hour, core::ZoneId{"entrance"}, 15, 20, 19});
    }
    ASSERT_TRUE(
        db_.aggregates().SaveRollup(rows, {{kStore, kStart + hours(24 * day_count)}}).has_value());
  }

  core::Result<ForecastResult> Ask(std::string department, std::string metric,
                                   std::string granularity, int horizon) {
    return service_.Forecast({.store_id = kStore,
                              .department = std::move(department),
                              .metric = std::move(metric),
                              .granularity = std::move(granularity),
                              .horizon = horizon,
                              .from = std::nullopt});
  }

  static TrainOptions Fast() {
    TrainOptions options;
    options.threads = 2;
    options.forecast_days = 7;
    return options;
  }

  testing::MemoryDatabase db_;
  core::ManualClock clock_{kStart + days(60)};
  ForecastService service_{db_, clock_};
};

TEST_F(ForecastServiceTest, ConstantSalesForecastTheConstantWithNarrowIntervals) {
  ASSERT_TRUE(db_.stores().SaveStore(testing::SmallStore()).has_value());
  Seed(21, {"produce"}, [](const std::string&, int) { return int64_t{10'000}; });
  std::vector<double> fractions;
  auto trained = service_.Train(
      kStore, Fast(), [&](double fraction, std::string_view) { fractions.push_back(fraction); });
  ASSERT_TRUE(trained.has_value()) << trained.error().message;
  EXPECT_TRUE(trained->champion);
  EXPECT_EQ(trained->store_id, kStore);
  EXPECT_EQ(trained->data_from, kStart);
  EXPECT_EQ(trained->data_to, kStart + days(21));
  EXPECT_EQ(trained->series, 5);  // produce + total for sales and transactions, customers
  EXPECT_NEAR(trained->backtest.wmape, 0.0, 1e-9);
  ASSERT_FALSE(fractions.empty());
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
  EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));

  auto hourly = Ask("produce", "sales", "hour", 24);
  ASSERT_TRUE(hourly.has_value()) << hourly.error().message;
  EXPECT_EQ(hourly->model_version, trained->version);
  EXPECT_FALSE(hourly->model_name.empty());
  ASSERT_EQ(hourly->points.size(), 24U);
  EXPECT_EQ(hourly->points.front().start, kStart + days(21));
  for (const auto& point : hourly->points) {
    EXPECT_NEAR(point.mean, 100.0, 1e-6);
    EXPECT_LE(point.lo95, point.lo80);
    EXPECT_LE(point.lo80, point.mean);
    EXPECT_GE(point.hi80, point.mean);
    EXPECT_GE(point.hi95, point.hi80);
    EXPECT_LT(point.hi95 - point.lo95, 1.0);
  }
  ASSERT_EQ(hourly->history.size(), 24U);
  EXPECT_EQ(hourly->history.front().first, kStart + days(20));
  EXPECT_DOUBLE_EQ(hourly->history.back().second, 100.0);

  auto weekly = Ask("produce", "sales", "week", 1);
  ASSERT_TRUE(weekly.has_value()) << weekly.error().message;
  ASSERT_EQ(weekly->points.size(), 1U);
  EXPECT_EQ(weekly->points[0].start, kStart + days(21));  // a Monday
  EXPECT_NEAR(weekly->points[0].mean, 16'800.0, 1e-3);

  auto customers = Ask("", "customers", "day", 2);
  ASSERT_TRUE(customers.has_value()) << customers.error().message;
  EXPECT_NEAR(customers->points[0].mean, 480.0, 1e-6);  // camera `in` of the entrance
}

TEST_F(ForecastServiceTest, DailyPatternIsForecastHourByHourAndDepartmentsSumToTheTotal) {
  // produce: 50 an hour from 08:00 to 20:00 UTC, 5 otherwise; bakery: 30 in the morning only.
  Seed(28, {"bakery", "produce"}, [](const std::string& department, int h) -> int64_t {
    const int hour = h % 24;
    if (department == "produce") {
      return hour >= 8 && hour < 20 ? 5'000 : 500;
    }
    return hour >= 6 && hour < 11 ? 3'000 : 0;
  });
  auto trained = service_.Train(kStore, Fast());
  ASSERT_TRUE(trained.has_value()) << trained.error().message;
  EXPECT_LT(trained->backtest.wmape, 0.01);

  auto produce = Ask("produce", "sales", "hour", 48);
  auto bakery = Ask("bakery", "sales", "hour", 48);
  auto total = Ask("", "sales", "hour", 48);
  ASSERT_TRUE(produce.has_value()) << produce.error().message;
  ASSERT_TRUE(bakery.has_value());
  ASSERT_TRUE(total.has_value());
  for (size_t i = 0; i < 48; ++i) {
    const int hour = static_cast<int>(i % 24);
    EXPECT_NEAR(produce->points[i].mean, hour >= 8 && hour < 20 ? 50.0 : 5.0, 0.5) << i;
    EXPECT_NEAR(bakery->points[i].mean, hour >= 6 && hour < 11 ? 30.0 : 0.0, 0.5) << i;
    EXPECT_NEAR(total->points[i].mean, produce->points[i].mean + bakery->points[i].mean, 1e-9);
  }
  auto daily = Ask("", "sales", "day", 3);
  ASSERT_TRUE(daily.has_value());
  EXPECT_NEAR(daily->points[0].mean, 12 * 50 + 12 * 5 + 5 * 30, 5.0);
  ASSERT_EQ(daily->history.size(), 3U);
  EXPECT_DOUBLE_EQ(daily->history.back().second, 12 * 50 + 12 * 5 + 5 * 30);

  auto transactions = Ask("produce", "transactions", "day", 1);
  ASSERT_TRUE(transactions.has_value());
  EXPECT_NEAR(transactions->points[0].mean, 12 * 5 + 0, 1.0);
}

TEST_F(ForecastServiceTest, TooShortHistoryNamesTheSeries) {
  Seed(2, {"produce"}, [](const std::string&, int) { return int64_t{100}; });
  auto trained = service_.Train(kStore, Fast());
  ASSERT_FALSE(trained.has_value());
  EXPECT_EQ(trained.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(trained.error().message.find("test_store/produce/sales"), std::string::npos)
      << trained.error().message;
  EXPECT_NE(trained.error().message.find("48 hourly points"), std::string::npos)
      << trained.error().message;
}

TEST_F(ForecastServiceTest, NoAggregatesOrNoModelIsNotFoundSayingWhatToDo) {
  auto trained = service_.Train(kStore, Fast());
  ASSERT_FALSE(trained.has_value());
  EXPECT_EQ(trained.error().code, ErrorCode::kNotFound);

  auto asked = Ask("", "sales", "hour", 24);
  ASSERT_FALSE(asked.has_value());
  EXPECT_EQ(asked.error().code, ErrorCode::kNotFound);
  EXPECT_NE(asked.error().message.find("storeops forecast train --store test_store"),
            std::string::npos)
      << asked.error().message;
  auto champion = service_.Champion(kStore);
  ASSERT_FALSE(champion.has_value());
  EXPECT_EQ(champion.error().code, ErrorCode::kNotFound);
  auto versions = service_.Versions(kStore);
  ASSERT_TRUE(versions.has_value());
  EXPECT_TRUE(versions->empty());
}

TEST_F(ForecastServiceTest, BadQueriesNameTheParameter) {
  Seed(7, {"produce"}, [](const std::string&, int h) { return int64_t{1000 + (h % 24) * 100}; });
  ASSERT_TRUE(service_.Train(kStore, Fast()).has_value());

  struct Case {
    ForecastQuery query;
    std::string field;
  };

  const std::vector<Case> cases = {
      {{kStore, "", "revenue", "hour", 24, std::nullopt}, "metric"},
      {{kStore, "", "sales", "minute", 24, std::nullopt}, "granularity"},
      {{kStore, "", "sales", "hour", 0, std::nullopt}, "horizon"},
      {{kStore, "", "sales", "hour", 24 * 8, std::nullopt}, "horizon"},  // 7 days stored
      {{kStore, "", "sales", "week", 2, std::nullopt}, "horizon"},
      {{kStore, "produce", "customers", "hour", 24, std::nullopt}, "department"},
      {{kStore, "bad/dept", "sales", "hour", 24, std::nullopt}, "department"},
      {{kStore, "", "sales", "hour", 24, kStart}, "from"},
  };
  for (const auto& c : cases) {
    auto result = service_.Forecast(c.query);
    ASSERT_FALSE(result.has_value()) << c.field;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << result.error().message;
    ASSERT_EQ(result.error().details.size(), 1U) << result.error().message;
    EXPECT_EQ(result.error().details[0].field, c.field) << result.error().message;
  }
  auto unknown = Ask("dairy", "sales", "hour", 24);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_NE(unknown.error().message.find("dairy"), std::string::npos);

  TrainOptions bad = Fast();
  bad.models = {"prophet"};
  auto refused = service_.Train(kStore, bad);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(ForecastServiceTest, NewVersionIsChampionOnlyWhenBetterAndRollbackServesTheOldOne) {
  Seed(21, {"produce"}, [](const std::string&, int h) -> int64_t {
    const int hour = h % 24;
    return hour >= 8 && hour < 20 ? 5'000 : 500;
  });
  auto good = service_.Train(kStore, Fast());
  ASSERT_TRUE(good.has_value()) << good.error().message;
  EXPECT_TRUE(good->champion);

  // Croston alone cannot follow a daily pattern: a worse backtest, so not the champion.
  TrainOptions croston = Fast();
  croston.models = {"croston"};
  auto worse = service_.Train(kStore, croston);
  ASSERT_TRUE(worse.has_value()) << worse.error().message;
  EXPECT_FALSE(worse->champion);
  EXPECT_GT(worse->backtest.wmape, good->backtest.wmape);
  EXPECT_GT(worse->version, good->version);
  auto served = Ask("produce", "sales", "hour", 24);
  ASSERT_TRUE(served.has_value());
  EXPECT_EQ(served->model_version, good->version);

  // Rollback (here: to the newer, worse version) serves that version.
  auto rolled = service_.Rollback(kStore, worse->version);
  ASSERT_TRUE(rolled.has_value()) << rolled.error().message;
  EXPECT_TRUE(rolled->champion);
  served = Ask("produce", "sales", "hour", 24);
  ASSERT_TRUE(served.has_value());
  EXPECT_EQ(served->model_version, worse->version);
  EXPECT_EQ(served->model_name, "croston");

  auto champion = service_.Champion(kStore);
  ASSERT_TRUE(champion.has_value());
  EXPECT_EQ(champion->version, worse->version);
  auto versions = service_.Versions(kStore);
  ASSERT_TRUE(versions.has_value());
  ASSERT_EQ(versions->size(), 2U);
  EXPECT_EQ(versions->front().version, worse->version);
  EXPECT_FALSE(versions->front().settings_json.empty());
  EXPECT_FALSE(versions->front().metrics_json.empty());

  auto missing = service_.Rollback(kStore, 999);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(ForecastServiceTest, TrainingKeepsOnlyTheChampionAndTheNewestVersions) {
  Seed(14, {"produce"}, [](const std::string&, int h) -> int64_t { return 1'000 + h % 24; });
  TrainOptions options = Fast();
  options.models = {"snaive"};
  options.keep_versions = 2;
  auto first = service_.Train(kStore, options);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(service_.Train(kStore, options).has_value());
  }
  // Same data, same model, same score: the first stays champion; the two newest are kept.
  auto versions = service_.Versions(kStore);
  ASSERT_TRUE(versions.has_value());
  ASSERT_EQ(versions->size(), 3U);
  EXPECT_EQ(versions->back().version, first->version);
  EXPECT_TRUE(versions->back().champion);

  options.keep_versions = 0;
  auto refused = service_.Train(kStore, options);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().details.at(0).field, "keep_versions");
}

core::Timestamp At(const char* rfc3339) { return *core::ParseRfc3339(rfc3339); }

// The nightly training's schedule (serve's ForecastScheduler): a pure function of the time, the
// hour and the last training.
TEST(NextNightlyTraining, IsTheNextSlotStrictlyAfterNow) {
  EXPECT_EQ(NextNightlyTraining(At("2026-11-29T01:00:00Z"), 3, std::nullopt),
            At("2026-11-29T03:00:00Z"));
  EXPECT_EQ(NextNightlyTraining(At("2026-11-29T02:59:59.999Z"), 3, std::nullopt),
            At("2026-11-29T03:00:00Z"));
  // At the slot itself or after it: tomorrow's.
  EXPECT_EQ(NextNightlyTraining(At("2026-11-29T03:00:00Z"), 3, std::nullopt),
            At("2026-11-30T03:00:00Z"));
  EXPECT_EQ(NextNightlyTraining(At("2026-11-29T23:59:59Z"), 3, std::nullopt),
            At("2026-11-30T03:00:00Z"));
  // Day, month and year boundaries; hour 0 and 23.
  EXPECT_EQ(NextNightlyTraining(At("2026-11-30T00:00:00Z"), 0, std::nullopt),
            At("2026-12-01T00:00:00Z"));
  EXPECT_EQ(NextNightlyTraining(At("2026-11-30T23:59:59Z"), 0, std::nullopt),
            At("2026-12-01T00:00:00Z"));
  EXPECT_EQ(NextNightlyTraining(At("2026-12-31T23:30:00Z"), 23, std::nullopt),
            At("2027-01-01T23:00:00Z"));
  EXPECT_EQ(NextNightlyTraining(At("2028-02-28T23:30:00Z"), 3, std::nullopt),
            At("2028-02-29T03:00:00Z"));
}

TEST(NextNightlyTraining, AfterARunTheNextIsTomorrow) {
  // The run that started at the slot is the last one: the next is a day later.
  const auto slot = At("2026-11-29T03:00:00Z");
  EXPECT_EQ(NextNightlyTraining(slot, 3, slot), At("2026-11-30T03:00:00Z"));
  EXPECT_EQ(NextNightlyTraining(At("2026-11-29T03:20:00Z"), 3, slot), At("2026-11-30T03:00:00Z"));
  // Trained by hand in the evening: tonight's run still happens.
  EXPECT_EQ(NextNightlyTraining(At("2026-11-29T21:00:00Z"), 3, At("2026-11-29T20:00:00Z")),
            At("2026-11-30T03:00:00Z"));
}

TEST(NextNightlyTraining, AMissedRunAfterARestartRunsAtOnce) {
  // serve was down at 03:00 and comes back at 05:00; the last training was yesterday at 03:00.
  const auto restart = At("2026-11-29T05:00:00Z");
  EXPECT_EQ(NextNightlyTraining(restart, 3, At("2026-11-28T03:00:00Z")), restart);
  // Down for several days: one catch-up run, then the normal schedule.
  EXPECT_EQ(NextNightlyTraining(restart, 3, At("2026-11-20T03:10:00Z")), restart);
  EXPECT_EQ(NextNightlyTraining(restart, 3, restart), At("2026-11-30T03:00:00Z"));
  // Restarted before today's slot after last night's run: nothing was missed.
  EXPECT_EQ(NextNightlyTraining(At("2026-11-29T02:00:00Z"), 3, At("2026-11-28T03:05:00Z")),
            At("2026-11-29T03:00:00Z"));
  // ... but a run older than yesterday's slot was missed (down across yesterday 03:00).
  EXPECT_EQ(NextNightlyTraining(At("2026-11-29T02:00:00Z"), 3, At("2026-11-28T02:00:00Z")),
            At("2026-11-29T02:00:00Z"));
  // Restarted just after midnight, the run at 23:00 was missed.
  EXPECT_EQ(NextNightlyTraining(At("2026-11-30T00:10:00Z"), 23, At("2026-11-28T23:00:00Z")),
            At("2026-11-30T00:10:00Z"));
  // A database never trained has missed nothing.
  EXPECT_EQ(NextNightlyTraining(restart, 3, std::nullopt), At("2026-11-30T03:00:00Z"));
}

}  // namespace
}  // namespace storeops::service
