// SPDX-License-Identifier: Apache-2.0
// Staff deployment use cases (issue #6): employees and their availability, how many people each
// department needs in the coming hours (forecast demand -> labour standards -> Erlang C for
// queues), week rosters built by the CBC model as background jobs, and re-scoring a roster a
// manager edited, and the cost/wait Pareto front of a day at a queue, all against the store's
// labour standards (its own, stored, or the defaults). Demand comes through
// `DemandSource`: `AggregateDemandSource` is the baseline (hour-of-week average of the last 4
// weeks of hourly roll-ups); `ForecastDemandSource` (forecast_demand_source.hpp) serves the
// store's champion forecast and falls back to the baseline.
//
//   service::AggregateDemandSource demand(db->aggregates(), clock);
//   service::StaffingService staffing(catalog, db->staffing(), demand, jobs, clock);
//   auto plan = staffing.PredictDeployment({.store_id = id, .horizon =
//   DeploymentHorizon::kNext4Hours}); auto job = staffing.SubmitSchedule({.store_id = id,
//   .week_start = monday});  // a JobRunner id
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storeops/core/ids.hpp"
#include "storeops/core/result.hpp"
#include "storeops/core/time.hpp"
#include "storeops/service/job_runner.hpp"
#include "storeops/service/store_catalog.hpp"
#include "storeops/staffing/cost_wait.hpp"
#include "storeops/staffing/queueing.hpp"
#include "storeops/staffing/requirements.hpp"
#include "storeops/staffing/roster.hpp"
#include "storeops/storage/aggregate_repository.hpp"
#include "storeops/storage/staffing_repository.hpp"

namespace storeops::service {

enum class DemandGranularity { k15Minutes, kHour };

/// Where a demand point came from.
enum class DemandOrigin {
  kHistoryAverage,  ///< AggregateDemandSource: same hour of the week, last 4 weeks.
  kForecast,        ///< ForecastDemandSource: the store's champion forecast.
};

/// "history_average" or "forecast" (the API's `source`).
[[nodiscard]] std::string_view DemandOriginName(DemandOrigin origin);

/// Expected customers of one department in one interval starting at `start` (UTC).
struct DemandPoint {
  core::Timestamp start;
  double customers = 0;      ///< Point forecast.
  double customers_p80 = 0;  ///< 80th percentile; >= customers.
  double customers_p95 = 0;  ///< 95th percentile; >= customers_p80.
  DemandOrigin source = DemandOrigin::kHistoryAverage;
};

/// Where expected demand comes from. Implementations must be thread-safe.
class DemandSource {
 public:
  virtual ~DemandSource() = default;

  /// One point per interval in [from, to) (from rounded down to the granularity). `department`
  /// is a department id of the store, or "checkout" for baskets a cashier serves (staffed and
  /// express lanes; not self-checkout).
  /// kUnavailable from storage; kInvalidArgument when to <= from.
  [[nodiscard]] virtual core::Result<std::vector<DemandPoint>> Demand(
      const core::StoreId& store, std::string_view department, core::Timestamp from,
      core::Timestamp to, DemandGranularity granularity) = 0;
};

/// The baseline demand: for each hour, the same hour of the week in the last `weeks` weeks
/// before now (hourly sales roll-ups, `transactions`), averaged; p80/p95 are the empirical
/// quantiles of those samples (linear interpolation), never below the mean. A week without a row
/// counts as 0 customers. "checkout" counts the baskets cashiers served
/// (storage::HourlyBaskets::assisted_baskets: a basket spanning three departments is one customer
/// at the tills, not three, and self-checkout baskets need no cashier); an hour rolled up before
/// that roll-up existed falls back to the sum of the departments' transactions (an upper bound).
/// 15-minute points split the hour evenly.
class AggregateDemandSource final : public DemandSource {
 public:
  AggregateDemandSource(storage::AggregateRepository& aggregates, const core::Clock& clock,
                        int weeks = 4);

