// SPDX-License-Identifier: Apache-2.0
#include "storeops/service/staffing_service.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <exception>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "storeops/staffing/requirements.hpp"

namespace storeops::service {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr int kMinutesPerWeek = 7 * 1440;
constexpr int kWeekDays = 7;

core::Error Invalid(std::vector<core::FieldError> details) {
  std::string message = "invalid input";
  if (!details.empty()) {
    message = fmt::format("{}: {}", details.front().field, details.front().reason);
    if (details.size() > 1) {
      message += fmt::format(" (and {} more)", details.size() - 1);
    }
  }
  return core::Error{core::ErrorCode::kInvalidArgument, std::move(message), std::move(details)};
}

// Linear-interpolated empirical quantile of a non-empty sample.
double Quantile(std::vector<double> sample, double q) {
  std::sort(sample.begin(), sample.end());
  const double position = q * static_cast<double>(sample.size() - 1);
  const auto lower = static_cast<size_t>(std::floor(position));
  const size_t upper = std::min(lower + 1, sample.size() - 1);
  const double fraction = position - static_cast<double>(lower);
  return sample[lower] + (sample[upper] - sample[lower]) * fraction;
}

std::string HourMinute(int minute_of_day) {
  return fmt::format("{:02}:{:02}", (minute_of_day / 60) % 24, minute_of_day % 60);
}

int WeekdayIndex(std::chrono::sys_days day) {
  return static_cast<int>(std::chrono::weekday(day).iso_encoding()) - 1;  // 0 Monday
}

core::LocalDateTime LocalMidnight(std::chrono::sys_days day) {
  const std::chrono::year_month_day date(day);
  core::LocalDateTime local;
  local.year = static_cast<int>(date.year());
  local.month = static_cast<int>(static_cast<unsigned>(date.month()));
  local.day = static_cast<int>(static_cast<unsigned>(date.day()));
  local.weekday = static_cast<core::Weekday>(WeekdayIndex(day));
  return local;
}

std::chrono::sys_days LocalDate(const core::LocalDateTime& local) {
  return std::chrono::sys_days(std::chrono::year(local.year) /
                               std::chrono::month(static_cast<unsigned>(local.month)) /
                               std::chrono::day(static_cast<unsigned>(local.day)));
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// Default labour standards, for departments the store set none for (docs/STAFFING.md, "Labour
// standards"): tills, pharmacy and service desks queue (Erlang C); the rest is workload at 3.5
// minutes per customer.
staffing::LabourStandard DefaultStandardFor(const core::Store& store, std::string_view department) {
  staffing::LabourStandard standard;
  standard.department = std::string(department);
  standard.minimum_staff = 1;
  std::string first_skill;
  std::string name(department);
  if (const core::Department* found = store.FindDepartment(core::DepartmentId{department});
      found != nullptr) {
    name += " " + found->name;
    if (!found->skills.empty()) {
      first_skill = found->skills.front();
    }
  }
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto skill_or = [&](std::string fallback) {
    return first_skill.empty() ? std::move(fallback) : first_skill;
  };
  if (department == kCheckoutDepartment) {
    standard.kind = staffing::DepartmentKind::kQueue;
    standard.skill = "cashier";
    standard.aht_seconds = 150;
    standard.target.service_level = 0.8;
    standard.target.within_seconds = 120;
  } else if (Contains(name, "pharma")) {
    standard.kind = staffing::DepartmentKind::kQueue;
    standard.skill = skill_or("pharmacist");
    standard.aht_seconds = 300;
    standard.target.within_seconds = 300;
  } else if (Contains(name, "service")) {
    standard.kind = staffing::DepartmentKind::kQueue;
    standard.skill = skill_or("customer_service");
    standard.aht_seconds = 240;
    standard.target.within_seconds = 180;
  } else {
    standard.kind = staffing::DepartmentKind::kWorkload;
    standard.skill = skill_or("sales");
    standard.service_minutes_per_customer = 3.5;
    standard.utilisation_target = 0.85;
  }
  return standard;
}

constexpr std::string_view kQueueKind = "queue";
constexpr std::string_view kWorkloadKind = "workload";

std::string_view KindName(staffing::DepartmentKind kind) {
  return kind == staffing::DepartmentKind::kQueue ? kQueueKind : kWorkloadKind;
}

staffing::LabourStandard FromStored(const storage::StoredDepartmentStandard& stored) {
  staffing::LabourStandard standard;
  standard.department = stored.department;
  standard.skill = stored.skill;
  standard.kind = stored.kind == kQueueKind ? staffing::DepartmentKind::kQueue
                                            : staffing::DepartmentKind::kWorkload;
  standard.aht_seconds = stored.aht_seconds;
  standard.target.service_level = stored.service_level;
  standard.target.within_seconds = stored.within_seconds;
  standard.patience_seconds = stored.patience_seconds;
  standard.service_minutes_per_customer = stored.service_minutes_per_customer;
  standard.items_per_customer = stored.items_per_customer;
  standard.items_per_minute = stored.items_per_minute;
  standard.utilisation_target = stored.utilisation_target;
  standard.minimum_staff = stored.minimum_staff;
  standard.shrinkage = stored.shrinkage;
  return standard;
}

storage::StoredDepartmentStandard ToStored(const staffing::LabourStandard& standard) {
  storage::StoredDepartmentStandard stored;
  stored.department = standard.department;
  stored.kind = std::string(KindName(standard.kind));
  stored.skill = standard.skill;
  stored.aht_seconds = standard.aht_seconds;
  stored.service_level = standard.target.service_level;
  stored.within_seconds = standard.target.within_seconds;
  stored.patience_seconds = standard.patience_seconds;
  stored.service_minutes_per_customer = standard.service_minutes_per_customer;
  stored.items_per_customer = standard.items_per_customer;
  stored.items_per_minute = standard.items_per_minute;
  stored.utilisation_target = standard.utilisation_target;
  stored.minimum_staff = standard.minimum_staff;
  stored.shrinkage = standard.shrinkage;
  return stored;
}

// The labour standards a store set (none: every department gets its default) and the shrinkage
// in effect.
struct StoreStandards {
  double shrinkage = 0;
  bool from_store = false;
  std::optional<core::Timestamp> updated;
  std::map<std::string, staffing::LabourStandard, std::less<>> departments;
};

core::Result<StoreStandards> LoadStandards(storage::StaffingRepository& repository,
                                           const core::StoreId& store,
                                           const StaffingDefaults& defaults) {
  auto stored = repository.LoadLabourStandards(store);
  if (!stored) {
    return core::Fail(std::move(stored.error()));
  }
  StoreStandards out;
  out.shrinkage = defaults.shrinkage;
  if (*stored) {
    out.from_store = true;
    out.shrinkage = (*stored)->shrinkage;
    out.updated = (*stored)->updated;
    for (const auto& department : (*stored)->departments) {
      out.departments.emplace(department.department, FromStored(department));
    }
  }
  return out;
}

staffing::LabourStandard StandardFor(const core::Store& store, std::string_view department,
                                     const StoreStandards& own) {
  if (auto found = own.departments.find(department); found != own.departments.end()) {
    return found->second;
  }
  return DefaultStandardFor(store, department);
}

// The departments a request names, checked against the store; empty: all of them + checkout.
core::Result<std::vector<std::string>> ResolveDepartments(const core::Store& store,
                                                          const std::vector<std::string>& asked) {
  std::vector<std::string> out;
  if (asked.empty()) {
    for (const auto& department : store.departments) {
      out.push_back(department.id.value());
    }
    out.emplace_back(kCheckoutDepartment);
    return out;
  }
  std::vector<core::FieldError> problems;
  std::set<std::string> seen;
  for (size_t i = 0; i < asked.size(); ++i) {
    const std::string& id = asked[i];
    if (id != kCheckoutDepartment && store.FindDepartment(core::DepartmentId{id}) == nullptr) {
      problems.push_back({fmt::format("departments[{}]", i),
                          fmt::format("store '{}' has no department '{}'", store.id.value(), id)});
    } else if (seen.insert(id).second) {
      out.push_back(id);
    }
  }
  if (!problems.empty()) {
    return core::Fail(Invalid(std::move(problems)));
  }
  return out;
}

// Opening hours of one local weekday, defaults when the store gives none at all.
std::optional<std::pair<int, int>> OpenHours(const core::Store& store, int weekday,
                                             const StaffingDefaults& defaults) {
  const bool any = std::any_of(store.opening_hours.begin(), store.opening_hours.end(),
                               [](const auto& day) { return day.has_value(); });
  if (!any) {
    return std::pair{defaults.open_minute, defaults.close_minute};
  }
  const auto& day = store.opening_hours[static_cast<size_t>(weekday)];
  if (!day) {
    return std::nullopt;
  }
  return std::pair{static_cast<int>(day->open_minute), static_cast<int>(day->close_minute)};
}

bool IsOpen(const core::Store& store, const core::LocalDateTime& local,
            const StaffingDefaults& defaults) {
  const auto open = OpenHours(store, static_cast<int>(local.weekday), defaults);
  const int minute = local.MinuteOfDay();
  return open && minute >= open->first && minute < open->second;
}

// "<skill>@HH:MM+<minutes>" (GenerateShiftTemplates' ids) back into a template.
std::optional<staffing::ShiftType> ParseShiftId(std::string_view id) {
  const size_t at = id.rfind('@');
  const size_t plus = id.rfind('+');
  if (at == std::string_view::npos || plus == std::string_view::npos || plus < at ||
      plus - at != 6 || id[at + 3] != ':') {
    return std::nullopt;
  }
  auto number = [](std::string_view text) -> std::optional<int> {
    int value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
      return std::nullopt;
    }
    return value;
  };
  const auto hh = number(id.substr(at + 1, 2));
  const auto mm = number(id.substr(at + 4, 2));
  const auto length = number(id.substr(plus + 1));
  if (!hh || !mm || !length || *hh > 23 || *mm > 59 || *length <= 0 || *length > 1440) {
    return std::nullopt;
  }
  staffing::ShiftType shift;
  shift.id = std::string(id);
  shift.skill = std::string(id.substr(0, at));
  shift.start_minute = *hh * 60 + *mm;
  shift.length_minutes = *length;
  return shift;
}

std::string ShiftIdFor(const std::string& skill, int start_minute, int length_minutes) {
  return fmt::format("{}@{}+{}", skill, HourMinute(start_minute), length_minutes);
}

// Everything a roster of one week is built or scored against.
struct WeekContext {
  std::chrono::sys_days week_start;
  int first_weekday = 0;
  int earliest_open = 0;
  int latest_close = 0;
};

WeekContext MakeWeek(const core::Store& store, std::chrono::sys_days week_start,
                     const StaffingDefaults& defaults) {
  WeekContext week;
  week.week_start = week_start;
  week.first_weekday = WeekdayIndex(week_start);
  week.earliest_open = 1440;
  week.latest_close = 0;
  for (int weekday = 0; weekday < kWeekDays; ++weekday) {
    if (const auto open = OpenHours(store, weekday, defaults); open) {
      week.earliest_open = std::min(week.earliest_open, open->first);
      week.latest_close = std::max(week.latest_close, open->second);
    }
  }
  if (week.latest_close <= week.earliest_open) {
    week.earliest_open = defaults.open_minute;
    week.latest_close = defaults.close_minute;
  }
  return week;
}

staffing::Employee ToRosterEmployee(const Employee& stored, const WeekContext& week,
                                    const StaffingDefaults& defaults,
                                    std::vector<staffing::ShiftRequest>& requests) {
  staffing::Employee employee;
  employee.id = stored.id.value();
  employee.name = stored.name.empty() ? stored.id.value() : stored.name;
  employee.skills = stored.skills;
  employee.min_total_minutes = stored.min_weekly_minutes;
  employee.max_total_minutes = stored.max_weekly_minutes;
  employee.max_consecutive_shifts =
      stored.max_consecutive_days > 0 ? stored.max_consecutive_days : defaults.max_consecutive_days;
  employee.max_shift_minutes = stored.max_shift_minutes;
  employee.hourly_cost_cents = stored.hourly_cost_cents;
  employee.minor = stored.minor;
  for (const auto& window : stored.unavailable) {
    const int day = ((window.weekday - week.first_weekday) % kWeekDays + kWeekDays) % kWeekDays;
    employee.unavailable.push_back(staffing::Unavailability{
        day, window.start_minute, window.end_minute, window.hard, window.weight});
  }
  for (const auto& off : stored.days_off) {
    const auto day = (off.date - week.week_start).count();
    if (day < 0 || day >= kWeekDays) {
      continue;
    }
    if (off.hard) {
      employee.days_off.push_back(static_cast<int>(day));
    } else {
      requests.push_back(
          staffing::ShiftRequest{employee.id, static_cast<int>(day), "", false, off.weight});
    }
  }
  return employee;
}

// The roster problem of a week: today's contracts, the stored cover, the standard shift grid of
// every skill the cover needs, plus any shift already in `assignments` (edits may use others).
core::Result<staffing::RosterProblem> BuildProblem(
    const WeekContext& week, const std::vector<Employee>& employees,
    const std::vector<storage::StoredCover>& cover,
    const std::vector<storage::StoredAssignment>& assignments, const StaffingDefaults& defaults) {
  staffing::RosterProblem problem;
  problem.horizon_days = kWeekDays;
  problem.first_weekday = week.first_weekday;
  problem.rules.min_rest_minutes = defaults.min_rest_minutes;
  problem.rules.breaks = {{360, 30}};
  problem.rules.labour_cost_weight = 0.01;
  problem.rules.fairness_weight = 1;
  std::set<std::string> known_employees;
  for (const auto& stored : employees) {
    problem.employees.push_back(ToRosterEmployee(stored, week, defaults, problem.requests));
    known_employees.insert(stored.id.value());
  }
  std::set<std::string> skills;
  for (const auto& row : cover) {
    skills.insert(row.skill);
    problem.cover.push_back(staffing::CoverRequirement{
        row.day, "", row.start_minute, row.end_minute, row.skill, row.required, 100, 1, false});
  }
  std::map<std::string, staffing::ShiftType> shifts;
  for (const auto& skill : skills) {
    auto generated = staffing::GenerateShiftTemplates(skill, week.earliest_open, week.latest_close,
                                                      defaults.shift_lengths_minutes,
                                                      defaults.shift_step_minutes);
    if (!generated) {
      return core::Fail(std::move(generated.error()));
    }
    for (auto& shift : *generated) {
      shifts.emplace(shift.id, std::move(shift));
    }
  }
  std::map<std::string, staffing::Employee> placeholders;
  for (const auto& assignment : assignments) {
    if (!shifts.contains(assignment.shift_id)) {
      staffing::ShiftType shift;
      shift.id = assignment.shift_id;
      shift.start_minute = assignment.start_minute;
      shift.length_minutes = assignment.length_minutes;
      shift.skill = assignment.skill;
      shifts.emplace(shift.id, std::move(shift));
    }
    // An employee deleted since the roster was built still has to be scored: no contract left.
    if (!known_employees.contains(assignment.employee_id)) {
      auto& placeholder = placeholders[assignment.employee_id];
      placeholder.id = assignment.employee_id;
      placeholder.name = assignment.employee_id + " (deleted)";
      if (!assignment.skill.empty() &&
          std::find(placeholder.skills.begin(), placeholder.skills.end(), assignment.skill) ==
              placeholder.skills.end()) {
        placeholder.skills.push_back(assignment.skill);
      }
    }
  }
  for (auto& [id, placeholder] : placeholders) {
    problem.employees.push_back(std::move(placeholder));
  }
  for (auto& [id, shift] : shifts) {
    problem.shifts.push_back(std::move(shift));
  }
  return problem;
}

std::vector<IntervalCoverage> Coverage(const staffing::RosterProblem& problem,
                                       const std::vector<storage::StoredAssignment>& assignments,
                                       const std::vector<storage::StoredCover>& cover) {
  std::map<std::string, const staffing::Employee*> employees;
  for (const auto& employee : problem.employees) {
    employees[employee.id] = &employee;
  }
  std::vector<IntervalCoverage> out;
  out.reserve(cover.size());
  for (const auto& row : cover) {
    IntervalCoverage interval{row.day,   row.start_minute, row.end_minute,
                              row.skill, row.required,     0};
    for (const auto& a : assignments) {
      const int start = a.day * 1440 + a.start_minute;
      const int end = start + a.length_minutes;
      const int from = row.day * 1440 + row.start_minute;
      const int to = row.day * 1440 + row.end_minute;
      if (start > from || end < to) {
        continue;
      }
      bool skilled = a.skill.empty() || a.skill == row.skill;
      if (a.skill.empty()) {
        auto it = employees.find(a.employee_id);
        skilled = it != employees.end() &&
                  std::find(it->second->skills.begin(), it->second->skills.end(), row.skill) !=
                      it->second->skills.end();
      }
      if (skilled) {
        ++interval.scheduled;
      }
    }
    out.push_back(std::move(interval));
  }
  return out;
}

std::string NewScheduleId() {
  static std::mutex mutex;
  static std::mt19937_64 source{std::random_device{}()};
  std::lock_guard lock(mutex);
  return fmt::format("sch_{:016x}", source());
}

std::string JsonNumber(double value) {
  if (!std::isfinite(value)) {
    return "null";
  }
  return fmt::format("{}", value);
}

core::Status ValidateEmployee(const Employee& employee) {
  std::vector<core::FieldError> problems;
  auto add = [&](std::string field, std::string reason) {
    problems.push_back({std::move(field), std::move(reason)});
  };
  if (!core::IsValidIdText(employee.id.value())) {
    add("id", "must be 1-64 characters of A-Z a-z 0-9 . _ -, not starting with '.'");
  }
  if (employee.name.size() > 200) {
    add("name", "must be at most 200 characters");
  }
  std::set<std::string> skills;
  for (size_t i = 0; i < employee.skills.size(); ++i) {
    const std::string& skill = employee.skills[i];
    if (skill.empty() || skill.size() > 64 || skill.find_first_of("@+ \t\n") != std::string::npos) {
      add(fmt::format("skills[{}]", i), "must be 1-64 characters without '@', '+' or spaces");
    } else if (!skills.insert(skill).second) {
      add(fmt::format("skills[{}]", i), fmt::format("'{}' is listed twice", skill));
    }
  }
  if (employee.min_weekly_minutes < 0 || employee.min_weekly_minutes > kMinutesPerWeek) {
    add("contract.min_hours", "must be between 0 and 168");
  }
  if (employee.max_weekly_minutes < 0 || employee.max_weekly_minutes > kMinutesPerWeek) {
    add("contract.max_hours", "must be between 0 and 168");
  } else if (employee.max_weekly_minutes < employee.min_weekly_minutes) {
    add("contract.max_hours", "must not be below contract.min_hours");
  }
  if (employee.max_shift_minutes < 0 || employee.max_shift_minutes > 1440) {
    add("contract.max_shift_hours", "must be between 0 (store default) and 24");
  }
  if (employee.max_consecutive_days < 0 || employee.max_consecutive_days > kWeekDays) {
    add("contract.max_consecutive_days", "must be between 0 (store default) and 7");
  }
  if (employee.hourly_cost_cents < 0 || employee.hourly_cost_cents > 100'000'00) {
    add("hourly_cost", "must be between 0 and 100000");
  }
  for (size_t i = 0; i < employee.unavailable.size(); ++i) {
    const auto& window = employee.unavailable[i];
    const std::string at = fmt::format("availability.unavailable[{}]", i);
    if (window.weekday < 0 || window.weekday > 6) {
      add(at + ".weekday", "must be 0 (Monday) to 6 (Sunday)");
    }
    if (window.start_minute < 0 || window.start_minute >= 1440) {
      add(at + ".from", "must be a time of day from 00:00 to 23:59");
    }
    if (window.end_minute <= window.start_minute || window.end_minute > 1440) {
      add(at + ".to", "must be after `from` and at most 24:00");
    }
    if (!std::isfinite(window.weight) || window.weight < 0) {
      add(at + ".weight", "must be a non-negative number");
    }
  }
  std::set<std::chrono::sys_days> dates;
  for (size_t i = 0; i < employee.days_off.size(); ++i) {
    const auto& off = employee.days_off[i];
    const std::string at = fmt::format("availability.days_off[{}]", i);
    if (!dates.insert(off.date).second) {
      add(at + ".date", "is listed twice");
    }
    if (!std::isfinite(off.weight) || off.weight < 0) {
      add(at + ".weight", "must be a non-negative number");
    }
  }
  if (!problems.empty()) {
    return core::Fail(Invalid(std::move(problems)));
  }
  return core::Ok();
}

}  // namespace

