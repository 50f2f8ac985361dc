// SPDX-License-Identifier: Apache-2.0
// Private: the pricing problem of the roster column generation (roster_column_generation.cpp).
// For one employee, a label-setting dynamic programme over the days finds the cheapest whole-
// horizon schedules that honour every hard rule of that employee in the compiled model: allowed
// cells (skills, days off, hard availability, minors, longest shift), forbidden successions
// (cannot-follow and minimum rest), shifts per type, minimum and maximum paid minutes, maximum
// consecutive shifts, minimum consecutive shifts and days off (runs strictly inside the horizon,
// as the scorer judges them) and maximum weekends. A schedule's cost is the sum of the given
// per-cell costs of the cells it works.
//
// Labels: (day, last shift or off, run length, run touches day 0, weekend already counted, paid
// minutes) is the node; within a node a label dominates another when it is no dearer, has worked
// no more weekends and no more shifts of each limited type. A backward bound on the cost to go
// (successions only) prunes labels that cannot beat the threshold.
#pragma once

#include <cstddef>
#include <vector>

#include "storeops/staffing/roster.hpp"

#include "roster_model.hpp"

namespace storeops::staffing::internal {

/// One employee's schedule: per day the shift index worked, or -1 off.
struct PricedSchedule {
  std::vector<int> shifts;
  double cost = 0;  ///< Sum of the cell costs of the worked cells.
};

struct PricingResult {
  std::vector<PricedSchedule> schedules;  ///< Cost ascending, each below the threshold.
  /// False when a day's labels exceeded the beam and the weakest were dropped: the schedules
  /// are feasible but may not be the cheapest, so no bound may be drawn from them.
  bool exact = true;
  size_t labels = 0;  ///< Labels created (for tuning).
};

struct PricingLimits {
  double threshold = 1e300;  ///< Only schedules cheaper than this are returned.
  int max_schedules = 1;     ///< Up to this many, the cheapest first, pairwise distinct.
  size_t beam = 200'000;     ///< Labels kept per day at most (beyond: exact = false).
  /// Keep dominated labels too, so that every feasible schedule below the threshold is found
  /// (up to max_schedules; exact = false when more exist).
  bool enumerate = false;
  /// Per day (empty: none): 1 where the employee must work some shift (the off option is
  /// closed). With cell costs of +1e30 on the shifts it may not take, a dive fixes cells.
  std::vector<char> must_work = {};
};

/// `cell_cost[d * shifts + s]`: the cost of working shift s on day d (ignored for cells the
/// employee may not work). Returns no schedule when none is feasible below the threshold.
[[nodiscard]] PricingResult PriceSchedules(const RosterProblem& problem,
                                           const CompiledRoster& model, int employee,
                                           const std::vector<double>& cell_cost,
                                           const PricingLimits& limits);

/// True when `shifts` (per day, -1 off) satisfies every hard rule of `employee` that the
/// pricing enforces (the same rules ScoreRoster checks per employee).
[[nodiscard]] bool ScheduleFeasible(const RosterProblem& problem, const CompiledRoster& model,
                                    int employee, const std::vector<int>& shifts);

}  // namespace storeops::staffing::internal
