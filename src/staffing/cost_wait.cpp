// SPDX-License-Identifier: Apache-2.0
// The cost/wait Pareto front by marginal analysis on Erlang C (see cost_wait.hpp for why the
// greedy path is the front).
#include "storeops/staffing/cost_wait.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "invalid_input.hpp"

namespace storeops::staffing {
namespace {

constexpr size_t kMaxIntervals = 10000;

// One interval's queue at its current staffing, with the next level evaluated ahead so the
// marginal gain of one more lane is known.
struct IntervalState {
  int lanes = 0;
  double wait = 0;           // expected wait at `lanes`
  double served_within = 1;  // service level at `lanes`
  double next_wait = 0;      // expected wait at lanes + 1 (when lanes < max_lanes)
  double lane_cost = 0;      // cost of one more lane: interval hours x wage / (1 - shrinkage)
  double lane_hours = 0;     // paid hours of one lane
};

core::Status Validate(const CostWaitInput& input) {
  std::vector<core::FieldError> problems;
  auto add = [&](std::string field, std::string reason) {
    problems.push_back({std::move(field), std::move(reason)});
  };
  if (input.intervals.size() > kMaxIntervals) {
    add("intervals", fmt::format("must hold at most {} intervals", kMaxIntervals));
  }
  for (size_t i = 0; i < input.intervals.size() && i < kMaxIntervals; ++i) {
    const CostWaitInterval& t = input.intervals[i];
    const std::string at = fmt::format("intervals[{}]", i);
    if (!std::isfinite(t.arrivals) || t.arrivals < 0) {
      add(at + ".arrivals", "must be a finite number >= 0");
    }
    if (!std::isfinite(t.interval_minutes) || t.interval_minutes <= 0) {
      add(at + ".interval_minutes", "must be > 0");
    }
    if (!std::isfinite(t.aht_seconds) || t.aht_seconds <= 0) {
      add(at + ".aht_seconds", "must be > 0");
    }
    if (!std::isfinite(t.wage_per_hour) || t.wage_per_hour <= 0) {
      add(at + ".wage_per_hour", "must be > 0");
    }
    if (!std::isfinite(t.shrinkage) || t.shrinkage < 0 || t.shrinkage >= 1) {
      add(at + ".shrinkage", "must be in [0, 1)");
    }
    if (t.min_lanes < 0 || t.min_lanes > kMaxAgents) {
      add(at + ".min_lanes", fmt::format("must be between 0 and {}", kMaxAgents));
    }
    if (t.max_lanes < t.min_lanes || t.max_lanes > kMaxAgents) {
      add(at + ".max_lanes", fmt::format("must be between min_lanes and {}", kMaxAgents));
    }
  }
  if (!(input.target.service_level > 0 && input.target.service_level < 1)) {
    add("target.service_level", "must be in (0, 1)");
  }
  if (!std::isfinite(input.target.within_seconds) || input.target.within_seconds < 0) {
    add("target.within_seconds", "must be a finite number >= 0");
  }
  if (!std::isfinite(input.stop_wait_seconds) || input.stop_wait_seconds <= 0) {
    add("stop_wait_seconds", "must be > 0");
  }
  if (input.max_points < 3) {
    add("max_points", "must be at least 3");
  }
  if (!problems.empty()) {
    return core::Fail(internal::InvalidInput("invalid cost/wait input", std::move(problems)));
  }
  return core::Ok();
}

QueueLoad LoadOf(const CostWaitInterval& interval) {
  QueueLoad load;
  load.calls = interval.arrivals;
  load.interval_minutes = interval.interval_minutes;
  load.aht_seconds = interval.aht_seconds;
  return load;
}

// Expected wait and service level of one interval at `lanes` (stable by construction).
core::Result<std::pair<double, double>> Evaluate(const CostWaitInterval& interval, int lanes,
                                                 double within_seconds) {
  if (interval.arrivals == 0) {
    return std::pair{0.0, 1.0};
  }
  auto metrics = ErlangC(LoadOf(interval), lanes, within_seconds);
  if (!metrics) {
    return core::Fail(std::move(metrics.error()));
  }
  return std::pair{metrics->average_wait_seconds, metrics->service_level};
}

// The day's totals at the current staffing.
CostWaitPoint Snapshot(const CostWaitInput& input, const std::vector<IntervalState>& states,
                       double total_arrivals) {
  CostWaitPoint point;
  point.lanes.reserve(states.size());
  double weighted_wait = 0;
  double weighted_served = 0;
  for (size_t i = 0; i < states.size(); ++i) {
    const IntervalState& state = states[i];
    const double arrivals = input.intervals[i].arrivals;
    point.lanes.push_back(state.lanes);
    point.labour_hours += state.lanes * state.lane_hours;
    point.labour_cost += state.lanes * state.lane_cost;
    if (arrivals > 0) {
      weighted_wait += arrivals * state.wait;
      weighted_served += arrivals * state.served_within;
      point.worst_wait_seconds = std::max(point.worst_wait_seconds, state.wait);
    }
  }
  if (total_arrivals > 0) {
    point.average_wait_seconds = weighted_wait / total_arrivals;
    point.service_level = std::min(1.0, weighted_served / total_arrivals);
  }
  point.meets_target = point.service_level >= input.target.service_level;
  return point;
}

// Indices kept when thinning `count` points to `max_points`: both ends, the recommended point and
// the one before it, the rest evenly spread.
std::vector<size_t> KeptIndices(size_t count, size_t max_points,
                                std::optional<size_t> recommended) {
  std::set<size_t> kept;
  if (count <= max_points) {
    for (size_t i = 0; i < count; ++i) {
      kept.insert(i);
    }
  } else {
    kept.insert(0);
    kept.insert(count - 1);
    if (recommended) {
      kept.insert(*recommended);
      if (*recommended > 0) {
        kept.insert(*recommended - 1);
      }
    }
    const size_t spare = max_points - kept.size();
    for (size_t k = 1; k <= spare; ++k) {
      kept.insert(
          static_cast<size_t>(std::llround(static_cast<double>(k) * static_cast<double>(count - 1) /
                                           static_cast<double>(spare + 1))));
    }
  }
  return {kept.begin(), kept.end()};
}

}  // namespace

core::Result<CostWaitResult> CostWaitFront(const CostWaitInput& input) {
  if (auto valid = Validate(input); !valid) {
    return core::Fail(std::move(valid.error()));
  }
  if (input.intervals.empty()) {
    return CostWaitResult{};
  }
  const double within = input.target.within_seconds;
  const size_t n = input.intervals.size();
  std::vector<IntervalState> states(n);
  double total_arrivals = 0;
  for (size_t i = 0; i < n; ++i) {
    const CostWaitInterval& interval = input.intervals[i];
    IntervalState& state = states[i];
    total_arrivals += interval.arrivals;
    state.lane_hours = interval.interval_minutes / 60.0 / (1.0 - interval.shrinkage);
    state.lane_cost = state.lane_hours * interval.wage_per_hour;
    const double load = interval.arrivals * interval.aht_seconds / (interval.interval_minutes * 60);
    const int stable = interval.arrivals > 0 ? static_cast<int>(std::floor(load)) + 1 : 0;
    if (stable > interval.max_lanes) {
      return core::Fail(core::Error{
          core::ErrorCode::kFailedPrecondition,
          fmt::format("interval {} needs at least {} lanes for a stable queue ({:.2f} Erlangs) "
                      "but at most {} can be open",
                      i, stable, load, interval.max_lanes),
          {{fmt::format("intervals[{}].max_lanes", i),
            fmt::format("must be at least {} for {:.2f} Erlangs", stable, load)}}});
    }
    state.lanes = std::max(stable, interval.min_lanes);
  }
  // Evaluates the current and next level of interval i.
  auto refresh = [&](size_t i) -> core::Status {
    IntervalState& state = states[i];
    auto now = Evaluate(input.intervals[i], state.lanes, within);
    if (!now) {
      return core::Fail(std::move(now.error()));
    }
    state.wait = now->first;
    state.served_within = now->second;
    if (state.lanes < input.intervals[i].max_lanes) {
      auto next = Evaluate(input.intervals[i], state.lanes + 1, within);
      if (!next) {
        return core::Fail(std::move(next.error()));
      }
      state.next_wait = next->first;
    } else {
      state.next_wait = state.wait;
    }
    return core::Ok();
  };
  for (size_t i = 0; i < n; ++i) {
    if (auto done = refresh(i); !done) {
      return core::Fail(std::move(done.error()));
    }
  }

  // The traced path: the start, then which interval got the lane at each step. Lanes of a point
  // are rebuilt by replaying the steps, so memory stays O(steps + intervals).
  std::vector<CostWaitPoint> traced;  // totals only (lanes filled in for kept points)
  std::vector<size_t> steps;          // steps[k]: interval of the lane added to reach point k+1
  CostWaitPoint first = Snapshot(input, states, total_arrivals);
  first.lanes.clear();
  traced.push_back(std::move(first));
  const std::vector<int> start_lanes = [&] {
    std::vector<int> lanes;
    lanes.reserve(n);
    for (const auto& state : states) {
      lanes.push_back(state.lanes);
    }
    return lanes;
  }();
  while (traced.back().average_wait_seconds >= input.stop_wait_seconds) {
    size_t best = n;
    double best_gain = 0;
    for (size_t i = 0; i < n; ++i) {
      const IntervalState& state = states[i];
      if (state.lanes >= input.intervals[i].max_lanes) {
        continue;
      }
      const double gain =
          input.intervals[i].arrivals * (state.wait - state.next_wait) / state.lane_cost;
      if (gain > best_gain) {
        best_gain = gain;
        best = i;
      }
    }
    if (best == n) {
      break;  // no lane reduces the wait any more (every queue at its maximum)
    }
    ++states[best].lanes;
    if (auto done = refresh(best); !done) {
      return core::Fail(std::move(done.error()));
    }
    CostWaitPoint point = Snapshot(input, states, total_arrivals);
    point.lanes.clear();
    traced.push_back(std::move(point));
    steps.push_back(best);
  }

  CostWaitResult result;
  result.traced_points = traced.size();
  std::optional<size_t> recommended;
  for (size_t k = 0; k < traced.size(); ++k) {
    if (traced[k].meets_target) {
      recommended = k;
      break;
    }
  }
  const std::vector<size_t> kept =
      KeptIndices(traced.size(), static_cast<size_t>(input.max_points), recommended);
  std::vector<int> lanes = start_lanes;
  size_t replayed = 0;  // points 0..replayed are reflected in `lanes`
  for (size_t index : kept) {
    for (; replayed < index; ++replayed) {
      ++lanes[steps[replayed]];
    }
    CostWaitPoint point = std::move(traced[index]);
    point.lanes = lanes;
    if (recommended && index == *recommended) {
      result.recommended = result.points.size();
    }
    result.points.push_back(std::move(point));
  }
  return result;
}

}  // namespace storeops::staffing