// --- AggregateDemandSource ---------------------------------------------------------------------

AggregateDemandSource::AggregateDemandSource(storage::AggregateRepository& aggregates,
                                             const core::Clock& clock, int weeks)
    : aggregates_(aggregates), clock_(clock), weeks_(std::max(weeks, 1)) {}

core::Result<std::vector<DemandPoint>> AggregateDemandSource::Demand(
    const core::StoreId& store, std::string_view department, core::Timestamp from,
    core::Timestamp to, DemandGranularity granularity) {
  if (to <= from) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "demand window is empty",
                      {{"to", "must be after from"}});
  }
  const auto step = granularity == DemandGranularity::kHour ? minutes(60) : minutes(15);
  const core::Timestamp now = clock_.Now();
  const auto from_minute = std::chrono::floor<minutes>(from);
  const core::Timestamp first = from_minute - from_minute.time_since_epoch() % step;
  // Samples are the same hour of the week in the last `weeks_` weeks before now.
  const auto week = std::chrono::duration_cast<std::chrono::milliseconds>(days(7));
  const core::Timestamp history_from =
      std::chrono::floor<hours>(first) - week * (weeks_ + (to - first) / week + 1);
  auto rows = aggregates_.LoadAggregates(store, history_from, now);
  if (!rows) {
    return core::Fail(std::move(rows.error()));
  }
  std::map<core::Timestamp, double> per_hour;
  if (department == kCheckoutDepartment) {
    // Cashiers serve baskets: the store-level count, each basket once, less those paid at
    // self-checkout. Hours rolled up before the basket roll-up existed (schema 6) have no row:
    // the sum of the departments' transactions (an upper bound, a basket once per department it
    // touches) stands in for them.
    for (const auto& row : rows->baskets) {
      per_hour[row.hour] = static_cast<double>(row.assisted_baskets());
    }
    std::map<core::Timestamp, double> department_sum;
    for (const auto& sale : rows->sales) {
      department_sum[sale.hour] += static_cast<double>(sale.transactions);
    }
    for (const auto& [hour, sum] : department_sum) {
      per_hour.try_emplace(hour, sum);
    }
  } else {
    for (const auto& sale : rows->sales) {
      if (sale.department.value() == department) {
        per_hour[sale.hour] += static_cast<double>(sale.transactions);
      }
    }
  }
  const double share = static_cast<double>(step.count()) / 60.0;
  std::vector<DemandPoint> points;
  for (core::Timestamp start = first; start < to; start += step) {
    const core::Timestamp hour = std::chrono::floor<hours>(start);
    std::vector<double> sample;
    for (core::Timestamp past = hour - week;
         static_cast<int>(sample.size()) < weeks_ && past >= history_from; past -= week) {
      if (past + hours(1) > now) {
        continue;  // that hour is not over yet
      }
      auto it = per_hour.find(past);
      sample.push_back(it == per_hour.end() ? 0.0 : it->second);
    }
    DemandPoint point;
    point.start = start;
    if (!sample.empty()) {
      double mean = 0;
      for (double value : sample) {
        mean += value;
      }
      mean /= static_cast<double>(sample.size());
      point.customers = mean * share;
      point.customers_p80 = std::max(mean, Quantile(sample, 0.8)) * share;
      point.customers_p95 = std::max(point.customers_p80 / share, Quantile(sample, 0.95)) * share;
    }
    points.push_back(point);
  }
  return points;
}

