// SPDX-License-Identifier: Apache-2.0
#include "storeops/core/money.hpp"

#include <limits>

#include <gtest/gtest.h>

namespace storeops::core {
namespace {

TEST(Money, FromDoubleRoundsToNearestCent) {
  EXPECT_EQ(Money::FromDouble(3.49)->cents(), 349);
  EXPECT_EQ(Money::FromDouble(0.005)->cents(), 1);
  EXPECT_EQ(Money::FromDouble(-2.5)->cents(), -250);
}

TEST(Money, FromDoubleRejectsNonFiniteAndHugeAmounts) {
  EXPECT_FALSE(Money::FromDouble(std::numeric_limits<double>::infinity()).has_value());
  EXPECT_FALSE(Money::FromDouble(std::numeric_limits<double>::quiet_NaN()).has_value());
  EXPECT_FALSE(Money::FromDouble(1e300).has_value());
}

TEST(Money, SumsOfManyLinesDoNotDrift) {
  Money total;
  for (int i = 0; i < 1000; ++i) {
    total += Money::FromCents(10);
  }
  EXPECT_EQ(total, Money::FromCents(10'000));
  EXPECT_DOUBLE_EQ((Money::FromCents(349) * 2).ToDouble(), 6.98);
}

}  // namespace
}  // namespace storeops::core
