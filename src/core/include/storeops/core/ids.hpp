// SPDX-License-Identifier: Apache-2.0
// Typed identifiers. A ZoneId cannot be passed where a SkuId is expected, yet each is just the
// string the store's own systems use ("store_001", "produce", "0001234").
//
//   core::StoreId id{"store_001"};
//   std::unordered_map<core::ZoneId, int> footfall;  // hashable
#pragma once

#include <compare>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace storeops::core {

template <class Tag>
class Id {
 public:
  Id() = default;

  explicit Id(std::string value) : value_(std::move(value)) {}

  explicit Id(std::string_view value) : value_(value) {}

  explicit Id(const char* value) : value_(value) {}

  [[nodiscard]] const std::string& value() const { return value_; }

  [[nodiscard]] bool empty() const { return value_.empty(); }

  friend auto operator<=>(const Id&, const Id&) = default;

 private:
  std::string value_;
};

using StoreId = Id<struct StoreIdTag>;
using ZoneId = Id<struct ZoneIdTag>;
using DepartmentId = Id<struct DepartmentIdTag>;
using CategoryId = Id<struct CategoryIdTag>;
using SkuId = Id<struct SkuIdTag>;
using LaneId = Id<struct LaneIdTag>;
using CameraId = Id<struct CameraIdTag>;
using EmployeeId = Id<struct EmployeeIdTag>;

/// Ids used in URLs and file names: 1-64 characters of [A-Za-z0-9._-], not starting with '.'.
[[nodiscard]] bool IsValidIdText(std::string_view text);

}  // namespace storeops::core

template <class Tag>
struct std::hash<storeops::core::Id<Tag>> {
  size_t operator()(const storeops::core::Id<Tag>& id) const noexcept {
    return std::hash<std::string>{}(id.value());
  }
};