// --- StaffingService ---------------------------------------------------------------------------

std::string_view DemandOriginName(DemandOrigin origin) {
  return origin == DemandOrigin::kForecast ? "forecast" : "history_average";
}

std::optional<DeploymentHorizon> ParseDeploymentHorizon(std::string_view text) {
  if (text == "next_4_hours") {
    return DeploymentHorizon::kNext4Hours;
  }
  if (text == "next_24_hours") {
    return DeploymentHorizon::kNext24Hours;
  }
  if (text == "next_7_days") {
    return DeploymentHorizon::kNext7Days;
  }
  return std::nullopt;
}

struct StaffingService::Impl {
  // Builds the week's cover from demand: hourly requirements of every department, summed per
  // (day, hour, skill), only while the store is open.
  static core::Result<std::vector<storage::StoredCover>> WeekCover(
      const core::Store& store, const core::StoreCalendar& calendar, const WeekContext& week,
      const std::vector<std::string>& departments, DemandSource& demand,
      const StaffingDefaults& defaults, const StoreStandards& own) {
    const core::Timestamp from = calendar.ToUtc(LocalMidnight(week.week_start));
    const core::Timestamp to = calendar.ToUtc(LocalMidnight(week.week_start + days(kWeekDays)));
    staffing::RequirementsInput input;
    input.interval_minutes = 60;
    input.shrinkage = own.shrinkage;
    for (const auto& department : departments) {
      input.standards.push_back(StandardFor(store, department, own));
      auto points = demand.Demand(store.id, department, from, to, DemandGranularity::kHour);
      if (!points) {
        return core::Fail(std::move(points.error()));
      }
      std::set<int> seen;  // a repeated local hour (DST overlap) keeps its first UTC hour
      for (const auto& point : *points) {
        const core::LocalDateTime local = calendar.ToLocal(point.start);
        const auto day = (LocalDate(local) - week.week_start).count();
        if (day < 0 || day >= kWeekDays || !IsOpen(store, local, defaults)) {
          continue;
        }
        const int start = static_cast<int>(day) * 1440 + (local.MinuteOfDay() / 60) * 60;
        if (!seen.insert(start).second) {
          continue;
        }
        input.demand.push_back(staffing::DemandInterval{department, start, point.customers,
                                                        point.customers_p80, point.customers_p95});
      }
    }
    auto plan = staffing::ComputeRequirements(input);
    if (!plan) {
      return core::Fail(std::move(plan.error()));
    }
    std::map<std::tuple<int, int, std::string>, int> summed;
    for (const auto& row : plan->rows) {
      summed[{row.start_minute / 1440, row.start_minute % 1440, row.skill}] += row.rostered_staff;
    }
    std::vector<storage::StoredCover> cover;
    for (const auto& [key, required] : summed) {
      const auto& [day, start, skill] = key;
      cover.push_back(storage::StoredCover{day, start, start + 60, skill, required});
    }
    return cover;
  }

