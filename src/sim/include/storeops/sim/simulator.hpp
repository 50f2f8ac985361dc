// SPDX-License-Identifier: Apache-2.0
// The store digital twin: a discrete-event simulation of shoppers arriving, walking the zone
// graph, taking stock off shelves, queueing at checkout and paying, with the events a real store
// would send (till baskets, Wi-Fi presence with raw device ids, camera counts every 10 s,
// inventory snapshots, weather, staff clock-ins) and KPIs with confidence intervals.
// Pure computation: store + scenario + basket model in, events and KPIs out; deterministic for a
// seed. Two front doors:
//
//   auto report = sim::RunScenario(store, scenario, model, {.seed = 7, .replications = 10});
//   auto sim = sim::Simulation::Create(store, scenario, model, {.seed = 7});   // incremental
//   std::vector<sim::SimEvent> events;
//   while (!sim->Finished()) { events.clear(); sim->Advance(std::chrono::seconds(60), &events); }
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "storeops/core/events.hpp"
#include "storeops/core/result.hpp"
#include "storeops/core/store.hpp"
#include "storeops/core/time.hpp"
#include "storeops/sim/scenario.hpp"

namespace storeops::sim {

/// A phone seen by the Wi-Fi, as the controller reports it: the RAW device identifier (a MAC,
/// locally administered for phones that randomise it), not the privacy filter's token. The
/// caller encodes it as a docs/EVENTS.md "presence" line ({"device_id", "zone", "rssi"}).
struct SimPresence {
  core::StoreId store_id;
  core::Timestamp ts;
  std::string device_id;
  core::ZoneId zone;
  int32_t rssi = -60;
};

/// The six ingest types, as real sources send them (presence with the raw identifier).
using SimEvent = std::variant<core::PosTransaction, SimPresence, core::CameraCount,
                              core::InventorySnapshot, core::WeatherObservation, core::StaffClock>;

struct ZoneKpis {
  double footfall = 0;           ///< Shopper entries into the zone.
  double peak_occupancy = 0;     ///< Most shoppers in the zone at once.
  double congested_minutes = 0;  ///< Time above ShopperModel::congestion_people_per_100m2.
};

/// The results of one replication.
struct Kpis {
  double shoppers = 0;  ///< Arrivals.
  double transactions = 0;
  double revenue = 0;  ///< Currency units.
  double units = 0;
  double lost_sales = 0;  ///< Currency units of demand that met an empty shelf.
  double lost_units = 0;
  double avg_wait_seconds = 0;  ///< Queue wait of served shoppers.
  double p90_wait_seconds = 0;
  double abandonment_rate = 0;  ///< Abandoned / (served + abandoned).
  double abandoned_revenue = 0;
  double avg_shopping_minutes = 0;  ///< Entry to leaving the till (or the store, if no basket).
  double avg_distance_m = 0;
  double avg_basket_units = 0;
  std::vector<ZoneKpis> zones;                ///< Indexed like Store::zones.
  std::vector<double> department_revenue;     ///< Indexed like Store::departments.
  std::vector<double> daily_revenue;          ///< One per simulated day.
  std::vector<double> basket_categories;      ///< [k] = transactions with k distinct categories.
  std::array<double, 24> arrivals_by_hour{};  ///< By local hour of arrival.
};

/// The scalar KPIs by name, in a fixed order ("revenue", "units", "transactions", ...).
[[nodiscard]] std::vector<std::pair<std::string_view, double>> KpiValues(const Kpis& kpis);

struct SimulationOptions {
  uint64_t seed = 1;
  uint32_t replication = 0;  ///< Streams are derived from (seed, replication, shopper).
  bool emit_events = true;   ///< False skips building events (KPIs only; much faster).
};

class SimulationImpl;

/// One replication, run incrementally: Advance moves the clock and returns the events of that
/// stretch, so memory stays bounded however long it runs (shoppers and lanes are pooled).
/// Not thread-safe; distinct instances may run on distinct threads.
class Simulation {
 public:
  /// kInvalidArgument when the scenario does not fit the store (ValidateScenario) or the store
  /// has no entrance, no lane or an unknown time zone.
  [[nodiscard]] static core::Result<Simulation> Create(const core::Store& store,
                                                       const Scenario& scenario,
                                                       const BasketModel& model,
                                                       const SimulationOptions& options);
  Simulation(Simulation&&) noexcept;
  Simulation& operator=(Simulation&&) noexcept;
  ~Simulation();

  /// Runs the events of the next `duration` of simulated time (to the scenario's end at most),
  /// appending those it emits to `events` (may be null) in time order.
  void Advance(std::chrono::milliseconds duration, std::vector<SimEvent>* events);

  /// Runs to the end of the scenario.
  void RunToEnd(std::vector<SimEvent>* events);

  [[nodiscard]] bool Finished() const;
  [[nodiscard]] core::Timestamp Now() const;
  [[nodiscard]] core::Timestamp Start() const;
  [[nodiscard]] core::Timestamp End() const;  ///< Local midnight after the last day.

  /// KPIs so far (final once Finished()).
  [[nodiscard]] Kpis Results() const;

  /// Shopper slots ever allocated: the memory high-water mark (bounded by peak occupancy).
  [[nodiscard]] size_t ShopperCapacity() const;

 private:
  explicit Simulation(std::unique_ptr<SimulationImpl> impl);
  std::unique_ptr<SimulationImpl> impl_;
};

/// A mean over replications with its 95 % confidence half-width (Student t); half_width is 0
/// with one replication.
struct Estimate {
  double mean = 0;
  double half_width = 0;
};

struct ZoneEstimate {
  core::ZoneId zone;
  Estimate footfall;
  Estimate peak_occupancy;
  Estimate congested_minutes;
};

struct ScenarioReport {
  std::string scenario;
  int32_t days = 0;
  int32_t replications = 0;
  std::vector<std::pair<std::string, Estimate>> kpis;  ///< KpiValues order.
  std::vector<ZoneEstimate> zones;
  std::vector<std::pair<core::DepartmentId, Estimate>> department_revenue;
  std::vector<Kpis> runs;  ///< Each replication's raw KPIs.
};

struct RunOptions {
  uint64_t seed = 1;
  int32_t replications = 5;
  /// Called after each simulated day: (days done, days in all replications). May be empty.
  std::function<void(int64_t, int64_t)> progress;
  /// Asked after each simulated day; true stops the run with kCancelled. May be empty.
  std::function<bool()> cancelled;
};

/// Runs `replications` independent replications (KPIs only). kInvalidArgument as in Create or
/// when replications is outside 1..1000.
[[nodiscard]] core::Result<ScenarioReport> RunScenario(const core::Store& store,
                                                       const Scenario& scenario,
                                                       const BasketModel& model,
                                                       const RunOptions& options);

/// B minus A per replication, with common random numbers (replication r of both uses the same
/// streams, so shopper n has the same basket, speed and patience in both).
struct Comparison {
  ScenarioReport a;
  ScenarioReport b;
  std::vector<std::pair<std::string, Estimate>> difference;  ///< B - A, KpiValues order.
};

[[nodiscard]] core::Result<Comparison> CompareScenarios(const core::Store& store, const Scenario& a,
                                                        const Scenario& b, const BasketModel& model,
                                                        const RunOptions& options);

/// Mean and 95 % half-width of a sample (Student t, exact quantiles up to 30 degrees of freedom).
[[nodiscard]] Estimate Summarise(const std::vector<double>& values);

}  // namespace storeops::sim
