// SPDX-License-Identifier: Apache-2.0
// The column generation's pricing programme against brute force on tiny one-employee problems
// (every schedule enumerated and judged by ScoreRoster, the independent scorer), and the price-
// and-branch solver's rosters re-checked by the scorer and compared with the compact MIP.
#include "roster_pricing.hpp"

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/staffing/roster.hpp"
#include "storeops/staffing/shift_benchmark.hpp"

#include "roster_column_generation.hpp"
#include "roster_model.hpp"

namespace storeops::staffing {
namespace {

// One employee, `days` days, `shifts` templates with random rules from `seed`.
RosterProblem RandomProblem(uint32_t seed, int days, int shifts) {
  std::mt19937 rng(seed);
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  RosterProblem problem;
  problem.horizon_days = days;
  problem.first_weekday = pick(0, 6);
  for (int s = 0; s < shifts; ++s) {
    ShiftType shift;
    shift.id = std::string(1, static_cast<char>('A' + s));
    shift.start_minute = 360 + 240 * s;
    shift.length_minutes = 240 + 120 * pick(0, 2);
    problem.shifts.push_back(shift);
  }
  for (int s = 0; s < shifts; ++s) {
    for (int t = 0; t < shifts; ++t) {
      if (t < s && pick(0, 1) == 1) {
        problem.shifts[static_cast<size_t>(s)].cannot_follow.push_back(
            problem.shifts[static_cast<size_t>(t)].id);
      }
    }
  }
  Employee employee;
  employee.id = "e";
  employee.max_consecutive_shifts = pick(0, 4);
  employee.min_consecutive_shifts = pick(1, 3);
  employee.min_consecutive_days_off = pick(1, 3);
  employee.max_weekends = pick(-1, 1);
  employee.min_total_minutes = 240 * pick(0, 3);
  employee.max_total_minutes = employee.min_total_minutes + 240 * pick(1, 6);
  if (pick(0, 1) == 1) {
    employee.max_shifts[problem.shifts[0].id] = pick(0, 3);
  }
  if (pick(0, 2) == 0) {
    employee.days_off.push_back(pick(0, days - 1));
  }
  problem.employees.push_back(employee);
  return problem;
}

// The cheapest feasible schedule by enumeration; +inf when none. `shifts` per day, -1 off.
// `must_work` (per day, empty: none) excludes schedules off on a day marked 1.
double BruteForce(const RosterProblem& problem, const std::vector<double>& cost,
                  std::vector<int>* best_schedule, const std::vector<char>& must_work = {}) {
  const int days = problem.horizon_days;
  const int shifts = static_cast<int>(problem.shifts.size());
  int combinations = 1;
  for (int d = 0; d < days; ++d) {
    combinations *= shifts + 1;
  }
  double best = std::numeric_limits<double>::infinity();
  for (int code = 0; code < combinations; ++code) {
    Roster roster;
    double total = 0;
    std::vector<int> schedule(static_cast<size_t>(days), -1);
    int rest = code;
    for (int d = 0; d < days; ++d) {
      const int s = rest % (shifts + 1) - 1;
      rest /= shifts + 1;
      schedule[static_cast<size_t>(d)] = s;
      if (s < 0 && !must_work.empty() && must_work[static_cast<size_t>(d)] != 0) {
        total = std::numeric_limits<double>::infinity();
      }
      if (s >= 0) {
        roster.assignments.push_back({"e", d, problem.shifts[static_cast<size_t>(s)].id});
        total += cost[static_cast<size_t>(d * shifts + s)];
      }
    }
    if (total >= best) {
      continue;
    }
    auto score = ScoreRoster(problem, roster);
    if (score.has_value() && score->feasible) {
      best = total;
      *best_schedule = schedule;
    }
  }
  return best;
}

TEST(RosterPricing, CheapestScheduleMatchesBruteForce) {
  int feasible_cases = 0;
  for (uint32_t seed = 1; seed <= 60; ++seed) {
    const int days = 5 + static_cast<int>(seed % 3);  // 5..7 days.
    const int shifts = 1 + static_cast<int>(seed % 2);
    const auto problem = RandomProblem(seed, days, shifts);
    auto model = internal::CompileRoster(problem);
    ASSERT_TRUE(model.has_value()) << model.error().message;
    std::mt19937 rng(seed * 7919U);
    std::uniform_real_distribution<double> value(-10.0, 6.0);
    std::vector<double> cost(static_cast<size_t>(days * shifts));
    for (auto& c : cost) {
      c = value(rng);
    }
    std::vector<int> expected_schedule;
    const double expected = BruteForce(problem, cost, &expected_schedule);
    auto priced = internal::PriceSchedules(problem, *model, 0, cost, {.max_schedules = 4});
    EXPECT_TRUE(priced.exact);
    if (expected == std::numeric_limits<double>::infinity()) {
      EXPECT_TRUE(priced.schedules.empty()) << "seed " << seed;
      continue;
    }
    ++feasible_cases;
    ASSERT_FALSE(priced.schedules.empty()) << "seed " << seed;
    EXPECT_NEAR(priced.schedules.front().cost, expected, 1e-9) << "seed " << seed;
    for (size_t i = 0; i < priced.schedules.size(); ++i) {
      const auto& schedule = priced.schedules[i];
      EXPECT_TRUE(internal::ScheduleFeasible(problem, *model, 0, schedule.shifts))
          << "seed " << seed;
      Roster roster;
      double total = 0;
      for (int d = 0; d < days; ++d) {
        const int s = schedule.shifts[static_cast<size_t>(d)];
        if (s >= 0) {
          roster.assignments.push_back({"e", d, problem.shifts[static_cast<size_t>(s)].id});
          total += cost[static_cast<size_t>(d * shifts + s)];
        }
      }
      auto score = ScoreRoster(problem, roster);
      ASSERT_TRUE(score.has_value());
      EXPECT_TRUE(score->feasible) << "seed " << seed;
      EXPECT_NEAR(total, schedule.cost, 1e-9);
      if (i > 0) {
        EXPECT_GE(schedule.cost, priced.schedules[i - 1].cost - 1e-12);
      }
    }
    // A threshold at the optimum excludes it; just above keeps it.
    auto none = internal::PriceSchedules(problem, *model, 0, cost, {.threshold = expected - 1e-9});
    EXPECT_TRUE(none.schedules.empty()) << "seed " << seed;
    auto one = internal::PriceSchedules(problem, *model, 0, cost, {.threshold = expected + 1e-6});
    ASSERT_EQ(one.schedules.size(), 1u) << "seed " << seed;
  }
  EXPECT_GT(feasible_cases, 20);
}

// The dive's fixed cells: a day that must be worked (the off option closed) and shifts priced
// out at 1e30, with a threshold below that, as Generate prices during a dive.
TEST(RosterPricing, FixedCellsMatchBruteForce) {
  int feasible_cases = 0;
  for (uint32_t seed = 1; seed <= 60; ++seed) {
    const int days = 5 + static_cast<int>(seed % 3);
    const int shifts = 1 + static_cast<int>(seed % 2);
    const auto problem = RandomProblem(seed, days, shifts);
    auto model = internal::CompileRoster(problem);
    ASSERT_TRUE(model.has_value()) << model.error().message;
    std::mt19937 rng(seed * 104729U);
    std::uniform_real_distribution<double> value(-10.0, 6.0);
    std::uniform_int_distribution<int> coin(0, 3);
    std::vector<double> cost(static_cast<size_t>(days * shifts));
    for (auto& c : cost) {
      c = coin(rng) == 0 ? 1e30 : value(rng);
    }
    std::vector<char> must_work(static_cast<size_t>(days), 0);
    for (auto& m : must_work) {
      m = coin(rng) == 0 ? 1 : 0;
    }
    std::vector<int> expected_schedule;
    double expected = BruteForce(problem, cost, &expected_schedule, must_work);
    if (expected >= 1e29) {
      expected = std::numeric_limits<double>::infinity();
    }
    internal::PricingLimits limits;
    limits.threshold = 1e29;
    limits.max_schedules = 3;
    limits.must_work = must_work;
    auto priced = internal::PriceSchedules(problem, *model, 0, cost, limits);
    if (expected == std::numeric_limits<double>::infinity()) {
      EXPECT_TRUE(priced.schedules.empty()) << "seed " << seed;
      continue;
    }
    ++feasible_cases;
    ASSERT_FALSE(priced.schedules.empty()) << "seed " << seed;
    EXPECT_NEAR(priced.schedules.front().cost, expected, 1e-9) << "seed " << seed;
    for (const auto& schedule : priced.schedules) {
      EXPECT_TRUE(internal::ScheduleFeasible(problem, *model, 0, schedule.shifts));
      for (int d = 0; d < days; ++d) {
        const int s = schedule.shifts[static_cast<size_t>(d)];
        EXPECT_TRUE(s >= 0 || must_work[static_cast<size_t>(d)] == 0) << "seed " << seed;
        EXPECT_TRUE(s < 0 || cost[static_cast<size_t>(d * shifts + s)] < 1e29) << "seed " << seed;
      }
    }
  }
  EXPECT_GT(feasible_cases, 10);
}

// The dive's choice, on 2 employees x 2 days x 3 options (2 shifts, then off).
TEST(RosterDive, ChoosesEachEmployeesStrongestFractionalCell) {
  const int employees = 2;
  const int days = 2;
  const int options = 3;
  auto at = [](int e, int d, int v) { return static_cast<size_t>((e * days + d) * options + v); };
  std::vector<double> values(static_cast<size_t>(employees * days * options), 0.0);
  std::vector<char> fixed(static_cast<size_t>(employees * days), 0);
  // Employee 0: day 0 integral (shift 1), day 1 split 0.7 off / 0.3 shift 0.
  values[at(0, 0, 1)] = 1.0;
  values[at(0, 1, 2)] = 0.7;
  values[at(0, 1, 0)] = 0.3;
  // Employee 1: day 0 split 0.95 / 0.05, day 1 split 0.5 / 0.5.
  values[at(1, 0, 0)] = 0.95;
  values[at(1, 0, 2)] = 0.05;
  values[at(1, 1, 0)] = 0.5;
  values[at(1, 1, 1)] = 0.5;

  // Only employee 1's 0.95 reaches the batch threshold.
  auto batch = internal::ChooseDiveFixings(values, employees, days, options, fixed, 0.9);
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].employee, 1);
  EXPECT_EQ(batch[0].day, 0);
  EXPECT_EQ(batch[0].option, 0);

