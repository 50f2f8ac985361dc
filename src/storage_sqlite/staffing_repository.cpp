// SPDX-License-Identifier: Apache-2.0
#include "staffing_repository.hpp"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace storeops::storage_sqlite::internal {
namespace {

using storage::StoredEmployee;
using storage::StoredRoster;

constexpr std::string_view kSelectEmployeeCreated =
    "SELECT created_ms FROM employees WHERE store_id = ? AND id = ?";
constexpr std::string_view kDeleteEmployee = "DELETE FROM employees WHERE store_id = ? AND id = ?";
constexpr std::string_view kInsertEmployee =
    "INSERT INTO employees (store_id, id, name, min_weekly_minutes, max_weekly_minutes, "
    "max_shift_minutes, max_consecutive_days, minor, hourly_cost_cents, created_ms, updated_ms) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertSkill =
    "INSERT INTO employee_skills (store_id, employee_id, position, skill) VALUES (?, ?, ?, ?)";
constexpr std::string_view kInsertUnavailability =
    "INSERT INTO employee_unavailability (store_id, employee_id, position, weekday, start_minute, "
    "end_minute, hard, weight) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertDayOff =
    "INSERT INTO employee_days_off (store_id, employee_id, day, hard, weight) "
    "VALUES (?, ?, ?, ?, ?)";

// Every employee query of one store; the single-employee load adds `AND id = ?` via a second
// parameter that matches everything when NULL.
constexpr std::string_view kSelectEmployees =
    "SELECT id, name, min_weekly_minutes, max_weekly_minutes, max_shift_minutes, "
    "max_consecutive_days, minor, hourly_cost_cents, created_ms, updated_ms FROM employees "
    "WHERE store_id = ?1 AND (?2 IS NULL OR id = ?2) ORDER BY id";
constexpr std::string_view kSelectSkills =
    "SELECT employee_id, skill FROM employee_skills WHERE store_id = ?1 "
    "AND (?2 IS NULL OR employee_id = ?2) ORDER BY employee_id, position";
constexpr std::string_view kSelectUnavailability =
    "SELECT employee_id, weekday, start_minute, end_minute, hard, weight "
    "FROM employee_unavailability WHERE store_id = ?1 AND (?2 IS NULL OR employee_id = ?2) "
    "ORDER BY employee_id, position";
constexpr std::string_view kSelectDaysOff =
    "SELECT employee_id, day, hard, weight FROM employee_days_off WHERE store_id = ?1 "
    "AND (?2 IS NULL OR employee_id = ?2) ORDER BY employee_id, day";

constexpr std::string_view kSelectRosterStore = "SELECT store_id FROM rosters WHERE id = ?";
constexpr std::string_view kDeleteRoster = "DELETE FROM rosters WHERE id = ?";
constexpr std::string_view kInsertRoster =
    "INSERT INTO rosters (id, store_id, week_start, status, score_total, feasible, gap, seconds, "
    "created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertAssignment =
    "INSERT INTO roster_assignments (roster_id, position, employee_id, day, shift_id, "
    "start_minute, length_minutes, skill) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertCover =
    "INSERT INTO roster_cover (roster_id, position, day, start_minute, end_minute, skill, "
    "required) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSelectRoster =
    "SELECT store_id, week_start, status, score_total, feasible, gap, seconds, created_ms, "
    "updated_ms FROM rosters WHERE id = ?";
constexpr std::string_view kSelectAssignments =
    "SELECT employee_id, day, shift_id, start_minute, length_minutes, skill "
    "FROM roster_assignments WHERE roster_id = ? ORDER BY position";
constexpr std::string_view kSelectCover =
    "SELECT day, start_minute, end_minute, skill, required FROM roster_cover WHERE roster_id = ? "
    "ORDER BY position";
constexpr std::string_view kListRosters =
    "SELECT id, week_start, status, score_total, feasible, created_ms, updated_ms, "
    "(SELECT count(*) FROM roster_assignments AS a WHERE a.roster_id = rosters.id) "
    "FROM rosters WHERE store_id = ? ORDER BY week_start DESC, created_ms DESC, id";

constexpr std::string_view kDeleteStandards = "DELETE FROM labour_standards WHERE store_id = ?";
constexpr std::string_view kInsertStandards =
    "INSERT INTO labour_standards (store_id, shrinkage, updated_ms) VALUES (?, ?, ?)";
constexpr std::string_view kInsertDepartmentStandard =
    "INSERT INTO labour_standard_departments (store_id, position, department_id, kind, skill, "
    "aht_seconds, service_level, within_seconds, patience_seconds, service_minutes_per_customer, "
    "items_per_customer, items_per_minute, utilisation_target, minimum_staff, shrinkage) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSelectStandards =
    "SELECT shrinkage, updated_ms FROM labour_standards WHERE store_id = ?";
constexpr std::string_view kSelectDepartmentStandards =
    "SELECT department_id, kind, skill, aht_seconds, service_level, within_seconds, "
    "patience_seconds, service_minutes_per_customer, items_per_customer, items_per_minute, "
    "utilisation_target, minimum_staff, shrinkage FROM labour_standard_departments "
    "WHERE store_id = ? ORDER BY position";

core::Error WithContext(core::Error error, std::string_view context) {
  error.message = fmt::format("{}: {}", context, error.message);
  return error;
}

core::Error InternalFromException(std::string_view context, const char* what) {
  return core::Error{core::ErrorCode::kInternal, fmt::format("{}: {}", context, what), {}};
}

int64_t Position(size_t index) { return static_cast<int64_t>(index); }

int64_t Flag(bool value) { return value ? 1 : 0; }

int64_t DayNumber(std::chrono::sys_days day) { return day.time_since_epoch().count(); }

std::chrono::sys_days DayFrom(int64_t number) {
  return std::chrono::sys_days(std::chrono::days(number));
}

core::Status InsertEmployeeRows(WriteContext& context, const StoredEmployee& employee,
                                core::Timestamp created) {
  const std::string_view store = employee.store_id.value();
  const std::string_view id = employee.id.value();
  if (auto inserted = Inserter(context, kInsertEmployee)
                          .Insert(store, id, employee.name, employee.min_weekly_minutes,
                                  employee.max_weekly_minutes, employee.max_shift_minutes,
                                  employee.max_consecutive_days, Flag(employee.minor),
                                  employee.hourly_cost_cents, core::ToEpochMs(created),
                                  core::ToEpochMs(employee.updated));
      !inserted) {
    return inserted;
  }
  Inserter skills(context, kInsertSkill);
  for (size_t i = 0; i < employee.skills.size(); ++i) {
    if (auto inserted = skills.Insert(store, id, Position(i), employee.skills[i]); !inserted) {
      return inserted;
    }
  }
  Inserter windows(context, kInsertUnavailability);
  for (size_t i = 0; i < employee.unavailable.size(); ++i) {
    const auto& window = employee.unavailable[i];
    if (auto inserted = windows.Insert(store, id, Position(i), window.weekday, window.start_minute,
                                       window.end_minute, Flag(window.hard), window.weight);
        !inserted) {
      return inserted;
    }
  }
  Inserter days(context, kInsertDayOff);
  for (const auto& day : employee.days_off) {
    if (auto inserted = days.Insert(store, id, DayNumber(day.date), Flag(day.hard), day.weight);
        !inserted) {
      return inserted;
    }
  }
  return core::Ok();
}

// The created time of an existing employee, nullopt when there is none.
core::Result<std::optional<int64_t>> ExistingCreated(WriteContext& context,
                                                     const StoredEmployee& employee) {
  auto select = context.Prepare(kSelectEmployeeCreated);
  if (!select) {
    return core::Fail(std::move(select.error()));
  }
  auto row = select->BindAll(employee.store_id.value(), employee.id.value()).Step();
  if (!row) {
    return core::Fail(std::move(row.error()));
  }
  if (!*row) {
    return std::optional<int64_t>();
  }
  return std::optional<int64_t>(select->Int64(0));
}

core::Error NoSuchEmployee(const core::StoreId& store, const core::EmployeeId& id) {
  return core::Error{
      core::ErrorCode::kNotFound,
      fmt::format("employee '{}' of store '{}' does not exist", id.value(), store.value()),
      {}};
}

// Binds the store and, when given, one employee id (NULL matches every employee).
auto BindEmployees(std::string_view store, const std::optional<std::string_view>& id) {
  return [store, id](Statement& statement) {
    statement.Bind(1, store);
    statement.Bind(2, id);
  };
}

core::Result<std::vector<StoredEmployee>> ReadEmployees(Connection& connection,
                                                        const core::StoreId& store,
                                                        std::optional<std::string_view> only) {
  auto transaction = ReadTransaction::Begin(connection);
  if (!transaction) {
    return core::Fail(std::move(transaction.error()));
  }
  std::vector<StoredEmployee> employees;
  std::map<std::string, size_t, std::less<>> index;
  auto status = ForEachRow(connection, kSelectEmployees, BindEmployees(store.value(), only),
                           [&](const Statement& row) {
                             StoredEmployee employee;
                             employee.store_id = store;
                             employee.id = core::EmployeeId{row.Text(0)};
                             employee.name = row.Text(1);
                             employee.min_weekly_minutes = row.Int32(2);
                             employee.max_weekly_minutes = row.Int32(3);
                             employee.max_shift_minutes = row.Int32(4);
                             employee.max_consecutive_days = row.Int32(5);
                             employee.minor = row.Int64(6) != 0;
                             employee.hourly_cost_cents = row.Int64(7);
                             employee.created = core::FromEpochMs(row.Int64(8));
                             employee.updated = core::FromEpochMs(row.Int64(9));
                             index.emplace(employee.id.value(), employees.size());
                             employees.push_back(std::move(employee));
                             return core::Ok();
                           });
  // Child rows of an employee that is not in the list cannot exist (foreign keys); skip them.
  auto owner = [&](const Statement& row) -> StoredEmployee* {
    auto it = index.find(row.Text(0));
    return it == index.end() ? nullptr : &employees[it->second];
  };
  status = status.and_then([&] {
    return ForEachRow(connection, kSelectSkills, BindEmployees(store.value(), only),
                      [&](const Statement& row) {
                        if (StoredEmployee* employee = owner(row); employee != nullptr) {
                          employee->skills.push_back(row.Text(1));
                        }
                        return core::Ok();
                      });
  });
  status = status.and_then([&] {
    return ForEachRow(
        connection, kSelectUnavailability, BindEmployees(store.value(), only),
        [&](const Statement& row) {
          if (StoredEmployee* employee = owner(row); employee != nullptr) {
            employee->unavailable.push_back(storage::StoredUnavailability{
                row.Int32(1), row.Int32(2), row.Int32(3), row.Int64(4) != 0, row.Double(5)});
          }
          return core::Ok();
        });
  });
  status = status.and_then([&] {
    return ForEachRow(
        connection, kSelectDaysOff, BindEmployees(store.value(), only), [&](const Statement& row) {
          if (StoredEmployee* employee = owner(row); employee != nullptr) {
            employee->days_off.push_back(
                storage::StoredDayOff{DayFrom(row.Int64(1)), row.Int64(2) != 0, row.Double(3)});
          }
          return core::Ok();
        });
  });
  if (!status) {
    return core::Fail(std::move(status.error()));
  }
  if (auto committed = transaction->Commit(); !committed) {
    return core::Fail(std::move(committed.error()));
  }
  return employees;
}

core::Status WriteRosterRows(WriteContext& context, const StoredRoster& roster) {
  {
    auto select = context.Prepare(kSelectRosterStore);
    if (!select) {
      return core::Fail(std::move(select.error()));
    }
    auto row = select->Bind(1, std::string_view(roster.id)).Step();
    if (!row) {
      return core::Fail(std::move(row.error()));
    }
    if (*row && select->Text(0) != roster.store_id.value()) {
      return core::Fail(
          core::ErrorCode::kInvalidArgument,
          fmt::format("roster '{}' belongs to store '{}'", roster.id, select->Text(0)));
    }
  }
  // ON DELETE CASCADE removes the rows, so a save is a full replacement.
  if (auto deleted = Inserter(context, kDeleteRoster).Insert(roster.id); !deleted) {
    return deleted;
  }
  if (auto inserted = Inserter(context, kInsertRoster)
                          .Insert(roster.id, roster.store_id.value(), DayNumber(roster.week_start),
                                  roster.status, roster.score_total, Flag(roster.feasible),
                                  roster.gap, roster.seconds, core::ToEpochMs(roster.created),
                                  core::ToEpochMs(roster.updated));
      !inserted) {
    return inserted;
  }
  Inserter assignments(context, kInsertAssignment);
  for (size_t i = 0; i < roster.assignments.size(); ++i) {
    const auto& a = roster.assignments[i];
    if (auto inserted = assignments.Insert(roster.id, Position(i), a.employee_id, a.day, a.shift_id,
                                           a.start_minute, a.length_minutes, a.skill);
        !inserted) {
      return inserted;
    }
  }
  Inserter cover(context, kInsertCover);
  for (size_t i = 0; i < roster.cover.size(); ++i) {
    const auto& c = roster.cover[i];
    if (auto inserted = cover.Insert(roster.id, Position(i), c.day, c.start_minute, c.end_minute,
                                     c.skill, c.required);
        !inserted) {
      return inserted;
    }
  }
  return core::Ok();
}

core::Result<StoredRoster> ReadRoster(Connection& connection, const std::string& id) {
  auto transaction = ReadTransaction::Begin(connection);
  if (!transaction) {
    return core::Fail(std::move(transaction.error()));
  }
  StoredRoster roster;
  roster.id = id;
  {
    auto select = connection.Prepare(kSelectRoster);
    if (!select) {
      return core::Fail(std::move(select.error()));
    }
    auto row = select->Bind(1, std::string_view(id)).Step();
    if (!row) {
      return core::Fail(std::move(row.error()));
    }
    if (!*row) {
      return core::Fail(core::ErrorCode::kNotFound, fmt::format("roster '{}' does not exist", id));
    }
    roster.store_id = core::StoreId{select->Text(0)};
    roster.week_start = DayFrom(select->Int64(1));
    roster.status = select->Text(2);
    roster.score_total = select->Double(3);
    roster.feasible = select->Int64(4) != 0;
    roster.gap = select->Double(5);
    roster.seconds = select->Double(6);
    roster.created = core::FromEpochMs(select->Int64(7));
    roster.updated = core::FromEpochMs(select->Int64(8));
  }
  auto bind_id = [&id](Statement& statement) { statement.Bind(1, std::string_view(id)); };
  auto status = ForEachRow(connection, kSelectAssignments, bind_id, [&](const Statement& row) {
    roster.assignments.push_back(storage::StoredAssignment{
        row.Text(0), row.Int32(1), row.Text(2), row.Int32(3), row.Int32(4), row.Text(5)});
    return core::Ok();
  });
  status = status.and_then([&] {
    return ForEachRow(connection, kSelectCover, bind_id, [&](const Statement& row) {
      roster.cover.push_back(storage::StoredCover{row.Int32(0), row.Int32(1), row.Int32(2),
                                                  row.Text(3), row.Int32(4)});
      return core::Ok();
    });
  });
  if (!status) {
    return core::Fail(std::move(status.error()));
  }
  if (auto committed = transaction->Commit(); !committed) {
    return core::Fail(std::move(committed.error()));
  }
  return roster;
}

// Runs `read` on a leased connection, adding `context` to any error but kNotFound.
template <class Read>
auto WithLease(ReadPool& readers, const std::string& context, Read&& read)
    -> decltype(read(std::declval<Connection&>())) {
  try {
    auto lease = readers.Acquire();
    if (!lease) {
      return core::Fail(WithContext(std::move(lease.error()), context));
    }
    auto result = read(**lease);
    if (!result && result.error().code != core::ErrorCode::kNotFound) {
      return core::Fail(WithContext(std::move(result.error()), context));
    }
    return result;
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(context, error.what()));
  }
}

