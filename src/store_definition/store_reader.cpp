// SPDX-License-Identifier: Apache-2.0
#include "store_reader.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "text.hpp"

namespace storeops::store_definition::internal {
namespace {

using nlohmann::json;
using Keys = std::span<const std::string_view>;

constexpr std::array<std::string_view, 10> kStoreKeys{
    "id",        "name",        "timezone",   "opening_hours", "zones",
    "adjacency", "departments", "categories", "skus",          "lanes"};
constexpr std::array<std::string_view, 2> kHoursKeys{"open", "close"};
constexpr std::array<std::string_view, 6> kZoneKeys{"id",      "name",   "type",
                                                    "polygon", "centre", "area_m2"};
constexpr std::array<std::string_view, 3> kLinkKeys{"from", "to", "distance_m"};
constexpr std::array<std::string_view, 4> kDepartmentKeys{"id", "name", "zones", "skills"};
constexpr std::array<std::string_view, 3> kCategoryKeys{"id", "name", "department"};
constexpr std::array<std::string_view, 7> kSkuKeys{
    "id", "name", "category", "price", "unit_cost", "shelf_capacity", "home_zone"};
constexpr std::array<std::string_view, 5> kLaneKeys{"id", "zone", "kind", "stations", "max_items"};

// Keys an integration may add for its own use; the format promises never to define them.
constexpr std::string_view kExtensionPrefix = "x_";

void TypeError(Problems& problems, std::string path, std::string_view expected, const json& got) {
  problems.Add(std::move(path), fmt::format("must be {}, got {}", expected, got.type_name()));
}

template <class PathFn>
void TypeError(Problems& problems, const PathFn& path, std::string_view expected, const json& got) {
  TypeError(problems, std::string(path()), expected, got);
}

// Value readers. Paths are passed as callables and only built when a problem is reported: a
// large definition has hundreds of thousands of fields and almost all of them are fine.

template <class PathFn>
bool ReadString(const json& value, const PathFn& path, Problems& problems, std::string& out) {
  if (!value.is_string()) {
    TypeError(problems, path, "a string", value);
    return false;
  }
  out = value.get_ref<const std::string&>();
  return true;
}

template <class PathFn>
bool ReadNumber(const json& value, const PathFn& path, Problems& problems, double& out) {
  if (!value.is_number()) {
    TypeError(problems, path, "a number", value);
    return false;
  }
  out = value.get<double>();
  return true;
}

// Accepts 12 and 12.0 (some tools write every number as a float) but not 12.5.
template <class PathFn>
bool ReadInt32(const json& value, const PathFn& path, Problems& problems, int32_t& out) {
  if (!value.is_number()) {
    TypeError(problems, path, "a whole number", value);
    return false;
  }
  constexpr auto kMin = std::numeric_limits<int32_t>::min();
  constexpr auto kMax = std::numeric_limits<int32_t>::max();
  const auto out_of_range = [&] {
    problems.Add(path(), fmt::format("out of range (must be between {} and {})", kMin, kMax));
    return false;
  };
  if (value.is_number_unsigned()) {
    const auto number = value.get<uint64_t>();
    if (number > static_cast<uint64_t>(kMax)) {
      return out_of_range();
    }
    out = static_cast<int32_t>(number);
    return true;
  }
  if (value.is_number_integer()) {
    const auto number = value.get<int64_t>();
    if (number < kMin || number > kMax) {
      return out_of_range();
    }
    out = static_cast<int32_t>(number);
    return true;
  }
  const auto number = value.get<double>();
  if (std::trunc(number) != number) {
    problems.Add(path(), fmt::format("must be a whole number, got {}", number));
    return false;
  }
  if (number < kMin || number > kMax) {
    return out_of_range();
  }
  out = static_cast<int32_t>(number);
  return true;
}

bool ReadPoint(const json& value, const std::string& path, Problems& problems, core::Point& out) {
  if (!value.is_array()) {
    TypeError(problems, path, "a point [x, y]", value);
    return false;
  }
  if (value.size() != 2) {
    problems.Add(path, fmt::format("must be a point [x, y], got {} values", value.size()));
    return false;
  }
  const bool x_ok = ReadNumber(
      value[0], [&] { return Element(path, 0); }, problems, out.x_m);
  const bool y_ok = ReadNumber(
      value[1], [&] { return Element(path, 1); }, problems, out.y_m);
  return x_ok && y_ok;
}

// One JSON object of the format: reports unknown keys up front, then reads members by key.
class ObjectView {
 public:
  ObjectView(const json& object, std::string path, Keys known, Problems& problems)
      : object_(object), path_(std::move(path)), problems_(problems) {
    for (const auto& [key, value] : object.items()) {
      if (key.starts_with(kExtensionPrefix) ||
          std::find(known.begin(), known.end(), key) != known.end()) {
        continue;
      }
      std::string reason = fmt::format("unknown field {}", Quote(key));
      if (auto suggestion = SuggestSimilar(key, known)) {
        reason += fmt::format(" (did you mean '{}'?)", *suggestion);
      }
      problems_.Add(Path(key), std::move(reason));
    }
  }

