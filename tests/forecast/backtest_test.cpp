// SPDX-License-Identifier: Apache-2.0
// The backtest: report shape, interval calibration on simulated noise, determinism across thread
// counts, progress reporting and every kind of bad input.
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/forecast/forecast.hpp"

namespace storeops::forecast {
namespace {

// A fixed, portable generator (splitmix64 + Box–Muller): std::normal_distribution's output is
// implementation-defined, this is not.
class Noise {
 public:
  explicit Noise(uint64_t seed) : state_(seed) {}

  double Uniform() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (static_cast<double>(z >> 11) + 0.5) / 9007199254740992.0;
  }

  double Gaussian() {
    return std::sqrt(-2 * std::log(Uniform())) * std::cos(2 * std::numbers::pi * Uniform());
  }

 private:
  uint64_t state_;
};

Dataset NoisySeasonalData(size_t series, size_t length, uint64_t seed) {
  Noise noise(seed);
  Dataset data;
  for (size_t i = 0; i < series; ++i) {
    Series s;
    s.id = "s" + std::to_string(i);
    const double level = 50 + 10 * static_cast<double>(i % 7);
    for (size_t t = 0; t < length; ++t) {
      s.values.push_back(level + 8 * std::sin(2 * std::numbers::pi * static_cast<double>(t) / 4) +
                         5 * noise.Gaussian());
      s.timestamps.push_back(static_cast<int64_t>(t) * 7);
      s.holiday.push_back(t % 13 == 0 ? 1 : 0);
    }
    data.series.push_back(std::move(s));
  }
  return data;
}

const ModelMetrics& Find(const BacktestReport& report, const std::string& name) {
  for (const auto& m : report.models) {
    if (m.name == name) {
      return m;
    }
  }
  static const ModelMetrics kNone;
  ADD_FAILURE() << "no model " << name;
  return kNone;
}

TEST(Backtest, ReportsEveryModelAndTheEnsemble) {
  const Dataset data = NoisySeasonalData(20, 40, 7);
  BacktestOptions options{.horizon = 4, .season = 4};
  auto report = Backtest(data, options);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->series, 20U);
  EXPECT_EQ(report->models.size(), ModelNames().size() + GlobalModelNames().size() + 1);
  EXPECT_TRUE(std::isfinite(Find(*report, "gbm").wmae));
  const ModelMetrics& ensemble = Find(*report, "ensemble");
  // The size is chosen by the inner validation: between 1 and 5 members.
  ASSERT_GE(ensemble.ensemble_members.size(), 1U);
  ASSERT_LE(ensemble.ensemble_members.size(), 5U);
  double total = 0;
  for (double w : ensemble.ensemble_weights) {
    total += w;
  }
  EXPECT_NEAR(total, 1.0, 1e-12);
  // Seasonal noise around a level: the seasonal models beat the non-seasonal intermittent ones.
  EXPECT_LT(Find(*report, "ets").mase, Find(*report, "croston").mase);
  for (const auto& m : report->models) {
    EXPECT_TRUE(std::isfinite(m.mae) && std::isfinite(m.wmae) && std::isfinite(m.mase)) << m.name;
  }
}

TEST(Backtest, AFixedEnsembleSizeIsHonoured) {
  const Dataset data = NoisySeasonalData(10, 30, 9);
  auto report = Backtest(data, {.horizon = 4, .season = 4, .ensemble_size = 2});
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(Find(*report, "ensemble").ensemble_members.size(), 2U);
}

TEST(Backtest, ConformalIntervalsCoverGaussianNoise) {
  // 400 series x 8 steps. With independent points the coverage's standard error would be about
  // 0.007 at 80%; points of one series share a fit, so allow +-0.05.
  const Dataset data = NoisySeasonalData(400, 48, 2026);
  BacktestOptions options{
      .horizon = 8, .season = 4, .models = {"snaive", "theta", "seasonal_mean"}};
  auto report = Backtest(data, options);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  for (const auto& m : report->models) {
    EXPECT_NEAR(m.coverage80, 0.80, 0.05) << m.name;
    EXPECT_NEAR(m.coverage95, 0.95, 0.03) << m.name;
  }
}

TEST(Backtest, ResultsDoNotDependOnTheThreadCount) {
  const Dataset data = NoisySeasonalData(30, 40, 11);
  BacktestOptions one{.horizon = 4, .season = 4, .threads = 1};
  BacktestOptions four = one;
  four.threads = 4;
  auto a = Backtest(data, one);
  auto b = Backtest(data, four);
  ASSERT_TRUE(a.has_value() && b.has_value());
  ASSERT_EQ(a->models.size(), b->models.size());
  for (size_t i = 0; i < a->models.size(); ++i) {
    EXPECT_EQ(a->models[i].mae, b->models[i].mae) << a->models[i].name;
    EXPECT_EQ(a->models[i].wmae, b->models[i].wmae) << a->models[i].name;
    EXPECT_EQ(a->models[i].coverage80, b->models[i].coverage80) << a->models[i].name;
    EXPECT_EQ(a->models[i].ensemble_weights, b->models[i].ensemble_weights);
  }
}

