// SPDX-License-Identifier: Apache-2.0
// The global gradient-boosted model (xgboost) on data whose answer is known: a seasonal pattern
// shared by series of different sizes, and a linear effect of an exogenous column; plus thread
// independence, the backtest seam and bad input.
#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/forecast/forecast.hpp"
#include "storeops/forecast/model.hpp"

namespace storeops::forecast {
namespace {

// A fixed, portable uniform generator (splitmix64).
class Uniform {
 public:
  explicit Uniform(uint64_t seed) : state_(seed) {}

  double Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) / 9007199254740992.0;
  }

 private:
  uint64_t state_;
};

// Owns the data a GlobalSeriesView points into.
struct Owned {
  std::vector<double> values;
  std::vector<std::vector<double>> exogenous;
};

std::vector<GlobalSeriesView> Views(const std::vector<Owned>& data) {
  std::vector<GlobalSeriesView> views;
  for (const auto& d : data) {
    GlobalSeriesView view{.values = d.values};
    for (const auto& column : d.exogenous) {
      view.exogenous.emplace_back(column);
    }
    views.push_back(std::move(view));
  }
  return views;
}

// `count` series: the same 8-period pattern times a level from 10 to 10,000.
std::vector<Owned> SeasonalData(size_t length, size_t count = 40) {
  const std::vector<double> pattern{1.0, 1.2, 1.5, 1.1, 0.9, 0.7, 0.8, 0.8};
  std::vector<Owned> data;
  for (size_t i = 0; i < count; ++i) {
    Owned d;
    const double level =
        10 * std::pow(10.0, 3.0 * static_cast<double>(i) / static_cast<double>(count - 1));
    for (size_t t = 0; t < length; ++t) {
      d.values.push_back(level * pattern[t % 8]);
    }
    data.push_back(std::move(d));
  }
  return data;
}

TEST(GbmModel, RecoversASeasonalPatternSharedAcrossSeries) {
  const std::vector<Owned> data = SeasonalData(48);
  const auto views = Views(data);
  auto model = MakeGlobalModel("gbm");
  ASSERT_NE(model, nullptr);
  auto fits = model->FitPredict(views, {.horizon = 8, .season = 8, .threads = 2});
  ASSERT_TRUE(fits.has_value()) << fits.error().message;
  ASSERT_EQ(fits->size(), data.size());
  for (size_t i = 0; i < data.size(); ++i) {
    ASSERT_EQ((*fits)[i].mean.size(), 8U);
    for (size_t h = 0; h < 8; ++h) {
      const double expected = data[i].values[48 + h - 8];  // the pattern repeats exactly
      // Trees predict the scaled value (value / series mean, about 1) from binned features; 2% of
      // the value is well inside what the seasonal lag alone would give and far below the
      // pattern's swings (20-50%).
      EXPECT_NEAR((*fits)[i].mean[h], expected, 0.02 * expected) << "series " << i << " h " << h;
    }
  }
}

TEST(GbmModel, LearnsALinearEffectOfAnExogenousColumn) {
  // y = 100 + 20 x with x uniform on [0, 1) and known in advance; no seasonality, no noise.
  Uniform uniform(7);
  std::vector<Owned> data;
  constexpr size_t kLength = 60;
  constexpr int kHorizon = 6;
  for (size_t i = 0; i < 50; ++i) {
    Owned d;
    d.exogenous.resize(1);
    for (size_t t = 0; t < kLength + kHorizon; ++t) {
      const double x = uniform.Next();
      d.exogenous[0].push_back(x);
      if (t < kLength) {
        d.values.push_back(100 + 20 * x);
      }
    }
    data.push_back(std::move(d));
  }
  const auto views = Views(data);
  auto fits =
      MakeGlobalModel("gbm")->FitPredict(views, {.horizon = kHorizon, .season = 1, .threads = 2});
  ASSERT_TRUE(fits.has_value()) << fits.error().message;
  // Least-squares slope and mean error of the forecasts against the future x.
  double sx = 0;
  double sy = 0;
  double sxx = 0;
  double sxy = 0;
  double abs_error = 0;
  double n = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    for (size_t h = 0; h < kHorizon; ++h) {
      const double x = data[i].exogenous[0][kLength + h];
      const double y = (*fits)[i].mean[h];
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      abs_error += std::abs(y - (100 + 20 * x));
      n += 1;
    }
  }
  const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  // Trees fit a step function to the line; with 3,000 training points the steps are fine. A model
  // ignoring x would have slope 0 and a mean error of 5 (the mean |x - 1/2| times 20).
  EXPECT_NEAR(slope, 20.0, 1.0);
  EXPECT_LT(abs_error / n, 0.5);
}

