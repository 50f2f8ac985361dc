// SPDX-License-Identifier: Apache-2.0
#include "storeops/core/store.hpp"

#include <gtest/gtest.h>

#include "storeops/core/events.hpp"
#include "storeops/core/hex.hpp"
#include "storeops/core/ids.hpp"
#include "storeops/testing/fixtures.hpp"

namespace storeops::core {
namespace {

TEST(ZoneType, NamesRoundTrip) {
  for (auto type : {ZoneType::kEntrance, ZoneType::kDepartment, ZoneType::kAisle,
                    ZoneType::kCheckout, ZoneType::kService, ZoneType::kStockroom}) {
    EXPECT_EQ(ParseZoneType(ZoneTypeName(type)), type);
  }
  EXPECT_FALSE(ParseZoneType("car_park").has_value());
}

TEST(LaneKind, NamesRoundTrip) {
  for (auto kind : {LaneKind::kStaffed, LaneKind::kExpress, LaneKind::kSelfCheckout}) {
    EXPECT_EQ(ParseLaneKind(LaneKindName(kind)), kind);
  }
}

TEST(Store, FindsItemsById) {
  const Store store = testing::SmallStore();
  ASSERT_NE(store.FindZone(ZoneId{"produce"}), nullptr);
  EXPECT_EQ(store.FindZone(ZoneId{"produce"})->area_m2, 400);
  EXPECT_EQ(store.FindZone(ZoneId{"nowhere"}), nullptr);
  EXPECT_NE(store.FindSku(SkuId{"0000003"}), nullptr);
  EXPECT_NE(store.FindDepartment(DepartmentId{"grocery"}), nullptr);
  EXPECT_NE(store.FindCategory(CategoryId{"fruit"}), nullptr);
}

TEST(Store, SkuDepartmentComesThroughItsCategory) {
  const Store store = testing::SmallStore();
  const Department* department = store.DepartmentOf(*store.FindSku(SkuId{"0000003"}));
  ASSERT_NE(department, nullptr);
  EXPECT_EQ(department->id, DepartmentId{"grocery"});
  Sku orphan;
  orphan.category = CategoryId{"nope"};
  EXPECT_EQ(store.DepartmentOf(orphan), nullptr);
}

TEST(IsValidIdText, AcceptsUrlSafeIdsOnly) {
  EXPECT_TRUE(IsValidIdText("store_001"));
  EXPECT_TRUE(IsValidIdText("L-3.a"));
  EXPECT_FALSE(IsValidIdText(""));
  EXPECT_FALSE(IsValidIdText(".."));
  EXPECT_FALSE(IsValidIdText("a/b"));
  EXPECT_FALSE(IsValidIdText("store 1"));
  EXPECT_FALSE(IsValidIdText(std::string(65, 'a')));
}

TEST(HexDigitValue, ReadsBothCasesAndRefusesTheRest) {
  EXPECT_EQ(HexDigitValue('0'), 0);
  EXPECT_EQ(HexDigitValue('9'), 9);
  EXPECT_EQ(HexDigitValue('a'), 10);
  EXPECT_EQ(HexDigitValue('F'), 15);
  EXPECT_EQ(HexDigitValue('g'), -1);
  EXPECT_EQ(HexDigitValue('%'), -1);
}

TEST(EventTypeName, NamesEachWireType) {
  EXPECT_EQ(EventTypeName(Event{CameraCount{}}), "camera.count");
  EXPECT_EQ(EventTypeName(Event{PosTransaction{}}), "pos.transaction");
  EXPECT_EQ(EventTypeName(Event{StaffClock{}}), "staff.clock");
}

}  // namespace
}  // namespace storeops::core
