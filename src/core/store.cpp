// SPDX-License-Identifier: Apache-2.0
#include "storeops/core/store.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace storeops::core {
namespace {

constexpr std::array<std::pair<ZoneType, std::string_view>, 6> kZoneTypeNames{{
    {ZoneType::kEntrance, "entrance"},
    {ZoneType::kDepartment, "department"},
    {ZoneType::kAisle, "aisle"},
    {ZoneType::kCheckout, "checkout"},
    {ZoneType::kService, "service"},
    {ZoneType::kStockroom, "stockroom"},
}};

constexpr std::array<std::pair<LaneKind, std::string_view>, 3> kLaneKindNames{{
    {LaneKind::kStaffed, "staffed"},
    {LaneKind::kExpress, "express"},
    {LaneKind::kSelfCheckout, "self_checkout"},
}};

template <class Enum, size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) {
      return name;
    }
  }
  return "unknown";
}

template <class Enum, size_t N>
std::optional<Enum> ValueOf(const std::array<std::pair<Enum, std::string_view>, N>& names,
                            std::string_view text) {
  for (const auto& [value, name] : names) {
    if (name == text) {
      return value;
    }
  }
  return std::nullopt;
}

template <class T, class IdType>
const T* FindById(const std::vector<T>& items, const IdType& id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.id == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

std::string_view ZoneTypeName(ZoneType type) { return NameOf(kZoneTypeNames, type); }

std::optional<ZoneType> ParseZoneType(std::string_view name) {
  return ValueOf(kZoneTypeNames, name);
}

std::string_view LaneKindName(LaneKind kind) { return NameOf(kLaneKindNames, kind); }

std::optional<LaneKind> ParseLaneKind(std::string_view name) {
  return ValueOf(kLaneKindNames, name);
}

const Zone* Store::FindZone(const ZoneId& zone_id) const { return FindById(zones, zone_id); }

const Department* Store::FindDepartment(const DepartmentId& department_id) const {
  return FindById(departments, department_id);
}

const Category* Store::FindCategory(const CategoryId& category_id) const {
  return FindById(categories, category_id);
}

const Sku* Store::FindSku(const SkuId& sku_id) const { return FindById(skus, sku_id); }

const Department* Store::DepartmentOf(const Sku& sku) const {
  const Category* category = FindCategory(sku.category);
  return category == nullptr ? nullptr : FindDepartment(category->department);
}

}  // namespace storeops::core
