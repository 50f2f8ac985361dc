// SPDX-License-Identifier: Apache-2.0
// WriteStoreJson: the canonical form of a definition. Keys come in the documented order (an
// ordered_json, not a sorted map) so exported files diff cleanly against the sample and against
// hand-written definitions.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "storeops/core/store.hpp"
#include "storeops/store_definition/store_json.hpp"

#include "text.hpp"

namespace storeops::store_definition {
namespace {

using nlohmann::ordered_json;

constexpr int kPrettyIndent = 2;

ordered_json PointJson(const core::Point& point) {
  return ordered_json::array({point.x_m, point.y_m});
}

// cents / 100.0 prints as the shortest decimal that reads back as the same double ("1.29"), and
// Money::FromDouble rounds that back to the same cents for every amount the validator accepts.
double MoneyJson(core::Money amount) { return amount.ToDouble(); }

ordered_json HoursJson(const core::OpeningHours& hours) {
  ordered_json out = ordered_json::object();
  for (size_t d = 0; d < internal::kDayKeys.size(); ++d) {
    const auto key = std::string(internal::kDayKeys[d]);
    const std::optional<core::DailyHours>& day_hours = hours[d];
    if (!day_hours) {
      out[key] = nullptr;
      continue;
    }
    ordered_json day = ordered_json::object();
    day["open"] = internal::FormatClockTime(day_hours->open_minute);
    day["close"] = internal::FormatClockTime(day_hours->close_minute);
    out[key] = std::move(day);
  }
  return out;
}

ordered_json ZoneJson(const core::Zone& zone) {
  ordered_json polygon = ordered_json::array();
  for (const core::Point& point : zone.polygon) {
    polygon.push_back(PointJson(point));
  }
  ordered_json out = ordered_json::object();
  out["id"] = zone.id.value();
  out["name"] = zone.name;
  out["type"] = std::string(core::ZoneTypeName(zone.type));
  out["polygon"] = std::move(polygon);
  out["centre"] = PointJson(zone.centre);
  out["area_m2"] = zone.area_m2;
  return out;
}

ordered_json LinkJson(const core::ZoneLink& link) {
  ordered_json out = ordered_json::object();
  out["from"] = link.a.value();
  out["to"] = link.b.value();
  out["distance_m"] = link.walking_distance_m;
  return out;
}

ordered_json DepartmentJson(const core::Department& department) {
  ordered_json zones = ordered_json::array();
  for (const core::ZoneId& zone : department.zones) {
    zones.push_back(zone.value());
  }
  ordered_json out = ordered_json::object();
  out["id"] = department.id.value();
  out["name"] = department.name;
  out["zones"] = std::move(zones);
  out["skills"] = department.skills;
  return out;
}

ordered_json CategoryJson(const core::Category& category) {
  ordered_json out = ordered_json::object();
  out["id"] = category.id.value();
  out["name"] = category.name;
  out["department"] = category.department.value();
  return out;
}

ordered_json SkuJson(const core::Sku& sku) {
  ordered_json out = ordered_json::object();
  out["id"] = sku.id.value();
  out["name"] = sku.name;
  out["category"] = sku.category.value();
  out["price"] = MoneyJson(sku.price);
  out["unit_cost"] = MoneyJson(sku.unit_cost);
  out["shelf_capacity"] = sku.shelf_capacity;
  out["home_zone"] = sku.home_zone.value();
  return out;
}

ordered_json LaneJson(const core::CheckoutLane& lane) {
  ordered_json out = ordered_json::object();
  out["id"] = lane.id.value();
  out["zone"] = lane.zone.value();
  out["kind"] = std::string(core::LaneKindName(lane.kind));
  out["stations"] = lane.stations;
  if (lane.max_items) {
    out["max_items"] = *lane.max_items;
  }
  return out;
}

template <class Item, class ToJson>
ordered_json ArrayJson(const std::vector<Item>& items, ToJson&& to_json) {
  ordered_json out = ordered_json::array();
  for (const Item& item : items) {
    out.push_back(to_json(item));
  }
  return out;
}

}  // namespace

std::string WriteStoreJson(const core::Store& store, bool pretty) {
  ordered_json out = ordered_json::object();
  out["id"] = store.id.value();
  out["name"] = store.name;
  out["timezone"] = store.time_zone;
  out["opening_hours"] = HoursJson(store.opening_hours);
  out["zones"] = ArrayJson(store.zones, ZoneJson);
  out["adjacency"] = ArrayJson(store.adjacency, LinkJson);
  out["departments"] = ArrayJson(store.departments, DepartmentJson);
  out["categories"] = ArrayJson(store.categories, CategoryJson);
  out["skus"] = ArrayJson(store.skus, SkuJson);
  out["lanes"] = ArrayJson(store.lanes, LaneJson);
  // `replace` instead of the default `strict`: an invalid store (bad UTF-8 built in code) must
  // still serialise, never throw; ValidateStore is what rejects it.
  return out.dump(pretty ? kPrettyIndent : -1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace storeops::store_definition
