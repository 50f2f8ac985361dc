// SPDX-License-Identifier: Apache-2.0
// Staffing data (issue #6): a store's employees (contract, skills, availability, requested days
// off), the week rosters built for it, and the labour standards it set. Backend-neutral plain rows:
// a roster is stored as its assignments and the per-interval requirement it was built against,
// normalised, so a backend needs no JSON type and a manager's edit can be re-scored later.
//
//   db->staffing().CreateEmployee(employee);                  // kAlreadyExists when taken
//   auto staff = db->staffing().ListEmployees(store_id);      // ordered by id
//   db->staffing().SaveRoster(roster);                        // create or replace, durable
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storeops/core/ids.hpp"
#include "storeops/core/result.hpp"
#include "storeops/core/time.hpp"

namespace storeops::storage {

/// A recurring weekly window in which the employee cannot (hard) or would rather not (soft) work.
struct StoredUnavailability {
  int32_t weekday = 0;        ///< 0 Monday ... 6 Sunday.
  int32_t start_minute = 0;   ///< Local minutes after midnight, inclusive.
  int32_t end_minute = 1440;  ///< Exclusive; > start_minute, <= 1440.
  bool hard = true;           ///< Hard: never rostered then; soft: costs `weight` per shift.
  double weight = 1;          ///< Penalty per overlapping shift when soft.

  friend bool operator==(const StoredUnavailability&, const StoredUnavailability&) = default;
};

/// A requested day off on one date. Hard: granted leave; soft: a wish with a weight.
struct StoredDayOff {
  std::chrono::sys_days date;
  bool hard = false;
  double weight = 5;

  friend bool operator==(const StoredDayOff&, const StoredDayOff&) = default;
};

/// One employee of one store.
struct StoredEmployee {
  core::StoreId store_id;
  core::EmployeeId id;
  std::string name;
  std::vector<std::string> skills;  ///< In the order given.
  int32_t min_weekly_minutes = 0;   ///< Contracted paid minutes per week, lower bound.
  int32_t max_weekly_minutes = 2400;
  int32_t max_shift_minutes = 0;     ///< 0: the store's default.
  int32_t max_consecutive_days = 0;  ///< 0: the store's default.
  bool minor = false;                ///< Minors' limits apply.
  int64_t hourly_cost_cents = 0;
  std::vector<StoredUnavailability> unavailable;  ///< In the order given.
  std::vector<StoredDayOff> days_off;             ///< Ordered by date.
  core::Timestamp created;
  core::Timestamp updated;

  friend bool operator==(const StoredEmployee&, const StoredEmployee&) = default;
};

/// Employee `employee_id` works shift `shift_id` (start and length given) on day `day` of the week.
struct StoredAssignment {
  std::string employee_id;
  int32_t day = 0;  ///< 0 = week_start.
  std::string shift_id;
  int32_t start_minute = 0;  ///< Minutes after local midnight of `day`.
  int32_t length_minutes = 0;
  std::string skill;  ///< Skill the shift is worked in; empty: any.

  friend bool operator==(const StoredAssignment&, const StoredAssignment&) = default;
};

/// Staff needed in `skill` on `day` during [start_minute, end_minute).
struct StoredCover {
  int32_t day = 0;
  int32_t start_minute = 0;
  int32_t end_minute = 0;
  std::string skill;
  int32_t required = 0;

  friend bool operator==(const StoredCover&, const StoredCover&) = default;
};

/// A stored week roster.
struct StoredRoster {
  std::string id;  ///< Unique across stores.
  core::StoreId store_id;
  std::chrono::sys_days week_start;
  std::string status;  ///< "solved", "edited" (the service's vocabulary).
  double score_total = 0;
  bool feasible = true;
  double gap = 0;                             ///< The solver's relative gap when built.
  double seconds = 0;                         ///< Solve time when built.
  std::vector<StoredAssignment> assignments;  ///< In the order given.
  std::vector<StoredCover> cover;             ///< In the order given.
  core::Timestamp created;
  core::Timestamp updated;

  friend bool operator==(const StoredRoster&, const StoredRoster&) = default;
};

/// A roster without its rows, for lists.
struct RosterSummary {
  std::string id;
  core::StoreId store_id;
  std::chrono::sys_days week_start;
  std::string status;
  double score_total = 0;
  bool feasible = true;
  int64_t assignments = 0;
  core::Timestamp created;
  core::Timestamp updated;

