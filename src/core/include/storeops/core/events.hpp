// SPDX-License-Identifier: Apache-2.0
// The six kinds of event that enter StoreOps (docs/EVENTS.md gives every field, unit and limit).
// By the time an event has one of these types it has been validated; `Presence::device_token` is
// already the privacy filter's keyed hash, never the identifier the Wi-Fi controller sent.
//
//   core::Event e = core::CameraCount{...};
//   std::visit([](const auto& ev) { return ev.store_id; }, e);
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "storeops/core/ids.hpp"
#include "storeops/core/money.hpp"
#include "storeops/core/time.hpp"

namespace storeops::core {

enum class Tender { kCash, kCard, kMobile, kGiftCard, kOther };

/// The wire spelling: "cash", "card", "mobile", "gift_card", "other"; "" for a value outside the
/// enum (storage's CHECK constraint then refuses it).
[[nodiscard]] std::string_view TenderName(Tender tender);

/// Every tender's wire spelling, indexed by the enum's value (the codec and storage use this one
/// table, so the spellings cannot drift apart).
[[nodiscard]] std::span<const std::string_view> TenderNames();

/// The tender of a wire spelling; nullopt when the spelling is unknown.
[[nodiscard]] std::optional<Tender> ParseTender(std::string_view name);

struct PosLine {
  SkuId sku;
  int32_t quantity = 0;  ///< Negative for a returned item.
  Money unit_price;
};

/// "pos.transaction": one basket rung up at a till. Never carries a card number.
struct PosTransaction {
  StoreId store_id;
  Timestamp ts;
  std::string basket_id;
  LaneId lane;
  Tender tender = Tender::kCard;
  std::vector<PosLine> lines;
};

/// "presence": a phone seen by the Wi-Fi, resolved to a zone. RSSI is dropped after resolution.
struct Presence {
  StoreId store_id;
  Timestamp ts;
  std::string device_token;  ///< Keyed HMAC of the device identifier for that day (privacy/).
  ZoneId zone;
};

/// "camera.count": people and queue counts from a camera; no frame is ever kept.
struct CameraCount {
  StoreId store_id;
  Timestamp ts;
  CameraId camera;
  ZoneId zone;
  int32_t people = 0;
  int32_t queue = 0;
  int32_t crossed_in = 0;
  int32_t crossed_out = 0;
};

/// "inventory.snapshot": units of one SKU in the building and on the shelf.
struct InventorySnapshot {
  StoreId store_id;
  Timestamp ts;
  SkuId sku;
  int32_t on_hand = 0;
  int32_t on_shelf = 0;
};

/// "weather": an observation at the store.
struct WeatherObservation {
  StoreId store_id;
  Timestamp ts;
  double temperature_c = 0;
  double precipitation_mm = 0;
  std::string condition;  ///< "clear", "rain", "snow", ...
};

enum class ClockAction { kIn, kOut, kBreakStart, kBreakEnd };

/// The wire spelling: "in", "out", "break_start", "break_end"; "" for a value outside the enum.
[[nodiscard]] std::string_view ClockActionName(ClockAction action);

/// Every clock action's wire spelling, indexed by the enum's value.
[[nodiscard]] std::span<const std::string_view> ClockActionNames();

/// The clock action of a wire spelling; nullopt when the spelling is unknown.
[[nodiscard]] std::optional<ClockAction> ParseClockAction(std::string_view name);

/// "staff.clock": an associate clocking in, out or on a break.
struct StaffClock {
  StoreId store_id;
  Timestamp ts;
  EmployeeId employee_id;
  ClockAction action = ClockAction::kIn;
  DepartmentId department;
};

using Event = std::variant<PosTransaction, Presence, CameraCount, InventorySnapshot,
                           WeatherObservation, StaffClock>;

/// The wire name of an event's type: "pos.transaction", "presence", "camera.count",
/// "inventory.snapshot", "weather", "staff.clock".
[[nodiscard]] std::string_view EventTypeName(const Event& event);

}  // namespace storeops::core
