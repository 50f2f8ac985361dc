// SPDX-License-Identifier: Apache-2.0
// Demand -> staff per interval, department and skill: queueing and workload departments, minimum
// coverage, fixed tasks, percentile staffing and every documented bad-input field.
#include "storeops/staffing/requirements.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace storeops::staffing {
namespace {

// Builders: designated initialisers would trip -Wmissing-field-initializers on optional members.
DemandInterval Demand(const std::string& department, int start_minute, double customers,
                      std::optional<double> p80 = std::nullopt,
                      std::optional<double> p95 = std::nullopt) {
  DemandInterval demand;
  demand.department = department;
  demand.start_minute = start_minute;
  demand.customers = customers;
  demand.customers_p80 = p80;
  demand.customers_p95 = p95;
  return demand;
}

FixedTask Task(const std::string& name, int start_minute, int end_minute, int staff,
               const std::string& skill = "") {
  FixedTask task;
  task.name = name;
  task.start_minute = start_minute;
  task.end_minute = end_minute;
  task.staff = staff;
  task.skill = skill;
  return task;
}

LabourStandard Checkout() {
  LabourStandard checkout;
  checkout.department = "checkout";
  checkout.skill = "cashier";
  checkout.kind = DepartmentKind::kQueue;
  checkout.aht_seconds = 180;
  checkout.target.service_level = 0.8;
  checkout.target.within_seconds = 20;
  return checkout;
}

LabourStandard Bakery() {
  LabourStandard bakery;
  bakery.department = "bakery";
  bakery.skill = "baker";
  bakery.kind = DepartmentKind::kWorkload;
  bakery.service_minutes_per_customer = 1.5;
  bakery.utilisation_target = 0.75;
  return bakery;
}

const StaffRequirement* Find(const StaffingRequirements& plan, int start_minute,
                             const std::string& department, const std::string& skill) {
  for (const auto& row : plan.rows) {
    if (row.start_minute == start_minute && row.department == department && row.skill == skill) {
      return &row;
    }
  }
  return nullptr;
}

TEST(Requirements, QueueDepartmentReproducesTheWorkedExample) {
  // 50 customers per 15 minutes is the worked example's 100 per 30: A = 10 Erlangs.
  RequirementsInput input;
  input.shrinkage = 0.3;
  input.standards = {Checkout()};
  input.demand = {Demand("checkout", 540, 50)};
  auto plan = ComputeRequirements(input);
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  ASSERT_EQ(plan->rows.size(), 1U);
  const auto& row = plan->rows[0];
  EXPECT_EQ(row.raw_staff, 14);
  EXPECT_EQ(row.rostered_staff, 20);
  ASSERT_TRUE(row.queue.has_value());
  EXPECT_NEAR(row.queue.value_or(QueueMetrics{}).service_level, 0.888, 0.0005);
  EXPECT_FALSE(row.raw_staff_p80.has_value());
}

TEST(Requirements, WorkloadDepartmentRoundsUpAtTheUtilisationTarget) {
  RequirementsInput input;
  input.shrinkage = 0.0;
  LabourStandard deli = Bakery();
  deli.department = "deli";
  deli.items_per_customer = 6;
  deli.items_per_minute = 4;
  input.standards = {Bakery(), deli};
  input.demand = {Demand("bakery", 0, 30), Demand("bakery", 15, 0), Demand("deli", 0, 10)};
  auto plan = ComputeRequirements(input);
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  // 30 x 1.5 = 45 minutes of work / 15 / 0.75 = 4 people exactly (no spurious 5th).
  EXPECT_EQ(Find(*plan, 0, "bakery", "baker")->raw_staff, 4);
  EXPECT_EQ(Find(*plan, 15, "bakery", "baker")->raw_staff, 0);
  // 10 x (1.5 + 6/4) = 30 minutes / 15 / 0.75 = 2.67 -> 3.
  EXPECT_EQ(Find(*plan, 0, "deli", "baker")->raw_staff, 3);
}

TEST(Requirements, MinimumCoverageIsAFloor) {
  RequirementsInput input;
  input.shrinkage = 0.2;
  LabourStandard bakery = Bakery();
  bakery.minimum_staff = 2;
  input.standards = {bakery};
  input.demand = {Demand("bakery", 0, 1), Demand("bakery", 15, 60)};
  auto plan = ComputeRequirements(input);
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  EXPECT_EQ(Find(*plan, 0, "bakery", "baker")->raw_staff, 2);
  EXPECT_EQ(Find(*plan, 0, "bakery", "baker")->rostered_staff, 3);  // ceil(2 / 0.8)
  EXPECT_EQ(Find(*plan, 15, "bakery", "baker")->raw_staff, 8);      // 90 / 15 / 0.75
}

TEST(Requirements, FixedTasksAddStaffInTheirSkillAndIntervals) {
  RequirementsInput input;
  input.shrinkage = 0.0;
  LabourStandard grocery = Bakery();
  grocery.department = "grocery";
  grocery.skill = "sales";
  grocery.minimum_staff = 1;
  // Opening before doors open (no demand then), a truck from 10:00 to 10:40 needing forklift
  // drivers, and closing in the department's own skill.
  grocery.fixed_tasks = {Task("opening", 360, 420, 2),
                         Task("truck unloading", 600, 640, 3, "forklift"),
                         Task("closing", 615, 630, 1)};
  input.standards = {grocery};
  for (int start = 420; start < 660; start += 15) {
    input.demand.push_back(Demand("grocery", start, 5));
  }
  auto plan = ComputeRequirements(input);
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  // Opening: 06:00-07:00 has no demand rows, only the task's 2 people.
  for (int start = 360; start < 420; start += 15) {
    const auto* row = Find(*plan, start, "grocery", "sales");
    ASSERT_NE(row, nullptr) << start;
    EXPECT_EQ(row->raw_staff, 2);
  }
  // 5 customers x 1.5 min / 15 / 0.75 = 0.67 -> 1 (also the minimum).
  EXPECT_EQ(Find(*plan, 420, "grocery", "sales")->raw_staff, 1);
  // The truck overlaps 10:00, 10:15 and 10:30 (ends 10:40), in its own skill.
  for (int start : {600, 615, 630}) {
    const auto* row = Find(*plan, start, "grocery", "forklift");
    ASSERT_NE(row, nullptr) << start;
    EXPECT_EQ(row->raw_staff, 3);
  }
  EXPECT_EQ(Find(*plan, 645, "grocery", "forklift"), nullptr);
  EXPECT_EQ(Find(*plan, 615, "grocery", "sales")->raw_staff, 2);  // closing adds one
  // Rows come sorted by interval, then department, then skill.
  for (size_t i = 1; i < plan->rows.size(); ++i) {
    EXPECT_LE(plan->rows[i - 1].start_minute, plan->rows[i].start_minute);
  }
}

TEST(Requirements, PercentileStaffingIsAtLeastPointStaffing) {
  RequirementsInput input;
  LabourStandard checkout = Checkout();
  checkout.fixed_tasks = {Task("cash-up", 600, 615, 1, "supervisor")};
  input.standards = {checkout, Bakery()};
  for (int start = 540; start < 720; start += 15) {
    const double customers = 20.0 + (start - 540) / 3.0;
    input.demand.push_back(Demand("checkout", start, customers, customers * 1.2, customers * 1.5));
    input.demand.push_back(Demand("bakery", start, customers, customers * 1.2, customers * 1.5));
  }
  auto plan = ComputeRequirements(input);
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  bool some_higher = false;
  for (const auto& row : plan->rows) {
    ASSERT_TRUE(row.raw_staff_p80.has_value()) << row.department << row.start_minute;
    ASSERT_TRUE(row.raw_staff_p95.has_value());
    EXPECT_GE(*row.raw_staff_p80, row.raw_staff);
    EXPECT_GE(*row.raw_staff_p95, *row.raw_staff_p80);
    EXPECT_GE(*row.rostered_staff_p80, row.rostered_staff);
    EXPECT_GE(*row.rostered_staff_p95, *row.rostered_staff_p80);
    some_higher = some_higher || *row.raw_staff_p95 > row.raw_staff;
  }
  EXPECT_TRUE(some_higher);
  // The deterministic task is the same at every percentile.
  const auto* cash_up = Find(*plan, 600, "checkout", "supervisor");
  ASSERT_NE(cash_up, nullptr);
  EXPECT_EQ(cash_up->raw_staff, 1);
  EXPECT_EQ(*cash_up->raw_staff_p95, 1);
}

TEST(Requirements, AbandonmentUsesErlangA) {
  RequirementsInput input;
  LabourStandard pharmacy = Checkout();
  pharmacy.department = "pharmacy";
  pharmacy.skill = "pharmacist";
  pharmacy.patience_seconds = 120;
  input.standards = {pharmacy};
  input.demand = {Demand("pharmacy", 0, 50)};
  auto plan = ComputeRequirements(input);
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  ASSERT_TRUE(plan->rows[0].queue.has_value());
  const QueueMetrics queue = plan->rows[0].queue.value_or(QueueMetrics{});
  EXPECT_GT(queue.abandonment, 0.0);
  EXPECT_GE(queue.service_level, 0.8);
}

struct BadInput {
  std::string name;
  std::function<void(RequirementsInput&)> change;
  std::string field;
};

TEST(Requirements, EveryBadFieldIsNamed) {
  auto valid = [] {
    RequirementsInput input;
    input.standards = {Checkout(), Bakery()};
    input.standards[1].fixed_tasks = {Task("opening", 0, 30, 1)};
    input.demand = {Demand("checkout", 0, 10), Demand("bakery", 0, 10)};
    return input;
  };
  ASSERT_TRUE(ComputeRequirements(valid()).has_value());
  const std::vector<BadInput> cases = {
      {"interval not a 15 multiple", [](auto& in) { in.interval_minutes = 20; },
       "interval_minutes"},
      {"zero interval", [](auto& in) { in.interval_minutes = 0; }, "interval_minutes"},
      {"shrinkage 1", [](auto& in) { in.shrinkage = 1.0; }, "shrinkage"},
      {"negative shrinkage", [](auto& in) { in.shrinkage = -0.1; }, "shrinkage"},
      {"negative demand", [](auto& in) { in.demand[1].customers = -3; }, "demand[1].customers"},
      {"p80 below point", [](auto& in) { in.demand[0].customers_p80 = 5.0; },
       "demand[0].customers_p80"},
      {"p95 below p80",
       [](auto& in) {
         in.demand[0].customers_p80 = 20.0;
         in.demand[0].customers_p95 = 15.0;
       },
       "demand[0].customers_p95"},
      {"unknown department", [](auto& in) { in.demand[0].department = "garden"; },
       "demand[0].department"},
      {"off-grid start", [](auto& in) { in.demand[0].start_minute = 7; }, "demand[0].start_minute"},
      {"duplicate interval", [](auto& in) { in.demand[1].department = "checkout"; },
       "demand[1].start_minute"},
      {"AHT zero", [](auto& in) { in.standards[0].aht_seconds = 0; }, "standards[0].aht_seconds"},
      {"target 1", [](auto& in) { in.standards[0].target.service_level = 1.0; },
       "standards[0].target.service_level"},
      {"target 0", [](auto& in) { in.standards[0].target.service_level = 0.0; },
       "standards[0].target.service_level"},
      {"negative threshold", [](auto& in) { in.standards[0].target.within_seconds = -1; },
       "standards[0].target.within_seconds"},
      {"occupancy cap 0", [](auto& in) { in.standards[0].target.max_occupancy = 0.0; },
       "standards[0].target.max_occupancy"},
      {"wait cap negative",
       [](auto& in) { in.standards[0].target.max_average_wait_seconds = -2.0; },
       "standards[0].target.max_average_wait_seconds"},
      {"patience zero", [](auto& in) { in.standards[0].patience_seconds = 0.0; },
       "standards[0].patience_seconds"},
      {"no skill", [](auto& in) { in.standards[0].skill.clear(); }, "standards[0].skill"},
      {"no department", [](auto& in) { in.standards[0].department.clear(); },
       "standards[0].department"},
      {"duplicate department", [](auto& in) { in.standards[1].department = "checkout"; },
       "standards[1].department"},
      {"negative service minutes",
       [](auto& in) { in.standards[1].service_minutes_per_customer = -1; },
       "standards[1].service_minutes_per_customer"},
      {"negative items", [](auto& in) { in.standards[1].items_per_customer = -1; },
       "standards[1].items_per_customer"},
      {"items without speed", [](auto& in) { in.standards[1].items_per_customer = 3; },
       "standards[1].items_per_minute"},
      {"utilisation above 1", [](auto& in) { in.standards[1].utilisation_target = 1.2; },
       "standards[1].utilisation_target"},
      {"utilisation zero", [](auto& in) { in.standards[1].utilisation_target = 0; },
       "standards[1].utilisation_target"},
      {"negative minimum", [](auto& in) { in.standards[1].minimum_staff = -1; },
       "standards[1].minimum_staff"},
      {"department shrinkage 1", [](auto& in) { in.standards[1].shrinkage = 1.0; },
       "standards[1].shrinkage"},
      {"task negative start", [](auto& in) { in.standards[1].fixed_tasks[0].start_minute = -15; },
       "standards[1].fixed_tasks[0].start_minute"},
      {"task ends before start", [](auto& in) { in.standards[1].fixed_tasks[0].end_minute = 0; },
       "standards[1].fixed_tasks[0].end_minute"},
      {"task without staff", [](auto& in) { in.standards[1].fixed_tasks[0].staff = 0; },
       "standards[1].fixed_tasks[0].staff"},
      {"queue load too large", [](auto& in) { in.demand[0].customers = 1e12; },
       "demand[0].customers"},
  };
  for (const auto& c : cases) {
    RequirementsInput input = valid();
    c.change(input);
    auto result = ComputeRequirements(input);
    ASSERT_FALSE(result.has_value()) << c.name;
    EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument) << c.name;
    ASSERT_FALSE(result.error().details.empty()) << c.name;
    EXPECT_EQ(result.error().details[0].field, c.field) << c.name << ": " << result.error().message;
  }
}

}  // namespace
}  // namespace storeops::staffing