  /// The member, or null after reporting it missing. A JSON null counts as present, so the
  /// type check that follows names it ("must be a string, got null").
  [[nodiscard]] const json* Required(std::string_view key) const {
    auto it = object_.find(key);
    if (it == object_.end()) {
      problems_.Add(Path(key), "required field missing");
      return nullptr;
    }
    return &*it;
  }

  /// The member, or null when it is absent or JSON null (both mean "use the default").
  [[nodiscard]] const json* Optional(std::string_view key) const {
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) {
      return nullptr;
    }
    return &*it;
  }

  [[nodiscard]] std::string Path(std::string_view key) const { return Member(path_, key); }

  /// Path(key), deferred until a problem needs it.
  [[nodiscard]] auto PathOf(std::string_view key) const {
    return [this, key] { return Path(key); };
  }

  bool String(std::string_view key, std::string& out) const {
    const json* value = Required(key);
    return value != nullptr && ReadString(*value, PathOf(key), problems_, out);
  }

  template <class IdType>
  void Id(std::string_view key, IdType& out) const {
    std::string text;
    if (String(key, text)) {
      out = IdType{std::move(text)};
    }
  }

  void Number(std::string_view key, double& out) const {
    if (const json* value = Required(key)) {
      ReadNumber(*value, PathOf(key), problems_, out);
    }
  }

  bool Int32(const json* value, std::string_view key, int32_t& out) const {
    return value != nullptr && ReadInt32(*value, PathOf(key), problems_, out);
  }

  void Money(std::string_view key, core::Money& out) const {
    double amount = 0;
    const json* value = Required(key);
    if (value == nullptr || !ReadNumber(*value, PathOf(key), problems_, amount)) {
      return;
    }
    if (auto money = core::Money::FromDouble(amount)) {
      out = *money;
    } else {
      problems_.Add(Path(key), fmt::format("amount {} is out of range", amount));
    }
  }

  // Enumerations: `parse` maps the text to a value; `expected` lists the names for the reason.
  template <class Enum, class Parse>
  void Enumerated(std::string_view key, Parse&& parse, std::string_view what,
                  std::string_view expected, Enum& out) const {
    std::string text;
    if (!String(key, text)) {
      return;
    }
    if (std::optional<Enum> parsed = parse(text)) {
      out = *parsed;
    } else {
      problems_.Add(Path(key),
                    fmt::format("unknown {} {} (expected one of {})", what, Quote(text), expected));
    }
  }

  // A required array of strings (ids or skills), element by element.
  template <class T>
  void StringList(const json* value, std::string_view key, std::vector<T>& out) const {
    if (value == nullptr) {
      return;
    }
    if (!value->is_array()) {
      TypeError(problems_, PathOf(key), "an array", *value);
      return;
    }
    out.reserve(value->size());
    for (size_t i = 0; i < value->size(); ++i) {
      std::string text;
      if (ReadString((*value)[i], [&] { return Element(Path(key), i); }, problems_, text)) {
        out.emplace_back(std::move(text));
      }
    }
  }

  void Polygon(std::string_view key, std::vector<core::Point>& out) const {
    const json* polygon = Required(key);
    if (polygon == nullptr) {
      return;
    }
    const std::string polygon_path = Path(key);
    if (!polygon->is_array()) {
      TypeError(problems_, polygon_path, "an array of points [x, y]", *polygon);
      return;
    }
    out.reserve(polygon->size());
    for (size_t i = 0; i < polygon->size(); ++i) {
      core::Point point;
      if (ReadPoint((*polygon)[i], Element(polygon_path, i), problems_, point)) {
        out.push_back(point);
      }
    }
  }