  friend bool operator==(const RosterSummary&, const RosterSummary&) = default;
};

/// The labour standard a store set for one department (or "checkout", the tills). Plain values
/// in the service's vocabulary (docs/STAFFING.md, "Labour standards").
struct StoredDepartmentStandard {
  std::string department;  ///< Department id of the store, or "checkout".
  std::string kind;        ///< "queue" (Erlang C/A) or "workload".
  std::string skill;
  double aht_seconds = 0;                   ///< queue: service time per customer.
  double service_level = 0;                 ///< queue: share served within `within_seconds`.
  double within_seconds = 0;                ///< queue.
  std::optional<double> patience_seconds;   ///< queue: set = Erlang A with this mean patience.
  double service_minutes_per_customer = 0;  ///< workload.
  double items_per_customer = 0;            ///< workload.
  double items_per_minute = 0;              ///< workload.
  double utilisation_target = 0;            ///< workload: productive share of paid time.
  int32_t minimum_staff = 0;                ///< On the floor while the store is open.
  std::optional<double> shrinkage;          ///< Overrides the store's shrinkage.

  friend bool operator==(const StoredDepartmentStandard&,
                         const StoredDepartmentStandard&) = default;
};

/// The labour standards one store set. Departments it does not list keep the defaults.
struct StoredLabourStandards {
  core::StoreId store_id;
  double shrinkage = 0;                               ///< Share of paid time lost; [0, 1).
  std::vector<StoredDepartmentStandard> departments;  ///< In the order given; unique ids.
  core::Timestamp updated;

  friend bool operator==(const StoredLabourStandards&, const StoredLabourStandards&) = default;
};

/// Thread-safe. Writes return once durable. Employees and rosters do not reference the store
/// row, so re-saving a store definition keeps them; the caller checks that the store exists.
class StaffingRepository {
 public:
  virtual ~StaffingRepository() = default;

  /// kAlreadyExists when (store_id, id) exists; kUnavailable when storage cannot be written.
  [[nodiscard]] virtual core::Status CreateEmployee(const StoredEmployee& employee) = 0;

  /// Replaces the whole employee, keeping nothing of the old row but `created`.
  /// kNotFound when (store_id, id) does not exist.
  [[nodiscard]] virtual core::Status UpdateEmployee(const StoredEmployee& employee) = 0;

  /// kNotFound for an unknown employee.
  [[nodiscard]] virtual core::Result<StoredEmployee> LoadEmployee(const core::StoreId& store,
                                                                  const core::EmployeeId& id) = 0;

  /// Every employee of `store`, ordered by id; empty for an unknown store.
  [[nodiscard]] virtual core::Result<std::vector<StoredEmployee>> ListEmployees(
      const core::StoreId& store) = 0;

  /// kNotFound for an unknown employee. Stored rosters keep their assignments.
  [[nodiscard]] virtual core::Status DeleteEmployee(const core::StoreId& store,
                                                    const core::EmployeeId& id) = 0;

  /// Creates the roster or replaces it whole (same id), returning once durable.
  /// kInvalidArgument when the id exists for another store.
  [[nodiscard]] virtual core::Status SaveRoster(const StoredRoster& roster) = 0;

  /// kNotFound for an unknown id.
  [[nodiscard]] virtual core::Result<StoredRoster> LoadRoster(const std::string& id) = 0;

  /// The rosters of `store`, newest week first, then newest created first, then id.
  [[nodiscard]] virtual core::Result<std::vector<RosterSummary>> ListRosters(
      const core::StoreId& store) = 0;

  /// The standards `store` set, or nullopt when it never set any (the caller uses defaults).
  [[nodiscard]] virtual core::Result<std::optional<StoredLabourStandards>> LoadLabourStandards(
      const core::StoreId& store) = 0;

  /// Creates or replaces the store's standards whole, returning once durable.
  /// kInvalidArgument when two departments share an id.
  [[nodiscard]] virtual core::Status SaveLabourStandards(
      const StoredLabourStandards& standards) = 0;

  /// Forgets the store's standards (back to the defaults). kNotFound when it set none.
  [[nodiscard]] virtual core::Status DeleteLabourStandards(const core::StoreId& store) = 0;
};

}  // namespace storeops::storage
