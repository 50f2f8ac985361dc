// SPDX-License-Identifier: Apache-2.0
// Labour cost against expected queue wait (issue #6, "multi-objective"): the Pareto front of a
// day's staffing plans for one queue (checkouts, pharmacy, service desk), so a manager can pick
// how much wait the money buys. Front door: `CostWaitFront`. Pure, safe to call concurrently.
//
//   staffing::CostWaitInput input;  // 80% within 120 s by default
//   for (double customers : {20.0, 35.0, 50.0}) {  // three 15-minute intervals
//     input.intervals.push_back({.arrivals = customers, .aht_seconds = 150, .max_lanes = 12});
//   }
//   auto front = staffing::CostWaitFront(input);
//   // front->points: cost ascending, wait descending; front->recommended: cheapest meeting target
//
// Method (docs/STAFFING.md, "Cost against wait"): each interval is an Erlang C queue whose mean
// wait W_t(s) is convex and decreasing in the staffing s (Dyer & Proll 1977), and the day's cost
// and arrival-weighted wait are sums over intervals. Marginal analysis starts at the least stable
// staffing (s_t = floor(load_t) + 1, at least min_lanes) and repeatedly adds one lane where
// arrivals x wait falls most per unit of cost. Every step minimises wait + lambda x cost for some
// lambda, so every point is Pareto optimal (a vertex of the lower convex hull of all plans). When
// every lane costs the same (one interval length, wage and shrinkage for the day) each point is
// moreover the least wait of any plan of its cost. With unequal lane costs, plans lying between
// two consecutive points (above the hull but not dominated) can exist; the front reports only the
// hull, whose points no plan dominates and whose gaps only mixtures of plans would fill.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "storeops/core/result.hpp"
#include "storeops/staffing/queueing.hpp"

namespace storeops::staffing {

/// One interval of the day at one queue.
struct CostWaitInterval {
  double arrivals = 0;           ///< Expected customers arriving in the interval; >= 0.
  double interval_minutes = 15;  ///< Length of the interval; > 0.
  double aht_seconds = 150;      ///< Average handling time per customer; > 0.
  double wage_per_hour = 15;     ///< Cost of one paid staff-hour; > 0.
  double shrinkage = 0.3;        ///< Share of paid time off the floor; [0, 1).
  int min_lanes = 0;             ///< Lanes open whatever the demand (minimum coverage); >= 0.
  /// Lanes that can be open; >= min_lanes and > the offered load (else the queue cannot be
  /// stable: kFailedPrecondition naming "intervals[i].max_lanes").
  int max_lanes = 20;
};

struct CostWaitInput {
  std::vector<CostWaitInterval> intervals;  ///< At most 10000.
  /// service_level and within_seconds decide `meets_target` and the recommended point; the
  /// optional caps are ignored.
  ServiceTarget target{0.8, 120, std::nullopt, std::nullopt};
  double stop_wait_seconds = 1;  ///< Stop once the day's mean wait is below this; > 0.
  int max_points = 40;           ///< Thin the front to at most this many points; >= 3.
};

/// One staffing plan of the front.
struct CostWaitPoint {
  std::vector<int> lanes;  ///< Open lanes per interval (on the floor, before shrinkage).
  /// Paid staff-hours: sum of lanes x interval hours / (1 - shrinkage); not rounded to whole
  /// people, so that every lane adds the same cost wherever it goes.
  double labour_hours = 0;
  double labour_cost = 0;  ///< Sum of paid hours x wage_per_hour.
  /// Mean expected wait over the day's customers (weights: arrivals); 0 without customers.
  double average_wait_seconds = 0;
  double worst_wait_seconds = 0;  ///< Largest expected wait of an interval with customers.
  double service_level = 1;       ///< Share of the day's customers served within the target.
  bool meets_target = false;      ///< service_level >= target.service_level.
};

struct CostWaitResult {
  /// Cost strictly ascending, mean wait strictly descending (a lane is added only where it cuts
  /// the wait, and every lane costs > 0). The
  /// first point is the least stable staffing, the last the one where the wait fell below
  /// stop_wait_seconds or no lane could be added. Thinned evenly to max_points, always keeping
  /// both ends, the recommended point and the one before it.
  std::vector<CostWaitPoint> points;
  /// Index in `points` of the cheapest point meeting the target; empty when none does.
  std::optional<size_t> recommended;
  size_t traced_points = 0;  ///< Points traced before thinning.
};

/// The cost/wait Pareto front of a day. kInvalidArgument with one FieldError per problem
/// ("intervals[3].arrivals", "intervals[0].max_lanes", "target.service_level",
/// "stop_wait_seconds", "max_points"); kFailedPrecondition when an interval's max_lanes cannot
/// keep its queue stable. No intervals: an empty front.
[[nodiscard]] core::Result<CostWaitResult> CostWaitFront(const CostWaitInput& input);

}  // namespace storeops::staffing
