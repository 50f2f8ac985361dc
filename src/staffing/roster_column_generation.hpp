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

/// Solves within `options.time_limit_seconds` counted from `started`. kInternal only when CLP or
/// CBC fail outright.
[[nodiscard]] core::Result<ColumnGenerationOutcome> SolveByColumnGeneration(
    const RosterProblem& problem, const CompiledRoster& model, const RosterSolveOptions& options,
    std::chrono::steady_clock::time_point started);

}  // namespace storeops::staffing::internal
