// SPDX-License-Identifier: Apache-2.0
// What the store simulator is asked to play: a scenario (dates, traffic profile, staffing plan,
// layout, stock policy, weather and events; JSON format in docs/SIMULATION.md) and the basket
// model fitted from real baskets (data/sim/basket_model.json, scripts/fit_basket_model.py).
// Parsing is pure text in, struct out; nothing here reads files.
//
//   auto scenario = sim::ParseScenarioJson(text);         // or sim::DefaultScenario()
//   auto model = sim::ParseBasketModelJson(model_text);
//   if (!scenario) for (auto& d : scenario.error().details) std::cerr << d.field << d.reason;
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storeops/core/ids.hpp"
#include "storeops/core/result.hpp"
#include "storeops/core/store.hpp"

namespace storeops::sim {

/// The basket model: how often each category is in a basket, which pairs go together, how many
/// categories a basket holds.
struct BasketModel {
  struct CategorySupport {
    core::CategoryId id;
    double support = 0;  ///< Share of baskets holding the category, in (0, 1].
    bool fitted = true;  ///< False where the support is an assumption, not a fit.
  };

  struct Pair {
    core::CategoryId a;
    core::CategoryId b;
    double lift = 1;  ///< P(a and b) / (P(a) P(b)).
  };

  std::vector<CategorySupport> categories;
  std::vector<Pair> pairs;
  std::vector<double> basket_size;  ///< [k] = P(k distinct categories); [0] is ignored.
};

/// Parses data/sim/basket_model.json. kInvalidArgument naming the bad field ("pairs[3].lift").
/// Categories the store does not have are ignored when a simulation is built.
[[nodiscard]] core::Result<BasketModel> ParseBasketModelJson(std::string_view json_text);

/// Checkout capacity at one moment. Lanes open in the store's lane order.
struct StaffingLevel {
  int32_t staffed_lanes = 6;
  int32_t express_lanes = 2;
  int32_t self_checkout_stations = 10;

