// SPDX-License-Identifier: Apache-2.0
#include "storeops/core/events.hpp"

#include <type_traits>

namespace storeops::core {

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
  switch (tender) {
    case Tender::kCash:
      return "cash";
    case Tender::kCard:
      return "card";
    case Tender::kMobile:
      return "mobile";
    case Tender::kGiftCard:
      return "gift_card";
    case Tender::kOther:
      return "other";
  }
  return "other";
}

std::string_view ClockActionName(ClockAction action) {
  switch (action) {
    case ClockAction::kIn:
      return "in";
    case ClockAction::kOut:
      return "out";
    case ClockAction::kBreakStart:
      return "break_start";
    case ClockAction::kBreakEnd:
      return "break_end";
  }
  return "in";
}

}  // namespace storeops::core
