// SPDX-License-Identifier: Apache-2.0
// ValidateStore on stores built in code (the API and the database hand those over), including
// values JSON cannot even express, such as NaN.
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "storeops/core/result.hpp"
#include "storeops/core/store.hpp"
#include "storeops/store_definition/store_json.hpp"
#include "storeops/testing/fixtures.hpp"

namespace storeops::store_definition {
namespace {

core::FieldError OnlyProblem(const core::Store& store) {
  const auto status = ValidateStore(store);
  if (status.has_value()) {
    ADD_FAILURE() << "expected a problem";
    return {};
  }
  EXPECT_EQ(status.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().details.size(), 1U) << status.error().message;
  return status.error().details.front();
}

TEST(ValidateStore, AcceptsTheSmallStore) {
  EXPECT_TRUE(ValidateStore(storeops::testing::SmallStore()).has_value());
}

TEST(ValidateStore, RejectsNonFiniteNumbers) {
  core::Store store = storeops::testing::SmallStore();
  store.zones[1].area_m2 = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(OnlyProblem(store), (core::FieldError{"zones[1].area_m2", "must be a finite number"}));

  store = storeops::testing::SmallStore();
  store.zones[2].polygon[1].x_m = std::numeric_limits<double>::infinity();
  EXPECT_EQ(OnlyProblem(store),
            (core::FieldError{"zones[2].polygon[1]", "coordinates must be finite numbers"}));

  store = storeops::testing::SmallStore();
  store.adjacency[3].walking_distance_m = std::numeric_limits<double>::infinity();
  EXPECT_EQ(OnlyProblem(store),
            (core::FieldError{"adjacency[3].distance_m", "must be a finite number"}));
}

TEST(ValidateStore, RejectsHoursOutsideTheDay) {
  core::Store store = storeops::testing::SmallStore();
  store.opening_hours[3] = core::DailyHours{-5, 600};
  EXPECT_EQ(OnlyProblem(store).field, "opening_hours.thu.open");

  store.opening_hours[3] = core::DailyHours{600, 1441};
  EXPECT_EQ(OnlyProblem(store).field, "opening_hours.thu.close");
}

TEST(ValidateStore, RejectsTextThatIsNotUtf8) {
  core::Store store = storeops::testing::SmallStore();
  store.departments[0].name = "Prod\xc3";  // a lead byte with its continuation missing
  EXPECT_EQ(OnlyProblem(store),
            (core::FieldError{"departments[0].name", "must be valid UTF-8 text"}));
}

TEST(ValidateStore, CountsCharactersNotBytes) {
  core::Store store = storeops::testing::SmallStore();
  std::string name;
  for (int i = 0; i < 200; ++i) {
    name += "é";  // 2 bytes, 1 character
  }
  store.name = name;
  EXPECT_TRUE(ValidateStore(store).has_value());

  store.name += "é";
  EXPECT_EQ(OnlyProblem(store),
            (core::FieldError{"name", "too long: 201 characters (at most 200)"}));
}

TEST(ValidateStore, RejectsDuplicateZoneIdsOnceWithoutFalseUnreachables) {
  core::Store store = storeops::testing::SmallStore();
  store.zones[4].id = core::ZoneId{"aisle_01"};
  store.adjacency.pop_back();  // the link that reached the old stockroom id

  EXPECT_EQ(OnlyProblem(store),
            (core::FieldError{"zones[4].id", "duplicate id 'aisle_01' (also zones[2])"}));
}

TEST(ValidateStore, ListsEveryUnreachableZone) {
  core::Store store = storeops::testing::SmallStore();
  store.adjacency = {store.adjacency[2]};  // only entrance-checkout is left

  const auto status = ValidateStore(store);

  ASSERT_FALSE(status.has_value());
  std::vector<std::string> fields;
  for (const auto& detail : status.error().details) {
    fields.push_back(detail.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"zones[1]", "zones[2]", "zones[4]"}));
}

TEST(ValidateStore, RejectsTooManyZones) {
  core::Store store = storeops::testing::SmallStore();
  const core::Zone prototype = store.zones[1];
  while (store.zones.size() < 10'001) {
    core::Zone zone = prototype;
    zone.id = core::ZoneId{"z" + std::to_string(store.zones.size())};
    store.adjacency.push_back({core::ZoneId{"entrance"}, zone.id, 5});
    store.zones.push_back(std::move(zone));
  }
  EXPECT_EQ(OnlyProblem(store),
            (core::FieldError{"zones", "too many zones: 10001 (at most 10000)"}));
}

TEST(ValidateStore, RejectsTooManySkus) {
  core::Store store = storeops::testing::SmallStore();
  const core::Sku prototype = store.skus[0];
  store.skus.clear();
  for (int i = 0; i < 100'001; ++i) {
    core::Sku sku = prototype;
    sku.id = core::SkuId{std::to_string(1'000'000 + i)};
    store.skus.push_back(std::move(sku));
  }
  EXPECT_EQ(OnlyProblem(store),
            (core::FieldError{"skus", "too many SKUs: 100001 (at most 100000)"}));
}

}  // namespace
}  // namespace storeops::store_definition