  [[nodiscard]] core::Result<std::vector<DemandPoint>> Demand(
      const core::StoreId& store, std::string_view department, core::Timestamp from,
      core::Timestamp to, DemandGranularity granularity) override;

 private:
  storage::AggregateRepository& aggregates_;
  const core::Clock& clock_;
  int weeks_;
};

/// The department id for the tills; not a department of the store definition.
inline constexpr std::string_view kCheckoutDepartment = "checkout";

// --- Employees ---------------------------------------------------------------------------------

/// An employee as callers give it; `created`/`updated` are set by the service.
using Employee = storage::StoredEmployee;

// --- Deployment prediction ---------------------------------------------------------------------

enum class DeploymentHorizon { kNext4Hours, kNext24Hours, kNext7Days };

/// "next_4_hours", "next_24_hours", "next_7_days"; nullopt for anything else.
[[nodiscard]] std::optional<DeploymentHorizon> ParseDeploymentHorizon(std::string_view text);

struct DeploymentRequest {
  core::StoreId store_id;
  DeploymentHorizon horizon = DeploymentHorizon::kNext4Hours;
  std::vector<std::string> departments;  ///< Empty: every department of the store + checkout.
};

/// Staff recommended for one department in one hour.
struct DeploymentPrediction {
  core::Timestamp start;  ///< UTC start of the hour.
  std::string time_slot;  ///< Local "14:00-15:00".
  std::string department;
  int recommended_staff = 0;  ///< On the floor, enough for the 80th percentile of demand.
  int rostered_staff = 0;     ///< recommended_staff after shrinkage.
  std::map<std::string, int> staff_by_skill;  ///< Recommended staff per skill.
  double predicted_customers = 0;             ///< Point forecast.
  double customers_p80 = 0;
  double customers_p95 = 0;
  /// The demand quantile the recommendation covers: 0.95 when it also covers the 95th
  /// percentile, else 0.8.
  double confidence = 0.8;
  /// Queue departments: each staffing level around the recommendation (Erlang C or A).
  std::vector<staffing::QueueMetrics> queue_levels;
  DemandOrigin source = DemandOrigin::kHistoryAverage;  ///< Of this hour's demand.
};

// --- Cost against wait -------------------------------------------------------------------------

struct TradeoffRequest {
  core::StoreId store_id;
  std::optional<std::chrono::sys_days> date;    ///< Local store date; empty: today there.
  std::string department{kCheckoutDepartment};  ///< "checkout" or a pharmacy/service department.
};

/// One 15-minute interval of the day while the store is open.
struct TradeoffInterval {
  core::Timestamp start;  ///< UTC.
  std::string time_slot;  ///< Local "14:00-14:15".
  double customers = 0;   ///< Expected arrivals (the point forecast).
  DemandOrigin source = DemandOrigin::kHistoryAverage;
};

/// The cost/wait Pareto front of one day at one queue (staffing::CostWaitFront).
struct StaffingTradeoff {
  core::StoreId store_id;
  std::chrono::sys_days date;
  std::string department;
  std::string currency;
  double wage_per_hour = 0;
  bool wage_from_employees = false;  ///< Else StaffingDefaults::wage_per_hour.
  double shrinkage = 0;
  int interval_minutes = 15;
  int max_lanes = 0;
  double aht_seconds = 0;
  staffing::ServiceTarget target;
  std::vector<TradeoffInterval> intervals;  ///< Aligned with every point's lanes.
  staffing::CostWaitResult front;
};

// --- Schedules (week rosters) ------------------------------------------------------------------

struct ScheduleRequest {
  core::StoreId store_id;
  std::chrono::sys_days week_start;      ///< Local date of day 0.
  double time_limit_seconds = 20;        ///< CBC budget; (0, 300].
  std::vector<std::string> departments;  ///< Empty: every department + checkout.
};

/// Required vs scheduled staff of one skill in one interval of the roster.
struct IntervalCoverage {
  int day = 0;
  int start_minute = 0;
  int end_minute = 0;
  std::string skill;
  int required = 0;
  int scheduled = 0;
};

/// A stored roster with its current score (re-scored against today's contracts).
struct ScheduleView {
  storage::StoredRoster roster;
  staffing::RosterScore score;
  std::vector<IntervalCoverage> coverage;
};

/// One assignment of an edited roster. The shift is either `shift_id` in the template form
/// "<skill>@HH:MM+<minutes>" or explicit start/length (skill optional).
struct AssignmentEdit {
  std::string employee;
  int day = 0;
  std::string shift_id;
  std::optional<int> start_minute;
  std::optional<int> length_minutes;
  std::optional<std::string> skill;
};

struct ScheduleEditResult {
  ScheduleView schedule;       ///< After the edit (saved, status "edited").
  staffing::ScoreDelta delta;  ///< after - before.
  double previous_total = 0;
};

// --- Labour standards --------------------------------------------------------------------------

/// One department's labour standard as a manager gives it (PUT): every unset field keeps the
/// default of the department (docs/STAFFING.md, "Labour standards").
struct DepartmentStandardInput {
  std::string department;                ///< A department id of the store, or "checkout".
  std::optional<std::string> kind;       ///< "queue" (Erlang C, or A with patience) or "workload".
  std::optional<std::string> skill;      ///< The skill of the staff it needs.
  std::optional<double> aht_seconds;     ///< queue: service time per customer; (0, 3600].
  std::optional<double> service_level;   ///< queue: (0, 1).
  std::optional<double> within_seconds;  ///< queue: [0, 3600].
  std::optional<double> patience_seconds;              ///< queue: Erlang A; (0, 86400].
  std::optional<double> service_minutes_per_customer;  ///< workload: [0, 600].
  std::optional<double> items_per_customer;            ///< workload: [0, 10000].
  std::optional<double> items_per_minute;              ///< workload: > 0 when items are used.
  std::optional<double> utilisation_target;            ///< workload: (0, 1].
  std::optional<int> minimum_staff;                    ///< [0, 1000] while the store is open.
  std::optional<double> shrinkage;                     ///< [0, 1); unset: the store's.
};

/// A store's labour standards as a manager sets them (PUT replaces them whole).
struct LabourStandardsInput {
  core::StoreId store_id;
  std::optional<double> shrinkage;  ///< [0, 1); unset: StaffingDefaults::shrinkage.
  std::vector<DepartmentStandardInput> departments;  ///< Unlisted departments keep defaults.
};

/// The labour standards in effect for a store: every department of its definition, then
/// "checkout". What the deployment prediction, the trade-off and week rosters use.
struct LabourStandards {
  struct Department {
    staffing::LabourStandard standard;
    bool from_store = false;  ///< Set by the store; else the default of its kind.
  };