TEST(Backtest, ProgressCountsEveryModelOnEverySeries) {
  const Dataset data = NoisySeasonalData(5, 20, 3);
  size_t calls = 0;
  size_t last_done = 0;
  size_t last_total = 0;
  BacktestOptions options{.horizon = 2, .season = 4, .models = {"snaive", "ets"}};
  options.progress = [&](size_t done, size_t total) {
    ++calls;
    last_done = done;
    last_total = total;
  };
  ASSERT_TRUE(Backtest(data, options).has_value());
  EXPECT_EQ(calls, 10U);
  EXPECT_EQ(last_done, 10U);
  EXPECT_EQ(last_total, 10U);
}

TEST(Backtest, ShortHistoryForTheSeasonFallsBackWithANote) {
  Dataset data;
  data.series.push_back({.id = "tiny", .values = {3, 4, 5, 4, 3, 4, 5, 4}});
  auto report = Backtest(data, {.horizon = 2, .season = 12, .models = {"snaive", "ets"}});
  ASSERT_TRUE(report.has_value()) << report.error().message;
  ASSERT_FALSE(report->notes.empty());
  EXPECT_NE(report->notes[0].find("'tiny'"), std::string::npos) << report->notes[0];
  EXPECT_NE(report->notes[0].find("non-seasonal"), std::string::npos) << report->notes[0];
}

TEST(Backtest, NegativeValuesAreAccepted) {
  Dataset data = NoisySeasonalData(3, 30, 5);
  data.series[1].values[10] = -25;  // returns
  EXPECT_TRUE(Backtest(data, {.horizon = 4, .season = 4}).has_value());
}

struct BadCase {
  std::string name;
  Series series;
  std::string expected;  // a part of the message
};