  static storage::StoredAssignment ToStored(const staffing::Assignment& assignment,
                                            const staffing::RosterProblem& problem) {
    storage::StoredAssignment stored{
        assignment.employee, assignment.day, assignment.shift, 0, 0, ""};
    for (const auto& shift : problem.shifts) {
      if (shift.id == assignment.shift) {
        stored.start_minute = shift.start_minute;
        stored.length_minutes = shift.length_minutes;
        stored.skill = shift.skill;
        break;
      }
    }
    return stored;
  }

  static staffing::Roster ToRoster(const std::vector<storage::StoredAssignment>& assignments) {
    staffing::Roster roster;
    for (const auto& a : assignments) {
      roster.assignments.push_back(staffing::Assignment{a.employee_id, a.day, a.shift_id});
    }
    return roster;
  }
};

StaffingService::StaffingService(StoreCatalog& stores, storage::StaffingRepository& repository,
                                 DemandSource& demand, JobRunner& jobs, const core::Clock& clock,
                                 StaffingDefaults defaults)
    : stores_(stores),
      repository_(repository),
      demand_(demand),
      jobs_(jobs),
      clock_(clock),
      defaults_(std::move(defaults)) {}

core::Result<Employee> StaffingService::CreateEmployee(Employee employee) {
  if (auto store = stores_.GetStore(employee.store_id); !store) {
    return core::Fail(std::move(store.error()));
  }
  if (auto valid = ValidateEmployee(employee); !valid) {
    return core::Fail(std::move(valid.error()));
  }
  std::sort(employee.days_off.begin(), employee.days_off.end(),
            [](const auto& a, const auto& b) { return a.date < b.date; });
  employee.created = employee.updated = clock_.Now();
  if (auto created = repository_.CreateEmployee(employee); !created) {
    return core::Fail(std::move(created.error()));
  }
  return employee;
}

core::Result<Employee> StaffingService::UpdateEmployee(Employee employee) {
  if (auto store = stores_.GetStore(employee.store_id); !store) {
    return core::Fail(std::move(store.error()));
  }
  if (auto valid = ValidateEmployee(employee); !valid) {
    return core::Fail(std::move(valid.error()));
  }
  std::sort(employee.days_off.begin(), employee.days_off.end(),
            [](const auto& a, const auto& b) { return a.date < b.date; });
  employee.updated = clock_.Now();
  if (auto updated = repository_.UpdateEmployee(employee); !updated) {
    return core::Fail(std::move(updated.error()));
  }
  return repository_.LoadEmployee(employee.store_id, employee.id);
}