core::Status SubmitWrite(Writer& writer, const std::string& context, WriteUnit unit) {
  try {
    auto written = writer.Submit(std::move(unit));
    if (!written && written.error().code != core::ErrorCode::kNotFound) {
      return core::Fail(WithContext(std::move(written.error()), context));
    }
    return written;
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(context, error.what()));
  }
}

core::Status WriteStandards(WriteContext& context,
                            const storage::StoredLabourStandards& standards) {
  const std::string_view store = standards.store_id.value();
  std::set<std::string_view> seen;
  for (const auto& department : standards.departments) {
    if (!seen.insert(department.department).second) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        fmt::format("department '{}' is listed twice", department.department));
    }
  }
  // ON DELETE CASCADE removes the department rows, so a save is a full replacement.
  if (auto deleted = Inserter(context, kDeleteStandards).Insert(store); !deleted) {
    return deleted;
  }
  if (auto inserted = Inserter(context, kInsertStandards)
                          .Insert(store, standards.shrinkage, core::ToEpochMs(standards.updated));
      !inserted) {
    return inserted;
  }
  Inserter rows(context, kInsertDepartmentStandard);
  for (size_t i = 0; i < standards.departments.size(); ++i) {
    const auto& d = standards.departments[i];
    if (auto inserted =
            rows.Insert(store, Position(i), d.department, d.kind, d.skill, d.aht_seconds,
                        d.service_level, d.within_seconds, d.patience_seconds,
                        d.service_minutes_per_customer, d.items_per_customer, d.items_per_minute,
                        d.utilisation_target, d.minimum_staff, d.shrinkage);
        !inserted) {
      return inserted;
    }
  }
  return core::Ok();
}

