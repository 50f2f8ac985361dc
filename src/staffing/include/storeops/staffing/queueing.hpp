// SPDX-License-Identifier: Apache-2.0
// Queueing models for checkouts, pharmacy and service desks: Erlang C (M/M/N, callers wait
// forever) and Erlang A (M/M/N+M, callers abandon after an exponential patience). Front doors:
// `EvaluateQueue` (one staffing level), `RequiredAgents` (smallest level meeting a target),
// `TradeOffTable` (a range of levels) and `RosteredStaff` (shrinkage). Pure functions, safe to
// call concurrently.
//
//   staffing::QueueLoad load;  // 100 calls per 30 minutes, 180 s each: 10 Erlangs
//   load.calls = 100, load.interval_minutes = 30, load.aht_seconds = 180;
//   auto need = staffing::RequiredAgents(load, staffing::ServiceTarget{});  // 80% within 20 s
//   // need->agents == 14, need->service_level ~ 0.888; *RosteredStaff(14, 0.3) == 20
#pragma once

#include <optional>
#include <vector>

#include "storeops/core/result.hpp"

namespace storeops::staffing {

/// The largest staffing level any function here evaluates; beyond it inputs are rejected.
inline constexpr int kMaxAgents = 100000;

/// The offered load of one interval.
struct QueueLoad {
  double calls = 0;              ///< Arrivals (customers, calls) in one interval; >= 0.
  double interval_minutes = 30;  ///< Length of the interval; > 0.
  double aht_seconds = 180;      ///< Average handling (service) time; > 0.
  /// Mean patience before a waiting customer abandons (1/theta). Unset: nobody abandons (Erlang
  /// C); set (> 0): Erlang A.
  std::optional<double> patience_seconds;
};

/// What "good enough" means for a queue.
struct ServiceTarget {
  double service_level = 0.8;  ///< Fraction of arrivals served within `within_seconds`; (0, 1).
  double within_seconds = 20;  ///< The answer-time threshold; >= 0.
  std::optional<double> max_average_wait_seconds;  ///< Optional cap on the average wait; > 0.
  std::optional<double> max_occupancy;             ///< Optional cap on occupancy; (0, 1].
};

/// The performance of one staffing level.
struct QueueMetrics {
  int agents = 0;              ///< Staff serving the queue (raw, before shrinkage).
  double traffic_erlangs = 0;  ///< Offered load A = arrival rate x AHT.
  /// False when the queue grows without bound (Erlang C with agents <= A). Erlang A is always
  /// stable: abandonment bounds the queue.
  bool stable = true;
  double service_level = 0;  ///< P(served within the threshold), of all arrivals; 0 if unstable.
  double waiting_probability = 0;  ///< P(an arrival finds every agent busy); 1 if unstable.
  /// Mean time in queue over all arrivals (Erlang A: including those who abandon);
  /// +infinity if unstable, never NaN.
  double average_wait_seconds = 0;
  /// Busy fraction of agents: A/N (Erlang A: served load A(1 - abandonment)/N); 1 if unstable.
  double occupancy = 0;
  double abandonment = 0;  ///< P(an arrival abandons); always 0 for Erlang C.
};

/// Offered load in Erlangs: calls / (interval_minutes x 60) x aht_seconds. kInvalidArgument
/// (fields "calls", "interval_minutes", "aht_seconds", "patience_seconds") for negative or
/// non-finite calls, a non-positive interval, AHT or patience.
[[nodiscard]] core::Result<double> TrafficErlangs(const QueueLoad& load);

/// Erlang C for `agents` servers, ignoring `load.patience_seconds`. Pw comes from the Erlang B
/// recursion (stable for thousands of agents); SL(t) = 1 - Pw exp(-(N - A) t / AHT);
/// ASA = Pw AHT / (N - A). agents <= A is reported as unstable, not as an error.
/// kInvalidArgument: the load's fields, "agents" (< 0 or > kMaxAgents), "within_seconds" (< 0).
[[nodiscard]] core::Result<QueueMetrics> ErlangC(const QueueLoad& load, int agents,
                                                 double within_seconds);

/// Erlang A (Palm's M/M/N+M) for `agents` servers; `load.patience_seconds` must be set.
/// Closed forms of Mandelbaum & Zeltyn (2007) via the lower incomplete gamma function; finite for
/// any agents, including agents <= A. Errors as ErlangC, plus "patience_seconds" when unset.
[[nodiscard]] core::Result<QueueMetrics> ErlangA(const QueueLoad& load, int agents,
                                                 double within_seconds);

/// ErlangA when `load.patience_seconds` is set, else ErlangC.
[[nodiscard]] core::Result<QueueMetrics> EvaluateQueue(const QueueLoad& load, int agents,
                                                       double within_seconds);

/// The smallest staffing level meeting every part of `target` (service level, and the average
/// wait and occupancy caps when set); 0 agents when there are no calls. kInvalidArgument for a bad
/// load or target ("service_level", "within_seconds", "max_average_wait_seconds",
/// "max_occupancy"); kFailedPrecondition if no level up to kMaxAgents meets it.
[[nodiscard]] core::Result<QueueMetrics> RequiredAgents(const QueueLoad& load,
                                                        const ServiceTarget& target);

/// Each level from the first stable one up to `extra_agents` past the requirement, so a manager
/// sees what one more or one fewer person buys. Erlang C starts at floor(A) + 1; Erlang A (stable
/// everywhere) starts `extra_agents` below min(floor(A) + 1, requirement), at least at 1.
/// Errors as RequiredAgents, plus "extra_agents" when negative.
[[nodiscard]] core::Result<std::vector<QueueMetrics>> TradeOffTable(const QueueLoad& load,
                                                                    const ServiceTarget& target,
                                                                    int extra_agents = 3);

/// Rostered staff covering `agents` on the floor given `shrinkage` (breaks, absence, training):
/// ceil(agents / (1 - shrinkage)). kInvalidArgument: "agents" (< 0), "shrinkage" (outside [0, 1)).
[[nodiscard]] core::Result<int> RosteredStaff(int agents, double shrinkage);

}  // namespace storeops::staffing
