// SPDX-License-Identifier: Apache-2.0
// The JSON form of simulation results, shared by `storeops simulate --format json` and
// POST /api/v1/simulations so both answer in one shape (documented in docs/openapi.json as
// SimulationReport and SimulationComparison). Each estimate is {"mean", "ci95": [lo, hi]}.
//
//   std::string json = sim::ScenarioReportJson(*report, /*seed=*/7);
#pragma once

#include <cstdint>
#include <string>

#include "storeops/sim/simulator.hpp"

namespace storeops::sim {

/// {"scenario","days","replications","seed","kpis":{name: estimate},"zones":[...],
///  "department_revenue":[...],"daily_revenue":[...],"basket_categories":[...],
///  "arrivals_by_hour":[24 values]}; the series are means over replications.
[[nodiscard]] std::string ScenarioReportJson(const ScenarioReport& report, uint64_t seed);

/// {"a": report, "b": report, "difference": {name: estimate of B - A}}.
[[nodiscard]] std::string ComparisonJson(const Comparison& comparison, uint64_t seed);

}  // namespace storeops::sim