core::Result<std::optional<storage::StoredLabourStandards>> ReadStandards(
    Connection& connection, const core::StoreId& store) {
  auto transaction = ReadTransaction::Begin(connection);
  if (!transaction) {
    return core::Fail(std::move(transaction.error()));
  }
  std::optional<storage::StoredLabourStandards> standards;
  auto bind_store = [&store](Statement& statement) { statement.Bind(1, store.value()); };
  auto status = ForEachRow(connection, kSelectStandards, bind_store, [&](const Statement& row) {
    standards.emplace();
    standards->store_id = store;
    standards->shrinkage = row.Double(0);
    standards->updated = core::FromEpochMs(row.Int64(1));
    return core::Ok();
  });
  if (status && standards) {
    status =
        ForEachRow(connection, kSelectDepartmentStandards, bind_store, [&](const Statement& row) {
          storage::StoredDepartmentStandard d;
          d.department = row.Text(0);
          d.kind = row.Text(1);
          d.skill = row.Text(2);
          d.aht_seconds = row.Double(3);
          d.service_level = row.Double(4);
          d.within_seconds = row.Double(5);
          if (!row.IsNull(6)) {
            d.patience_seconds = row.Double(6);
          }
          d.service_minutes_per_customer = row.Double(7);
          d.items_per_customer = row.Double(8);
          d.items_per_minute = row.Double(9);
          d.utilisation_target = row.Double(10);
          d.minimum_staff = row.Int32(11);
          if (!row.IsNull(12)) {
            d.shrinkage = row.Double(12);
          }
          standards->departments.push_back(std::move(d));
          return core::Ok();
        });
  }
  if (!status) {
    return core::Fail(std::move(status.error()));
  }
  if (auto committed = transaction->Commit(); !committed) {
    return core::Fail(std::move(committed.error()));
  }
  return standards;
}

}  // namespace

