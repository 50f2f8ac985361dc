// SPDX-License-Identifier: Apache-2.0
// The store as StoreOps sees it: a graph of zones (entrance, departments, aisles, checkouts) with
// walking distances, the departments and categories that own them, the SKUs on their shelves and
// the checkout lanes. Every engine (simulation, staffing, layout, inventory) reads this one type;
// store_definition/ turns it to and from the JSON format in docs/STORE_FORMAT.md.
//
//   const core::Zone* produce = store.FindZone(core::ZoneId{"produce"});
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storeops/core/ids.hpp"
#include "storeops/core/money.hpp"

namespace storeops::core {

enum class ZoneType { kEntrance, kDepartment, kAisle, kCheckout, kService, kStockroom };

/// "entrance", "department", "aisle", "checkout", "service", "stockroom".
[[nodiscard]] std::string_view ZoneTypeName(ZoneType type);
[[nodiscard]] std::optional<ZoneType> ParseZoneType(std::string_view name);

/// A point on the store floor plan, in metres from the plan's origin (south-west corner).
struct Point {
  double x_m = 0;
  double y_m = 0;

  friend bool operator==(const Point&, const Point&) = default;
};

struct Zone {
  ZoneId id;
  std::string name;
  ZoneType type = ZoneType::kDepartment;
  std::vector<Point> polygon;  ///< Outline, counter-clockwise, at least 3 points.
  Point centre;                ///< Where walking distances are measured from.
  double area_m2 = 0;          ///< Sales-floor area.

  friend bool operator==(const Zone&, const Zone&) = default;
};

/// An undirected walkway between two zones.
struct ZoneLink {
  ZoneId a;
  ZoneId b;
  double walking_distance_m = 0;

  friend bool operator==(const ZoneLink&, const ZoneLink&) = default;
};

struct Department {
  DepartmentId id;
  std::string name;
  std::vector<ZoneId> zones;        ///< Zones this department staffs and stocks.
  std::vector<std::string> skills;  ///< Skills an associate needs here ("pharmacist", "sales").

  friend bool operator==(const Department&, const Department&) = default;
};

struct Category {
  CategoryId id;
  std::string name;
  DepartmentId department;

  friend bool operator==(const Category&, const Category&) = default;
};

struct Sku {
  SkuId id;
  std::string name;
  CategoryId category;
  Money price;
  Money unit_cost;
  int32_t shelf_capacity = 0;  ///< Units that fit on the sales floor.
  ZoneId home_zone;            ///< Where the SKU normally sits.

  friend bool operator==(const Sku&, const Sku&) = default;
};

enum class LaneKind { kStaffed, kExpress, kSelfCheckout };

/// "staffed", "express", "self_checkout".
[[nodiscard]] std::string_view LaneKindName(LaneKind kind);
[[nodiscard]] std::optional<LaneKind> ParseLaneKind(std::string_view name);

struct CheckoutLane {
  LaneId id;
  ZoneId zone;
  LaneKind kind = LaneKind::kStaffed;
  int32_t stations = 1;              ///< Registers served by the lane (self-checkout banks > 1).
  std::optional<int32_t> max_items;  ///< Express limit.

  friend bool operator==(const CheckoutLane&, const CheckoutLane&) = default;
};

/// Local opening time of one day, in minutes after local midnight. close_minute may be 1440
/// (open until midnight); a store open past midnight closes at 1440 and reopens at 0.
struct DailyHours {
  int32_t open_minute = 0;
  int32_t close_minute = 0;

  friend bool operator==(const DailyHours&, const DailyHours&) = default;
};

/// Monday first; an empty entry means closed all day.
using OpeningHours = std::array<std::optional<DailyHours>, 7>;

struct Store {
  StoreId id;
  std::string name;
  std::string time_zone;  ///< IANA name, e.g. "America/Chicago".
  OpeningHours opening_hours;
  std::vector<Zone> zones;
  std::vector<ZoneLink> adjacency;
  std::vector<Department> departments;
  std::vector<Category> categories;
  std::vector<Sku> skus;
  std::vector<CheckoutLane> lanes;

  [[nodiscard]] const Zone* FindZone(const ZoneId& id) const;
  [[nodiscard]] const Department* FindDepartment(const DepartmentId& id) const;
  [[nodiscard]] const Category* FindCategory(const CategoryId& id) const;
  [[nodiscard]] const Sku* FindSku(const SkuId& id) const;

  /// The department a SKU belongs to, through its category; null when either does not resolve.
  [[nodiscard]] const Department* DepartmentOf(const Sku& sku) const;

  friend bool operator==(const Store&, const Store&) = default;
};

/// One row of the store list: what a chain overview needs without loading every SKU.
struct StoreSummary {
  StoreId id;
  std::string name;
  std::string time_zone;
  int64_t zone_count = 0;

  friend bool operator==(const StoreSummary&, const StoreSummary&) = default;
};

}  // namespace storeops::core
