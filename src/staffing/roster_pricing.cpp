// SPDX-License-Identifier: Apache-2.0
#include "roster_pricing.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace storeops::staffing::internal {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A partial schedule up to some day. Limited shift counts live in a side arena (stride K).
struct Label {
  double cost = 0;
  int parent = -1;  // Label of the previous day; -1 before day 0.
  int shift = -1;   // Worked on this label's day; -1 off.
  int weekends = 0;
  bool alive = true;
};

// The node a label sits on: what the future rules need to know besides cost and counters.
struct NodeKey {
  int last = 0;  // Shift worked on the label's day, or `shifts` when off.
  int run = 0;   // Length of the current run of work (or of days off), capped.
  bool from_start = false;
  bool weekend_counted = false;
  int minutes = 0;

  [[nodiscard]] uint64_t Pack() const {
    return (static_cast<uint64_t>(static_cast<uint32_t>(minutes)) << 32) |
           (static_cast<uint64_t>(last) << 12) | (static_cast<uint64_t>(run) << 2) |
           (from_start ? 2U : 0U) | (weekend_counted ? 1U : 0U);
  }
};

struct EmployeeView {
  int days = 0;
  int shifts = 0;
  int max_run = 0;  // 0: no limit.
  int min_run = 1;
  int min_off = 1;
  int work_cap = 1;
  int off_cap = 1;
  int min_minutes = 0;
  int max_minutes = 0;
  int max_weekends = -1;                // -1: not limiting.
  std::vector<int> slot;                // Per shift: index among the limited types, or -1.
  std::vector<int> limit;               // Per limited type.
  std::vector<char> allowed;            // d * shifts + s.
  std::vector<char> forbidden;          // a * shifts + b: b may not follow a.
  std::vector<int> future_max_minutes;  // Per day d: most paid minutes on days d..end.
};

EmployeeView View(const RosterProblem& problem, const CompiledRoster& model, int e) {
  const auto& employee = problem.employees[static_cast<size_t>(e)];
  EmployeeView v;
  v.days = model.days;
  v.shifts = model.shifts;
  const int D = v.days;
  const int S = v.shifts;
  v.max_run = employee.max_consecutive_shifts;
  v.min_run = std::max(employee.min_consecutive_shifts, 1);
  v.min_off = std::max(employee.min_consecutive_days_off, 1);
  v.work_cap = std::max(v.max_run, v.min_run);
  v.off_cap = v.min_off;
  v.min_minutes = employee.min_total_minutes;
  v.max_minutes = employee.max_total_minutes;
  v.max_weekends = employee.max_weekends >= 0 && employee.max_weekends < model.weekends
                       ? employee.max_weekends
                       : -1;
  v.allowed.assign(static_cast<size_t>(D * S), 0);
  for (int d = 0; d < D; ++d) {
    for (int s = 0; s < S; ++s) {
      v.allowed[static_cast<size_t>(d * S + s)] = model.Allowed(e, d, s) ? 1 : 0;
    }
  }
  v.slot.assign(static_cast<size_t>(S), -1);
  for (int s = 0; s < S; ++s) {
    const int limit = model.max_shifts[static_cast<size_t>(e * S + s)];
    int days_allowed = 0;
    for (int d = 0; d < D; ++d) {
      days_allowed += v.allowed[static_cast<size_t>(d * S + s)];
    }
    if (limit >= 0 && limit < days_allowed) {
      v.slot[static_cast<size_t>(s)] = static_cast<int>(v.limit.size());
      v.limit.push_back(limit);
    }
  }
  v.forbidden.assign(static_cast<size_t>(S * S), 0);
  for (int a = 0; a < S; ++a) {
    for (int b : model.forbidden_next[static_cast<size_t>(a)]) {
      v.forbidden[static_cast<size_t>(a * S + b)] = 1;
    }
  }
  // Most minutes on days d..end: the best allowed shift each day, and no more days than the
  // run limit lets anyone work in that many days.
  v.future_max_minutes.assign(static_cast<size_t>(D + 1), 0);
  std::vector<int> best_day(static_cast<size_t>(D), 0);
  int longest = 0;
  for (int d = 0; d < D; ++d) {
    for (int s = 0; s < S; ++s) {
      if (v.allowed[static_cast<size_t>(d * S + s)] != 0) {
        best_day[static_cast<size_t>(d)] =
            std::max(best_day[static_cast<size_t>(d)], model.paid_minutes[static_cast<size_t>(s)]);
      }
    }
    longest = std::max(longest, best_day[static_cast<size_t>(d)]);
  }
  int sum = 0;
  for (int d = D - 1; d >= 0; --d) {
    sum += best_day[static_cast<size_t>(d)];
    const int span = D - d;
    const int workable = v.max_run <= 0 ? span
                                        : span / (v.max_run + 1) * v.max_run +
                                              std::min(span % (v.max_run + 1), v.max_run);
    v.future_max_minutes[static_cast<size_t>(d)] = std::min(sum, workable * longest);
  }
  return v;
}

}  // namespace