  /// False when the point is absent or null, so the caller can fill in a default.
  bool OptionalPoint(std::string_view key, core::Point& out) const {
    const json* point = Optional(key);
    if (point == nullptr) {
      return false;
    }
    ReadPoint(*point, Path(key), problems_, out);
    return true;
  }

 private:
  const json& object_;
  std::string path_;
  Problems& problems_;
};

// Calls `read(item, path)` for every element that is an object, reporting the others.
template <class ReadItem>
void ForEachObject(const json* array, std::string_view section, Problems& problems,
                   ReadItem&& read) {
  if (array == nullptr) {
    return;
  }
  if (!array->is_array()) {
    TypeError(problems, std::string(section), "an array", *array);
    return;
  }
  for (size_t i = 0; i < array->size(); ++i) {
    const json& item = (*array)[i];
    if (!item.is_object()) {
      TypeError(problems, Element(section, i), "an object", item);
      continue;
    }
    read(item, Element(section, i));
  }
}

void ReadOpeningHours(const json* value, Problems& problems, core::OpeningHours& out) {
  if (value == nullptr) {
    return;
  }
  if (!value->is_object()) {
    TypeError(problems, std::string("opening_hours"), "an object of days (\"mon\" ... \"sun\")",
              *value);
    return;
  }
  const ObjectView days(*value, "opening_hours", kDayKeys, problems);
  for (size_t d = 0; d < kDayKeys.size(); ++d) {
    const json* day = days.Optional(kDayKeys[d]);
    if (day == nullptr) {
      continue;  // a missing day or null is a closed day
    }
    const std::string day_path = days.Path(kDayKeys[d]);
    if (!day->is_object()) {
      TypeError(problems, day_path, "{\"open\": \"HH:MM\", \"close\": \"HH:MM\"} or null", *day);
      continue;
    }
    const ObjectView hours(*day, day_path, kHoursKeys, problems);
    std::array<std::optional<int32_t>, 2> minutes;
    for (size_t k = 0; k < 2; ++k) {
      const bool is_close = k == 1;
      std::string text;
      if (!hours.String(kHoursKeys[k], text)) {
        continue;
      }
      minutes[k] = ParseClockTime(text, is_close);
      if (!minutes[k]) {
        problems.Add(hours.Path(kHoursKeys[k]),
                     fmt::format("must be a time \"HH:MM\" from 00:00 to {}, got {}",
                                 is_close ? "24:00" : "23:59", Quote(text)));
      }
    }
    if (const auto open = minutes[0], close = minutes[1]; open && close) {
      out[d] = core::DailyHours{*open, *close};
    }
  }
}

core::Zone ReadZone(const ObjectView& zone_json) {
  core::Zone zone;
  zone_json.Id("id", zone.id);
  zone_json.String("name", zone.name);
  zone_json.Enumerated("type", core::ParseZoneType, "zone type",
                       "entrance, department, aisle, checkout, service, stockroom", zone.type);
  zone_json.Polygon("polygon", zone.polygon);
  if (!zone_json.OptionalPoint("centre", zone.centre)) {
    zone.centre = PolygonCentroid(zone.polygon);
  }
  zone_json.Number("area_m2", zone.area_m2);
  return zone;
}

core::ZoneLink ReadLink(const ObjectView& link_json) {
  core::ZoneLink link;
  link_json.Id("from", link.a);
  link_json.Id("to", link.b);
  link_json.Number("distance_m", link.walking_distance_m);
  return link;
}

core::Department ReadDepartment(const ObjectView& department_json) {
  core::Department department;
  department_json.Id("id", department.id);
  department_json.String("name", department.name);
  department_json.StringList(department_json.Required("zones"), "zones", department.zones);
  department_json.StringList(department_json.Optional("skills"), "skills", department.skills);
  return department;
}

core::Category ReadCategory(const ObjectView& category_json) {
  core::Category category;
  category_json.Id("id", category.id);
  category_json.String("name", category.name);
  category_json.Id("department", category.department);
  return category;
}

core::Sku ReadSku(const ObjectView& sku_json) {
  core::Sku sku;
  sku_json.Id("id", sku.id);
  sku_json.String("name", sku.name);
  sku_json.Id("category", sku.category);
  sku_json.Money("price", sku.price);
  sku_json.Money("unit_cost", sku.unit_cost);
  sku_json.Int32(sku_json.Required("shelf_capacity"), "shelf_capacity", sku.shelf_capacity);
  sku_json.Id("home_zone", sku.home_zone);
  return sku;
}

core::CheckoutLane ReadLane(const ObjectView& lane_json) {
  core::CheckoutLane lane;
  lane_json.Id("id", lane.id);
  lane_json.Id("zone", lane.zone);
  lane_json.Enumerated("kind", core::ParseLaneKind, "lane kind", "staffed, express, self_checkout",
                       lane.kind);
  lane_json.Int32(lane_json.Optional("stations"), "stations", lane.stations);
  int32_t max_items = 0;
  if (lane_json.Int32(lane_json.Optional("max_items"), "max_items", max_items)) {
    lane.max_items = max_items;
  }
  return lane;
}

// Reads every object of one top-level array with `read_item`, which sees it through an
// ObjectView that knows the keys of its kind.
template <class Item, class ReadItem>
void ReadSection(const ObjectView& root, std::string_view section, Keys keys, Problems& problems,
                 std::vector<Item>& out, ReadItem&& read_item) {
  const json* array = root.Required(section);
  if (array != nullptr && array->is_array()) {
    out.reserve(array->size());
  }
  ForEachObject(array, section, problems, [&](const json& item, std::string path) {
    out.push_back(read_item(ObjectView(item, std::move(path), keys, problems)));
  });
}

}  // namespace