  core::StoreId store_id;
  double shrinkage = 0;
  bool from_store = false;                 ///< The store set its own standards.
  std::optional<core::Timestamp> updated;  ///< When it last set them.
  std::vector<Department> departments;
};

/// Defaults used when the store has not set its own labour standards (docs/STAFFING.md).
struct StaffingDefaults {
  double shrinkage = 0.3;
  int open_minute = 8 * 60;  ///< When the store has no opening hours for a day.
  int close_minute = 22 * 60;
  std::vector<int> shift_lengths_minutes = {240, 480};
  int shift_step_minutes = 60;
  int max_consecutive_days = 5;
  int min_rest_minutes = 660;
  double max_time_limit_seconds = 300;
  /// Cost/wait front: the wage when no employee with the queue's skill has an hourly cost.
  double wage_per_hour = 15;
  std::string currency = "USD";
  int max_checkout_lanes = 12;  ///< When the store definition lists no staffed lanes.
  int max_desk_staff = 50;      ///< Pharmacy and service desks (no physical limit).
};

/// Thread-safe. Employees are validated with one FieldError per problem ("skills[1]",
/// "contract.max_hours"); schedules run on `jobs`.
class StaffingService {
 public:
  StaffingService(StoreCatalog& stores, storage::StaffingRepository& repository,
                  DemandSource& demand, JobRunner& jobs, const core::Clock& clock,
                  StaffingDefaults defaults = {});