core::Result<Employee> StaffingService::GetEmployee(const core::StoreId& store,
                                                    const core::EmployeeId& id) {
  return repository_.LoadEmployee(store, id);
}

core::Result<std::vector<Employee>> StaffingService::ListEmployees(const core::StoreId& store) {
  if (auto found = stores_.GetStore(store); !found) {
    return core::Fail(std::move(found.error()));
  }
  return repository_.ListEmployees(store);
}

core::Status StaffingService::DeleteEmployee(const core::StoreId& store,
                                             const core::EmployeeId& id) {
  return repository_.DeleteEmployee(store, id);
}

core::Result<LabourStandards> StaffingService::GetLabourStandards(const core::StoreId& store_id) {
  auto store = stores_.GetStore(store_id);
  if (!store) {
    return core::Fail(std::move(store.error()));
  }
  auto own = LoadStandards(repository_, store_id, defaults_);
  if (!own) {
    return core::Fail(std::move(own.error()));
  }
  LabourStandards out;
  out.store_id = store_id;
  out.shrinkage = own->shrinkage;
  out.from_store = own->from_store;
  out.updated = own->updated;
  // Every department the definition has now, then the tills; a stored standard of a department
  // the definition no longer has is kept but not shown (nothing uses it).
  auto departments = ResolveDepartments(**store, {});
  if (!departments) {
    return core::Fail(std::move(departments.error()));
  }
  for (const auto& department : *departments) {
    out.departments.push_back(LabourStandards::Department{StandardFor(**store, department, *own),
                                                          own->departments.contains(department)});
  }
  return out;
}

core::Result<LabourStandards> StaffingService::SetLabourStandards(
    const LabourStandardsInput& input) {
  auto store = stores_.GetStore(input.store_id);
  if (!store) {
    return core::Fail(std::move(store.error()));
  }
  std::vector<core::FieldError> problems;
  auto add = [&](std::string field, std::string reason) {
    problems.push_back({std::move(field), std::move(reason)});
  };
  // value in [low, high], or (low, high] / [low, high) when the bound is open.
  auto check = [&](const std::string& field, double value, double low, double high, bool low_open,
                   bool high_open, std::string_view range) {
    if (!std::isfinite(value) || value < low || value > high || (low_open && value == low) ||
        (high_open && value == high)) {
      add(field, fmt::format("must be a number {}", range));
    }
  };
  storage::StoredLabourStandards stored;
  stored.store_id = input.store_id;
  stored.shrinkage = input.shrinkage.value_or(defaults_.shrinkage);
  stored.updated = clock_.Now();
  if (input.shrinkage) {
    check("shrinkage", *input.shrinkage, 0, 1, false, true, "from 0 to below 1");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < input.departments.size(); ++i) {
    const DepartmentStandardInput& given = input.departments[i];
    const std::string at = fmt::format("departments[{}]", i);
    if (given.department.empty()) {
      add(at + ".department", "is required: a department id of the store, or checkout");
      continue;
    }
    if (given.department != kCheckoutDepartment &&
        (*store)->FindDepartment(core::DepartmentId{given.department}) == nullptr) {
      add(at + ".department", fmt::format("store '{}' has no department '{}'",
                                          input.store_id.value(), given.department));
      continue;
    }
    if (!seen.insert(given.department).second) {
      add(at + ".department", fmt::format("'{}' is listed twice", given.department));
      continue;
    }
    staffing::LabourStandard standard = DefaultStandardFor(**store, given.department);
    if (given.kind) {
      if (*given.kind == kQueueKind && standard.kind != staffing::DepartmentKind::kQueue) {
        // A department made a queue: its service time must be given; the target defaults to
        // the tills' (80% within 120 s).
        standard.kind = staffing::DepartmentKind::kQueue;
        standard.aht_seconds = 0;
        standard.target.service_level = 0.8;
        standard.target.within_seconds = 120;
      } else if (*given.kind == kWorkloadKind &&
                 standard.kind != staffing::DepartmentKind::kWorkload) {
        standard.kind = staffing::DepartmentKind::kWorkload;
        standard.service_minutes_per_customer = 3.5;
        standard.utilisation_target = 0.85;
      } else if (*given.kind != kQueueKind && *given.kind != kWorkloadKind) {
        add(at + ".kind", "must be queue or workload");
      }
    }
    if (given.skill) {
      if (given.skill->empty() || given.skill->size() > 64 ||
          given.skill->find_first_of("@+ \t\n") != std::string::npos) {
        add(at + ".skill", "must be 1-64 characters without '@', '+' or spaces");
      }
      standard.skill = *given.skill;
    }
    standard.aht_seconds = given.aht_seconds.value_or(standard.aht_seconds);
    standard.target.service_level = given.service_level.value_or(standard.target.service_level);
    standard.target.within_seconds = given.within_seconds.value_or(standard.target.within_seconds);
    if (given.patience_seconds) {
      standard.patience_seconds = given.patience_seconds;
    }
    standard.service_minutes_per_customer =
        given.service_minutes_per_customer.value_or(standard.service_minutes_per_customer);
    standard.items_per_customer = given.items_per_customer.value_or(standard.items_per_customer);
    standard.items_per_minute = given.items_per_minute.value_or(standard.items_per_minute);
    standard.utilisation_target = given.utilisation_target.value_or(standard.utilisation_target);
    standard.minimum_staff = given.minimum_staff.value_or(standard.minimum_staff);
    if (given.shrinkage) {
      standard.shrinkage = given.shrinkage;
    }
    if (standard.kind == staffing::DepartmentKind::kQueue) {
      if (standard.aht_seconds == 0 && !given.aht_seconds) {
        add(at + ".aht_seconds", "is required for a queue (seconds of service per customer)");
      } else {
        check(at + ".aht_seconds", standard.aht_seconds, 0, 3600, true, false,
              "of seconds above 0, at most 3600");
      }
      check(at + ".service_level", standard.target.service_level, 0, 1, true, true,
            "between 0 and 1 (exclusive)");
      check(at + ".within_seconds", standard.target.within_seconds, 0, 3600, false, false,
            "of seconds from 0 to 3600");
      if (standard.patience_seconds) {
        check(at + ".patience_seconds", *standard.patience_seconds, 0, 86400, true, false,
              "of seconds above 0, at most 86400");
      }
    } else {
      check(at + ".service_minutes_per_customer", standard.service_minutes_per_customer, 0, 600,
            false, false, "of minutes from 0 to 600");
      check(at + ".items_per_customer", standard.items_per_customer, 0, 10000, false, false,
            "from 0 to 10000");
      check(at + ".items_per_minute", standard.items_per_minute, 0, 10000, false, false,
            "from 0 to 10000");
      check(at + ".utilisation_target", standard.utilisation_target, 0, 1, true, false,
            "above 0, at most 1");
      if (standard.items_per_customer > 0 && !(standard.items_per_minute > 0)) {
        add(at + ".items_per_minute", "must be above 0 when items_per_customer is");
      }
      if (!(standard.service_minutes_per_customer > 0) && !(standard.items_per_customer > 0)) {
        add(at + ".service_minutes_per_customer",
            "a workload needs time per customer: service_minutes_per_customer or "
            "items_per_customer above 0");
      }
    }
    if (standard.minimum_staff < 0 || standard.minimum_staff > 1000) {
      add(at + ".minimum_staff", "must be a whole number from 0 to 1000");
    }
    if (standard.shrinkage) {
      check(at + ".shrinkage", *standard.shrinkage, 0, 1, false, true, "from 0 to below 1");
    }
    stored.departments.push_back(ToStored(standard));
  }
  if (!problems.empty()) {
    return core::Fail(Invalid(std::move(problems)));
  }
  if (auto saved = repository_.SaveLabourStandards(stored); !saved) {
    return core::Fail(std::move(saved.error()));
  }
  return GetLabourStandards(input.store_id);
}