PricingResult PriceSchedules(const RosterProblem& problem, const CompiledRoster& model,
                             int employee, const std::vector<double>& cell_cost,
                             const PricingLimits& limits) {
  PricingResult result;
  const EmployeeView v = View(problem, model, employee);
  const int D = v.days;
  const int S = v.shifts;
  const int K = static_cast<int>(v.limit.size());
  const int off = S;

  // Backward bound: lb[d * (S + 1) + x] = cheapest cost of days d..end after state x on d-1.
  std::vector<double> lb(static_cast<size_t>((D + 1) * (S + 1)), 0.0);
  for (int d = D - 1; d >= 0; --d) {
    for (int x = 0; x <= S; ++x) {
      double best = lb[static_cast<size_t>((d + 1) * (S + 1) + off)];
      for (int s = 0; s < S; ++s) {
        if (v.allowed[static_cast<size_t>(d * S + s)] == 0 ||
            (x != off && v.forbidden[static_cast<size_t>(x * S + s)] != 0)) {
          continue;
        }
        best = std::min(best, cell_cost[static_cast<size_t>(d * S + s)] +
                                  lb[static_cast<size_t>((d + 1) * (S + 1) + s)]);
      }
      lb[static_cast<size_t>(d * (S + 1) + x)] = best;
    }
  }
  auto bound_after = [&](int day, int state) {
    return lb[static_cast<size_t>((day + 1) * (S + 1) + state)];
  };

  std::vector<Label> labels;
  std::vector<int> counts;  // K per label.
  std::vector<NodeKey> keys;
  labels.reserve(4096);

  struct Layer {
    std::unordered_map<uint64_t, std::vector<int>> nodes;
  };

  Layer current;
  Layer next;
  std::vector<int> scratch(static_cast<size_t>(K), 0);

  // A counter only matters when the days left could still push it past its limit: below
  // limit - (days left that could add to it) two labels are equally free, so the comparison
  // uses max(counter, that floor). floor_count[d * K + k] and floor_weekends[d] are for labels
  // of day d.
  std::vector<int> floor_count(static_cast<size_t>(D * std::max(K, 1)), 0);
  std::vector<int> floor_weekends(static_cast<size_t>(D), 0);
  for (int d = 0; d < D; ++d) {
    for (int s = 0; s < S; ++s) {
      const int k = v.slot[static_cast<size_t>(s)];
      if (k < 0) {
        continue;
      }
      int left = 0;
      for (int j = d + 1; j < D; ++j) {
        left += v.allowed[static_cast<size_t>(j * S + s)];
      }
      floor_count[static_cast<size_t>(d * K + k)] = v.limit[static_cast<size_t>(k)] - left;
    }
    std::vector<char> weekend_left(static_cast<size_t>(model.weekends), 0);
    for (int j = d + 1; j < D; ++j) {
      const int w = model.weekend_of_day[static_cast<size_t>(j)];
      if (w >= 0) {
        weekend_left[static_cast<size_t>(w)] = 1;
      }
    }
    floor_weekends[static_cast<size_t>(d)] =
        v.max_weekends - static_cast<int>(std::count(weekend_left.begin(), weekend_left.end(), 1));
  }
  int day_of_layer = 0;
  auto dominates = [&](int a, int b) {
    const auto& la = labels[static_cast<size_t>(a)];
    const auto& lb_ = labels[static_cast<size_t>(b)];
    if (la.cost > lb_.cost + 1e-12) {
      return false;
    }
    const int wfloor = floor_weekends[static_cast<size_t>(day_of_layer)];
    if (std::max(la.weekends, wfloor) > std::max(lb_.weekends, wfloor)) {
      return false;
    }
    for (int k = 0; k < K; ++k) {
      const int floor = floor_count[static_cast<size_t>(day_of_layer * K + k)];
      if (std::max(counts[static_cast<size_t>(a * K + k)], floor) >
          std::max(counts[static_cast<size_t>(b * K + k)], floor)) {
        return false;
      }
    }
    return true;
  };

  // Adds a label to `next` unless dominated; removes the labels it dominates.
  auto insert = [&](const NodeKey& key, double cost, int parent, int shift, int weekends,
                    const std::vector<int>& label_counts) {
    const int index = static_cast<int>(labels.size());
    labels.push_back({cost, parent, shift, weekends, true});
    counts.insert(counts.end(), label_counts.begin(), label_counts.end());
    keys.push_back(key);
    ++result.labels;
    auto& bucket = next.nodes[key.Pack()];
    if (limits.enumerate) {
      bucket.push_back(index);
      return;
    }
    for (int other : bucket) {
      if (dominates(other, index)) {
        labels.pop_back();
        counts.resize(counts.size() - static_cast<size_t>(K));
        keys.pop_back();
        return;
      }
    }
    size_t kept = 0;
    for (int other : bucket) {
      if (dominates(index, other)) {
        labels[static_cast<size_t>(other)].alive = false;
      } else {
        bucket[kept++] = other;
      }
    }
    bucket.resize(kept);
    bucket.push_back(index);
  };

  auto weekend_of = [&model](int day) {
    return day >= 0 && day < model.days ? model.weekend_of_day[static_cast<size_t>(day)] : -1;
  };

  // Extends one label (or the empty start when parent < 0) by day d.
  auto extend = [&](int parent, int d) {
    day_of_layer = d;
    NodeKey from;
    double cost = 0;
    int weekends = 0;
    if (parent >= 0) {
      from = keys[static_cast<size_t>(parent)];
      cost = labels[static_cast<size_t>(parent)].cost;
      weekends = labels[static_cast<size_t>(parent)].weekends;
      std::copy_n(counts.begin() + static_cast<ptrdiff_t>(parent) * K, K, scratch.begin());
    } else {
      std::fill(scratch.begin(), scratch.end(), 0);
    }
    const int weekend = weekend_of(d);
    const bool same_weekend = weekend >= 0 && parent >= 0 && weekend_of(d - 1) == weekend;
    const bool counted = same_weekend && from.weekend_counted;

    // Off on day d.
    {
      NodeKey key;
      bool ok = true;
      if (parent < 0) {
        key.last = off;
        key.run = 1;
        key.from_start = true;
      } else if (from.last == off) {
        key.last = off;
        key.run = std::min(from.run + 1, v.off_cap);
        key.from_start = from.from_start;
      } else {
        ok = from.from_start || from.run >= v.min_run;
        key.last = off;
        key.run = 1;
        key.from_start = false;
      }
      key.weekend_counted = counted;
      key.minutes = from.minutes;
      ok = ok && (limits.must_work.empty() || limits.must_work[static_cast<size_t>(d)] == 0);
      if (ok && key.minutes + v.future_max_minutes[static_cast<size_t>(d + 1)] >= v.min_minutes &&
          cost + bound_after(d, off) < limits.threshold) {
        insert(key, cost, parent, -1, weekends, scratch);
      }
    }
    // Work shift s on day d.
    const bool after_short_rest =
        parent >= 0 && from.last == off && !from.from_start && from.run < v.min_off;
    if (after_short_rest) {
      return;
    }
    if (parent >= 0 && from.last != off && v.max_run > 0 && from.run + 1 > v.max_run) {
      return;
    }
    int new_weekends = weekends;
    bool new_counted = counted;
    if (weekend >= 0 && v.max_weekends >= 0 && !counted) {
      new_weekends += 1;
      new_counted = true;
      if (new_weekends > v.max_weekends) {
        return;
      }
    }
    for (int s = 0; s < S; ++s) {
      if (v.allowed[static_cast<size_t>(d * S + s)] == 0) {
        continue;
      }
      if (parent >= 0 && from.last != off && v.forbidden[static_cast<size_t>(from.last * S + s)]) {
        continue;
      }
      const int minutes = from.minutes + model.paid_minutes[static_cast<size_t>(s)];
      if (minutes > v.max_minutes ||
          minutes + v.future_max_minutes[static_cast<size_t>(d + 1)] < v.min_minutes) {
        continue;
      }
      const int slot = v.slot[static_cast<size_t>(s)];
      if (slot >= 0 &&
          scratch[static_cast<size_t>(slot)] + 1 > v.limit[static_cast<size_t>(slot)]) {
        continue;
      }
      const double new_cost = cost + cell_cost[static_cast<size_t>(d * S + s)];
      if (new_cost + bound_after(d, s) >= limits.threshold) {
        continue;
      }
      NodeKey key;
      key.last = s;
      if (parent >= 0 && from.last != off) {
        key.run = std::min(from.run + 1, v.work_cap);
        key.from_start = from.from_start;
      } else {
        key.run = 1;
        key.from_start = parent < 0;
      }
      key.weekend_counted = v.max_weekends >= 0 && new_counted;
      key.minutes = minutes;
      if (slot >= 0) {
        scratch[static_cast<size_t>(slot)] += 1;
      }
      insert(key, new_cost, parent, s, new_weekends, scratch);
      if (slot >= 0) {
        scratch[static_cast<size_t>(slot)] -= 1;
      }
    }
  };

  std::vector<int> layer_labels;
  extend(-1, 0);
  for (int d = 1; d <= D; ++d) {
    layer_labels.clear();
    for (auto& [packed, bucket] : next.nodes) {
      for (int index : bucket) {
        if (labels[static_cast<size_t>(index)].alive) {
          layer_labels.push_back(index);
        }
      }
    }
    std::swap(current, next);
    next.nodes.clear();
    if (layer_labels.size() > limits.beam) {
      // Keep the labels with the best cost plus bound to go.
      auto score = [&](int index) {
        return labels[static_cast<size_t>(index)].cost +
               bound_after(d - 1, keys[static_cast<size_t>(index)].last);
      };
      std::nth_element(layer_labels.begin(),
                       layer_labels.begin() + static_cast<ptrdiff_t>(limits.beam),
                       layer_labels.end(), [&](int a, int b) { return score(a) < score(b); });
      layer_labels.resize(limits.beam);
      result.exact = false;
    }
    if (d == D) {
      break;
    }
    std::sort(layer_labels.begin(), layer_labels.end());
    for (int index : layer_labels) {
      extend(index, d);
    }
  }

  // Complete schedules: the last runs touch the end of the horizon, so only hours remain.
  std::vector<int> complete;
  for (int index : layer_labels) {
    const auto& key = keys[static_cast<size_t>(index)];
    if (key.minutes >= v.min_minutes &&
        labels[static_cast<size_t>(index)].cost < limits.threshold) {
      complete.push_back(index);
    }
  }
  std::sort(complete.begin(), complete.end(), [&](int a, int b) {
    return labels[static_cast<size_t>(a)].cost < labels[static_cast<size_t>(b)].cost;
  });
  for (int index : complete) {
    if (static_cast<int>(result.schedules.size()) >= limits.max_schedules) {
      result.exact = result.exact && !limits.enumerate;
      break;
    }
    PricedSchedule schedule;
    schedule.cost = labels[static_cast<size_t>(index)].cost;
    schedule.shifts.assign(static_cast<size_t>(D), -1);
    int at = index;
    for (int d = D - 1; d >= 0 && at >= 0; --d) {
      schedule.shifts[static_cast<size_t>(d)] = labels[static_cast<size_t>(at)].shift;
      at = labels[static_cast<size_t>(at)].parent;
    }
    const bool duplicate =
        std::any_of(result.schedules.begin(), result.schedules.end(),
                    [&](const PricedSchedule& other) { return other.shifts == schedule.shifts; });
    if (!duplicate) {
      result.schedules.push_back(std::move(schedule));
    }
  }
  return result;
}