core::Status SqliteStaffingRepository::CreateEmployee(const StoredEmployee& employee) {
  const std::string context = fmt::format("creating employee '{}' of store '{}'",
                                          employee.id.value(), employee.store_id.value());
  return SubmitWrite(writer_, context, [&employee](WriteContext& write) -> core::Status {
    auto existing = ExistingCreated(write, employee);
    if (!existing) {
      return core::Fail(std::move(existing.error()));
    }
    if (existing->has_value()) {
      return core::Fail(core::ErrorCode::kAlreadyExists,
                        fmt::format("employee '{}' already exists", employee.id.value()));
    }
    return InsertEmployeeRows(write, employee, employee.created);
  });
}

core::Status SqliteStaffingRepository::UpdateEmployee(const StoredEmployee& employee) {
  const std::string context = fmt::format("updating employee '{}' of store '{}'",
                                          employee.id.value(), employee.store_id.value());
  return SubmitWrite(writer_, context, [&employee](WriteContext& write) -> core::Status {
    auto existing = ExistingCreated(write, employee);
    if (!existing) {
      return core::Fail(std::move(existing.error()));
    }
    if (!existing->has_value()) {
      return core::Fail(NoSuchEmployee(employee.store_id, employee.id));
    }
    if (auto deleted =
            Inserter(write, kDeleteEmployee).Insert(employee.store_id.value(), employee.id.value());
        !deleted) {
      return deleted;
    }
    return InsertEmployeeRows(write, employee, core::FromEpochMs(**existing));
  });
}