core::Status StaffingService::ResetLabourStandards(const core::StoreId& store) {
  if (auto found = stores_.GetStore(store); !found) {
    return core::Fail(std::move(found.error()));
  }
  return repository_.DeleteLabourStandards(store);
}

core::Result<std::vector<DeploymentPrediction>> StaffingService::PredictDeployment(
    const DeploymentRequest& request) {
  auto store = stores_.GetStore(request.store_id);
  if (!store) {
    return core::Fail(std::move(store.error()));
  }
  auto departments = ResolveDepartments(**store, request.departments);
  if (!departments) {
    return core::Fail(std::move(departments.error()));
  }
  auto calendar = core::StoreCalendar::ForTimeZone((*store)->time_zone);
  if (!calendar) {
    return core::Fail(std::move(calendar.error()));
  }
  const int hours_ahead = request.horizon == DeploymentHorizon::kNext4Hours    ? 4
                          : request.horizon == DeploymentHorizon::kNext24Hours ? 24
                                                                               : 7 * 24;
  auto own = LoadStandards(repository_, request.store_id, defaults_);
  if (!own) {
    return core::Fail(std::move(own.error()));
  }
  const core::Timestamp from = std::chrono::floor<hours>(clock_.Now());
  const core::Timestamp to = from + hours(hours_ahead);
  std::vector<DeploymentPrediction> predictions;
  for (const auto& department : *departments) {
    const staffing::LabourStandard standard = StandardFor(**store, department, *own);
    auto points = demand_.Demand(request.store_id, department, from, to, DemandGranularity::kHour);
    if (!points) {
      return core::Fail(std::move(points.error()));
    }
    staffing::RequirementsInput input;
    input.interval_minutes = 60;
    input.shrinkage = own->shrinkage;
    input.standards.push_back(standard);
    std::map<int, const DemandPoint*> by_start;
    for (const auto& point : *points) {
      const core::LocalDateTime local = calendar->ToLocal(point.start);
      if (!IsOpen(**store, local, defaults_)) {
        continue;
      }
      const auto offset = std::chrono::duration_cast<minutes>(point.start - from).count();
      const int start = static_cast<int>(offset / 60) * 60;
      if (by_start.contains(start)) {
        continue;
      }
      by_start[start] = &point;
      input.demand.push_back(staffing::DemandInterval{department, start, point.customers,
                                                      point.customers_p80, point.customers_p95});
    }
    auto plan = staffing::ComputeRequirements(input);
    if (!plan) {
      return core::Fail(std::move(plan.error()));
    }
    std::map<int, DeploymentPrediction> slots;
    for (const auto& row : plan->rows) {
      auto found = by_start.find(row.start_minute);
      if (found == by_start.end()) {
        continue;  // a fixed task outside opening hours
      }
      DeploymentPrediction& slot = slots[row.start_minute];
      const DemandPoint& point = *found->second;
      if (slot.department.empty()) {
        slot.start = point.start;
        const core::LocalDateTime local = calendar->ToLocal(point.start);
        const int minute = (local.MinuteOfDay() / 60) * 60;
        slot.time_slot = HourMinute(minute) + "-" + HourMinute(minute + 60);
        slot.department = department;
        slot.predicted_customers = point.customers;
        slot.customers_p80 = point.customers_p80;
        slot.customers_p95 = point.customers_p95;
        slot.confidence = 0.95;
        slot.source = point.source;
      }
      const int at_p80 = row.raw_staff_p80.value_or(row.raw_staff);
      const int at_p95 = row.raw_staff_p95.value_or(at_p80);
      slot.recommended_staff += at_p80;
      slot.rostered_staff += row.rostered_staff_p80.value_or(row.rostered_staff);
      slot.staff_by_skill[row.skill] += at_p80;
      if (at_p95 > at_p80) {
        slot.confidence = 0.8;
      }
      if (row.queue && standard.kind == staffing::DepartmentKind::kQueue) {
        staffing::QueueLoad load;
        load.calls = point.customers_p80;
        load.interval_minutes = 60;
        load.aht_seconds = standard.aht_seconds;
        load.patience_seconds = standard.patience_seconds;
        if (auto table = staffing::TradeOffTable(load, standard.target, 2); table) {
          slot.queue_levels = std::move(*table);
        }
      }
    }
    for (auto& [start, slot] : slots) {
      predictions.push_back(std::move(slot));
    }
  }
  std::stable_sort(predictions.begin(), predictions.end(),
                   [](const auto& a, const auto& b) { return a.start < b.start; });
  return predictions;
}

