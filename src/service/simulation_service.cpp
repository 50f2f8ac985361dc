// SPDX-License-Identifier: Apache-2.0
#include "storeops/service/simulation_service.hpp"

#include <utility>

#include <fmt/format.h>

#include "storeops/sim/report_json.hpp"
#include "storeops/sim/simulator.hpp"

namespace storeops::service {
namespace internal {
extern const std::string_view kBuiltInBasketModel;  // Generated from data/sim/basket_model.json.
}  // namespace internal

std::string_view BuiltInBasketModelJson() { return internal::kBuiltInBasketModel; }

namespace {

/// Field paths from the scenario parser are relative to the scenario; the request nests it.
core::Error Nested(core::Error error, std::string_view prefix) {
  for (auto& detail : error.details) {
    detail.field = fmt::format("{}.{}", prefix, detail.field);
  }
  error.message = fmt::format("{}: {}", prefix, error.message);
  return error;
}

core::Result<sim::Scenario> ParseScenario(const std::string& json, std::string_view field) {
  if (json.empty()) {
    return sim::DefaultScenario();
  }
  auto scenario = sim::ParseScenarioJson(json);
  if (!scenario) {
    return core::Fail(Nested(std::move(scenario.error()), field));
  }
  return scenario;
}

}  // namespace

SimulationService::SimulationService(StoreCatalog& stores, sim::BasketModel model,
                                     SimulationLimits limits)
    : stores_(stores), model_(std::move(model)), limits_(limits) {}

core::Result<PreparedSimulation> SimulationService::Prepare(const SimulationRequest& request) {
  if (request.replications < 1 || request.replications > 100) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "replications must be between 1 and 100",
                      {{"replications", "must be between 1 and 100"}});
  }
  if (request.days && (*request.days < 1 || *request.days > 366)) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "days must be between 1 and 366",
                      {{"days", "must be between 1 and 366"}});
  }
  auto store = stores_.GetStore(request.store_id);
  if (!store) {
    return core::Fail(store.error());
  }
  PreparedSimulation prepared;
  prepared.store = std::move(*store);
  prepared.seed = request.seed;
  prepared.replications = request.replications;
  auto a = ParseScenario(request.scenario_json, "scenario");
  if (!a) {
    return core::Fail(a.error());
  }
  prepared.a = std::move(*a);
  if (!request.compare_json.empty()) {
    auto b = ParseScenario(request.compare_json, "compare");
    if (!b) {
      return core::Fail(b.error());
    }
    prepared.b = std::move(*b);
  }
  if (request.days) {
    prepared.a.days = *request.days;
    if (prepared.b) {
      prepared.b->days = *request.days;
    }
  }
  if (auto valid = sim::ValidateScenario(prepared.a, *prepared.store); !valid) {
    return core::Fail(Nested(std::move(valid.error()), "scenario"));
  }
  if (prepared.b) {
    if (auto valid = sim::ValidateScenario(*prepared.b, *prepared.store); !valid) {
      return core::Fail(Nested(std::move(valid.error()), "compare"));
    }
    if (prepared.b->days != prepared.a.days) {
      return core::Fail(
          core::ErrorCode::kInvalidArgument,
          fmt::format("the two scenarios simulate different numbers of days ({} and {})",
                      prepared.a.days, prepared.b->days),
          {{"compare.days", "must equal scenario.days"}});
    }
  }
  const int64_t store_days =
      static_cast<int64_t>(prepared.a.days) * prepared.replications * (prepared.b ? 2 : 1);
  if (store_days > limits_.max_store_days) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("{} simulated store-days (days x replications x scenarios) is "
                                  "more than the limit of {}",
                                  store_days, limits_.max_store_days),
                      {{"replications", "too many for this many days"}});
  }
  return prepared;
}

core::Result<std::string> SimulationService::Run(const PreparedSimulation& prepared,
                                                 JobContext& job) {
  sim::RunOptions options;
  options.seed = prepared.seed;
  options.replications = prepared.replications;
  options.progress = [&job](int64_t done, int64_t total) {
    job.Report(total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0.0,
               fmt::format("simulated {} of {} store-days", done, total));
  };
  options.cancelled = [&job] { return job.Cancelled(); };
  if (prepared.b) {
    auto comparison =
        sim::CompareScenarios(*prepared.store, prepared.a, *prepared.b, model_, options);
    if (!comparison) {
      return core::Fail(comparison.error());
    }
    return sim::ComparisonJson(*comparison, prepared.seed);
  }
  auto report = sim::RunScenario(*prepared.store, prepared.a, model_, options);
  if (!report) {
    return core::Fail(report.error());
  }
  return sim::ScenarioReportJson(*report, prepared.seed);
}

}  // namespace storeops::service
