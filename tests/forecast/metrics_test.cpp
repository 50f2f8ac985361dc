// SPDX-License-Identifier: Apache-2.0
// Every metric against values computed by hand on small arrays.
#include "storeops/forecast/metrics.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace storeops::forecast {
namespace {

// errors 2, -2, 3, 0 (actual - predicted: -2, 2, -3, 0)
const std::vector<double> kActual{10, 20, 30, 40};
const std::vector<double> kPredicted{12, 18, 33, 40};
// seasonal differences at lag 2: 2, 2, 3, 4 -> MAE 11/4, MSE 33/4
const std::vector<double> kHistory{1, 2, 3, 4, 6, 8};

// Exact arithmetic on small integers: only rounding of the last bit can differ.
constexpr double kTight = 1e-12;

TEST(Metrics, MaeRmseWmape) {
  EXPECT_NEAR(Mae(kActual, kPredicted), 7.0 / 4, kTight);
  EXPECT_NEAR(Rmse(kActual, kPredicted), std::sqrt(17.0 / 4), kTight);
  EXPECT_NEAR(Wmape(kActual, kPredicted), 7.0 / 100, kTight);
}

TEST(Metrics, WmaeWeighsHolidaysFive) {
  const std::vector<uint8_t> holiday{0, 1, 0, 0};
  EXPECT_NEAR(Wmae(kActual, kPredicted, holiday), (2 + 5 * 2 + 3 + 0) / 8.0, kTight);
  EXPECT_NEAR(Wmae(kActual, kPredicted, {}), 7.0 / 4, kTight);  // no flags: plain MAE
}

TEST(Metrics, MaseAndRmsseScaleBySeasonalNaive) {
  EXPECT_NEAR(SeasonalNaiveMae(kHistory, 2), 11.0 / 4, kTight);
  EXPECT_NEAR(SeasonalNaiveMse(kHistory, 2), 33.0 / 4, kTight);
  EXPECT_NEAR(Mase(kActual, kPredicted, kHistory, 2), (7.0 / 4) / (11.0 / 4), kTight);
  EXPECT_NEAR(Rmsse(kActual, kPredicted, kHistory, 2), std::sqrt((17.0 / 4) / (33.0 / 4)), kTight);
}

TEST(Metrics, ScaleFallsBackToLagOneWhenHistoryIsShorterThanASeason) {
  const std::vector<double> history{1, 3, 4};
  EXPECT_NEAR(SeasonalNaiveMae(history, 4), (2.0 + 1.0) / 2, kTight);
}

TEST(Metrics, CoverageCountsInclusiveBounds) {
  const std::vector<double> lower{9, 20, 29, 41};
  const std::vector<double> upper{11, 21, 31, 50};
  EXPECT_NEAR(Coverage(kActual, lower, upper), 0.75, kTight);
}

TEST(Metrics, UndefinedMeasuresAreNaN) {
  const std::vector<double> flat{5, 5, 5, 5};
  EXPECT_TRUE(std::isnan(Mase(kActual, kPredicted, flat, 1)));  // zero scale
  EXPECT_TRUE(std::isnan(Mae({}, {})));
  const std::vector<double> three{1, 2, 3};
  EXPECT_TRUE(std::isnan(Mae(kActual, three)));  // lengths differ
}

}  // namespace
}  // namespace storeops::forecast