  friend bool operator==(const StaffingLevel&, const StaffingLevel&) = default;
};

/// A different level between two local times, every day ([from_minute, to_minute)).
struct StaffingInterval {
  int32_t from_minute = 0;
  int32_t to_minute = 0;
  StaffingLevel level;
};

struct StaffingPlan {
  StaffingLevel base;
  std::vector<StaffingInterval> intervals;  ///< Later entries win where they overlap.
};

/// Expected shoppers per day and how they spread over the week, the day and the year.
struct Traffic {
  double daily_shoppers = 8000;  ///< An average day, before every factor below.
  /// Monday first.
  std::array<double, 7> weekday_factors = {0.92, 0.88, 0.90, 0.95, 1.10, 1.25, 1.00};
  /// Relative arrivals per local hour (0-23); only hours the store is open count.
  std::array<double, 24> hourly_weights = {0,   0,   0,   0,   0,   0,   1.5, 2.5,
                                           4.0, 5.5, 6.5, 7.5, 8.0, 7.5, 7.0, 7.0,
                                           7.5, 8.5, 8.5, 7.0, 5.5, 4.0, 2.5, 1.5};
  /// January first.
  std::array<double, 12> monthly_factors = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
};

using CategoryFactors = std::vector<std::pair<core::CategoryId, double>>;

/// Moves and displays; everything not named stays where the store definition puts it.
struct Layout {
  std::vector<std::pair<core::CategoryId, core::ZoneId>> category_zones;
  std::vector<core::CategoryId> endcaps;         ///< Also shown at the end of the nearest aisle.
  std::vector<core::CategoryId> front_displays;  ///< Also shown at every entrance.
  /// Relative share of arriving shoppers per entrance zone (normalised; entrances not named get
  /// none). Empty: the entrance nearest the checkouts takes ShopperModel::main_entrance_share and
  /// the others share the rest by area.
  std::vector<std::pair<core::ZoneId, double>> entrances;
};

struct StockPolicy {
  double initial_fill = 1.0;  ///< Share of shelf capacity on the shelf at the start.
  std::vector<int32_t> restock_minutes = {300};  ///< Local times each day: refill every shelf.
  /// Refill a shelf that falls to `threshold` of capacity `restock_delay_minutes` after it fell.
  /// The defaults lose about 2 % of revenue (under 1 % of units) to empty shelves in the sample
  /// supercenter, as a well-run store does; a quarter and 45 minutes lost 13 %.
  bool threshold_restock = true;
  double threshold = 0.5;
  int32_t restock_delay_minutes = 20;
};

struct Weather {
  std::string condition = "clear";  ///< As in docs/EVENTS.md: clear, cloudy, rain, snow, ...
  double temperature_c = 15;
  double precipitation_mm = 0;
};

struct WeatherDay {
  std::chrono::sys_days date;
  Weather weather;
};

/// What a weather condition does to traffic and to the demand for some categories.
struct WeatherEffect {
  std::string condition;
  double traffic_factor = 1;
  CategoryFactors category_factors;
};

/// A holiday, promotion or closure on one date.
struct DayEvent {
  std::chrono::sys_days date;
  std::string name;
  double traffic_factor = 1;
  bool closed = false;
  CategoryFactors category_factors;
};

struct CheckoutModel {
  double staffed_base_seconds = 45;
  double staffed_per_unit_seconds = 3;
  double self_base_seconds = 60;
  double self_per_unit_seconds = 6;
  double service_cv = 0.5;           ///< Coefficient of variation of service time (lognormal).
  bool exponential_service = false;  ///< Exponential service times instead (M/M/c checks).
  double self_checkout_share = 0.4;  ///< Of shoppers within the item limit below.
  int32_t self_checkout_max_units = 25;
  std::optional<double> mean_patience_seconds = 900;  ///< Exponential; none = never abandon.
  bool single_line = false;  ///< Staffed lanes of a zone share one queue (serpentine line).
};

struct ShopperModel {
  double phone_share = 0.6;           ///< Shoppers whose phone the Wi-Fi sees.
  double randomised_mac_share = 0.5;  ///< Of those, phones showing a random per-visit MAC.
  int32_t regular_customers = 20000;  ///< Pool that fixed MACs are drawn from (repeat visits).
  double walking_speed_mps = 1.0;     ///< Mean; each shopper varies by +-25 %.
  double seconds_per_category = 50;   ///< Browsing time per listed category.
  double seconds_per_unit = 8;        ///< Picking time per unit.
  double impulse_probability = 0.02;  ///< Per displayed category passed, before multipliers.
  double endcap_factor = 2.5;
  double front_display_factor = 3.0;
  double congestion_people_per_100m2 = 8;  ///< Density above which a zone counts as congested.
  double main_entrance_share = 0.8;        ///< Of arrivals, with several entrances (see Layout).
};

struct Scenario {
  std::string name = "default";
  std::chrono::sys_days start_date{std::chrono::year{2026} / 11 / 2};  ///< A Monday.
  int32_t days = 7;
  Traffic traffic;
  StaffingPlan staffing;
  Layout layout;
  StockPolicy stock;
  Weather default_weather;
  std::vector<WeatherDay> weather;
  std::vector<WeatherEffect> weather_effects = {
      {"rain", 0.88, {{core::CategoryId{"canned_soup"}, 1.6}, {core::CategoryId{"umbrellas"}, 3}}},
      {"snow", 0.75, {{core::CategoryId{"canned_soup"}, 1.8}}},
      {"storm", 0.6, {{core::CategoryId{"canned_soup"}, 1.5}}}};
  std::vector<DayEvent> events;
  CheckoutModel checkout;
  ShopperModel shoppers;
  int32_t camera_interval_seconds = 10;
};

/// The scenario used when none is given: a week from Monday 2026-11-02, 8,000 shoppers on an
/// average day, 6 staffed + 2 express lanes and 10 self-checkouts, shelves refilled at 05:00 and
/// 20 minutes after they fall to half, clear weather.
[[nodiscard]] Scenario DefaultScenario();

/// Parses a scenario; every field is optional and defaults to DefaultScenario()'s value.
/// kInvalidArgument listing each bad field by its JSON path ("staffing.intervals[1].from").
[[nodiscard]] core::Result<Scenario> ParseScenarioJson(std::string_view json_text);

/// Checks a scenario against a store: categories and zones that exist, lane counts within the
/// store's lanes. kInvalidArgument naming each bad field. Weather-effect categories the store does
/// not sell are ignored (the default names "umbrellas").
[[nodiscard]] core::Status ValidateScenario(const Scenario& scenario, const core::Store& store);

}  // namespace storeops::sim