  /// kNotFound (store), kInvalidArgument naming fields, kAlreadyExists.
  [[nodiscard]] core::Result<Employee> CreateEmployee(Employee employee);
  /// kNotFound (store or employee), kInvalidArgument.
  [[nodiscard]] core::Result<Employee> UpdateEmployee(Employee employee);
  [[nodiscard]] core::Result<Employee> GetEmployee(const core::StoreId& store,
                                                   const core::EmployeeId& id);
  [[nodiscard]] core::Result<std::vector<Employee>> ListEmployees(const core::StoreId& store);
  [[nodiscard]] core::Status DeleteEmployee(const core::StoreId& store, const core::EmployeeId& id);

  /// The store's labour standards: its own where it set them, else the defaults.
  /// kNotFound (store).
  [[nodiscard]] core::Result<LabourStandards> GetLabourStandards(const core::StoreId& store);

  /// Replaces the store's labour standards (unset fields: the defaults) and returns them in
  /// effect. kNotFound (store); kInvalidArgument with one FieldError per bad field
  /// ("shrinkage", "departments[1].aht_seconds", "departments[2].department").
  [[nodiscard]] core::Result<LabourStandards> SetLabourStandards(const LabourStandardsInput& input);

  /// Forgets the store's own standards: the defaults apply again. kNotFound (store, or it set
  /// none).
  [[nodiscard]] core::Status ResetLabourStandards(const core::StoreId& store);

  /// Recommended staff per department and hour over the horizon, from now.
  /// kNotFound (store), kInvalidArgument ("departments[1]": unknown department).
  [[nodiscard]] core::Result<std::vector<DeploymentPrediction>> PredictDeployment(
      const DeploymentRequest& request);

  /// The Pareto front of labour cost against expected wait for one local day at a queue
  /// department, over its open 15-minute intervals (docs/STAFFING.md, "Cost against wait").
  /// kNotFound (store); kInvalidArgument naming "date" (outside 2000-2200) or "department"
  /// (unknown, or not a queue).
  [[nodiscard]] core::Result<StaffingTradeoff> Tradeoff(const TradeoffRequest& request);

  /// Checks the request at once (kNotFound store, kInvalidArgument "week_start",
  /// "time_limit_seconds", "departments[i]"; kFailedPrecondition when the store has no
  /// employees) and queues the solve. The job's result is {"schedule_id","status","score",...};
  /// an infeasible week fails the job with kFailedPrecondition naming the conflicting rules.
  [[nodiscard]] core::Result<std::string> SubmitSchedule(const ScheduleRequest& request);

  /// kNotFound for an unknown id.
  [[nodiscard]] core::Result<ScheduleView> GetSchedule(const std::string& id);

  [[nodiscard]] core::Result<std::vector<storage::RosterSummary>> ListSchedules(
      const core::StoreId& store);

  /// Replaces the roster's assignments, re-scores and saves it. kInvalidArgument naming
  /// "assignments[i].employee" / ".day" / ".shift_id"; kNotFound for an unknown schedule.
  [[nodiscard]] core::Result<ScheduleEditResult> EditSchedule(
      const std::string& id, const std::vector<AssignmentEdit>& assignments);

 private:
  struct Impl;
  StoreCatalog& stores_;
  storage::StaffingRepository& repository_;
  DemandSource& demand_;
  JobRunner& jobs_;
  const core::Clock& clock_;
  StaffingDefaults defaults_;
};

}  // namespace storeops::service
