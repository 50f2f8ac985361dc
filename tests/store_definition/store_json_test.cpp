// SPDX-License-Identifier: Apache-2.0
#include "storeops/store_definition/store_json.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storeops/core/money.hpp"
#include "storeops/core/result.hpp"
#include "storeops/core/store.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/temp_dir.hpp"

#include "test_documents.hpp"

namespace storeops::store_definition {
namespace {

using fixtures::kTinyStoreJson;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kSamplePath = "data/stores/supercenter.json";

std::string Describe(const core::Error& error) {
  std::string out = error.message;
  for (const auto& detail : error.details) {
    out += "\n  [" + detail.field + "] " + detail.reason;
  }
  return out;
}

core::Store ParseOrDie(std::string_view text) {
  auto store = ParseStoreJson(text);
  if (!store) {
    ADD_FAILURE() << Describe(store.error());
    return {};
  }
  return *store;
}

core::Store Sample() {
  return ParseOrDie(storeops::testing::ReadFileText(storeops::testing::SourcePath(kSamplePath)));
}

// --- reading ---------------------------------------------------------------------------------

TEST(ParseStoreJson, ReadsEveryField) {
  const core::Store store = ParseOrDie(kTinyStoreJson);

  EXPECT_EQ(store.id, core::StoreId{"tiny"});
  EXPECT_EQ(store.name, "Tiny Store");
  EXPECT_EQ(store.time_zone, "America/Chicago");
  ASSERT_EQ(store.zones.size(), 3U);
  EXPECT_EQ(store.zones[1].type, core::ZoneType::kDepartment);
  EXPECT_EQ(store.zones[1].polygon.size(), 4U);
  EXPECT_EQ(store.zones[1].centre, (core::Point{20, 10}));
  EXPECT_EQ(store.zones[1].area_m2, 400);
  ASSERT_EQ(store.adjacency.size(), 3U);
  EXPECT_EQ(store.adjacency[2].a, core::ZoneId{"produce"});
  EXPECT_EQ(store.adjacency[2].b, core::ZoneId{"checkout"});
  EXPECT_EQ(store.adjacency[2].walking_distance_m, 20.5);
  EXPECT_EQ(store.departments[0].skills, std::vector<std::string>{"fresh_food"});
  EXPECT_EQ(store.categories[0].department, core::DepartmentId{"produce"});
  ASSERT_EQ(store.skus.size(), 1U);
  EXPECT_EQ(store.skus[0].price, core::Money::FromCents(129));
  EXPECT_EQ(store.skus[0].unit_cost, core::Money::FromCents(80));
  EXPECT_EQ(store.skus[0].shelf_capacity, 200);
  EXPECT_EQ(store.skus[0].home_zone, core::ZoneId{"produce"});
  EXPECT_EQ(store.lanes[0].kind, core::LaneKind::kExpress);
  EXPECT_EQ(store.lanes[1].stations, 4);
}

TEST(ParseStoreJson, OmittedOptionalFieldsTakeTheirDefaults) {
  const core::Store store = ParseOrDie(kTinyStoreJson);

  // No "centre": the area centroid of the 10 x 10 square at the origin.
  EXPECT_EQ(store.zones[0].centre, (core::Point{5, 5}));
  EXPECT_TRUE(store.departments[1].skills.empty());
  EXPECT_EQ(store.lanes[0].stations, 1);
  EXPECT_EQ(store.lanes[0].max_items, 15);
  EXPECT_FALSE(store.lanes[1].max_items.has_value());
}

TEST(ParseStoreJson, MissingAndNullDaysAreClosedAndMidnightCloseIsAllowed) {
  const core::Store store = ParseOrDie(kTinyStoreJson);

  EXPECT_EQ(store.opening_hours[0], (core::DailyHours{7 * 60, 22 * 60}));
  EXPECT_FALSE(store.opening_hours[1].has_value());  // tue: absent
  EXPECT_EQ(store.opening_hours[5], (core::DailyHours{8 * 60, 24 * 60}));
  EXPECT_FALSE(store.opening_hours[6].has_value());  // sun: null
}

TEST(ParseStoreJson, CentroidOfAnLShapedZoneIsTheAreaCentroid) {
  json document = json::parse(kTinyStoreJson);
  // An L of two unit squares side by side plus one on top of the left one: centroid (5/6, 5/6)
  // in units of 10 m, which is not the vertex mean.
  document["zones"][0]["polygon"] = {{0, 0}, {20, 0}, {20, 10}, {10, 10}, {10, 20}, {0, 20}};
  const core::Store store = ParseOrDie(document.dump());

  // Shoelace sums of exact multiples of 10 leave at most a few ulps of rounding.
  EXPECT_NEAR(store.zones[0].centre.x_m, 50.0 / 6.0, 1e-9);
  EXPECT_NEAR(store.zones[0].centre.y_m, 50.0 / 6.0, 1e-9);
}

TEST(ParseStoreJson, IgnoresExtensionKeysAnywhere) {
  json document = json::parse(kTinyStoreJson);
  document["x_vendor"] = {{"planogram", "v7"}};
  document["zones"][0]["x_camera"] = "cam-03";
  document["opening_hours"]["x_note"] = "holiday hours vary";
  document["lanes"][0]["x_register"] = 17;

  EXPECT_EQ(ParseOrDie(document.dump()), ParseOrDie(kTinyStoreJson));
}

TEST(ParseStoreJson, AcceptsLossLeadersWholeFloatsAndNullOptionals) {
  json document = json::parse(kTinyStoreJson);
  document["skus"][0]["unit_cost"] = 2.00;  // sold below cost on purpose
  document["skus"][0]["shelf_capacity"] = 200.0;
  document["lanes"][0]["max_items"] = nullptr;
  document["lanes"][1]["stations"] = nullptr;

  const core::Store store = ParseOrDie(document.dump());

  EXPECT_GT(store.skus[0].unit_cost, store.skus[0].price);
  EXPECT_EQ(store.skus[0].shelf_capacity, 200);
  EXPECT_FALSE(store.lanes[0].max_items.has_value());
  EXPECT_EQ(store.lanes[1].stations, 1);
}

TEST(ParseStoreJson, RoundsPricesToTheNearestCent) {
  json document = json::parse(kTinyStoreJson);
  document["skus"][0]["price"] = 1.294;
  document["skus"][0]["unit_cost"] = 0.806;

  const core::Store store = ParseOrDie(document.dump());

  EXPECT_EQ(store.skus[0].price.cents(), 129);
  EXPECT_EQ(store.skus[0].unit_cost.cents(), 81);
}

// --- all problems at once ----------------------------------------------------------------------

TEST(ParseStoreJson, ReportsEveryStructuralProblemInOnePass) {
  json document = json::parse(kTinyStoreJson);
  document["zones"][1]["area_m2"] = "big";
  document["skus"][0]["price"] = "cheap";
  document["lanes"][0]["kind"] = "robot";

  const auto store = ParseStoreJson(document.dump());

  ASSERT_FALSE(store.has_value());
  const core::Error& error = store.error();
  EXPECT_EQ(error.code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(error.details,
            (std::vector<core::FieldError>{
                {"zones[1].area_m2", "must be a number, got string"},
                {"skus[0].price", "must be a number, got string"},
                {"lanes[0].kind",
                 "unknown lane kind 'robot' (expected one of staffed, express, self_checkout)"}}));
  EXPECT_THAT(error.message,
              StartsWith("store definition has 3 problems: zones[1].area_m2: must be a number"));
}

TEST(ParseStoreJson, ReportsEveryValidationProblemInOnePass) {
  json document = json::parse(kTinyStoreJson);
  document["timezone"] = "Europe/Nowhere";
  document["zones"][2]["area_m2"] = -1;
  document["skus"][0]["category"] = "veg";
  document["lanes"][1]["stations"] = 0;

  const auto store = ParseStoreJson(document.dump());

  ASSERT_FALSE(store.has_value());
  std::vector<std::string> fields;
  for (const auto& detail : store.error().details) {
    fields.push_back(detail.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"timezone", "zones[2].area_m2", "skus[0].category",
                                              "lanes[1].stations"}));
  EXPECT_THAT(store.error().message, HasSubstr("4 problems"));
  EXPECT_THAT(store.error().message, HasSubstr("; ..."));
}

TEST(ParseStoreJson, CapsDetailsAtOneHundredAndCountsTheRest) {
  json document = json::parse(kTinyStoreJson);
  json skus = json::array();
  for (int i = 0; i < 150; ++i) {
    json sku = document["skus"][0];
    sku["id"] = "sku_" + std::to_string(i);
    sku["category"] = "no_such_category";
    skus.push_back(sku);
  }
  document["skus"] = skus;

  const auto store = ParseStoreJson(document.dump());

  ASSERT_FALSE(store.has_value());
  const auto& details = store.error().details;
  ASSERT_EQ(details.size(), 101U);
  EXPECT_EQ(details[99].field, "skus[99].category");
  EXPECT_EQ(details[100], (core::FieldError{"", "50 more problems not shown"}));
  EXPECT_THAT(store.error().message, StartsWith("store definition has 150 problems: "));
}

// --- writing -----------------------------------------------------------------------------------

TEST(WriteStoreJson, WritesKeysInTheDocumentedOrder) {
  const std::string text = WriteStoreJson(ParseOrDie(kTinyStoreJson));

  EXPECT_THAT(text, StartsWith(R"({"id":"tiny","name":"Tiny Store","timezone":"America/Chicago",)"
                               R"("opening_hours":{"mon":{"open":"07:00","close":"22:00"},)"
                               R"("tue":null,)"));
  EXPECT_THAT(text, HasSubstr(R"({"id":"entrance","name":"Entrance","type":"entrance",)"
                              R"("polygon":[[0.0,0.0],[10.0,0.0],[10.0,10.0],[0.0,10.0]],)"
                              R"("centre":[5.0,5.0],"area_m2":100.0})"));
  EXPECT_THAT(text,
              HasSubstr(R"("adjacency":[{"from":"entrance","to":"produce","distance_m":15.0})"));
  EXPECT_THAT(text, HasSubstr(R"({"id":"front_end","name":"Front end","zones":["checkout"],)"
                              R"("skills":[]})"));
  EXPECT_THAT(text, HasSubstr(R"("skus":[{"id":"0001234","name":"Bananas 1 kg","category":"fruit",)"
                              R"("price":1.29,"unit_cost":0.8,"shelf_capacity":200,)"
                              R"("home_zone":"produce"}])"));
  EXPECT_THAT(text, HasSubstr(R"("lanes":[{"id":"L1","zone":"checkout","kind":"express",)"
                              R"("stations":1,"max_items":15},)"
                              R"({"id":"SCO","zone":"checkout","kind":"self_checkout",)"
                              R"("stations":4}]})"));
}

TEST(WriteStoreJson, PrettyUsesTwoSpaceIndent) {
  const std::string text = WriteStoreJson(ParseOrDie(kTinyStoreJson), /*pretty=*/true);

  EXPECT_THAT(text, StartsWith("{\n  \"id\": \"tiny\",\n  \"name\": \"Tiny Store\",\n"));
  EXPECT_THAT(text, HasSubstr("\n    \"sun\": null\n"));
}

TEST(WriteStoreJson, IsDeterministic) {
  const core::Store store = Sample();
  EXPECT_EQ(WriteStoreJson(store), WriteStoreJson(store));
  EXPECT_EQ(WriteStoreJson(store, true), WriteStoreJson(Sample(), true));
}

TEST(WriteStoreJson, RoundTripsTheSmallStoreBothWays) {
  const core::Store store = storeops::testing::SmallStore();
  ASSERT_TRUE(ValidateStore(store).has_value());

  EXPECT_EQ(ParseOrDie(WriteStoreJson(store)), store);
  EXPECT_EQ(ParseOrDie(WriteStoreJson(store, /*pretty=*/true)), store);
}

TEST(WriteStoreJson, RoundTripsTheSampleBothWays) {
  const core::Store store = Sample();

  EXPECT_EQ(ParseOrDie(WriteStoreJson(store)), store);
  EXPECT_EQ(ParseOrDie(WriteStoreJson(store, /*pretty=*/true)), store);
}

TEST(WriteStoreJson, RoundTripsAwkwardDoublesClosedDaysAndUnicode) {
  core::Store store = storeops::testing::SmallStore();
  store.name = "Épicerie Ünïcode 東京 \"quoted\" \\ back";
  store.zones[1].centre = {0.1 + 0.2, 1.0 / 3.0};
  store.zones[1].area_m2 = 400.00000000000006;
  store.adjacency[0].walking_distance_m = 1e-3;
  store.opening_hours[2].reset();
  store.opening_hours[4] = core::DailyHours{0, 24 * 60};
  store.lanes[0].max_items = 12;
  ASSERT_TRUE(ValidateStore(store).has_value());

  EXPECT_EQ(ParseOrDie(WriteStoreJson(store)), store);
}

TEST(WriteStoreJson, MoneyRoundTripsExactlyUpToTheLimit) {
  // The writer prints cents / 100.0 and the reader rounds amount * 100; check that this is exact
  // for every cent up to $10,000 and at the top of the accepted range.
  auto round_trips = [](int64_t cents) {
    const auto back = core::Money::FromDouble(core::Money::FromCents(cents).ToDouble());
    return back.has_value() && back->cents() == cents;
  };
  for (int64_t cents = 0; cents <= 1'000'000; ++cents) {
    ASSERT_TRUE(round_trips(cents)) << cents;
  }
  for (int64_t cents = 100'000'000'000 - 100'000; cents <= 100'000'000'000; ++cents) {
    ASSERT_TRUE(round_trips(cents)) << cents;
  }
}

// --- the sample store --------------------------------------------------------------------------

TEST(SampleStore, ParsesAndIsASupercenter) {
  const core::Store store = Sample();

  EXPECT_EQ(store.id, core::StoreId{"store_001"});
  EXPECT_EQ(store.name, "StoreOps Supercenter #001");
  EXPECT_EQ(store.time_zone, "America/Chicago");
  EXPECT_EQ(store.opening_hours[0], (core::DailyHours{6 * 60, 23 * 60}));
  EXPECT_EQ(store.opening_hours[6], (core::DailyHours{8 * 60, 22 * 60}));
  EXPECT_GE(store.zones.size(), 40U);
  EXPECT_GE(store.departments.size(), 20U);
  EXPECT_GE(store.categories.size(), 50U);
  EXPECT_GE(store.skus.size(), 300U);
  EXPECT_LE(store.skus.size(), 500U);
  double area = 0;
  int aisles = 0;
  for (const core::Zone& zone : store.zones) {
    area += zone.area_m2;
    aisles += zone.id.value().starts_with("aisle_") ? 1 : 0;
  }
  EXPECT_NEAR(area, 15'000, 1'500);  // "about 15,000 m2"
  EXPECT_GE(aisles, 12);
  int counter_lanes = 0;
  int self_checkout_banks = 0;
  for (const core::CheckoutLane& lane : store.lanes) {
    counter_lanes += lane.kind == core::LaneKind::kSelfCheckout ? 0 : 1;
    self_checkout_banks += lane.kind == core::LaneKind::kSelfCheckout ? 1 : 0;
  }
  EXPECT_GE(counter_lanes, 10);
  EXPECT_GE(self_checkout_banks, 1);
}

TEST(SampleStore, SkusSitInTheirDepartmentsZonesWithSaneMargins) {
  const core::Store store = Sample();
  std::set<std::string> ids;
  for (const core::Sku& sku : store.skus) {
    EXPECT_EQ(sku.id.value().size(), 7U) << sku.id.value();
    ids.insert(sku.id.value());
    const core::Category* category = store.FindCategory(sku.category);
    ASSERT_NE(category, nullptr);
    const core::Department* department = store.FindDepartment(category->department);
    ASSERT_NE(department, nullptr);
    EXPECT_THAT(department->zones, ::testing::Contains(sku.home_zone)) << sku.id.value();
    const double margin =
        1.0 - static_cast<double>(sku.unit_cost.cents()) / static_cast<double>(sku.price.cents());
    // 20-45 % by design, widened by rounding the cost to whole cents.
    EXPECT_GE(margin, 0.19) << sku.id.value();
    EXPECT_LE(margin, 0.46) << sku.id.value();
  }
  EXPECT_EQ(ids.size(), store.skus.size());
}

TEST(SampleStore, FileIsInTheWritersCanonicalForm) {
  // The generator and WriteStoreJson agree byte for byte, so exporting an imported sample gives
  // back the committed file and diffs stay meaningful.
  const std::string file =
      storeops::testing::ReadFileText(storeops::testing::SourcePath(kSamplePath));

  EXPECT_EQ(WriteStoreJson(ParseOrDie(file), /*pretty=*/true) + "\n", file);
}

// --- files -------------------------------------------------------------------------------------

TEST(ReadStoreFile, ReadsTheSample) {
  const auto store = ReadStoreFile(storeops::testing::SourcePath(kSamplePath).string());
  ASSERT_TRUE(store.has_value()) << Describe(store.error());
  EXPECT_EQ(*store, Sample());
}

TEST(ReadStoreFile, MissingFileIsNotFoundAndNamesThePath) {
  const storeops::testing::TempDir dir;
  const std::string path = (dir / "nope.json").string();

  const auto store = ReadStoreFile(path);

  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, core::ErrorCode::kNotFound);
  EXPECT_THAT(store.error().message, HasSubstr(path));
}

TEST(ReadStoreFile, DirectoryIsNotFound) {
  const storeops::testing::TempDir dir;

  const auto store = ReadStoreFile(dir.path().string());

  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, core::ErrorCode::kNotFound);
}

TEST(ReadStoreFile, BadContentIsInvalidArgumentWithEveryDetail) {
  const storeops::testing::TempDir dir;
  const std::string path = (dir / "store.json").string();
  std::ofstream(path) << R"({"id": "x"})";

  const auto store = ReadStoreFile(path);

  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(store.error().message, StartsWith("store definition has 9 problems: "));
  EXPECT_EQ(store.error().details[0], (core::FieldError{"name", "required field missing"}));
}

TEST(ReadStoreFile, RejectsAnOversizedFileBeforeReadingIt) {
  const storeops::testing::TempDir dir;
  const std::string path = (dir / "huge.json").string();
  std::ofstream(path) << "{}";
  std::filesystem::resize_file(path, (64U << 20) + 1);  // sparse: costs no disk or time

  const auto store = ReadStoreFile(path);

  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(store.error().message, HasSubstr("at most 67108864 (64 MiB)"));
}

}  // namespace
}  // namespace storeops::store_definition