core::Result<StaffingTradeoff> StaffingService::Tradeoff(const TradeoffRequest& request) {
  auto store = stores_.GetStore(request.store_id);
  if (!store) {
    return core::Fail(std::move(store.error()));
  }
  const core::Store& definition = **store;
  auto calendar = core::StoreCalendar::ForTimeZone(definition.time_zone);
  if (!calendar) {
    return core::Fail(std::move(calendar.error()));
  }
  std::vector<core::FieldError> problems;
  const std::chrono::sys_days date =
      request.date ? *request.date : LocalDate(calendar->ToLocal(clock_.Now()));
  if (const std::chrono::year_month_day ymd(date);
      !ymd.ok() || ymd.year() < std::chrono::year(2000) || ymd.year() > std::chrono::year(2200)) {
    problems.push_back({"date", "must be a date YYYY-MM-DD between 2000 and 2200"});
  }
  const std::string department =
      request.department.empty() ? std::string(kCheckoutDepartment) : request.department;
  auto own = LoadStandards(repository_, request.store_id, defaults_);
  if (!own) {
    return core::Fail(std::move(own.error()));
  }
  const staffing::LabourStandard standard = StandardFor(definition, department, *own);
  if (department != kCheckoutDepartment &&
      definition.FindDepartment(core::DepartmentId{department}) == nullptr) {
    problems.push_back({"department", fmt::format("store '{}' has no department '{}'",
                                                  definition.id.value(), department)});
  } else if (standard.kind != staffing::DepartmentKind::kQueue) {
    problems.push_back(
        {"department", fmt::format("'{}' is not a queue: use checkout, a pharmacy or a service "
                                   "desk department",
                                   department)});
  }
  if (!problems.empty()) {
    return core::Fail(Invalid(std::move(problems)));
  }

  StaffingTradeoff out;
  out.store_id = request.store_id;
  out.date = date;
  out.department = department;
  out.currency = defaults_.currency;
  out.shrinkage = standard.shrinkage.value_or(own->shrinkage);
  out.aht_seconds = standard.aht_seconds;
  out.target.service_level = standard.target.service_level;
  out.target.within_seconds = standard.target.within_seconds;
  // The wage: what the store pays the people who would staff the queue, else the default.
  auto employees = repository_.ListEmployees(request.store_id);
  if (!employees) {
    return core::Fail(std::move(employees.error()));
  }
  int64_t cents = 0;
  int paid = 0;
  for (const auto& employee : *employees) {
    if (employee.hourly_cost_cents > 0 && std::find(employee.skills.begin(), employee.skills.end(),
                                                    standard.skill) != employee.skills.end()) {
      cents += employee.hourly_cost_cents;
      ++paid;
    }
  }
  out.wage_from_employees = paid > 0;
  out.wage_per_hour =
      paid > 0 ? static_cast<double>(cents) / 100.0 / paid : defaults_.wage_per_hour;
  if (department == kCheckoutDepartment) {
    for (const auto& lane : definition.lanes) {
      if (lane.kind != core::LaneKind::kSelfCheckout) {  // staffed and express lanes
        out.max_lanes += std::max(lane.stations, 1);
      }
    }
    if (out.max_lanes == 0) {
      out.max_lanes = defaults_.max_checkout_lanes;
    }
  } else {
    out.max_lanes = defaults_.max_desk_staff;
  }
  if (!OpenHours(definition, WeekdayIndex(date), defaults_)) {
    return out;  // closed all day: no intervals, an empty front
  }

  const core::Timestamp from = calendar->ToUtc(LocalMidnight(date));
  const core::Timestamp to = calendar->ToUtc(LocalMidnight(date + days(1)));
  auto points =
      demand_.Demand(request.store_id, department, from, to, DemandGranularity::k15Minutes);
  if (!points) {
    return core::Fail(std::move(points.error()));
  }
  staffing::CostWaitInput input;
  input.target = out.target;
  std::set<int> seen;  // a repeated local quarter (DST overlap) keeps its first UTC quarter
  for (const auto& point : *points) {
    const core::LocalDateTime local = calendar->ToLocal(point.start);
    if (LocalDate(local) != date || !IsOpen(definition, local, defaults_)) {
      continue;
    }
    const int minute = (local.MinuteOfDay() / out.interval_minutes) * out.interval_minutes;
    if (!seen.insert(minute).second) {
      continue;
    }
    out.intervals.push_back(TradeoffInterval{
        point.start, HourMinute(minute) + "-" + HourMinute(minute + out.interval_minutes),
        point.customers, point.source});
    staffing::CostWaitInterval interval;
    interval.arrivals = std::max(0.0, point.customers);
    interval.interval_minutes = out.interval_minutes;
    interval.aht_seconds = standard.aht_seconds;
    interval.wage_per_hour = out.wage_per_hour;
    interval.shrinkage = out.shrinkage;
    interval.min_lanes = standard.minimum_staff;
    // More lanes than the store has only where fewer could never clear the queue.
    const double load = interval.arrivals * interval.aht_seconds / (out.interval_minutes * 60.0);
    interval.max_lanes =
        std::max({out.max_lanes, interval.min_lanes, static_cast<int>(std::floor(load)) + 1});
    input.intervals.push_back(interval);
  }
  auto front = staffing::CostWaitFront(input);
  if (!front) {
    return core::Fail(std::move(front.error()));
  }
  out.front = std::move(*front);
  return out;
}

core::Result<std::string> StaffingService::SubmitSchedule(const ScheduleRequest& request) {
  auto store = stores_.GetStore(request.store_id);
  if (!store) {
    return core::Fail(std::move(store.error()));
  }
  std::vector<core::FieldError> problems;
  if (!std::isfinite(request.time_limit_seconds) || request.time_limit_seconds <= 0 ||
      request.time_limit_seconds > defaults_.max_time_limit_seconds) {
    problems.push_back({"time_limit_seconds",
                        fmt::format("must be in (0, {}]", defaults_.max_time_limit_seconds)});
  }
  const std::chrono::year_month_day date(request.week_start);
  if (!date.ok() || date.year() < std::chrono::year(2000) ||
      date.year() > std::chrono::year(2200)) {
    problems.push_back({"week_start", "must be a date YYYY-MM-DD between 2000 and 2200"});
  }
  auto departments = ResolveDepartments(**store, request.departments);
  if (!departments) {
    for (auto& detail : departments.error().details) {
      problems.push_back(std::move(detail));
    }
  }
  if (!problems.empty()) {
    return core::Fail(Invalid(std::move(problems)));
  }
  auto calendar = core::StoreCalendar::ForTimeZone((**store).time_zone);
  if (!calendar) {
    return core::Fail(std::move(calendar.error()));
  }
  auto employees = repository_.ListEmployees(request.store_id);
  if (!employees) {
    return core::Fail(std::move(employees.error()));
  }
  if (employees->empty()) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      fmt::format("store '{}' has no employees to roster: add some under "
                                  "/api/v1/stores/{}/employees",
                                  request.store_id.value(), request.store_id.value()));
  }
  auto own = LoadStandards(repository_, request.store_id, defaults_);
  if (!own) {
    return core::Fail(std::move(own.error()));
  }
  std::shared_ptr<const core::Store> shared_store = *store;
  const StaffingDefaults defaults = defaults_;
  return jobs_.Submit(
      "schedule", request.store_id.value(),
      [this, shared_store, calendar = *calendar, request, departments = *departments, defaults,
       own = std::move(*own)](JobContext& job) -> core::Result<std::string> {
        job.Report(0.05, "loading employees");
        auto staff = repository_.ListEmployees(request.store_id);
        if (!staff) {
          return core::Fail(std::move(staff.error()));
        }
        job.Report(0.1, "computing requirements from demand");
        const WeekContext week = MakeWeek(*shared_store, request.week_start, defaults);
        auto cover =
            Impl::WeekCover(*shared_store, calendar, week, departments, demand_, defaults, own);
        if (!cover) {
          return core::Fail(std::move(cover.error()));
        }
        auto problem = BuildProblem(week, *staff, *cover, {}, defaults);
        if (!problem) {
          return core::Fail(std::move(problem.error()));
        }
        if (job.Cancelled()) {
          return core::Fail(core::ErrorCode::kCancelled, "schedule cancelled");
        }
        job.Report(0.2, fmt::format("solving {} employees x {} shift templates (limit {} s)",
                                    problem->employees.size(), problem->shifts.size(),
                                    request.time_limit_seconds));
        auto solution = staffing::SolveRoster(
            *problem, staffing::RosterSolveOptions{
                          .time_limit_seconds = request.time_limit_seconds,
                          .threads = 1,
                          .relative_gap = 0,
                          .seed = 1,
                          .progress = [&job](double fraction, const std::string& message) {
                            job.Report(0.2 + 0.75 * fraction, message);
                          }});
        if (!solution) {
          return core::Fail(std::move(solution.error()));
        }
        job.Report(0.95, "saving the roster");
        storage::StoredRoster roster;
        roster.id = NewScheduleId();
        roster.store_id = request.store_id;
        roster.week_start = request.week_start;
        roster.status = "solved";
        roster.score_total = solution->score.total;
        roster.feasible = solution->score.feasible;
        roster.gap = solution->gap;
        roster.seconds = solution->seconds;
        for (const auto& assignment : solution->roster.assignments) {
          roster.assignments.push_back(Impl::ToStored(assignment, *problem));
        }
        roster.cover = std::move(*cover);
        roster.created = roster.updated = clock_.Now();
        if (auto saved = repository_.SaveRoster(roster); !saved) {
          return core::Fail(std::move(saved.error()));
        }
        return fmt::format(
            R"({{"schedule_id":"{}","status":"{}","score":{},"feasible":{},"gap":{},"seconds":{},"assignments":{}}})",
            roster.id, solution->optimal ? "optimal" : "feasible", JsonNumber(roster.score_total),
            roster.feasible ? "true" : "false", JsonNumber(roster.gap), JsonNumber(roster.seconds),
            roster.assignments.size());
      });
}

