// SPDX-License-Identifier: Apache-2.0
// Standard Nelder–Mead (reflection 1, expansion 2, contraction 0.5, shrink 0.5), the method R's
// forecast::ets uses by default (optim "Nelder-Mead").
#include "nelder_mead.hpp"

#include <algorithm>
#include <numeric>

namespace storeops::forecast::internal {

NelderMeadResult NelderMead(const std::function<double(std::span<const double>)>& f,
                            std::vector<double> start, std::span<const double> step,
                            const NelderMeadOptions& options) {
  const size_t dims = start.size();
  std::vector<std::vector<double>> simplex(dims + 1, start);
  for (size_t i = 0; i < dims; ++i) {
    simplex[i + 1][i] += step[i];
  }
  std::vector<double> values(dims + 1);
  int evaluations = 0;
  auto eval = [&](const std::vector<double>& x) {
    ++evaluations;
    return f(x);
  };
  for (size_t i = 0; i <= dims; ++i) {
    values[i] = eval(simplex[i]);
  }
  std::vector<size_t> order(dims + 1);
  std::vector<double> centroid(dims);
  std::vector<double> trial(dims);
  std::vector<double> trial2(dims);
  auto along = [&](double t, std::vector<double>& out) {
    const auto& worst = simplex[order[dims]];
    for (size_t j = 0; j < dims; ++j) {
      out[j] = centroid[j] + t * (worst[j] - centroid[j]);
    }
  };
  while (evaluations < options.max_evaluations) {
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return values[a] < values[b]; });
    if (values[order[dims]] - values[order[0]] < options.tolerance) {
      break;
    }
    std::fill(centroid.begin(), centroid.end(), 0.0);
    for (size_t i = 0; i < dims; ++i) {
      for (size_t j = 0; j < dims; ++j) {
        centroid[j] += simplex[order[i]][j] / static_cast<double>(dims);
      }
    }
    const size_t worst = order[dims];
    along(-1.0, trial);
    const double reflected = eval(trial);
    if (reflected < values[order[0]]) {
      along(-2.0, trial2);
      const double expanded = eval(trial2);
      if (expanded < reflected) {
        simplex[worst] = trial2;
        values[worst] = expanded;
      } else {
        simplex[worst] = trial;
        values[worst] = reflected;
      }
      continue;
    }
    if (reflected < values[order[dims - 1]]) {
      simplex[worst] = trial;
      values[worst] = reflected;
      continue;
    }
    const bool outside = reflected < values[worst];
    along(outside ? -0.5 : 0.5, trial2);
    const double contracted = eval(trial2);
    if (contracted < std::min(reflected, values[worst])) {
      simplex[worst] = trial2;
      values[worst] = contracted;
      continue;
    }
    const auto& best = simplex[order[0]];
    for (size_t i = 1; i <= dims; ++i) {
      auto& point = simplex[order[i]];
      for (size_t j = 0; j < dims; ++j) {
        point[j] = best[j] + 0.5 * (point[j] - best[j]);
      }
      values[order[i]] = eval(point);
    }
  }
  const size_t best =
      static_cast<size_t>(std::min_element(values.begin(), values.end()) - values.begin());
  return {simplex[best], values[best], evaluations};
}

}  // namespace storeops::forecast::internal
