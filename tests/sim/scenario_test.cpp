// SPDX-License-Identifier: Apache-2.0
#include "storeops/sim/scenario.hpp"

#include <string>

#include <gtest/gtest.h>

#include "storeops/store_definition/store_json.hpp"
#include "storeops/testing/fixtures.hpp"

namespace storeops::sim {
namespace {

bool HasField(const core::Error& error, const std::string& field) {
  for (const auto& d : error.details) {
    if (d.field == field) {
      return true;
    }
  }
  return false;
}

TEST(ScenarioJson, EmptyObjectIsTheDefault) {
  auto scenario = ParseScenarioJson("{}");
  ASSERT_TRUE(scenario.has_value()) << scenario.error().message;
  EXPECT_EQ(scenario->days, DefaultScenario().days);
  EXPECT_EQ(scenario->staffing.base, DefaultScenario().staffing.base);
}

TEST(ScenarioJson, ReadsEverySection) {
  auto scenario = ParseScenarioJson(R"({
    "name": "rainy week", "start_date": "2026-03-02", "days": 3,
    "traffic": {"daily_shoppers": 5000},
    "staffing": {"staffed_lanes": 4, "intervals": [{"from": "11:00", "to": "14:00",
                                                     "staffed_lanes": 8}]},
    "layout": {"categories": {"candy_cookies": "checkout_front"}, "endcaps": ["soda_juice"],
               "front_displays": ["seasonal_decor"]},
    "stock": {"initial_fill": 0.5, "restock_times": ["04:30", "14:00"]},
    "weather": {"default": {"condition": "cloudy"},
                "days": [{"date": "2026-03-03", "condition": "rain", "precip_mm": 8}]},
    "weather_effects": {"rain": {"traffic_factor": 0.8, "category_factors": {"canned_soup": 2}}},
    "events": [{"date": "2026-03-04", "name": "promo", "traffic_factor": 1.3}],
    "checkout": {"mean_patience_seconds": null, "single_line": true},
    "shoppers": {"phone_share": 0.5}
  })");
  ASSERT_TRUE(scenario.has_value()) << scenario.error().message;
  EXPECT_EQ(scenario->name, "rainy week");
  EXPECT_EQ(scenario->days, 3);
  EXPECT_EQ(scenario->staffing.base.staffed_lanes, 4);
  ASSERT_EQ(scenario->staffing.intervals.size(), 1U);
  EXPECT_EQ(scenario->staffing.intervals[0].from_minute, 660);
  EXPECT_EQ(scenario->staffing.intervals[0].level.staffed_lanes, 8);
  EXPECT_EQ(scenario->stock.restock_minutes, (std::vector<int32_t>{270, 840}));
  EXPECT_EQ(scenario->weather.at(0).weather.condition, "rain");
  EXPECT_FALSE(scenario->checkout.mean_patience_seconds.has_value());
  EXPECT_TRUE(scenario->checkout.single_line);
  EXPECT_DOUBLE_EQ(scenario->shoppers.phone_share, 0.5);
}

TEST(ScenarioJson, NamesEachBadField) {
  auto scenario = ParseScenarioJson(R"({
    "days": 0, "dayz": 3,
    "staffing": {"intervals": [{"from": "25:00", "to": "10:00"}]},
    "traffic": {"hourly_weights": [1, 2]},
    "weather": {"days": [{"date": "2026-02-30", "condition": "hail"}]},
    "layout": {"entrances": {"entrance": -1}}
  })");
  ASSERT_FALSE(scenario.has_value());
  const auto& e = scenario.error();
  EXPECT_EQ(e.code, core::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(e, "days"));
  EXPECT_TRUE(HasField(e, "dayz"));
  EXPECT_TRUE(HasField(e, "staffing.intervals[0].from"));
  EXPECT_TRUE(HasField(e, "traffic.hourly_weights"));
  EXPECT_TRUE(HasField(e, "weather.days[0].date"));
  EXPECT_TRUE(HasField(e, "weather.days[0].condition"));
  EXPECT_TRUE(HasField(e, "layout.entrances.entrance"));
  EXPECT_NE(e.message.find(e.details.front().field), std::string::npos);
}

TEST(ScenarioJson, NotJsonIsOneProblem) {
  auto scenario = ParseScenarioJson("{\"days\": ");
  ASSERT_FALSE(scenario.has_value());
  EXPECT_EQ(scenario.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(ScenarioValidation, NamesUnknownCategoriesZonesAndLanes) {
  auto store =
      store_definition::ReadStoreFile(testing::SourcePath("data/stores/supercenter.json").string());
  ASSERT_TRUE(store.has_value());
  auto scenario = ParseScenarioJson(R"({
    "staffing": {"staffed_lanes": 40},
    "layout": {"categories": {"caviar": "produce", "fruit": "moon"}, "endcaps": ["nope"],
               "entrances": {"produce": 1, "mars": 2}}
  })");
  ASSERT_TRUE(scenario.has_value());
  auto valid = ValidateScenario(*scenario, *store);
  ASSERT_FALSE(valid.has_value());
  EXPECT_TRUE(HasField(valid.error(), "staffing.staffed_lanes"));
  EXPECT_TRUE(HasField(valid.error(), "layout.categories.caviar"));
  EXPECT_TRUE(HasField(valid.error(), "layout.categories.fruit"));
  EXPECT_TRUE(HasField(valid.error(), "layout.endcaps[0]"));
  EXPECT_TRUE(HasField(valid.error(), "layout.entrances.produce"));  // not an entrance
  EXPECT_TRUE(HasField(valid.error(), "layout.entrances.mars"));
  auto zero = ParseScenarioJson(R"({"layout": {"entrances": {"entrance": 0}}})");
  ASSERT_TRUE(zero.has_value());
  auto refused = ValidateScenario(*zero, *store);
  ASSERT_FALSE(refused.has_value());
  EXPECT_TRUE(HasField(refused.error(), "layout.entrances"));
  EXPECT_TRUE(ValidateScenario(DefaultScenario(), *store).has_value());
}

TEST(BasketModel, ShippedModelParsesAndCoversTheSampleStore) {
  auto model = ParseBasketModelJson(
      testing::ReadFileText(testing::SourcePath("data/sim/basket_model.json")));
  ASSERT_TRUE(model.has_value()) << model.error().message;
  EXPECT_EQ(model->categories.size(), 64U);
  EXPECT_GT(model->pairs.size(), 100U);
  double total = 0;
  for (double p : model->basket_size) {
    total += p;
  }
  EXPECT_NEAR(total, 1.0, 1e-3);
}

TEST(BasketModel, NamesBadFields) {
  auto model = ParseBasketModelJson(
      R"({"categories": [{"id": "fruit", "support": 2}], "pairs": [{"a": "fruit"}],
          "basket_size": [0]})");
  ASSERT_FALSE(model.has_value());
  EXPECT_TRUE(HasField(model.error(), "categories[0].support"));
  EXPECT_TRUE(HasField(model.error(), "pairs[0]"));
  EXPECT_TRUE(HasField(model.error(), "basket_size"));
}

}  // namespace
}  // namespace storeops::sim
