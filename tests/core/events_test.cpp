// SPDX-License-Identifier: Apache-2.0
#include "storeops/core/events.hpp"

#include <gtest/gtest.h>

namespace storeops::core {
namespace {

TEST(TenderNames, RoundTripEveryTender) {
  ASSERT_EQ(TenderNames().size(), 5U);
  for (size_t i = 0; i < TenderNames().size(); ++i) {
    const auto tender = static_cast<Tender>(i);
    EXPECT_EQ(TenderName(tender), TenderNames()[i]);
    EXPECT_EQ(ParseTender(TenderName(tender)), tender);
  }
  EXPECT_EQ(TenderName(Tender::kGiftCard), "gift_card");
  EXPECT_FALSE(ParseTender("cheque").has_value());
  EXPECT_FALSE(ParseTender("").has_value());
  EXPECT_EQ(TenderName(static_cast<Tender>(42)), "");  // storage's CHECK refuses it
}

TEST(ClockActionNames, RoundTripEveryAction) {
  ASSERT_EQ(ClockActionNames().size(), 4U);
  for (size_t i = 0; i < ClockActionNames().size(); ++i) {
    const auto action = static_cast<ClockAction>(i);
    EXPECT_EQ(ClockActionName(action), ClockActionNames()[i]);
    EXPECT_EQ(ParseClockAction(ClockActionName(action)), action);
  }
  EXPECT_EQ(ClockActionName(ClockAction::kBreakStart), "break_start");
  EXPECT_FALSE(ParseClockAction("lunch").has_value());
  EXPECT_EQ(ClockActionName(static_cast<ClockAction>(42)), "");
}

}  // namespace
}  // namespace storeops::core
