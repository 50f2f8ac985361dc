// SPDX-License-Identifier: Apache-2.0
// Staffing requirements from forecast demand: per interval, department and skill, how many people
// are needed on the floor (raw) and on the roster (after shrinkage), at the point forecast and at
// its 80th/95th percentile. Queue departments (checkout, pharmacy, service desk) use Erlang C/A
// against a service-level target; the others convert workload minutes into staff. Front door:
// `ComputeRequirements`. Pure, safe to call concurrently.
//
//   staffing::LabourStandard checkout;  // a queue: Erlang C, 80% within 20 s by default
//   checkout.department = "checkout", checkout.skill = "cashier";
//   checkout.kind = staffing::DepartmentKind::kQueue, checkout.aht_seconds = 120;
//   staffing::RequirementsInput input;  // 15-minute intervals, 30% shrinkage by default
//   input.standards.push_back(checkout);
//   input.demand.push_back({"checkout", 540, 60.0, std::nullopt, std::nullopt});  // 09:00
//   auto plan = staffing::ComputeRequirements(input);  // plan->rows[0].raw_staff, ...
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storeops/core/result.hpp"
#include "storeops/staffing/queueing.hpp"

namespace storeops::staffing {

/// How a department's demand turns into staff.
enum class DepartmentKind {
  kQueue,     ///< Customers queue for a server: Erlang C (or A with patience) and a target.
  kWorkload,  ///< Work is spread over the interval: ceil(minutes / interval / utilisation).
};

/// Work that happens at fixed times whatever the demand (opening, closing, truck unloading).
struct FixedTask {
  std::string name;      ///< For people: "truck unloading".
  int start_minute = 0;  ///< Minutes from the horizon start, inclusive; >= 0.
  int end_minute = 0;    ///< Minutes from the horizon start, exclusive; > start_minute.
  int staff = 1;         ///< People needed throughout; >= 1.
  std::string skill;     ///< Skill needed; empty means the department's `skill`.
};

/// The labour standard of one department.
struct LabourStandard {
  std::string department;  ///< Department id; unique among the standards.
  std::string skill;       ///< Skill of the demand-driven staff ("cashier"); not empty.
  DepartmentKind kind = DepartmentKind::kWorkload;
  // kQueue:
  double aht_seconds = 0;                  ///< Average service time per customer; > 0.
  ServiceTarget target;                    ///< Service-level target (e.g. 80% within 120 s).
  std::optional<double> patience_seconds;  ///< Set: Erlang A with this mean patience.
  // kWorkload: minutes per customer = service_minutes_per_customer
  //                                   + items_per_customer / items_per_minute.
  double service_minutes_per_customer = 0;  ///< >= 0.
  double items_per_customer = 0;            ///< >= 0; needs items_per_minute > 0 when > 0.
  double items_per_minute = 0;              ///< Handling speed; > 0 when items are used.
  double utilisation_target = 0.85;         ///< Productive share of paid time; (0, 1].
  // Both kinds:
  int minimum_staff = 0;               ///< Floor coverage in every demand interval; >= 0.
  std::vector<FixedTask> fixed_tasks;  ///< Added on top of the demand-driven staff.
  std::optional<double> shrinkage;     ///< Overrides RequirementsInput::shrinkage; [0, 1).
};

/// Forecast customers of one department in one interval.
struct DemandInterval {
  std::string department;  ///< Must have a LabourStandard.
  int start_minute = 0;    ///< Minutes from the horizon start; a multiple of interval_minutes.
  double customers = 0;    ///< Point forecast; >= 0.
  std::optional<double> customers_p80;  ///< 80% upper bound; >= customers.
  std::optional<double> customers_p95;  ///< 95% upper bound; >= customers_p80 (or customers).
};

/// Everything ComputeRequirements needs.
struct RequirementsInput {
  int interval_minutes = 15;  ///< A positive multiple of 15.
  double shrinkage = 0.3;     ///< Default share of paid time lost to breaks/absence; [0, 1).
  std::vector<LabourStandard> standards;
  std::vector<DemandInterval> demand;  ///< (department, start_minute) pairs are unique.
};

/// Staff needed for one skill of one department in one interval.
struct StaffRequirement {
  int start_minute = 0;
  std::string department;
  std::string skill;
  double customers = 0;              ///< The point forecast (0 for task-only intervals/skills).
  int raw_staff = 0;                 ///< On the floor, at the point forecast.
  int rostered_staff = 0;            ///< ceil(raw / (1 - shrinkage)).
  std::optional<int> raw_staff_p80;  ///< Set when the demand carried customers_p80.
  std::optional<int> rostered_staff_p80;
  std::optional<int> raw_staff_p95;  ///< Set when the demand carried customers_p95.
  std::optional<int> rostered_staff_p95;
  /// Queue departments, demand-driven skill: the queue's performance at the level the point
  /// forecast needs (before minimum coverage and fixed tasks are added).
  std::optional<QueueMetrics> queue;
};

/// The requirement plan, rows sorted by start_minute, department, skill.
struct StaffingRequirements {
  int interval_minutes = 15;
  std::vector<StaffRequirement> rows;
};

/// Required staff per interval, department and skill: demand-driven staff (queueing or workload),
/// raised to `minimum_staff`, plus fixed tasks overlapping the interval (in the task's skill).
/// Intervals covered only by a fixed task appear too. Percentile rows use the same rules with the
/// upper bounds, so they are never below the point staffing.
/// kInvalidArgument with one FieldError per problem, fields named like "demand[3].customers",
/// "standards[0].aht_seconds", "standards[1].fixed_tasks[0].end_minute", "interval_minutes",
/// "shrinkage". kFailedPrecondition when a queue target cannot be met (see RequiredAgents).
[[nodiscard]] core::Result<StaffingRequirements> ComputeRequirements(
    const RequirementsInput& input);

}  // namespace storeops::staffing
