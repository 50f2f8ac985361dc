// SPDX-License-Identifier: Apache-2.0
#include "decompose.hpp"

#include <cmath>
#include <numeric>

namespace storeops::forecast::internal {

SeasonalSplit Deseasonalise(std::span<const double> values, int season) {
  SeasonalSplit split;
  split.adjusted.assign(values.begin(), values.end());
  const size_t n = values.size();
  if (season < 2 || n < static_cast<size_t>(season) + 2) {
    return split;
  }
  const auto m = static_cast<size_t>(season);
  const size_t cycles = n / m;
  split.index.assign(m, 0.0);
  for (size_t k = 0; k < cycles; ++k) {
    const size_t begin = n - (k + 1) * m;
    const double mean =
        std::accumulate(values.begin() + static_cast<std::ptrdiff_t>(begin),
                        values.begin() + static_cast<std::ptrdiff_t>(begin + m), 0.0) /
        static_cast<double>(m);
    for (size_t t = begin; t < begin + m; ++t) {
      split.index[t % m] += (values[t] - mean) / static_cast<double>(cycles);
    }
  }
  split.seasonal = true;
  for (size_t t = 0; t < n; ++t) {
    split.adjusted[t] -= split.index[t % m];
  }
  return split;
}

double SeasonalAt(const SeasonalSplit& split, size_t t) {
  return split.seasonal ? split.index[t % split.index.size()] : 0.0;
}

std::vector<double> LeastSquares(std::span<const double> x, size_t rows, size_t cols,
                                 std::span<const double> y) {
  std::vector<double> a(cols * cols, 0.0);
  std::vector<double> b(cols, 0.0);
  for (size_t i = 0; i < cols; ++i) {
    for (size_t j = 0; j <= i; ++j) {
      double sum = 0;
      for (size_t r = 0; r < rows; ++r) {
        sum += x[i * rows + r] * x[j * rows + r];
      }
      a[i * cols + j] = sum;
      a[j * cols + i] = sum;
    }
    double sum = 0;
    for (size_t r = 0; r < rows; ++r) {
      sum += x[i * rows + r] * y[r];
    }
    b[i] = sum;
  }
  double trace = 0;
  for (size_t i = 0; i < cols; ++i) {
    trace += a[i * cols + i];
  }
  const double ridge = 1e-10 * (trace / static_cast<double>(cols) + 1.0);
  // In-place Cholesky: a = L L^T.
  for (size_t j = 0; j < cols; ++j) {
    double diagonal = a[j * cols + j] + ridge;
    for (size_t k = 0; k < j; ++k) {
      diagonal -= a[j * cols + k] * a[j * cols + k];
    }
    if (!(diagonal > 0)) {
      return {};
    }
    const double root = std::sqrt(diagonal);
    a[j * cols + j] = root;
    for (size_t i = j + 1; i < cols; ++i) {
      double sum = a[i * cols + j];
      for (size_t k = 0; k < j; ++k) {
        sum -= a[i * cols + k] * a[j * cols + k];
      }
      a[i * cols + j] = sum / root;
    }
  }
  std::vector<double> z(cols);
  for (size_t i = 0; i < cols; ++i) {
    double sum = b[i];
    for (size_t k = 0; k < i; ++k) {
      sum -= a[i * cols + k] * z[k];
    }
    z[i] = sum / a[i * cols + i];
  }
  std::vector<double> beta(cols);
  for (size_t i = cols; i-- > 0;) {
    double sum = z[i];
    for (size_t k = i + 1; k < cols; ++k) {
      sum -= a[k * cols + i] * beta[k];
    }
    beta[i] = sum / a[i * cols + i];
  }
  return beta;
}

}  // namespace storeops::forecast::internal
