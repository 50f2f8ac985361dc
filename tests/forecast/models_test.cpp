// SPDX-License-Identifier: Apache-2.0
// Each model on series whose right answer is known: constant, linear trend, pure seasonality and
// intermittent demand.
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/forecast/model.hpp"

namespace storeops::forecast {
namespace {

ModelFit FitModel(std::string_view name, const std::vector<double>& values, int season,
                  int horizon) {
  auto model = MakeModel(name);
  EXPECT_NE(model, nullptr) << name;
  auto fit = model->FitPredict({values, season}, horizon);
  EXPECT_TRUE(fit.has_value()) << name;
  EXPECT_EQ(fit->mean.size(), static_cast<size_t>(horizon)) << name;
  return *fit;
}

std::vector<double> Repeat(const std::vector<double>& pattern, size_t cycles) {
  std::vector<double> values;
  for (size_t c = 0; c < cycles; ++c) {
    values.insert(values.end(), pattern.begin(), pattern.end());
  }
  return values;
}

TEST(Models, EveryModelForecastsAConstantSeriesExactly) {
  const std::vector<double> constant(30, 5.0);
  for (const auto& name : ModelNames()) {
    const ModelFit fit = FitModel(name, constant, 4, 6);
    for (double v : fit.mean) {
      // Optimised models may stop a hair away from the exact optimum; 1e-6 of the level is far
      // below any meaningful error.
      EXPECT_NEAR(v, 5.0, 5e-6) << name << " " << fit.method;
    }
  }
}

TEST(Models, EtsAndFourierExtendALinearTrend) {
  std::vector<double> line;
  for (int t = 0; t < 40; ++t) {
    line.push_back(10 + 2.0 * t);
  }
  const ModelFit ets = FitModel("ets", line, 1, 5);
  const ModelFit fourier = FitModel("fourier", line, 1, 5);
  for (int h = 1; h <= 5; ++h) {
    const double expected = 10 + 2.0 * (39 + h);
    // ETS parameters come from a numerical optimiser: within 1% of the ~90 level.
    EXPECT_NEAR(ets.mean[static_cast<size_t>(h - 1)], expected, 1.0) << ets.method;
    EXPECT_NEAR(fourier.mean[static_cast<size_t>(h - 1)], expected, 1e-6) << fourier.method;
  }
  EXPECT_NE(ets.method.find(",A"), std::string::npos) << ets.method;  // a trend model was chosen
}

TEST(Models, PureSeasonalityIsRepeated) {
  const std::vector<double> pattern{10, 20, 15, 5};
  const auto values = Repeat(pattern, 8);
  for (std::string_view name : {"snaive", "seasonal_mean", "fourier", "fourier_arma"}) {
    const ModelFit fit = FitModel(name, values, 4, 8);
    for (size_t h = 0; h < 8; ++h) {
      EXPECT_NEAR(fit.mean[h], pattern[h % 4], 1e-6) << name;
    }
  }
  const ModelFit ets = FitModel("ets", values, 4, 8);
  for (size_t h = 0; h < 8; ++h) {
    EXPECT_NEAR(ets.mean[h], pattern[h % 4], 0.5) << ets.method;  // optimiser tolerance
  }
}

TEST(Models, LongSeasonUsesTheDeseasonalisedPath) {
  std::vector<double> values;
  for (int t = 0; t < 104; ++t) {
    values.push_back(100 + 20 * std::sin(2 * std::numbers::pi * t / 52.0) +
                     (t % 52 == 40 ? 50 : 0));
  }
  const ModelFit ets = FitModel("ets", values, 52, 39);
  EXPECT_NE(ets.method.find("deseasonalised"), std::string::npos) << ets.method;
  for (size_t h = 0; h < 39; ++h) {
    EXPECT_NEAR(ets.mean[h], values[h], 0.5) << h;  // next year equals this year
  }
}

TEST(Models, FourierArmaFollowsALevelShiftTheFourierFitAverages) {
  std::vector<double> values;
  auto seasonal = [](int t) { return 10 * std::sin(2 * std::numbers::pi * t / 12.0); };
  for (int t = 0; t < 60; ++t) {
    values.push_back(50 + seasonal(t) + (t >= 48 ? 20 : 0));  // the last year is 20 higher
  }
  const ModelFit fourier = FitModel("fourier", values, 12, 3);
  const ModelFit arma = FitModel("fourier_arma", values, 12, 3);
  EXPECT_NE(arma.method.find(" + "), std::string::npos) << arma.method;
  for (size_t h = 0; h < 3; ++h) {
    const double truth = 70 + seasonal(60 + static_cast<int>(h));
    EXPECT_LT(std::abs(arma.mean[h] - truth), std::abs(fourier.mean[h] - truth) / 2)
        << arma.method << " step " << h;
  }
}

TEST(Models, IntermittentDemandLevel) {
  // Demand of 3 every third period: the rate is 1 per period.
  const auto values = Repeat({0, 0, 3}, 20);
  EXPECT_NEAR(FitModel("croston", values, 1, 3).mean[0], 1.0, 1e-9);
  // TSB's smoothed probability swings around 1/3 between demands: 0.15 covers the swing.
  EXPECT_NEAR(FitModel("tsb", values, 1, 3).mean[0], 1.0, 0.15);
}

TEST(Models, NegativeValuesNeverGiveMultiplicativeEts) {
  auto values = Repeat({10, 20, 15, 5}, 8);
  values[9] = -4;  // a week of returns
  const ModelFit fit = FitModel("ets", values, 4, 4);
  EXPECT_EQ(fit.method.find("(M"), std::string::npos) << fit.method;
  EXPECT_EQ(fit.method.find(",M)"), std::string::npos) << fit.method;
}

TEST(Models, ShortHistoryFallsBackAndSaysSo) {
  const std::vector<double> values{3, 4, 5, 4, 3, 4};
  for (std::string_view name : {"snaive", "ets", "fourier"}) {
    const ModelFit fit = FitModel(name, values, 12, 3);
    EXPECT_NE(fit.note.find("season"), std::string::npos) << name << ": " << fit.note;
  }
}

TEST(Models, BadArgumentsAreRefused) {
  auto model = MakeModel("ets");
  const std::vector<double> values{1, 2, 3};
  EXPECT_EQ(model->FitPredict({values, 1}, 0).error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(model->FitPredict({{}, 1}, 3).error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(MakeModel("arima"), nullptr);
}

}  // namespace
}  // namespace storeops::forecast
