// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the models: additive seasonal indices for long seasons and a small least
// squares solver for the harmonic regression.
#pragma once

#include <span>
#include <vector>

namespace storeops::forecast::internal {

/// A series split into additive seasonal indices and the seasonally adjusted rest.
struct SeasonalSplit {
  bool seasonal = false;         ///< False when the history is shorter than season + 2.
  std::vector<double> index;     ///< One per phase (t mod season); sums to zero.
  std::vector<double> adjusted;  ///< values[t] - index[t mod season].
};

/// Seasonal indices from the complete cycles counted back from the end: each cycle minus its own
/// mean, averaged per phase. Demeaning each cycle first keeps a level change between years out of
/// the indices (a classical decomposition's 2xS moving average would lose half of a 2-year
/// history).
[[nodiscard]] SeasonalSplit Deseasonalise(std::span<const double> values, int season);

/// The seasonal index for period `t` (0 = first observation); 0 when not seasonal.
[[nodiscard]] double SeasonalAt(const SeasonalSplit& split, size_t t);

/// Solves min |X b - y|^2 for column-major `x` (rows x cols) by Cholesky on the normal equations
/// with a tiny ridge; returns an empty vector when the system is singular.
[[nodiscard]] std::vector<double> LeastSquares(std::span<const double> x, size_t rows, size_t cols,
                                               std::span<const double> y);

}  // namespace storeops::forecast::internal