core::Result<StoredEmployee> SqliteStaffingRepository::LoadEmployee(const core::StoreId& store,
                                                                    const core::EmployeeId& id) {
  const std::string context =
      fmt::format("loading employee '{}' of store '{}'", id.value(), store.value());
  return WithLease(readers_, context, [&](Connection& connection) -> core::Result<StoredEmployee> {
    auto employees = ReadEmployees(connection, store, std::string_view(id.value()));
    if (!employees) {
      return core::Fail(std::move(employees.error()));
    }
    if (employees->empty()) {
      return core::Fail(NoSuchEmployee(store, id));
    }
    return std::move(employees->front());
  });
}

core::Result<std::vector<StoredEmployee>> SqliteStaffingRepository::ListEmployees(
    const core::StoreId& store) {
  const std::string context = fmt::format("listing employees of store '{}'", store.value());
  return WithLease(readers_, context, [&](Connection& connection) {
    return ReadEmployees(connection, store, std::nullopt);
  });
}

core::Status SqliteStaffingRepository::DeleteEmployee(const core::StoreId& store,
                                                      const core::EmployeeId& id) {
  const std::string context =
      fmt::format("deleting employee '{}' of store '{}'", id.value(), store.value());
  return SubmitWrite(writer_, context, [&](WriteContext& write) -> core::Status {
    if (auto deleted = Inserter(write, kDeleteEmployee).Insert(store.value(), id.value());
        !deleted) {
      return deleted;
    }
    if (write.Changes() == 0) {
      return core::Fail(NoSuchEmployee(store, id));
    }
    return core::Ok();
  });
}

