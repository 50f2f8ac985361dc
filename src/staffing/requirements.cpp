// SPDX-License-Identifier: Apache-2.0
// Demand -> staff. Validation first (every problem reported at once, named by its field path), then
// one pass over the demand and one over the fixed tasks into rows keyed by (interval, department,
// skill). Demand-driven staff and tasks are kept apart until the end so that a percentile row adds
// the same deterministic task staff as the point row.
#include "storeops/staffing/requirements.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "invalid_input.hpp"

namespace storeops::staffing {
namespace {

using core::ErrorCode;
using core::FieldError;

constexpr int kMinutesPerDay = 24 * 60;

bool Finite(double value) { return std::isfinite(value); }

std::string Path(const std::string& base, size_t index, const std::string& field) {
  return base + "[" + std::to_string(index) + "]." + field;
}

void ValidateStandard(const LabourStandard& standard, const std::string& prefix,
                      std::vector<FieldError>& problems) {
  auto add = [&](const std::string& field, std::string reason) {
    problems.push_back({prefix + field, std::move(reason)});
  };
  if (standard.department.empty()) {
    add("department", "must not be empty");
  }
  if (standard.skill.empty()) {
    add("skill", "must not be empty");
  }
  if (standard.kind == DepartmentKind::kQueue) {
    if (!Finite(standard.aht_seconds) || standard.aht_seconds <= 0) {
      add("aht_seconds", "must be > 0 for a queue department");
    }
    const ServiceTarget& target = standard.target;
    if (!Finite(target.service_level) || target.service_level <= 0 || target.service_level >= 1) {
      add("target.service_level", "must be in (0, 1)");
    }
    if (!Finite(target.within_seconds) || target.within_seconds < 0) {
      add("target.within_seconds", "must be >= 0");
    }
    if (target.max_average_wait_seconds &&
        (!Finite(*target.max_average_wait_seconds) || *target.max_average_wait_seconds <= 0)) {
      add("target.max_average_wait_seconds", "must be > 0");
    }
    if (target.max_occupancy && (!Finite(*target.max_occupancy) || *target.max_occupancy <= 0 ||
                                 *target.max_occupancy > 1)) {
      add("target.max_occupancy", "must be in (0, 1]");
    }
    if (standard.patience_seconds &&
        (!Finite(*standard.patience_seconds) || *standard.patience_seconds <= 0)) {
      add("patience_seconds", "must be > 0");
    }
  } else {
    if (!Finite(standard.service_minutes_per_customer) ||
        standard.service_minutes_per_customer < 0) {
      add("service_minutes_per_customer", "must be >= 0");
    }
    if (!Finite(standard.items_per_customer) || standard.items_per_customer < 0) {
      add("items_per_customer", "must be >= 0");
    }
    if (!Finite(standard.items_per_minute) || standard.items_per_minute < 0 ||
        (standard.items_per_customer > 0 && standard.items_per_minute <= 0)) {
      add("items_per_minute", "must be > 0 when items_per_customer is set");
    }
    if (!Finite(standard.utilisation_target) || standard.utilisation_target <= 0 ||
        standard.utilisation_target > 1) {
      add("utilisation_target", "must be in (0, 1]");
    }
  }
  if (standard.minimum_staff < 0 || standard.minimum_staff > kMaxAgents) {
    add("minimum_staff", "must be in [0, " + std::to_string(kMaxAgents) + "]");
  }
  if (standard.shrinkage &&
      (!Finite(*standard.shrinkage) || *standard.shrinkage < 0 || *standard.shrinkage >= 1)) {
    add("shrinkage", "must be in [0, 1)");
  }
  for (size_t k = 0; k < standard.fixed_tasks.size(); ++k) {
    const FixedTask& task = standard.fixed_tasks[k];
    const std::string task_prefix = "fixed_tasks[" + std::to_string(k) + "].";
    if (task.start_minute < 0) {
      add(task_prefix + "start_minute", "must be >= 0");
    }
    if (task.end_minute <= task.start_minute) {
      add(task_prefix + "end_minute", "must be after start_minute");
    }
    if (task.staff < 1 || task.staff > kMaxAgents) {
      add(task_prefix + "staff", "must be in [1, " + std::to_string(kMaxAgents) + "]");
    }
  }
}

core::Status Validate(const RequirementsInput& input) {
  std::vector<FieldError> problems;
  if (input.interval_minutes <= 0 || input.interval_minutes % 15 != 0 ||
      input.interval_minutes > kMinutesPerDay) {
    problems.push_back({"interval_minutes", "must be a positive multiple of 15, at most 1440"});
  }
  if (!Finite(input.shrinkage) || input.shrinkage < 0 || input.shrinkage >= 1) {
    problems.push_back({"shrinkage", "must be in [0, 1)"});
  }
  std::map<std::string, size_t> departments;
  for (size_t i = 0; i < input.standards.size(); ++i) {
    const LabourStandard& standard = input.standards[i];
    ValidateStandard(standard, "standards[" + std::to_string(i) + "].", problems);
    if (!departments.emplace(standard.department, i).second) {
      problems.push_back({Path("standards", i, "department"),
                          "duplicate department '" + standard.department + "'"});
    }
  }
  std::set<std::pair<std::string, int>> seen;
  for (size_t i = 0; i < input.demand.size(); ++i) {
    const DemandInterval& demand = input.demand[i];
    if (!departments.contains(demand.department)) {
      problems.push_back({Path("demand", i, "department"),
                          "no labour standard for department '" + demand.department + "'"});
    }
    if (demand.start_minute < 0 ||
        (input.interval_minutes > 0 && demand.start_minute % input.interval_minutes != 0)) {
      problems.push_back(
          {Path("demand", i, "start_minute"), "must be >= 0 and a multiple of interval_minutes"});
    } else if (!seen.emplace(demand.department, demand.start_minute).second) {
      problems.push_back({Path("demand", i, "start_minute"),
                          "duplicate interval for department '" + demand.department + "'"});
    }
    if (!Finite(demand.customers) || demand.customers < 0) {
      problems.push_back({Path("demand", i, "customers"), "must be a finite number >= 0"});
    }
    if (demand.customers_p80 &&
        (!Finite(*demand.customers_p80) || *demand.customers_p80 < demand.customers)) {
      problems.push_back({Path("demand", i, "customers_p80"), "must be >= customers"});
    }
    const double below_p95 = demand.customers_p80.value_or(demand.customers);
    if (demand.customers_p95 &&
        (!Finite(*demand.customers_p95) || *demand.customers_p95 < below_p95)) {
      problems.push_back(
          {Path("demand", i, "customers_p95"), "must be >= customers_p80 and customers"});
    }
  }
  if (!problems.empty()) {
    return core::Fail(internal::InvalidInput("invalid staffing input", std::move(problems)));
  }
  return core::Ok();
}

struct DemandStaff {
  int staff = 0;
  std::optional<QueueMetrics> queue;
};

core::Result<DemandStaff> StaffFor(const LabourStandard& standard, double customers,
                                   int interval_minutes, const std::string& field) {
  DemandStaff result;
  if (standard.kind == DepartmentKind::kQueue) {
    QueueLoad load{customers, static_cast<double>(interval_minutes), standard.aht_seconds,
                   standard.patience_seconds};
    auto required = RequiredAgents(load, standard.target);
    if (!required) {
      core::Error error = required.error();
      for (auto& detail : error.details) {
        // "calls" is this demand's customers; other fields were validated already.
        detail.field = detail.field == "calls" ? field : "standards." + detail.field;
      }
      error.message = field + ": " + error.message;
      return core::Fail(std::move(error));
    }
    result.staff = required->agents;
    result.queue = *required;
    return result;
  }
  double minutes_per_customer = standard.service_minutes_per_customer;
  if (standard.items_per_customer > 0) {
    minutes_per_customer += standard.items_per_customer / standard.items_per_minute;
  }
  const double workload_minutes = customers * minutes_per_customer;
  // The slack keeps exact multiples (e.g. 45 minutes of work in a 15-minute interval at 100%)
  // from rounding up to one person too many.
  const double staff =
      std::ceil(workload_minutes / interval_minutes / standard.utilisation_target - 1e-9);
  if (!Finite(staff) || staff > kMaxAgents) {
    return core::Fail(ErrorCode::kInvalidArgument, field + ": workload needs too many staff",
                      {{field, "workload exceeds " + std::to_string(kMaxAgents) + " staff"}});
  }
  result.staff = std::max(0, static_cast<int>(staff));
  return result;
}

struct Cell {
  double customers = 0;
  int demand_staff = 0;
  std::optional<int> demand_p80;
  std::optional<int> demand_p95;
  int task_staff = 0;
  std::optional<QueueMetrics> queue;
  const LabourStandard* standard = nullptr;
};

using Key = std::tuple<int, std::string, std::string>;

}  // namespace

core::Result<StaffingRequirements> ComputeRequirements(const RequirementsInput& input) {
  if (auto valid = Validate(input); !valid) {
    return core::Fail(valid.error());
  }
  std::map<std::string, const LabourStandard*> standards;
  for (const auto& standard : input.standards) {
    standards.emplace(standard.department, &standard);
  }
  std::map<Key, Cell> cells;
  // Which (interval, department) pairs carry percentile bounds: every skill row there gets one.
  std::map<std::pair<int, std::string>, std::pair<bool, bool>> percentiles;

  for (size_t i = 0; i < input.demand.size(); ++i) {
    const DemandInterval& demand = input.demand[i];
    const LabourStandard& standard = *standards.at(demand.department);
    const std::string field = Path("demand", i, "customers");
    auto point = StaffFor(standard, demand.customers, input.interval_minutes, field);
    if (!point) {
      return core::Fail(point.error());
    }
    Cell& cell = cells[{demand.start_minute, standard.department, standard.skill}];
    cell.standard = &standard;
    cell.customers = demand.customers;
    cell.demand_staff = std::max(point->staff, standard.minimum_staff);
    cell.queue = point->queue;
    auto& flags = percentiles[{demand.start_minute, standard.department}];
    if (demand.customers_p80) {
      auto p80 = StaffFor(standard, *demand.customers_p80, input.interval_minutes,
                          Path("demand", i, "customers_p80"));
      if (!p80) {
        return core::Fail(p80.error());
      }
      cell.demand_p80 = std::max(p80->staff, standard.minimum_staff);
      flags.first = true;
    }
    if (demand.customers_p95) {
      auto p95 = StaffFor(standard, *demand.customers_p95, input.interval_minutes,
                          Path("demand", i, "customers_p95"));
      if (!p95) {
        return core::Fail(p95.error());
      }
      cell.demand_p95 = std::max(p95->staff, standard.minimum_staff);
      flags.second = true;
    }
  }

  for (const auto& standard : input.standards) {
    for (const auto& task : standard.fixed_tasks) {
      const std::string& skill = task.skill.empty() ? standard.skill : task.skill;
      // Every interval the task overlaps needs its crew for (part of) that interval.
      const int first = task.start_minute / input.interval_minutes;
      const int last = (task.end_minute - 1) / input.interval_minutes;
      for (int k = first; k <= last; ++k) {
        Cell& cell = cells[{k * input.interval_minutes, standard.department, skill}];
        cell.standard = &standard;
        cell.task_staff += task.staff;
      }
    }
  }

  StaffingRequirements plan;
  plan.interval_minutes = input.interval_minutes;
  plan.rows.reserve(cells.size());
  for (const auto& [key, cell] : cells) {
    const auto& [start_minute, department, skill] = key;
    const double shrinkage = cell.standard->shrinkage.value_or(input.shrinkage);
    auto roster = [&](int raw) -> core::Result<int> { return RosteredStaff(raw, shrinkage); };
    StaffRequirement row;
    row.start_minute = start_minute;
    row.department = department;
    row.skill = skill;
    row.customers = cell.customers;
    row.raw_staff = cell.demand_staff + cell.task_staff;
    row.queue = cell.queue;
    auto rostered = roster(row.raw_staff);
    if (!rostered) {
      return core::Fail(rostered.error());
    }
    row.rostered_staff = *rostered;
    const auto flags_it = percentiles.find({start_minute, department});
    const bool has_p80 = flags_it != percentiles.end() && flags_it->second.first;
    const bool has_p95 = flags_it != percentiles.end() && flags_it->second.second;
    if (has_p80) {
      // A skill row without its own bound (task-only skill) keeps its point demand staff.
      row.raw_staff_p80 = cell.demand_p80.value_or(cell.demand_staff) + cell.task_staff;
      auto value = roster(*row.raw_staff_p80);
      if (!value) {
        return core::Fail(value.error());
      }
      row.rostered_staff_p80 = *value;
    }
    if (has_p95) {
      row.raw_staff_p95 =
          cell.demand_p95.value_or(cell.demand_p80.value_or(cell.demand_staff)) + cell.task_staff;
      auto value = roster(*row.raw_staff_p95);
      if (!value) {
        return core::Fail(value.error());
      }
      row.rostered_staff_p95 = *value;
    }
    plan.rows.push_back(std::move(row));
  }
  return plan;
}

}  // namespace storeops::staffing