TEST(GbmModel, ResultsDoNotDependOnTheThreadCount) {
  // 100 x 192 targets x 3 horizons = 57,600 training rows: above the size where gbm starts using
  // more than one thread.
  Uniform uniform(5);
  std::vector<Owned> data = SeasonalData(200, 100);
  for (auto& d : data) {
    for (double& v : d.values) {
      v *= 0.9 + 0.2 * uniform.Next();
    }
  }
  const auto views = Views(data);
  auto model = MakeGlobalModel("gbm");
  auto one = model->FitPredict(views, {.horizon = 8, .season = 8, .threads = 1, .seed = 3});
  auto four = model->FitPredict(views, {.horizon = 8, .season = 8, .threads = 4, .seed = 3});
  ASSERT_TRUE(one.has_value() && four.has_value());
  for (size_t i = 0; i < data.size(); ++i) {
    EXPECT_EQ((*one)[i].mean, (*four)[i].mean) << "series " << i;
  }
}

TEST(GbmModel, BadInputIsInvalidArgument) {
  const std::vector<Owned> data = SeasonalData(20);
  const std::vector<double> short_column(20, 1.0);  // history only; the horizon is missing
  auto model = MakeGlobalModel("gbm");

  struct Case {
    std::string name;
    std::vector<GlobalSeriesView> views;
    std::string expected;
  };

  std::vector<GlobalSeriesView> uncovered = Views(data);
  uncovered[3].exogenous.clear();
  for (auto& v : uncovered) {
    v.exogenous.clear();
    v.exogenous.emplace_back(short_column);
  }
  std::vector<GlobalSeriesView> mismatched = Views(data);
  mismatched[2].exogenous.emplace_back(short_column);
  std::vector<GlobalSeriesView> empty_history = Views(data);
  empty_history[5].values = {};
  const std::vector<Case> cases = {
      {"no series", {}, "no series"},
      {"empty history", empty_history, "series 6 has no history"},
      {"column too short", uncovered, "must cover history + horizon"},
      {"column count", mismatched, "series 3 has 1 exogenous columns"},
  };
  for (const auto& c : cases) {
    auto fits = model->FitPredict(c.views, {.horizon = 4, .season = 8});
    ASSERT_FALSE(fits.has_value()) << c.name;
    EXPECT_EQ(fits.error().code, core::ErrorCode::kInvalidArgument) << c.name;
    EXPECT_NE(fits.error().message.find(c.expected), std::string::npos)
        << c.name << ": " << fits.error().message;
  }
  EXPECT_EQ(MakeGlobalModel("lstm"), nullptr);
}

TEST(GbmBacktest, RunsAsAModelAndAnEnsembleCandidate) {
  // The shared pattern with 10% multiplicative noise (so the seasonal naive scale is not zero).
  Dataset dataset;
  Uniform uniform(11);
  for (const auto& d : SeasonalData(48)) {
    Series s{.id = "s" + std::to_string(dataset.series.size())};
    for (double v : d.values) {
      s.values.push_back(v * (0.95 + 0.1 * uniform.Next()));
    }
    dataset.series.push_back(std::move(s));
  }
  auto report = Backtest(dataset, {.horizon = 8, .season = 8, .models = {"gbm", "croston"}});
  ASSERT_TRUE(report.has_value()) << report.error().message;
  ASSERT_EQ(report->models.size(), 3U);
  EXPECT_EQ(report->models[0].name, "croston");  // per-series models first, then global ones
  EXPECT_EQ(report->models[1].name, "gbm");
  // Croston ignores the season (swings of -30% to +50%); gbm sees it, so it is far better and
  // leads the ensemble.
  EXPECT_LT(report->models[1].mase, 0.5 * report->models[0].mase);
  EXPECT_EQ(report->models[2].ensemble_members.front(), "gbm");
}

}  // namespace
}  // namespace storeops::forecast