core::Status SqliteStaffingRepository::SaveRoster(const StoredRoster& roster) {
  const std::string context = fmt::format("saving roster '{}'", roster.id);
  return SubmitWrite(writer_, context,
                     [&roster](WriteContext& write) { return WriteRosterRows(write, roster); });
}

core::Result<StoredRoster> SqliteStaffingRepository::LoadRoster(const std::string& id) {
  const std::string context = fmt::format("loading roster '{}'", id);
  return WithLease(readers_, context,
                   [&](Connection& connection) { return ReadRoster(connection, id); });
}

core::Result<std::vector<storage::RosterSummary>> SqliteStaffingRepository::ListRosters(
    const core::StoreId& store) {
  const std::string context = fmt::format("listing rosters of store '{}'", store.value());
  return WithLease(
      readers_, context,
      [&](Connection& connection) -> core::Result<std::vector<storage::RosterSummary>> {
        std::vector<storage::RosterSummary> rosters;
        auto status = ForEachRow(
            connection, kListRosters,
            [&](Statement& statement) { statement.Bind(1, store.value()); },
            [&](const Statement& row) {
              rosters.push_back(storage::RosterSummary{
                  row.Text(0), store, DayFrom(row.Int64(1)), row.Text(2), row.Double(3),
                  row.Int64(4) != 0, row.Int64(7), core::FromEpochMs(row.Int64(5)),
                  core::FromEpochMs(row.Int64(6))});
              return core::Ok();
            });
        if (!status) {
          return core::Fail(std::move(status.error()));
        }
        return rosters;
      });
}

core::Result<std::optional<storage::StoredLabourStandards>>
SqliteStaffingRepository::LoadLabourStandards(const core::StoreId& store) {
  const std::string context =
      fmt::format("loading the labour standards of store '{}'", store.value());
  return WithLease(readers_, context,
                   [&](Connection& connection) { return ReadStandards(connection, store); });
}

core::Status SqliteStaffingRepository::SaveLabourStandards(
    const storage::StoredLabourStandards& standards) {
  const std::string context =
      fmt::format("saving the labour standards of store '{}'", standards.store_id.value());
  return SubmitWrite(writer_, context, [&standards](WriteContext& write) {
    return WriteStandards(write, standards);
  });
}

core::Status SqliteStaffingRepository::DeleteLabourStandards(const core::StoreId& store) {
  const std::string context =
      fmt::format("deleting the labour standards of store '{}'", store.value());
  return SubmitWrite(writer_, context, [&store](WriteContext& write) -> core::Status {
    auto select = write.Prepare(kSelectStandards);
    if (!select) {
      return core::Fail(std::move(select.error()));
    }
    auto row = select->Bind(1, store.value()).Step();
    if (!row) {
      return core::Fail(std::move(row.error()));
    }
    if (!*row) {
      return core::Fail(core::ErrorCode::kNotFound,
                        fmt::format("store '{}' has no labour standards of its own; it uses the "
                                    "defaults",
                                    store.value()));
    }
    select->Reset();
    return Inserter(write, kDeleteStandards).Insert(store.value());
  });
}

}  // namespace storeops::storage_sqlite::internal
