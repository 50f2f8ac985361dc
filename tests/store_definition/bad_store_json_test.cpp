// SPDX-License-Identifier: Apache-2.0
// One table, one mutation per row: start from a valid definition, break one thing, and check that
// the error names exactly that field with a useful reason.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storeops/core/result.hpp"
#include "storeops/store_definition/store_json.hpp"

#include "test_documents.hpp"

namespace storeops::store_definition {
namespace {

using fixtures::kTinyStoreJson;
using nlohmann::json;
using ::testing::HasSubstr;

struct BadCase {
  std::string name;
  std::function<std::string()> make_text;
  std::string field;   // of the first detail
  std::string reason;  // a substring of its reason
  bool only_problem = true;
};

void PrintTo(const BadCase& bad_case, std::ostream* out) { *out << bad_case.name; }

std::function<std::string()> Mutated(std::function<void(json&)> mutate) {
  return [mutate = std::move(mutate)] {
    json document = json::parse(kTinyStoreJson);
    mutate(document);
    return document.dump();
  };
}

// `make_to` runs only when the case runs: the table is built in every test process, and the
// megabyte-sized replacements would otherwise slow each one down.
std::function<std::string()> Replaced(std::string from, std::function<std::string()> make_to) {
  return [from = std::move(from), make_to = std::move(make_to)] {
    std::string text(kTinyStoreJson);
    const size_t at = text.find(from);
    if (at == std::string::npos) {
      ADD_FAILURE() << "test bug: '" << from << "' is not in the tiny store";
      return text;
    }
    return text.replace(at, from.size(), make_to());
  };
}

std::function<std::string()> Replaced(std::string from, std::string to) {
  return Replaced(std::move(from), [to = std::move(to)] { return to; });
}

std::function<std::string()> Text(std::string text) {
  return [text = std::move(text)] { return text; };
}

std::string Describe(const core::Error& error) {
  std::string out = error.message;
  for (const auto& detail : error.details) {
    out += "\n  [" + detail.field + "] " + detail.reason;
  }
  return out;
}

std::vector<BadCase> BadCases() {
  const std::string deep = std::string(10'000, '[') + std::string(10'000, ']');
  std::vector<BadCase> cases = {
      // Wrong JSON types, one per kind of field.
      {"IdIsNumber", Mutated([](json& j) { j["id"] = 7; }), "id", "must be a string, got number"},
      {"NameIsNull", Mutated([](json& j) { j["name"] = nullptr; }), "name", "got null"},
      {"ZonesIsObject", Mutated([](json& j) { j["zones"] = json::object(); }), "zones",
       "must be an array, got object"},
      {"ZoneIsString", Mutated([](json& j) { j["zones"][1] = "produce"; }), "zones[1]",
       "must be an object, got string"},
      {"AreaIsString", Mutated([](json& j) { j["zones"][1]["area_m2"] = "400"; }),
       "zones[1].area_m2", "must be a number, got string"},
      {"PolygonPointHasThreeValues", Mutated([](json& j) {
         j["zones"][1]["polygon"][2] = {1, 2, 3};
       }),
       "zones[1].polygon[2]", "got 3 values"},
      {"PolygonCoordinateIsString", Mutated([](json& j) { j["zones"][1]["polygon"][0][1] = "0"; }),
       "zones[1].polygon[0][1]", "must be a number, got string"},
      {"CentreIsString", Mutated([](json& j) { j["zones"][1]["centre"] = "middle"; }),
       "zones[1].centre", "must be a point [x, y], got string"},
      {"DistanceIsBoolean", Mutated([](json& j) { j["adjacency"][0]["distance_m"] = true; }),
       "adjacency[0].distance_m", "must be a number, got boolean"},
      {"DepartmentZoneIsNumber", Mutated([](json& j) { j["departments"][0]["zones"][0] = 1; }),
       "departments[0].zones[0]", "must be a string, got number"},
      {"SkillsIsString", Mutated([](json& j) { j["departments"][0]["skills"] = "fresh_food"; }),
       "departments[0].skills", "must be an array, got string"},
      {"OpeningHoursIsArray", Mutated([](json& j) { j["opening_hours"] = json::array(); }),
       "opening_hours", "must be an object"},
      {"DayIsString", Mutated([](json& j) { j["opening_hours"]["mon"] = "07:00-22:00"; }),
       "opening_hours.mon", "or null, got string"},
      {"PriceIsString", Mutated([](json& j) { j["skus"][0]["price"] = "1.29"; }), "skus[0].price",
       "must be a number, got string"},
      {"ShelfCapacityIsFraction", Mutated([](json& j) { j["skus"][0]["shelf_capacity"] = 12.5; }),
       "skus[0].shelf_capacity", "must be a whole number, got 12.5"},
      {"ShelfCapacityOverflowsInt32",
       Mutated([](json& j) { j["skus"][0]["shelf_capacity"] = 1e10; }), "skus[0].shelf_capacity",
       "out of range"},
      {"StationsIsBoolean", Mutated([](json& j) { j["lanes"][1]["stations"] = true; }),
       "lanes[1].stations", "must be a whole number, got boolean"},
      // Required fields.
      {"MissingTimezone", Mutated([](json& j) { j.erase("timezone"); }), "timezone",
       "required field missing"},
      {"MissingLanes", Mutated([](json& j) { j.erase("lanes"); }), "lanes",
       "required field missing"},
      {"MissingZoneArea", Mutated([](json& j) { j["zones"][0].erase("area_m2"); }),
       "zones[0].area_m2", "required field missing"},
      {"MissingZoneName", Mutated([](json& j) { j["zones"][2].erase("name"); }), "zones[2].name",
       "required field missing"},
      {"MissingSkuPrice", Mutated([](json& j) { j["skus"][0].erase("price"); }), "skus[0].price",
       "required field missing"},
      {"MissingClose", Mutated([](json& j) { j["opening_hours"]["mon"].erase("close"); }),
       "opening_hours.mon.close", "required field missing"},
      // Unknown and duplicate keys.
      {"UnknownTopLevelKey", Mutated([](json& j) { j["zone"] = json::array(); }), "zone",
       "unknown field 'zone' (did you mean 'zones'?)"},
      {"TypoInZoneKey", Mutated([](json& j) { j["zones"][0]["area_m"] = 100; }), "zones[0].area_m",
       "unknown field 'area_m' (did you mean 'area_m2'?)"},
      {"AmericanCentreSpelling", Mutated([](json& j) {
         j["zones"][0]["center"] = {5, 5};
       }),
       "zones[0].center", "did you mean 'centre'?"},
      {"UnknownLaneKey", Mutated([](json& j) { j["lanes"][0]["max_item"] = 10; }),
       "lanes[0].max_item", "did you mean 'max_items'?"},
      {"UnknownDay", Mutated([](json& j) { j["opening_hours"]["monday"] = nullptr; }),
       "opening_hours.monday", "unknown field 'monday'"},
      {"DuplicateKey", Replaced(R"("name": "Tiny Store",)", R"("name": "A", "name": "B",)"), "name",
       "duplicate key"},
      {"DuplicateKeyInZone", Replaced(R"("area_m2": 400)", R"("area_m2": 400, "area_m2": 4)"),
       "zones[1].area_m2", "duplicate key"},
      // Enumerations.
      {"UnknownZoneType", Mutated([](json& j) { j["zones"][1]["type"] = "shop"; }), "zones[1].type",
       "unknown zone type 'shop'"},
      {"UnknownLaneKind", Mutated([](json& j) { j["lanes"][0]["kind"] = "robot"; }),
       "lanes[0].kind", "unknown lane kind 'robot'"},
      // Opening hours.
      {"HourIs25", Mutated([](json& j) { j["opening_hours"]["mon"]["open"] = "25:00"; }),
       "opening_hours.mon.open", "must be a time \"HH:MM\""},
      {"OneDigitHour", Mutated([](json& j) { j["opening_hours"]["mon"]["open"] = "7:00"; }),
       "opening_hours.mon.open", "got '7:00'"},
      {"OpenAtMidnightEnd", Mutated([](json& j) { j["opening_hours"]["mon"]["open"] = "24:00"; }),
       "opening_hours.mon.open", "from 00:00 to 23:59"},
      {"CloseBeforeOpen", Mutated([](json& j) { j["opening_hours"]["mon"]["close"] = "06:00"; }),
       "opening_hours.mon.close", "must be after open (07:00)"},
      {"CloseEqualsOpen", Mutated([](json& j) { j["opening_hours"]["mon"]["close"] = "07:00"; }),
       "opening_hours.mon.close", "must be after open"},
      {"UnknownTimeZone", Mutated([](json& j) { j["timezone"] = "Mars/Olympus_Mons"; }), "timezone",
       "unknown time zone 'Mars/Olympus_Mons'"},
      // Ids.
      {"IdWithSlash", Mutated([](json& j) { j["skus"][0]["id"] = "a/b"; }), "skus[0].id",
       "invalid id 'a/b'"},
      {"IdDotDot", Mutated([](json& j) { j["id"] = ".."; }), "id", "invalid id '..'"},
      {"IdEmpty", Mutated([](json& j) { j["lanes"][0]["id"] = ""; }), "lanes[0].id",
       "must not be empty"},
      {"IdTooLong", Mutated([](json& j) { j["id"] = std::string(65, 'a'); }), "id",
       "too long: 65 characters"},
      {"DuplicateLaneId", Mutated([](json& j) { j["lanes"][1]["id"] = "L1"; }), "lanes[1].id",
       "duplicate id 'L1' (also lanes[0])"},
      {"DuplicateSkuId", Mutated([](json& j) { j["skus"].push_back(j["skus"][0]); }), "skus[1].id",
       "duplicate id '0001234' (also skus[0])"},
      // Dangling references, one per kind.
      {"AdjacencyToUnknownZone", Mutated([](json& j) { j["adjacency"][0]["to"] = "prodce"; }),
       "adjacency[0].to", "unknown zone 'prodce' (did you mean 'produce'?)"},
      {"AdjacencyFromUnknownZone", Mutated([](json& j) { j["adjacency"][2]["from"] = "bakery"; }),
       "adjacency[2].from", "unknown zone 'bakery'"},
      {"DepartmentZoneUnknown",
       Mutated([](json& j) { j["departments"][1]["zones"][0] = "checkout_2"; }),
       "departments[1].zones[0]", "unknown zone 'checkout_2'"},
      {"CategoryDepartmentUnknown",
       Mutated([](json& j) { j["categories"][0]["department"] = "grocery"; }),
       "categories[0].department", "unknown department 'grocery'"},
      {"SkuCategoryUnknown", Mutated([](json& j) { j["skus"][0]["category"] = "fruits"; }),
       "skus[0].category", "unknown category 'fruits' (did you mean 'fruit'?)"},
      {"SkuHomeZoneUnknown", Mutated([](json& j) { j["skus"][0]["home_zone"] = "aisle_9"; }),
       "skus[0].home_zone", "unknown zone 'aisle_9'"},
      {"LaneZoneUnknown", Mutated([](json& j) { j["lanes"][0]["zone"] = "tills"; }),
       "lanes[0].zone", "unknown zone 'tills'"},
      {"LaneInDepartmentZone", Mutated([](json& j) { j["lanes"][0]["zone"] = "produce"; }),
       "lanes[0].zone", "is of type 'department'; lanes must be in a 'checkout' zone"},
      // Numbers out of range.
      {"NegativePrice", Mutated([](json& j) { j["skus"][0]["price"] = -1; }), "skus[0].price",
       "must not be negative, got -1.00"},
      {"NegativeUnitCost", Mutated([](json& j) { j["skus"][0]["unit_cost"] = -0.5; }),
       "skus[0].unit_cost", "must not be negative"},
      {"PriceTooLargeForMoney", Mutated([](json& j) { j["skus"][0]["price"] = 1e300; }),
       "skus[0].price", "out of range"},
      {"PriceAboveLimit", Mutated([](json& j) { j["skus"][0]["price"] = 2e9; }), "skus[0].price",
       "too large"},
      {"NumberOverflowsDouble", Replaced("1.29", "1e400"), "", "number overflow"},
      {"NegativeShelfCapacity", Mutated([](json& j) { j["skus"][0]["shelf_capacity"] = -3; }),
       "skus[0].shelf_capacity", "must not be negative"},
      {"ZeroArea", Mutated([](json& j) { j["zones"][1]["area_m2"] = 0; }), "zones[1].area_m2",
       "must be positive, got 0"},
      {"NegativeDistance", Mutated([](json& j) { j["adjacency"][1]["distance_m"] = -5; }),
       "adjacency[1].distance_m", "must be positive"},
      {"ZeroStations", Mutated([](json& j) { j["lanes"][1]["stations"] = 0; }), "lanes[1].stations",
       "must be at least 1"},
      {"ZeroMaxItems", Mutated([](json& j) { j["lanes"][0]["max_items"] = 0; }),
       "lanes[0].max_items", "must be at least 1"},
      // Geometry and graph.
      {"TwoPointPolygon", Mutated([](json& j) {
         j["zones"][1]["polygon"] = {{0, 0}, {1, 1}};
       }),
       "zones[1].polygon", "at least 3 points, got 2"},
      {"SelfLoop", Mutated([](json& j) { j["adjacency"][0]["to"] = "entrance"; }),
       "adjacency[0].to", "links zone 'entrance' to itself"},
      {"DuplicateLinkReversed", Mutated([](json& j) {
         j["adjacency"].push_back({{"from", "produce"}, {"to", "entrance"}, {"distance_m", 9}});
       }),
       "adjacency[3]", "duplicate link between 'produce' and 'entrance' (also adjacency[0])"},
      {"UnreachableZone",
       Mutated([](json& j) { j["adjacency"] = json::array({j["adjacency"][0]}); }), "zones[2]",
       "zone 'checkout' cannot be reached from an entrance"},
      {"NoEntrance", Mutated([](json& j) { j["zones"][0]["type"] = "service"; }), "zones",
       "at least one zone of type 'entrance'"},
      {"NoZones", Mutated([](json& j) { j["zones"] = json::array(); }), "zones",
       "must contain at least one zone", /*only_problem=*/false},
      // Text.
      {"EmptyName", Mutated([](json& j) { j["zones"][0]["name"] = ""; }), "zones[0].name",
       "must not be empty"},
      {"TenMegabyteName", Replaced("Tiny Store", [] { return std::string(10 << 20, 'a'); }), "name",
       "string of 10485760 bytes; at most 65536"},
      {"LongExtensionValue",
       Replaced(R"("area_m2": 400)",
                [] { return R"("area_m2": 400, "x_blob": ")" + std::string(70'000, 'b') + '"'; }),
       "zones[1].x_blob", "string of 70000 bytes"},
      {"LongKey",
       Replaced(R"("sun": null)", R"("sun": null, ")" + std::string(70'000, 'k') + R"(": 1)"),
       "opening_hours", "key of 70000 bytes"},
      {"NameOf201Characters", Mutated([](json& j) { j["name"] = std::string(201, 'n'); }), "name",
       "too long: 201 characters (at most 200)"},
      {"LongSkill",
       Mutated([](json& j) { j["departments"][0]["skills"][0] = std::string(201, 's'); }),
       "departments[0].skills[0]", "too long: 201 characters"},
      // Not a store definition at all.
      {"NestedTenThousandDeep", Text(deep), "", "nested more than 64 levels deep (at byte 64)"},
      {"DeepExtensionValue",
       Replaced(R"("id": "tiny",)", R"("id": "tiny", "x_deep": )" + deep + ","), "",
       "nested more than 64 levels deep"},
      {"TruncatedJson", Text(std::string(kTinyStoreJson.substr(0, 300))), "",
       "invalid JSON at byte"},
      {"TrailingGarbage", Text(std::string(kTinyStoreJson) + "}"), "", "invalid JSON at byte"},
      {"Comment", Text("// store\n" + std::string(kTinyStoreJson)), "", "invalid JSON at byte 1"},
      {"NotAnObject", Text("[1, 2]"), "", "must be a JSON object (a store definition), got array"},
      {"EmptyDocument", Text(""), "", "invalid JSON at byte"},
      {"WhitespaceOnly", Text(" \n\t "), "", "invalid JSON at byte"},
      {"InvalidUtf8", Replaced("Tiny Store", "Tiny \xff\xfe Store"), "", "UTF-8"},
      {"OverlongUtf8", Replaced("Tiny Store", "Tiny \xc0\xaf Store"), "", "UTF-8"},
      {"LargerThan64MiB", [] { return std::string((64 << 20) + 1, ' '); }, "",
       "at most 67108864 (64 MiB)"},
  };
  return cases;
}

class BadStoreJson : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadStoreJson, IsRejectedNamingTheField) {
  const BadCase& bad = GetParam();

  const auto store = ParseStoreJson(bad.make_text());

  ASSERT_FALSE(store.has_value());
  const core::Error& error = store.error();
  EXPECT_EQ(error.code, core::ErrorCode::kInvalidArgument);
  ASSERT_FALSE(error.details.empty()) << error.message;
  if (bad.only_problem) {
    EXPECT_EQ(error.details.size(), 1U) << Describe(error);
  }
  EXPECT_EQ(error.details[0].field, bad.field) << Describe(error);
  EXPECT_THAT(error.details[0].reason, HasSubstr(bad.reason)) << Describe(error);
}

INSTANTIATE_TEST_SUITE_P(OneMutationEach, BadStoreJson, ::testing::ValuesIn(BadCases()),
                         [](const ::testing::TestParamInfo<BadCase>& param_info) {
                           return param_info.param.name;
                         });

TEST(BadStoreJsonTable, BaseDocumentIsValid) {
  // Every row above is only meaningful if the unmutated document parses.
  const auto store = ParseStoreJson(kTinyStoreJson);
  ASSERT_TRUE(store.has_value()) << Describe(store.error());
  EXPECT_GE(BadCases().size(), 30U);
}

}  // namespace
}  // namespace storeops::store_definition