core::Point PolygonCentroid(const std::vector<core::Point>& polygon) {
  if (polygon.empty()) {
    return {};
  }
  // Shoelace centroid, relative to the first vertex so that plans far from the origin keep
  // their precision.
  const core::Point origin = polygon.front();
  double twice_area = 0;
  double cx = 0;
  double cy = 0;
  double mean_x = 0;
  double mean_y = 0;
  for (size_t i = 0; i < polygon.size(); ++i) {
    const core::Point& p = polygon[i];
    const core::Point& q = polygon[(i + 1) % polygon.size()];
    const double px = p.x_m - origin.x_m;
    const double py = p.y_m - origin.y_m;
    const double qx = q.x_m - origin.x_m;
    const double qy = q.y_m - origin.y_m;
    const double cross = px * qy - qx * py;
    twice_area += cross;
    cx += (px + qx) * cross;
    cy += (py + qy) * cross;
    mean_x += px;
    mean_y += py;
  }
  const auto count = static_cast<double>(polygon.size());
  if (std::fabs(twice_area) <= std::numeric_limits<double>::epsilon()) {
    return {origin.x_m + mean_x / count, origin.y_m + mean_y / count};
  }
  return {origin.x_m + cx / (3 * twice_area), origin.y_m + cy / (3 * twice_area)};
}

core::Store ReadStore(const json& document, Problems& problems) {
  core::Store store;
  if (!document.is_object()) {
    TypeError(problems, std::string(), "a JSON object (a store definition)", document);
    return store;
  }
  const ObjectView root(document, "", kStoreKeys, problems);
  root.Id("id", store.id);
  root.String("name", store.name);
  root.String("timezone", store.time_zone);
  ReadOpeningHours(root.Required("opening_hours"), problems, store.opening_hours);
  ReadSection(root, "zones", kZoneKeys, problems, store.zones, ReadZone);
  ReadSection(root, "adjacency", kLinkKeys, problems, store.adjacency, ReadLink);
  ReadSection(root, "departments", kDepartmentKeys, problems, store.departments, ReadDepartment);
  ReadSection(root, "categories", kCategoryKeys, problems, store.categories, ReadCategory);
  ReadSection(root, "skus", kSkuKeys, problems, store.skus, ReadSku);
  ReadSection(root, "lanes", kLaneKeys, problems, store.lanes, ReadLane);
  return store;
}

}  // namespace storeops::store_definition::internal