  // A low threshold takes each employee's strongest fractional cell (never an integral one).
  batch = internal::ChooseDiveFixings(values, employees, days, options, fixed, 0.6);
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].employee, 0);
  EXPECT_EQ(batch[0].day, 1);
  EXPECT_EQ(batch[0].option, 2);
  EXPECT_EQ(batch[1].employee, 1);
  EXPECT_EQ(batch[1].day, 0);

  // Above every value: the single strongest; fixed cells are skipped.
  fixed[static_cast<size_t>(1 * days + 0)] = 1;
  batch = internal::ChooseDiveFixings(values, employees, days, options, fixed, 2.0);
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].employee, 0);
  EXPECT_EQ(batch[0].option, 2);

  // Integral everywhere else: nothing to fix.
  fixed[static_cast<size_t>(0 * days + 1)] = 1;
  fixed[static_cast<size_t>(1 * days + 1)] = 1;
  EXPECT_TRUE(internal::ChooseDiveFixings(values, employees, days, options, fixed, 0.9).empty());
}

constexpr const char* kSmallInstance = R"(SECTION_HORIZON
7

SECTION_SHIFTS
E,480,
L,480,E

SECTION_STAFF
A,E=7|L=3,2880,1440,4,2,2,1
B,E=0|L=7,2400,960,3,1,1,1
C,E=7|L=7,2880,1920,5,2,1,1

