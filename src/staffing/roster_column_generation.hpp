// SPDX-License-Identifier: Apache-2.0
// Private: price-and-branch for rosters (Dantzig-Wolfe on employees). The master problem picks
// exactly one whole-horizon schedule (a column) per employee; cover rows count the columns' cells
// with under/over slacks at their penalties; with a fairness weight, one row per employee makes z
// at least the request penalty of the chosen schedule. CLP solves the master's LP relaxation,
// roster_pricing.hpp's DP prices new schedules against its duals until none has a negative
// reduced cost (or the time share is spent), and CBC then solves the master as an integer
// program over the generated columns. The LP value (plus every employee's most negative reduced
// cost while pricing is unfinished) is a lower bound on the whole problem: the reported gap.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "storeops/core/result.hpp"
#include "storeops/staffing/roster.hpp"

#include "roster_model.hpp"

namespace storeops::staffing::internal {

struct ColumnGenerationOutcome {
  /// False: column generation could not produce a roster that meets every hard rule (an
  /// employee without a feasible schedule, or hard cover the generated schedules cannot meet);
  /// `reason` says why and the caller falls back to the compact MIP.
  bool solved = false;
  std::string reason;
  RosterSolution solution;  ///< When solved; `score` is left for the caller.
};

// Besides a dive on whole schedules, the fix-and-price dives fix cells (employee, day: a shift or
// off) of the original model: a fixed cell closes the other options of that day in the
// employee's pricing and in the master's columns, so the LP re-plans the rest of every schedule
// around it (on benchmark instance 8 whole-schedule fixing let the LP climb from 1297 to 1507).
struct DiveFixing {
  int employee = 0;
  int day = 0;
  int option = 0;  ///< A shift index, or `options - 1` for a day off.
  double value = 0;
};

/// `values[(e * days + d) * options + v]`: the LP's weight of option v for employee e on day d
/// (the sum of the LP values of e's columns that take v that day). `fixed[e * days + d]` != 0
/// marks cells already fixed. Picks, per employee, its unfixed fractional cell of the largest
/// value; returns those of value >= `batch_threshold`, or else the single largest. Empty when no
/// unfixed cell is fractional (the LP is integral in every employee's cells).
[[nodiscard]] std::vector<DiveFixing> ChooseDiveFixings(const std::vector<double>& values,
                                                        int employees, int days, int options,
                                                        const std::vector<char>& fixed,
                                                        double batch_threshold);

/// Solves within `options.time_limit_seconds` counted from `started`. kInternal only when CLP or
/// CBC fail outright.
[[nodiscard]] core::Result<ColumnGenerationOutcome> SolveByColumnGeneration(
    const RosterProblem& problem, const CompiledRoster& model, const RosterSolveOptions& options,
    std::chrono::steady_clock::time_point started);

}  // namespace storeops::staffing::internal
