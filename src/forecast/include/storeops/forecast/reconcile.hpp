// SPDX-License-Identifier: Apache-2.0
// Hierarchical reconciliation of a two-level hierarchy (store total -> departments): forecasts made
// independently for each level rarely add up; Reconcile makes the departments sum to the store.
//
//   forecast::ReconcileInput in{.bottom = dept_forecasts, .top = store_forecasts,
//                               .parent = store_of_dept};
//   auto coherent = forecast::Reconcile(in, forecast::ReconcileMethod::kBottomUp);
//   // coherent->top[s][h] == sum of coherent->bottom[d][h] over the departments d of store s
//
// Pure computation; see docs/FORECASTING.md "Hierarchy".
#pragma once

#include <cstddef>
#include <vector>

#include "storeops/core/result.hpp"

namespace storeops::forecast {

enum class ReconcileMethod {
  /// Store = sum of its departments; the store's own forecast is ignored.
  kBottomUp,
  /// MinT with the shrinkage covariance (Wickramasuriya, Athanasopoulos & Hyndman 2019): the
  /// minimum-variance coherent combination of both levels, using each store's forecast errors.
  kMinTShrink,
};

/// Forecasts of both levels, each H steps; for kMinTShrink also forecast errors (actual - forecast,
/// e.g. from a validation window), the same count T >= 2 for every series of one store.
struct ReconcileInput {
  std::vector<std::vector<double>> bottom;  ///< Per department: H forecasts.
  std::vector<std::vector<double>> top;     ///< Per store: H forecasts.
  std::vector<size_t> parent;               ///< Per department: the index of its store in `top`.
  std::vector<std::vector<double>> bottom_errors{};  ///< kMinTShrink only: per department.
  std::vector<std::vector<double>> top_errors{};     ///< kMinTShrink only: per store.
};

/// Coherent forecasts: top[s][h] equals the sum of bottom[d][h] over the departments of store s.
struct Reconciled {
  std::vector<std::vector<double>> bottom;
  std::vector<std::vector<double>> top;
};

/// Reconciles `input` with `method`. kInvalidArgument (naming the series) when a parent index is
/// out of range, forecast lengths differ, a store has no department, a value is not finite, or
/// kMinTShrink lacks errors of matching length. A store whose error covariance is singular even
/// after shrinkage falls back to bottom-up. Thread-safe; never throws except std::bad_alloc.
[[nodiscard]] core::Result<Reconciled> Reconcile(const ReconcileInput& input,
                                                 ReconcileMethod method);

}  // namespace storeops::forecast