TEST(Backtest, BadInputIsRejectedNamingSeriesAndRow) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> ten{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const std::vector<int64_t> rows{11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
  const std::vector<int64_t> regular{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  auto with = [&](auto change) {
    Series s{.id = "A-7", .timestamps = regular, .values = ten, .source_rows = rows};
    change(s);
    return s;
  };
  const std::vector<BadCase> cases = {
      {"gap", with([](Series& s) { s.timestamps = {0, 1, 2, 3, 5, 6, 7, 8, 9, 10}; }),
       "series 'A-7', row 15: gap"},
      {"duplicate", with([](Series& s) { s.timestamps = {0, 1, 2, 3, 3, 4, 5, 6, 7, 8}; }),
       "series 'A-7', row 15: duplicate timestamp"},
      {"falling", with([](Series& s) { s.timestamps = {0, 1, 2, 3, 2, 5, 6, 7, 8, 9}; }),
       "series 'A-7', row 15: timestamp 2 is earlier"},
      {"nan", with([&](Series& s) { s.values[6] = nan; }), "series 'A-7', row 17: value is not"},
      {"infinite", with([](Series& s) { s.values[0] = std::numeric_limits<double>::infinity(); }),
       "series 'A-7', row 11"},
      {"too short", with([](Series& s) {
         s.values.resize(5);
         s.timestamps.resize(5);
         s.source_rows.resize(5);
       }),
       "series 'A-7' has 5 points; at least 7"},
      {"position without rows", with([&](Series& s) {
         s.source_rows.clear();
         s.values[2] = nan;
       }),
       "series 'A-7', point 3"},
      {"timestamps length", with([](Series& s) { s.timestamps.pop_back(); }), "9 timestamps"},
  };
  for (const auto& bad : cases) {
    Dataset data;
    data.series.push_back(bad.series);
    auto report = Backtest(data, {.horizon = 4, .season = 2});
    ASSERT_FALSE(report.has_value()) << bad.name;
    EXPECT_EQ(report.error().code, core::ErrorCode::kInvalidArgument) << bad.name;
    EXPECT_NE(report.error().message.find(bad.expected), std::string::npos)
        << bad.name << ": " << report.error().message;
  }
}

TEST(Backtest, BadExogenousAndOptionsAreRejected) {
  Dataset data = NoisySeasonalData(2, 20, 1);
  data.exogenous_names = {"temperature"};
  for (auto& s : data.series) {
    s.exogenous.push_back(std::vector<double>(s.values.size(), 20.0));
  }
  data.series[1].exogenous[0][4] = std::numeric_limits<double>::quiet_NaN();
  auto bad_exog = Backtest(data, {.horizon = 4, .season = 4});
  ASSERT_FALSE(bad_exog.has_value());
  EXPECT_NE(bad_exog.error().message.find("series 's1', point 5: exogenous 'temperature'"),
            std::string::npos)
      << bad_exog.error().message;

  const Dataset good = NoisySeasonalData(2, 20, 1);
  EXPECT_EQ(Backtest(good, {.horizon = 0}).error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(Backtest(good, {.horizon = 2, .season = 0}).error().code,
            core::ErrorCode::kInvalidArgument);
  auto unknown = Backtest(good, {.horizon = 2, .models = {"prophet"}});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().message.find("prophet"), std::string::npos);
  EXPECT_EQ(Backtest(Dataset{}, {.horizon = 2}).error().code, core::ErrorCode::kInvalidArgument);
}

TEST(Backtest, KeepsForecastsWhenAsked) {
  const Dataset data = NoisySeasonalData(6, 30, 3);
  auto without = Backtest(data, {.horizon = 4, .season = 4, .models = {"snaive"}});
  ASSERT_TRUE(without.has_value()) << without.error().message;
  EXPECT_TRUE(Find(*without, "snaive").forecasts.empty());
  auto with =
      Backtest(data, {.horizon = 4, .season = 4, .models = {"snaive"}, .keep_forecasts = true});
  ASSERT_TRUE(with.has_value()) << with.error().message;
  const auto& forecasts = Find(*with, "snaive").forecasts;
  ASSERT_EQ(forecasts.size(), 6U * 4U);
  // Seasonal naive: step h repeats the value one season before the test window.
  for (size_t i = 0; i < 6; ++i) {
    for (size_t h = 0; h < 4; ++h) {
      EXPECT_DOUBLE_EQ(forecasts[i * 4 + h], data.series[i].values[30 - 4 - 4 + h]);
    }
  }
  EXPECT_TRUE(with->parents.empty());
}

TEST(Backtest, ScoresParentTotalsBottomUpDirectAndMinT) {
  Dataset data = NoisySeasonalData(8, 40, 11);
  for (size_t i = 0; i < data.series.size(); ++i) {
    data.series[i].parent = i < 3 ? "storeA" : "storeB";
  }
  auto report = Backtest(
      data,
      {.horizon = 4, .season = 4, .models = {"snaive", "seasonal_mean"}, .keep_forecasts = true});
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->parent_ids, (std::vector<std::string>{"storeA", "storeB"}));
  // Bottom-up and direct for both models and the ensemble, then MinT.
  std::vector<std::string> names;
  for (const auto& m : report->parents) {
    names.push_back(m.name);
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"snaive bottom-up", "snaive direct",
                                      "seasonal_mean bottom-up", "seasonal_mean direct",
                                      "ensemble bottom-up", "ensemble direct", "ensemble mint"}));
  // Bottom-up: each parent's forecast is the sum of its children's.
  const auto& children = Find(*report, "snaive").forecasts;
  const auto& parents = report->parents[0].forecasts;
  ASSERT_EQ(parents.size(), 2U * 4U);
  for (size_t h = 0; h < 4; ++h) {
    double a = 0;
    double b = 0;
    for (size_t i = 0; i < 8; ++i) {
      (i < 3 ? a : b) += children[i * 4 + h];
    }
    EXPECT_NEAR(parents[h], a, 1e-9);
    EXPECT_NEAR(parents[4 + h], b, 1e-9);
  }
  // Seasonal naive of a sum is the sum of seasonal naives: direct equals bottom-up.
  EXPECT_NEAR(report->parents[0].wmae, report->parents[1].wmae, 1e-9);
  // MinT is coherent too: its parents are the sums of its adjusted children.
  ASSERT_EQ(report->children_reconciled.size(), 1U);
  const auto& mint_children = report->children_reconciled[0].forecasts;
  const auto& mint_parents = report->parents.back().forecasts;
  for (size_t h = 0; h < 4; ++h) {
    double a = 0;
    for (size_t i = 0; i < 3; ++i) {
      a += mint_children[i * 4 + h];
    }
    EXPECT_NEAR(mint_parents[h], a, 1e-6);
  }
  EXPECT_TRUE(std::isnan(report->parents.back().coverage80));
  // Without a parent on every series there is no hierarchy.
  data.series[0].parent.clear();
  auto flat = Backtest(data, {.horizon = 4, .season = 4, .models = {"snaive"}});
  ASSERT_TRUE(flat.has_value());
  EXPECT_TRUE(flat->parents.empty());
}

}  // namespace
}  // namespace storeops::forecast
