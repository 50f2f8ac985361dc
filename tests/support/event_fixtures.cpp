// SPDX-License-Identifier: Apache-2.0
#include "storeops/testing/event_fixtures.hpp"

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "storeops/core/ids.hpp"
#include "storeops/core/money.hpp"

namespace storeops::testing {
namespace {

constexpr std::array<double, 6> kAwkward = {
    0.1, -40.5, 1.0 / 3.0, std::numeric_limits<double>::denorm_min(), 1e300, -0.0};

// prefix + the decimal number. Spelled out because GCC 12 -O2 warns (-Wrestrict, a false
// positive, GCC bug 105329) on `"literal" + std::to_string(n)` inlined here.
std::string Name(std::string_view prefix, size_t number, std::string_view suffix = {}) {
  std::string name(prefix);
  name += std::to_string(number);
  name += suffix;
  return name;
}

core::Event MakeEvent(const core::StoreId& store, size_t i, core::Timestamp ts) {
  switch (i % 6) {
    case 0: {
      core::PosTransaction pos{store,
                               ts,
                               Name("b-", i),
                               core::LaneId{Name("L", i % 7)},
                               static_cast<core::Tender>((i / 6) % 5),
                               {}};
      for (size_t j = 0; j < (i / 6) % 4; ++j) {  // some baskets are empty
        pos.lines.push_back(
            core::PosLine{core::SkuId{std::to_string(9000000 - j * 7)},
                          j == 1 ? -static_cast<int32_t>(i % 3 + 1) : static_cast<int32_t>(j + 1),
                          core::Money::FromCents(j == 2 ? int64_t{9'000'000'000'000'000}
                                                        : static_cast<int64_t>(i * 37 + j))});
      }
      return pos;
    }
    case 1:
      return core::Presence{store, ts, Name("tok_", i, "_\xC3\xA9t\xC3\xA9"),
                            core::ZoneId{Name("zone_", i % 11)}};
    case 2:
      return core::CameraCount{
          store,
          ts,
          core::CameraId{Name("cam-", i % 3)},
          core::ZoneId{"entrance"},
          static_cast<int32_t>(i % 50),
          static_cast<int32_t>(i % 9),
          static_cast<int32_t>(i % 5),
          i % 12 == 2 ? std::numeric_limits<int32_t>::max() : static_cast<int32_t>(i % 4)};
    case 3:
      return core::InventorySnapshot{store, ts, core::SkuId{std::to_string(1000 + i % 97)},
                                     static_cast<int32_t>(i % 400), static_cast<int32_t>(i % 40)};
    case 4:
      return core::WeatherObservation{store, ts, kAwkward[(i / 6) % kAwkward.size()],
                                      kAwkward[(i / 6 + 3) % kAwkward.size()],
                                      i % 2 == 0 ? "rain" : "clear 'sunny' \"day\""};
    default:
      return core::StaffClock{store, ts, core::EmployeeId{Name("e-", i % 23)},
                              static_cast<core::ClockAction>((i / 6) % 4),
                              core::DepartmentId{i % 2 == 0 ? "grocery" : "toys"}};
  }
}

// Appends "name: expected X, actual Y" to `out` when they differ.
template <class T>
void Compare(std::ostringstream& out, std::string_view name, const T& expected, const T& actual) {
  if (!(expected == actual)) {
    out << name << ": expected " << expected << ", actual " << actual << "; ";
  }
}

template <class Tag>
void Compare(std::ostringstream& out, std::string_view name, const core::Id<Tag>& expected,
             const core::Id<Tag>& actual) {
  Compare(out, name, expected.value(), actual.value());
}

void Compare(std::ostringstream& out, std::string_view name, core::Timestamp expected,
             core::Timestamp actual) {
  Compare(out, name, core::ToEpochMs(expected), core::ToEpochMs(actual));
}

void Compare(std::ostringstream& out, std::string_view name, double expected, double actual) {
  // Bit-exact, except that -0.0 may come back as 0.0: SQLite stores an integral REAL as an
  // integer, which has no negative zero. Every other double must come back unchanged.
  const bool both_zero = expected == 0.0 && actual == 0.0;
  if (!both_zero && std::bit_cast<uint64_t>(expected) != std::bit_cast<uint64_t>(actual)) {
    out << name << ": expected " << expected << ", actual " << actual << "; ";
  }
}

void CompareFields(std::ostringstream& out, const core::PosTransaction& e,
                   const core::PosTransaction& a) {
  Compare(out, "basket_id", e.basket_id, a.basket_id);
  Compare(out, "lane", e.lane, a.lane);
  Compare(out, "tender", static_cast<int>(e.tender), static_cast<int>(a.tender));
  Compare(out, "lines.size", e.lines.size(), a.lines.size());
  for (size_t i = 0; i < e.lines.size() && i < a.lines.size(); ++i) {
    Compare(out, "line.sku", e.lines[i].sku, a.lines[i].sku);
    Compare(out, "line.quantity", e.lines[i].quantity, a.lines[i].quantity);
    Compare(out, "line.unit_price", e.lines[i].unit_price.cents(), a.lines[i].unit_price.cents());
  }
}

void CompareFields(std::ostringstream& out, const core::Presence& e, const core::Presence& a) {
  Compare(out, "device_token", e.device_token, a.device_token);
  Compare(out, "zone", e.zone, a.zone);
}

void CompareFields(std::ostringstream& out, const core::CameraCount& e,
                   const core::CameraCount& a) {
  Compare(out, "camera", e.camera, a.camera);
  Compare(out, "zone", e.zone, a.zone);
  Compare(out, "people", e.people, a.people);
  Compare(out, "queue", e.queue, a.queue);
  Compare(out, "crossed_in", e.crossed_in, a.crossed_in);
  Compare(out, "crossed_out", e.crossed_out, a.crossed_out);
}

void CompareFields(std::ostringstream& out, const core::InventorySnapshot& e,
                   const core::InventorySnapshot& a) {
  Compare(out, "sku", e.sku, a.sku);
  Compare(out, "on_hand", e.on_hand, a.on_hand);
  Compare(out, "on_shelf", e.on_shelf, a.on_shelf);
}

void CompareFields(std::ostringstream& out, const core::WeatherObservation& e,
                   const core::WeatherObservation& a) {
  Compare(out, "temperature_c", e.temperature_c, a.temperature_c);
  Compare(out, "precipitation_mm", e.precipitation_mm, a.precipitation_mm);
  Compare(out, "condition", e.condition, a.condition);
}

void CompareFields(std::ostringstream& out, const core::StaffClock& e, const core::StaffClock& a) {
  Compare(out, "employee_id", e.employee_id, a.employee_id);
  Compare(out, "action", static_cast<int>(e.action), static_cast<int>(a.action));
  Compare(out, "department", e.department, a.department);
}

}  // namespace

std::vector<core::Event> MixedEvents(const std::string& store, int count, core::Timestamp start,
                                     std::chrono::milliseconds step) {
  const core::StoreId store_id{store};
  std::vector<core::Event> events;
  events.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    events.push_back(MakeEvent(store_id, static_cast<size_t>(i), start + i * step));
  }
  return events;
}

std::string EventDifference(const core::Event& expected, const core::Event& actual) {
  if (expected.index() != actual.index()) {
    return "type: expected " + std::string(core::EventTypeName(expected)) + ", actual " +
           std::string(core::EventTypeName(actual));
  }
  std::ostringstream out;
  std::visit(
      [&](const auto& e) {
        const auto& a = std::get<std::decay_t<decltype(e)>>(actual);
        Compare(out, "store_id", e.store_id, a.store_id);
        Compare(out, "ts", e.ts, a.ts);
        CompareFields(out, e, a);
      },
      expected);
  const std::string difference = out.str();
  return difference.empty() ? difference
                            : std::string(core::EventTypeName(expected)) + " " + difference;
}

std::string EventsDifference(const std::vector<core::Event>& expected,
                             const std::vector<core::Event>& actual) {
  for (size_t i = 0; i < expected.size() && i < actual.size(); ++i) {
    if (auto difference = EventDifference(expected[i], actual[i]); !difference.empty()) {
      return "event " + std::to_string(i) + ": " + difference;
    }
  }
  if (expected.size() != actual.size()) {
    return "expected " + std::to_string(expected.size()) + " events, actual " +
           std::to_string(actual.size());
  }
  return "";
}

}  // namespace storeops::testing
