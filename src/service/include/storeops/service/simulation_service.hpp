// SPDX-License-Identifier: Apache-2.0
// What-if simulations on demand (issue #4): a scenario, optionally compared with a second one
// under common random numbers, run on the digital twin (src/sim) for one of the catalog's stores.
// Checking is split from running so a bad request is answered at once (400 naming the field)
// and only a valid one becomes a job.
//
//   service::SimulationService sims(catalog, *sim::ParseBasketModelJson(
//                                                service::BuiltInBasketModelJson()));
//   auto prepared = sims.Prepare({.store_id = id, .scenario_json = text, .replications = 5});
//   auto json = sims.Run(*prepared, job);   // inside a JobRunner job: progress, cancellation
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "storeops/core/result.hpp"
#include "storeops/core/store.hpp"
#include "storeops/service/job_runner.hpp"
#include "storeops/service/store_catalog.hpp"
#include "storeops/sim/scenario.hpp"

namespace storeops::service {

/// data/sim/basket_model.json as built into the binary, so any working directory works.
[[nodiscard]] std::string_view BuiltInBasketModelJson();

struct SimulationRequest {
  core::StoreId store_id{};
  std::string scenario_json{};    ///< Empty: sim::DefaultScenario().
  std::string compare_json{};     ///< Non-empty: B of an A/B comparison.
  std::optional<int32_t> days{};  ///< Overrides both scenarios' day count.
  uint64_t seed = 1;
  int32_t replications = 5;
};

struct SimulationLimits {
  /// Simulated store-days per request (days x replications x scenarios): bounds one job's time
  /// on the in-store box (about 30 ms of CPU per store-day).
  int64_t max_store_days = 2000;
};

/// A checked request, ready to run.
struct PreparedSimulation {
  std::shared_ptr<const core::Store> store;
  sim::Scenario a;
  std::optional<sim::Scenario> b;
  uint64_t seed = 1;
  int32_t replications = 5;
};

/// Thread-safe: Prepare and Run may be called from any threads.
class SimulationService {
 public:
  SimulationService(StoreCatalog& stores, sim::BasketModel model, SimulationLimits limits = {});

  /// kNotFound for an unknown store; kInvalidArgument naming the bad field ("scenario.days",
  /// "compare.staffing.intervals[0].lanes", "replications").
  [[nodiscard]] core::Result<PreparedSimulation> Prepare(const SimulationRequest& request);

  /// Runs it, reporting progress per simulated day; kCancelled when the job is cancelled.
  /// Returns sim::ScenarioReportJson, or sim::ComparisonJson with a B scenario.
  [[nodiscard]] core::Result<std::string> Run(const PreparedSimulation& prepared, JobContext& job);

 private:
  StoreCatalog& stores_;
  const sim::BasketModel model_;
  const SimulationLimits limits_;
};

}  // namespace storeops::service