core::Result<ScheduleView> StaffingService::GetSchedule(const std::string& id) {
  auto roster = repository_.LoadRoster(id);
  if (!roster) {
    return core::Fail(std::move(roster.error()));
  }
  auto store = stores_.GetStore(roster->store_id);
  if (!store) {
    return core::Fail(std::move(store.error()));
  }
  auto employees = repository_.ListEmployees(roster->store_id);
  if (!employees) {
    return core::Fail(std::move(employees.error()));
  }
  const WeekContext week = MakeWeek(**store, roster->week_start, defaults_);
  auto problem = BuildProblem(week, *employees, roster->cover, roster->assignments, defaults_);
  if (!problem) {
    return core::Fail(std::move(problem.error()));
  }
  auto score = staffing::ScoreRoster(*problem, Impl::ToRoster(roster->assignments));
  if (!score) {
    return core::Fail(std::move(score.error()));
  }
  ScheduleView view;
  view.coverage = Coverage(*problem, roster->assignments, roster->cover);
  view.score = std::move(*score);
  view.roster = std::move(*roster);
  return view;
}

core::Result<std::vector<storage::RosterSummary>> StaffingService::ListSchedules(
    const core::StoreId& store) {
  if (auto found = stores_.GetStore(store); !found) {
    return core::Fail(std::move(found.error()));
  }
  return repository_.ListRosters(store);
}

core::Result<ScheduleEditResult> StaffingService::EditSchedule(
    const std::string& id, const std::vector<AssignmentEdit>& assignments) {
  auto before = GetSchedule(id);
  if (!before) {
    return core::Fail(std::move(before.error()));
  }
  auto employees = repository_.ListEmployees(before->roster.store_id);
  if (!employees) {
    return core::Fail(std::move(employees.error()));
  }
  std::set<std::string> known;
  for (const auto& employee : *employees) {
    known.insert(employee.id.value());
  }
  for (const auto& assignment : before->roster.assignments) {
    known.insert(assignment.employee_id);  // deleted since: may stay in the roster
  }
  std::vector<core::FieldError> problems;
  std::vector<storage::StoredAssignment> edited;
  std::set<std::pair<std::string, int>> taken;
  for (size_t i = 0; i < assignments.size(); ++i) {
    const AssignmentEdit& edit = assignments[i];
    const std::string at = fmt::format("assignments[{}]", i);
    if (!known.contains(edit.employee)) {
      problems.push_back(
          {at + ".employee", fmt::format("no employee '{}' in store '{}'", edit.employee,
                                         before->roster.store_id.value())});
    }
    if (edit.day < 0 || edit.day >= kWeekDays) {
      problems.push_back({at + ".day", "must be 0 (week_start) to 6"});
    } else if (!taken.insert({edit.employee, edit.day}).second) {
      problems.push_back({at + ".day", fmt::format("'{}' already has a shift on day {}",
                                                   edit.employee, edit.day)});
    }
    storage::StoredAssignment stored{edit.employee,          edit.day, edit.shift_id, 0, 0,
                                     edit.skill.value_or("")};
    if (!edit.shift_id.empty()) {
      auto shift = ParseShiftId(edit.shift_id);
      auto existing = std::find_if(
          before->roster.assignments.begin(), before->roster.assignments.end(),
          [&](const storage::StoredAssignment& a) { return a.shift_id == edit.shift_id; });
      if (shift) {
        stored.start_minute = shift->start_minute;
        stored.length_minutes = shift->length_minutes;
        stored.skill = shift->skill;
      } else if (existing != before->roster.assignments.end()) {
        stored.start_minute = existing->start_minute;
        stored.length_minutes = existing->length_minutes;
        stored.skill = existing->skill;
      } else {
        problems.push_back(
            {at + ".shift_id",
             fmt::format("'{}' is not a shift of the form skill@HH:MM+minutes", edit.shift_id)});
      }
    } else if (edit.start_minute && edit.length_minutes) {
      if (*edit.start_minute < 0 || *edit.start_minute >= 1440 || *edit.start_minute % 15 != 0) {
        problems.push_back({at + ".start", "must be a time of day on the 15-minute grid"});
      }
      if (*edit.length_minutes <= 0 || *edit.length_minutes > 1440 ||
          *edit.length_minutes % 15 != 0) {
        problems.push_back(
            {at + ".length_minutes", "must be a positive multiple of 15, at most 1440"});
      }
      stored.start_minute = *edit.start_minute;
      stored.length_minutes = *edit.length_minutes;
      stored.shift_id = ShiftIdFor(stored.skill, stored.start_minute, stored.length_minutes);
    } else {
      problems.push_back({at + ".shift_id", "give shift_id, or start and length_minutes"});
    }
    edited.push_back(std::move(stored));
  }
  if (!problems.empty()) {
    return core::Fail(Invalid(std::move(problems)));
  }
  // Two edits naming one shift id with different times would make the template ambiguous.
  std::map<std::string, std::pair<int, int>> shapes;
  for (size_t i = 0; i < edited.size(); ++i) {
    auto [it, inserted] = shapes.try_emplace(
        edited[i].shift_id, std::pair{edited[i].start_minute, edited[i].length_minutes});
    if (!inserted && it->second != std::pair{edited[i].start_minute, edited[i].length_minutes}) {
      problems.push_back(
          {fmt::format("assignments[{}].shift_id", i), "names one shift with two different times"});
    }
  }
  if (!problems.empty()) {
    return core::Fail(Invalid(std::move(problems)));
  }
  storage::StoredRoster roster = before->roster;
  roster.assignments = std::move(edited);
  auto store = stores_.GetStore(roster.store_id);
  if (!store) {
    return core::Fail(std::move(store.error()));
  }
  const WeekContext week = MakeWeek(**store, roster.week_start, defaults_);
  auto problem = BuildProblem(week, *employees, roster.cover, roster.assignments, defaults_);
  if (!problem) {
    return core::Fail(std::move(problem.error()));
  }
  auto score = staffing::ScoreRoster(*problem, Impl::ToRoster(roster.assignments));
  if (!score) {
    return core::Fail(std::move(score.error()));
  }
  roster.status = "edited";
  roster.score_total = score->total;
  roster.feasible = score->feasible;
  roster.updated = clock_.Now();
  if (auto saved = repository_.SaveRoster(roster); !saved) {
    return core::Fail(std::move(saved.error()));
  }
  ScheduleEditResult result;
  result.previous_total = before->score.total;
  result.delta = staffing::CompareScores(before->score, *score);
  result.schedule.coverage = Coverage(*problem, roster.assignments, roster.cover);
  result.schedule.score = std::move(*score);
  result.schedule.roster = std::move(roster);
  return result;
}

}  // namespace storeops::service
