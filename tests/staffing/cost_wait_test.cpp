// SPDX-License-Identifier: Apache-2.0
// The cost/wait front: its shape (cost up, wait down), non-dominance among its points and against
// every staffing plan of a small grid (brute force, recomputed here from ErlangC alone), the
// recommended point, thinning, and field-named errors.
#include "storeops/staffing/cost_wait.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/staffing/queueing.hpp"

namespace storeops::staffing {
namespace {

CostWaitInterval Interval(double arrivals, int max_lanes, double interval_minutes = 15,
                          double wage = 12) {
  CostWaitInterval interval;
  interval.arrivals = arrivals;
  interval.interval_minutes = interval_minutes;
  interval.aht_seconds = 150;
  interval.wage_per_hour = wage;
  interval.shrinkage = 0.25;
  interval.max_lanes = max_lanes;
  return interval;
}

// A day's totals of one plan, computed independently of the engine's bookkeeping.
struct Plan {
  double cost = 0;
  double wait = 0;
};

Plan Evaluate(const CostWaitInput& input, const std::vector<int>& lanes) {
  Plan plan;
  double arrivals = 0;
  for (size_t i = 0; i < lanes.size(); ++i) {
    const CostWaitInterval& t = input.intervals[i];
    plan.cost += lanes[i] * t.interval_minutes / 60.0 / (1 - t.shrinkage) * t.wage_per_hour;
    if (t.arrivals > 0) {
      QueueLoad load;
      load.calls = t.arrivals;
      load.interval_minutes = t.interval_minutes;
      load.aht_seconds = t.aht_seconds;
      auto metrics = ErlangC(load, lanes[i], 0);
      EXPECT_TRUE(metrics.has_value());
      plan.wait += t.arrivals * metrics->average_wait_seconds;  // inf when unstable
      arrivals += t.arrivals;
    }
  }
  if (arrivals > 0) {
    plan.wait /= arrivals;
  }
  return plan;
}

// a dominates b: no worse on both, better on one (with a tolerance for rounding).
bool Dominates(const Plan& a, const Plan& b) {
  constexpr double kEps = 1e-9;
  const bool no_worse = a.cost <= b.cost + kEps && a.wait <= b.wait + kEps;
  const bool better = a.cost < b.cost - kEps || a.wait < b.wait - kEps;
  return no_worse && better;
}

// Every lane vector with lanes[i] in [0, max_lanes[i]].
void ForEachPlan(const CostWaitInput& input,
                 const std::function<void(const std::vector<int>&)>& f) {
  std::vector<int> lanes(input.intervals.size(), 0);
  while (true) {
    f(lanes);
    size_t i = 0;
    while (i < lanes.size() && lanes[i] == input.intervals[i].max_lanes) {
      lanes[i] = 0;
      ++i;
    }
    if (i == lanes.size()) {
      return;
    }
    ++lanes[i];
  }
}

CostWaitInput ThreeIntervals() {
  CostWaitInput input;
  input.intervals = {Interval(30, 9), Interval(55, 11), Interval(12, 7)};
  input.target.service_level = 0.8;
  input.target.within_seconds = 60;
  input.stop_wait_seconds = 0.5;
  return input;
}

TEST(CostWaitFront, CostRisesAndWaitFallsAlongTheFront) {
  CostWaitInput input = ThreeIntervals();
  for (auto& interval : input.intervals) {
    interval.max_lanes = 30;  // the wait, not the lanes, ends the front
  }
  auto front = CostWaitFront(input);
  ASSERT_TRUE(front.has_value()) << front.error().message;
  ASSERT_GE(front->points.size(), 3U);
  for (size_t k = 1; k < front->points.size(); ++k) {
    const auto& before = front->points[k - 1];
    const auto& after = front->points[k];
    EXPECT_GT(after.labour_cost, before.labour_cost) << k;
    EXPECT_LT(after.average_wait_seconds, before.average_wait_seconds) << k;
    EXPECT_GE(after.service_level, before.service_level) << k;
  }
  // Starts at the least stable staffing: floor(load) + 1 lanes (loads 5, 9.17, 2).
  EXPECT_EQ(front->points.front().lanes, (std::vector<int>{6, 10, 3}));
  EXPECT_LT(front->points.back().average_wait_seconds, 0.5);
  EXPECT_GE(front->points[front->points.size() - 2].average_wait_seconds, 0.5);
}

TEST(CostWaitFront, EndsWhenEveryLaneIsOpen) {
  auto front = CostWaitFront(ThreeIntervals());
  ASSERT_TRUE(front.has_value());
  EXPECT_EQ(front->points.back().lanes, (std::vector<int>{9, 11, 7}));
  EXPECT_GT(front->points.back().average_wait_seconds, 0.5);
}

TEST(CostWaitFront, ReportedTotalsMatchAnIndependentEvaluation) {
  const CostWaitInput input = ThreeIntervals();
  auto front = CostWaitFront(input);
  ASSERT_TRUE(front.has_value());
  for (const auto& point : front->points) {
    const Plan plan = Evaluate(input, point.lanes);
    EXPECT_NEAR(point.labour_cost, plan.cost, 1e-9);
    EXPECT_NEAR(point.average_wait_seconds, plan.wait, 1e-9);
    int lane_quarters = 0;
    for (int lanes : point.lanes) {
      lane_quarters += lanes;
    }
    EXPECT_NEAR(point.labour_hours, lane_quarters * 0.25 / 0.75, 1e-9);
  }
}

TEST(CostWaitFront, NoPlanOfTheGridDominatesAFrontPoint) {
  const CostWaitInput input = ThreeIntervals();
  auto front = CostWaitFront(input);
  ASSERT_TRUE(front.has_value());
  std::vector<Plan> points;
  for (const auto& point : front->points) {
    points.push_back(Evaluate(input, point.lanes));
  }
  for (size_t a = 0; a < points.size(); ++a) {
    for (size_t b = 0; b < points.size(); ++b) {
      EXPECT_FALSE(Dominates(points[a], points[b])) << a << " dominates " << b;
    }
  }
  int plans = 0;
  ForEachPlan(input, [&](const std::vector<int>& lanes) {
    ++plans;
    const Plan plan = Evaluate(input, lanes);
    for (size_t k = 0; k < points.size(); ++k) {
      EXPECT_FALSE(Dominates(plan, points[k]))
          << "plan " << lanes[0] << "," << lanes[1] << "," << lanes[2] << " dominates point " << k;
    }
  });
  EXPECT_EQ(plans, 10 * 12 * 8);
}

TEST(CostWaitFront, EqualLaneCostsGiveTheLeastWaitOfEveryBudget) {
  // Marginal analysis on convex separable costs (Fox 1966): with one price per lane every point
  // is the exact optimum of its budget, not only a hull vertex.
  const CostWaitInput input = ThreeIntervals();
  auto front = CostWaitFront(input);
  ASSERT_TRUE(front.has_value());
  ForEachPlan(input, [&](const std::vector<int>& lanes) {
    const Plan plan = Evaluate(input, lanes);
    for (const auto& point : front->points) {
      if (std::abs(plan.cost - point.labour_cost) < 1e-9) {
        EXPECT_GE(plan.wait, point.average_wait_seconds - 1e-9);
      }
    }
  });
}

TEST(CostWaitFront, UnequalLaneCostsStayNonDominated) {
  // A 30-minute interval at a higher wage: lanes cost differently, the front is the hull.
  CostWaitInput input;
  input.intervals = {Interval(40, 8, 15, 10), Interval(70, 9, 30, 18), Interval(5, 4, 15, 25)};
  input.target.within_seconds = 30;
  auto front = CostWaitFront(input);
  ASSERT_TRUE(front.has_value());
  std::vector<Plan> points;
  for (const auto& point : front->points) {
    points.push_back(Evaluate(input, point.lanes));
  }
  ForEachPlan(input, [&](const std::vector<int>& lanes) {
    const Plan plan = Evaluate(input, lanes);
    for (size_t k = 0; k < points.size(); ++k) {
      EXPECT_FALSE(Dominates(plan, points[k])) << k;
    }
  });
}

TEST(CostWaitFront, RecommendsTheCheapestPointMeetingTheTarget) {
  const CostWaitInput input = ThreeIntervals();
  auto front = CostWaitFront(input);
  ASSERT_TRUE(front.has_value());
  ASSERT_TRUE(front->recommended.has_value());
  const size_t k = *front->recommended;
  const auto& chosen = front->points[k];
  EXPECT_TRUE(chosen.meets_target);
  EXPECT_GE(chosen.service_level, 0.8);
  ASSERT_GT(k, 0U);
  EXPECT_FALSE(front->points[k - 1].meets_target);
  // The day's service level, recomputed: arrival-weighted SL within 60 s.
  double served = 0;
  double arrivals = 0;
  for (size_t i = 0; i < input.intervals.size(); ++i) {
    QueueLoad load;
    load.calls = input.intervals[i].arrivals;
    load.interval_minutes = 15;
    load.aht_seconds = 150;
    auto metrics = ErlangC(load, chosen.lanes[i], 60);
    ASSERT_TRUE(metrics.has_value());
    served += load.calls * metrics->service_level;
    arrivals += load.calls;
  }
  EXPECT_NEAR(chosen.service_level, served / arrivals, 1e-12);
}

TEST(CostWaitFront, NoRecommendationWhenTheLanesCannotMeetTheTarget) {
  CostWaitInput input;
  input.intervals = {Interval(55, 10)};  // 9.17 Erlangs, at most 10 lanes
  input.target.service_level = 0.95;
  input.target.within_seconds = 10;
  auto front = CostWaitFront(input);
  ASSERT_TRUE(front.has_value());
  EXPECT_FALSE(front->recommended.has_value());
  EXPECT_EQ(front->points.back().lanes, std::vector<int>{10});
}

TEST(CostWaitFront, ThinsLongFrontsKeepingEndsAndTheRecommendation) {
  CostWaitInput input;
  for (int i = 0; i < 56; ++i) {  // a 14-hour day in quarters
    input.intervals.push_back(Interval(10 + 3.0 * (i % 12), 40));
  }
  input.max_points = 12;
  auto full = [&] {
    CostWaitInput all = input;
    all.max_points = 100000;
    return CostWaitFront(all);
  }();
  auto front = CostWaitFront(input);
  ASSERT_TRUE(full.has_value());
  ASSERT_TRUE(front.has_value());
  ASSERT_GT(full->points.size(), 12U);
  EXPECT_EQ(front->traced_points, full->points.size());
  EXPECT_LE(front->points.size(), 12U);
  EXPECT_EQ(front->points.front().lanes, full->points.front().lanes);
  EXPECT_EQ(front->points.back().lanes, full->points.back().lanes);
  ASSERT_TRUE(front->recommended && full->recommended);
  EXPECT_EQ(front->points[*front->recommended].lanes, full->points[*full->recommended].lanes);
  EXPECT_DOUBLE_EQ(front->points[*front->recommended].labour_cost,
                   full->points[*full->recommended].labour_cost);
}

TEST(CostWaitFront, MinimumLanesAndQuietIntervals) {
  CostWaitInput input;
  input.intervals = {Interval(0, 5), Interval(20, 6)};
  input.intervals[0].min_lanes = 1;
  input.intervals[1].min_lanes = 1;
  auto front = CostWaitFront(input);
  ASSERT_TRUE(front.has_value());
  for (const auto& point : front->points) {
    EXPECT_EQ(point.lanes[0], 1);  // no customers: one more lane would buy nothing
  }
  EXPECT_EQ(front->points.front().lanes[1], 4);  // 3.33 Erlangs
  EXPECT_TRUE(CostWaitFront(CostWaitInput{})->points.empty());
}

TEST(CostWaitFront, NamesTheBadFields) {
  CostWaitInput input = ThreeIntervals();
  input.intervals[1].arrivals = -1;
  input.intervals[2].wage_per_hour = 0;
  input.target.service_level = 1.5;
  auto bad = CostWaitFront(input);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
  ASSERT_EQ(bad.error().details.size(), 3U);
  EXPECT_EQ(bad.error().details[0].field, "intervals[1].arrivals");
  EXPECT_EQ(bad.error().details[1].field, "intervals[2].wage_per_hour");
  EXPECT_EQ(bad.error().details[2].field, "target.service_level");

  CostWaitInput unstable;
  unstable.intervals = {Interval(60, 9)};  // 10 Erlangs
  auto infeasible = CostWaitFront(unstable);
  ASSERT_FALSE(infeasible.has_value());
  EXPECT_EQ(infeasible.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(infeasible.error().details.at(0).field, "intervals[0].max_lanes");
}

}  // namespace
}  // namespace storeops::staffing