bool ScheduleFeasible(const RosterProblem& problem, const CompiledRoster& model, int employee,
                      const std::vector<int>& shifts) {
  const auto& person = problem.employees[static_cast<size_t>(employee)];
  const int D = model.days;
  const int S = model.shifts;
  if (static_cast<int>(shifts.size()) != D) {
    return false;
  }
  std::vector<int> per_shift(static_cast<size_t>(S), 0);
  int minutes = 0;
  for (int d = 0; d < D; ++d) {
    const int s = shifts[static_cast<size_t>(d)];
    if (s < 0) {
      continue;
    }
    if (s >= S || !model.Allowed(employee, d, s)) {
      return false;
    }
    per_shift[static_cast<size_t>(s)] += 1;
    minutes += model.paid_minutes[static_cast<size_t>(s)];
    if (d + 1 < D) {
      const int next = shifts[static_cast<size_t>(d + 1)];
      const auto& banned = model.forbidden_next[static_cast<size_t>(s)];
      if (next >= 0 && std::find(banned.begin(), banned.end(), next) != banned.end()) {
        return false;
      }
    }
  }
  for (int s = 0; s < S; ++s) {
    const int limit = model.max_shifts[static_cast<size_t>(employee * S + s)];
    if (limit >= 0 && per_shift[static_cast<size_t>(s)] > limit) {
      return false;
    }
  }
  if (minutes < person.min_total_minutes || minutes > person.max_total_minutes) {
    return false;
  }
  for (int d = 0; d < D;) {
    const bool on = shifts[static_cast<size_t>(d)] >= 0;
    int end = d;
    while (end + 1 < D && (shifts[static_cast<size_t>(end + 1)] >= 0) == on) {
      ++end;
    }
    const int length = end - d + 1;
    const bool inside = d > 0 && end + 1 < D;
    if (on && person.max_consecutive_shifts > 0 && length > person.max_consecutive_shifts) {
      return false;
    }
    if (inside && on && length < person.min_consecutive_shifts) {
      return false;
    }
    if (inside && !on && length < person.min_consecutive_days_off) {
      return false;
    }
    d = end + 1;
  }
  if (person.max_weekends >= 0) {
    std::vector<char> worked(static_cast<size_t>(model.weekends), 0);
    for (int d = 0; d < D; ++d) {
      const int w = model.weekend_of_day[static_cast<size_t>(d)];
      if (w >= 0 && shifts[static_cast<size_t>(d)] >= 0) {
        worked[static_cast<size_t>(w)] = 1;
      }
    }
    if (std::count(worked.begin(), worked.end(), 1) > person.max_weekends) {
      return false;
    }
  }
  return true;
}

}  // namespace storeops::staffing::internal
