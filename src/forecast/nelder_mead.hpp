// SPDX-License-Identifier: Apache-2.0
// A small derivative-free minimiser for the few smoothing parameters of ETS and Theta.
#pragma once

#include <functional>
#include <span>
#include <vector>

namespace storeops::forecast::internal {

struct NelderMeadOptions {
  int max_evaluations = 400;
  double tolerance = 1e-7;  ///< Stop when the simplex's function values span less than this.
};

struct NelderMeadResult {
  std::vector<double> x;
  double value = 0;
  int evaluations = 0;
};

/// Minimises `f` from `start` with initial steps `step` (one per coordinate). Constraints are the
/// caller's business: return a large value outside the feasible region.
[[nodiscard]] NelderMeadResult NelderMead(const std::function<double(std::span<const double>)>& f,
                                          std::vector<double> start, std::span<const double> step,
                                          const NelderMeadOptions& options);

}  // namespace storeops::forecast::internal