SECTION_DAYS_OFF
A,3
C,6

SECTION_SHIFT_ON_REQUESTS
A,0,E,2
B,1,L,3
C,4,E,1

SECTION_SHIFT_OFF_REQUESTS
B,3,L,1
C,5,L,2

SECTION_COVER
0,E,1,100,1
0,L,1,100,1
1,E,2,100,1
1,L,1,100,1
2,E,1,100,1
2,L,1,100,1
3,E,1,100,1
3,L,1,100,1
4,E,1,100,1
4,L,1,100,1
5,E,1,100,1
5,L,1,100,1
6,E,1,100,1
6,L,0,100,1
)";

TEST(RosterColumnGeneration, MatchesTheCompactMipAndPassesTheScorer) {
  auto problem = ParseShiftBenchmark(kSmallInstance);
  ASSERT_TRUE(problem.has_value()) << problem.error().message;
  std::vector<double> fractions;
  auto generated = SolveRoster(*problem, {.time_limit_seconds = 20,
                                          .method = RosterMethod::kColumnGeneration,
                                          .progress = [&fractions](double f, const std::string&) {
                                            fractions.push_back(f);
                                          }});
  ASSERT_TRUE(generated.has_value()) << generated.error().message;
  EXPECT_EQ(generated->method, "column_generation");
  EXPECT_TRUE(generated->score.feasible);
  EXPECT_NEAR(generated->score.total, generated->objective, 1e-6);
  EXPECT_LE(generated->best_bound, generated->objective + 1e-9);
  ASSERT_FALSE(fractions.empty());
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
  auto compact =
      SolveRoster(*problem, {.time_limit_seconds = 20, .method = RosterMethod::kCompact});
  ASSERT_TRUE(compact.has_value()) << compact.error().message;
  EXPECT_EQ(compact->method, "compact");
  ASSERT_TRUE(compact->optimal);
  // Price-and-branch may miss the optimum only when it says so (a gap to its LP bound).
  if (generated->optimal) {
    EXPECT_NEAR(generated->objective, compact->objective, 1e-6);
  }
  EXPECT_LE(generated->best_bound, compact->objective + 1e-6);
}

TEST(RosterColumnGeneration, FairnessAndLabourCostAreInTheMasterObjective) {
  auto problem = ParseShiftBenchmark(kSmallInstance);
  ASSERT_TRUE(problem.has_value());
  problem->rules.fairness_weight = 2;
  problem->rules.labour_cost_weight = 0.5;
  for (auto& employee : problem->employees) {
    employee.hourly_cost_cents = 1500;
  }
  auto generated =
      SolveRoster(*problem, {.time_limit_seconds = 20, .method = RosterMethod::kColumnGeneration});
  ASSERT_TRUE(generated.has_value()) << generated.error().message;
  EXPECT_TRUE(generated->score.feasible);
  EXPECT_NEAR(generated->score.total, generated->objective, 1e-6);
  auto compact =
      SolveRoster(*problem, {.time_limit_seconds = 20, .method = RosterMethod::kCompact});
  ASSERT_TRUE(compact.has_value());
  EXPECT_LE(generated->best_bound, compact->objective + 1e-6);
  if (generated->optimal) {
    EXPECT_NEAR(generated->objective, compact->objective, 1e-6);
  }
}

}  // namespace
}  // namespace storeops::staffing
