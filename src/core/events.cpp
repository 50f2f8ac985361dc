// SPDX-License-Identifier: Apache-2.0
#include "storeops/core/events.hpp"

#include <algorithm>
#include <array>
#include <type_traits>

namespace storeops::core {
namespace {

// Indexed by the enums' values; the CHECK constraints of storage_sqlite's 0002 migration list the
// same spellings.
constexpr std::array<std::string_view, 5> kTenderNames = {"cash", "card", "mobile", "gift_card",
                                                          "other"};
constexpr std::array<std::string_view, 4> kClockActionNames = {"in", "out", "break_start",
                                                               "break_end"};

template <class Enum, size_t N>
std::optional<Enum> IndexOf(const std::array<std::string_view, N>& names, std::string_view name) {
  const auto* found = std::find(names.begin(), names.end(), name);
  if (found == names.end()) {
    return std::nullopt;
  }
  return static_cast<Enum>(found - names.begin());
}

}  // namespace

std::string_view EventTypeName(const Event& event) {
  return std::visit(
      [](const auto& e) -> std::string_view {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, PosTransaction>) {
          return "pos.transaction";
        } else if constexpr (std::is_same_v<T, Presence>) {
          return "presence";
        } else if constexpr (std::is_same_v<T, CameraCount>) {
          return "camera.count";
        } else if constexpr (std::is_same_v<T, InventorySnapshot>) {
          return "inventory.snapshot";
        } else if constexpr (std::is_same_v<T, WeatherObservation>) {
          return "weather";
        } else {
          return "staff.clock";
        }
      },
      event);
}

std::string_view TenderName(Tender tender) {
  const auto index = static_cast<size_t>(tender);
  return index < kTenderNames.size() ? kTenderNames[index] : std::string_view{};
}

std::span<const std::string_view> TenderNames() { return kTenderNames; }

std::optional<Tender> ParseTender(std::string_view name) {
  return IndexOf<Tender>(kTenderNames, name);
}

std::string_view ClockActionName(ClockAction action) {
  const auto index = static_cast<size_t>(action);
  return index < kClockActionNames.size() ? kClockActionNames[index] : std::string_view{};
}

std::span<const std::string_view> ClockActionNames() { return kClockActionNames; }

std::optional<ClockAction> ParseClockAction(std::string_view name) {
  return IndexOf<ClockAction>(kClockActionNames, name);
}

}  // namespace storeops::core
