// SPDX-License-Identifier: Apache-2.0
#include "roster_model.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "invalid_input.hpp"

namespace storeops::staffing {
namespace {

constexpr int kMinutesPerDay = 1440;

int UnpaidBreak(const RosterRules& rules, int length_minutes) {
  int best_threshold = -1;
  int minutes = 0;
  for (const auto& rule : rules.breaks) {
    if (length_minutes >= rule.min_shift_minutes && rule.min_shift_minutes > best_threshold) {
      best_threshold = rule.min_shift_minutes;
      minutes = rule.break_minutes;
    }
  }
  return minutes;
}

void ValidateInto(const RosterProblem& problem, std::vector<core::FieldError>& problems) {
  auto add = [&problems](std::string field, std::string reason) {
    problems.push_back({std::move(field), std::move(reason)});
  };
  if (problem.horizon_days <= 0 || problem.horizon_days > 366) {
    add("horizon_days", "must be in [1, 366]");
  }
  if (problem.first_weekday < 0 || problem.first_weekday > 6) {
    add("first_weekday", "must be in [0, 6] (0 is Monday)");
  }
  const int days = std::max(problem.horizon_days, 0);
  auto day_ok = [days](int day) { return day >= 0 && day < days; };
  std::set<std::string> shift_ids;
  for (size_t i = 0; i < problem.shifts.size(); ++i) {
    const auto& shift = problem.shifts[i];
    const std::string field = fmt::format("shifts[{}]", i);
    if (shift.id.empty()) {
      add(field + ".id", "must not be empty");
    } else if (!shift_ids.insert(shift.id).second) {
      add(field + ".id", "'" + shift.id + "' is used twice");
    }
    if (shift.start_minute < 0 || shift.start_minute >= kMinutesPerDay) {
      add(field + ".start_minute", "must be in [0, 1440)");
    }
    if (shift.length_minutes <= 0 || shift.length_minutes > kMinutesPerDay) {
      add(field + ".length_minutes", "must be in [1, 1440]");
    }
  }
  if (problem.shifts.empty()) {
    add("shifts", "must not be empty");
  }
  for (size_t i = 0; i < problem.shifts.size(); ++i) {
    for (const auto& next : problem.shifts[i].cannot_follow) {
      if (shift_ids.count(next) == 0) {
        add(fmt::format("shifts[{}].cannot_follow", i), "names unknown shift '" + next + "'");
      }
    }
  }
  std::set<std::string> employee_ids;
  for (size_t i = 0; i < problem.employees.size(); ++i) {
    const auto& employee = problem.employees[i];
    const std::string field = fmt::format("employees[{}]", i);
    if (employee.id.empty()) {
      add(field + ".id", "must not be empty");
    } else if (!employee_ids.insert(employee.id).second) {
      add(field + ".id", "'" + employee.id + "' is used twice");
    }
    if (employee.min_total_minutes < 0) {
      add(field + ".min_total_minutes", "must be >= 0");
    }
    if (employee.max_total_minutes < 0) {
      add(field + ".max_total_minutes", "must be >= 0");
    }
    if (employee.max_consecutive_shifts < 0) {
      add(field + ".max_consecutive_shifts", "must be >= 0 (0: no limit)");
    }
    if (employee.min_consecutive_shifts < 1 || employee.min_consecutive_shifts > days + 1) {
      add(field + ".min_consecutive_shifts", "must be in [1, horizon_days]");
    }
    if (employee.min_consecutive_days_off < 1 || employee.min_consecutive_days_off > days + 1) {
      add(field + ".min_consecutive_days_off", "must be in [1, horizon_days]");
    }
    if (employee.max_weekends < -1) {
      add(field + ".max_weekends", "must be >= 0 (-1: no limit)");
    }
    if (employee.max_shift_minutes < 0) {
      add(field + ".max_shift_minutes", "must be >= 0 (0: no limit)");
    }
    if (employee.hourly_cost_cents < 0) {
      add(field + ".hourly_cost_cents", "must be >= 0");
    }
    for (const auto& [shift, count] : employee.max_shifts) {
      if (shift_ids.count(shift) == 0) {
        add(field + ".max_shifts", "names unknown shift '" + shift + "'");
      } else if (count < 0) {
        add(field + ".max_shifts", "must be >= 0 for '" + shift + "'");
      }
    }
    for (size_t k = 0; k < employee.days_off.size(); ++k) {
      if (!day_ok(employee.days_off[k])) {
        add(fmt::format("{}.days_off[{}]", field, k), "must be a day of the horizon");
      }
    }
    for (size_t k = 0; k < employee.unavailable.size(); ++k) {
      const auto& window = employee.unavailable[k];
      const std::string wfield = fmt::format("{}.unavailable[{}]", field, k);
      if (!day_ok(window.day)) {
        add(wfield + ".day", "must be a day of the horizon");
      }
      if (window.start_minute < 0 || window.end_minute > kMinutesPerDay ||
          window.start_minute >= window.end_minute) {
        add(wfield, "needs 0 <= start_minute < end_minute <= 1440");
      }
      if (window.weight < 0) {
        add(wfield + ".weight", "must be >= 0");
      }
    }
  }
  for (size_t i = 0; i < problem.requests.size(); ++i) {
    const auto& request = problem.requests[i];
    const std::string field = fmt::format("requests[{}]", i);
    if (employee_ids.count(request.employee) == 0) {
      add(field + ".employee", "names unknown employee '" + request.employee + "'");
    }
    if (!day_ok(request.day)) {
      add(field + ".day", "must be a day of the horizon");
    }
    if (!request.shift.empty() && shift_ids.count(request.shift) == 0) {
      add(field + ".shift", "names unknown shift '" + request.shift + "'");
    }
    if (request.weight < 0) {
      add(field + ".weight", "must be >= 0");
    }
  }
  for (size_t i = 0; i < problem.cover.size(); ++i) {
    const auto& cover = problem.cover[i];
    const std::string field = fmt::format("cover[{}]", i);
    if (!day_ok(cover.day)) {
      add(field + ".day", "must be a day of the horizon");
    }
    if (!cover.shift.empty()) {
      if (shift_ids.count(cover.shift) == 0) {
        add(field + ".shift", "names unknown shift '" + cover.shift + "'");
      }
    } else if (cover.start_minute < 0 || cover.end_minute > kMinutesPerDay ||
               cover.start_minute >= cover.end_minute) {
      add(field, "needs a shift or 0 <= start_minute < end_minute <= 1440");
    }
    if (cover.required < 0) {
      add(field + ".required", "must be >= 0");
    }
    if (cover.under_weight < 0 || cover.over_weight < 0) {
      add(field, "weights must be >= 0");
    }
  }
  const auto& rules = problem.rules;
  if (rules.min_rest_minutes < 0) {
    add("rules.min_rest_minutes", "must be >= 0");
  }
  for (size_t i = 0; i < rules.breaks.size(); ++i) {
    const auto& rule = rules.breaks[i];
    if (rule.min_shift_minutes < 0 || rule.break_minutes < 0 ||
        rule.break_minutes >= std::max(rule.min_shift_minutes, 1)) {
      add(fmt::format("rules.breaks[{}]", i), "needs 0 <= break_minutes < min_shift_minutes");
    }
  }
  if (rules.labour_cost_weight < 0) {
    add("rules.labour_cost_weight", "must be >= 0");
  }
  if (rules.fairness_weight < 0) {
    add("rules.fairness_weight", "must be >= 0");
  }
}

bool HasSkill(const Employee& employee, const std::string& skill) {
  return std::find(employee.skills.begin(), employee.skills.end(), skill) != employee.skills.end();
}

std::string WindowText(const Unavailability& window) {
  return fmt::format("{}-{} on day {}", internal::ClockText(window.start_minute),
                     internal::ClockText(window.end_minute), window.day);
}

// Absolute minutes [begin, end) of shift s on day d, and whether it overlaps a window.
bool Overlaps(const ShiftType& shift, int day, const Unavailability& window) {
  const int begin = day * kMinutesPerDay + shift.start_minute;
  const int end = begin + shift.length_minutes;
  const int window_begin = window.day * kMinutesPerDay + window.start_minute;
  const int window_end = window.day * kMinutesPerDay + window.end_minute;
  return begin < window_end && window_begin < end;
}

}  // namespace

core::Status ValidateRosterProblem(const RosterProblem& problem) {
  std::vector<core::FieldError> problems;
  ValidateInto(problem, problems);
  if (!problems.empty()) {
    return core::Fail(internal::InvalidInput("invalid roster problem", std::move(problems)));
  }
  return core::Ok();
}

core::Result<std::vector<ShiftType>> GenerateShiftTemplates(const std::string& skill,
                                                            int earliest_start_minute,
                                                            int latest_end_minute,
                                                            const std::vector<int>& lengths_minutes,
                                                            int step_minutes) {
  std::vector<core::FieldError> problems;
  if (step_minutes <= 0 || step_minutes % 15 != 0) {
    problems.push_back({"step_minutes", "must be a positive multiple of 15"});
  }
  if (earliest_start_minute < 0 || earliest_start_minute >= kMinutesPerDay) {
    problems.push_back({"earliest_start_minute", "must be in [0, 1440)"});
  }
  if (latest_end_minute <= earliest_start_minute || latest_end_minute > 2 * kMinutesPerDay) {
    problems.push_back({"latest_end_minute", "must be after the earliest start, within 48 h"});
  }
  if (lengths_minutes.empty()) {
    problems.push_back({"lengths_minutes", "must not be empty"});
  }
  for (size_t i = 0; i < lengths_minutes.size(); ++i) {
    if (lengths_minutes[i] <= 0 || lengths_minutes[i] > kMinutesPerDay) {
      problems.push_back({fmt::format("lengths_minutes[{}]", i), "must be in [1, 1440]"});
    }
  }
  if (!problems.empty()) {
    return core::Fail(internal::InvalidInput("invalid shift grid", std::move(problems)));
  }
  std::vector<ShiftType> shifts;
  for (int length : lengths_minutes) {
    for (int start = earliest_start_minute;
         start + length <= latest_end_minute && start < kMinutesPerDay; start += step_minutes) {
      ShiftType shift;
      shift.id = fmt::format("{}@{}+{}", skill, internal::ClockText(start), length);
      shift.start_minute = start;
      shift.length_minutes = length;
      shift.skill = skill;
      shifts.push_back(std::move(shift));
    }
  }
  return shifts;
}

namespace internal {

std::string ClockText(int minute) { return fmt::format("{:02}:{:02}", minute / 60, minute % 60); }

int64_t CompiledRoster::CostCents(const RosterProblem& problem, int employee, int shift) const {
  return problem.employees[static_cast<size_t>(employee)].hourly_cost_cents *
         paid_minutes[static_cast<size_t>(shift)] / 60;
}

core::Result<CompiledRoster> CompileRoster(const RosterProblem& problem) {
  if (auto valid = ValidateRosterProblem(problem); !valid) {
    return core::Fail(valid.error());
  }
  CompiledRoster out;
  out.days = problem.horizon_days;
  out.employees = static_cast<int>(problem.employees.size());
  out.shifts = static_cast<int>(problem.shifts.size());
  const auto& rules = problem.rules;

  std::map<std::string, int> shift_index;
  for (int s = 0; s < out.shifts; ++s) {
    const auto& shift = problem.shifts[static_cast<size_t>(s)];
    shift_index[shift.id] = s;
    out.paid_minutes.push_back(shift.length_minutes - UnpaidBreak(rules, shift.length_minutes));
  }
  std::map<std::string, int> employee_index;
  for (int e = 0; e < out.employees; ++e) {
    const auto& employee = problem.employees[static_cast<size_t>(e)];
    employee_index[employee.id] = e;
    out.names.push_back(employee.name.empty() ? employee.id : employee.name);
  }

  // Forbidden successions: explicit ones plus those closer than the minimum rest.
  out.forbidden_next.resize(static_cast<size_t>(out.shifts));
  for (int a = 0; a < out.shifts; ++a) {
    const auto& first = problem.shifts[static_cast<size_t>(a)];
    std::set<int> banned;
    for (const auto& next : first.cannot_follow) {
      banned.insert(shift_index.at(next));
    }
    if (rules.min_rest_minutes > 0) {
      for (int b = 0; b < out.shifts; ++b) {
        const auto& second = problem.shifts[static_cast<size_t>(b)];
        const int rest =
            kMinutesPerDay + second.start_minute - (first.start_minute + first.length_minutes);
        if (rest < rules.min_rest_minutes) {
          banned.insert(b);
        }
      }
    }
    out.forbidden_next[static_cast<size_t>(a)].assign(banned.begin(), banned.end());
  }

  out.max_shifts.assign(static_cast<size_t>(out.employees * out.shifts), -1);
  for (int e = 0; e < out.employees; ++e) {
    for (const auto& [id, count] : problem.employees[static_cast<size_t>(e)].max_shifts) {
      out.max_shifts[static_cast<size_t>(e * out.shifts + shift_index.at(id))] = count;
    }
  }

  out.weekend_of_day.assign(static_cast<size_t>(out.days), -1);
  for (int d = 0; d < out.days; ++d) {
    const int weekday = (problem.first_weekday + d) % 7;
    if (weekday >= 5) {
      out.weekend_of_day[static_cast<size_t>(d)] = (problem.first_weekday + d) / 7;
      out.weekends = (problem.first_weekday + d) / 7 + 1;
    }
  }

  // Why each cell is forbidden (the first reason found), for messages about edited rosters.
  out.disallowed.assign(static_cast<size_t>(out.employees * out.days * out.shifts), std::string());
  for (int e = 0; e < out.employees; ++e) {
    const auto& employee = problem.employees[static_cast<size_t>(e)];
    const std::string& name = out.names[static_cast<size_t>(e)];
    for (int s = 0; s < out.shifts; ++s) {
      const auto& shift = problem.shifts[static_cast<size_t>(s)];
      std::string reason;
      if (!shift.skill.empty() && !HasSkill(employee, shift.skill)) {
        reason = fmt::format("{} lacks skill '{}' for shift {}", name, shift.skill, shift.id);
      } else if (out.max_shifts[static_cast<size_t>(e * out.shifts + s)] == 0) {
        reason = fmt::format("{} may not work shift {} (max 0)", name, shift.id);
      } else if (employee.max_shift_minutes > 0 &&
                 shift.length_minutes > employee.max_shift_minutes) {
        reason = fmt::format("shift {} lasts {} min: {}'s limit is {} min", shift.id,
                             shift.length_minutes, name, employee.max_shift_minutes);
      } else if (employee.minor && shift.length_minutes > rules.minor_max_shift_minutes) {
        reason = fmt::format("{} is a minor: shift {} lasts {} min, limit {} min", name, shift.id,
                             shift.length_minutes, rules.minor_max_shift_minutes);
      } else if (employee.minor &&
                 shift.start_minute + shift.length_minutes > rules.minor_latest_end_minute) {
        reason = fmt::format("{} is a minor: shift {} ends at {}, limit {}", name, shift.id,
                             ClockText(shift.start_minute + shift.length_minutes),
                             ClockText(rules.minor_latest_end_minute));
      }
      for (int d = 0; d < out.days; ++d) {
        out.disallowed[static_cast<size_t>(out.CellIndex(e, d, s))] = reason;
      }
    }
    for (int day : employee.days_off) {
      for (int s = 0; s < out.shifts; ++s) {
        auto& reason = out.disallowed[static_cast<size_t>(out.CellIndex(e, day, s))];
        if (reason.empty()) {
          reason = fmt::format("{} has day {} off", name, day);
        }
      }
    }
    for (const auto& window : employee.unavailable) {
      if (!window.hard) {
        continue;
      }
      for (int d = std::max(window.day - 1, 0); d <= window.day; ++d) {
        for (int s = 0; s < out.shifts; ++s) {
          auto& reason = out.disallowed[static_cast<size_t>(out.CellIndex(e, d, s))];
          if (reason.empty() && Overlaps(problem.shifts[static_cast<size_t>(s)], d, window)) {
            reason = fmt::format("{} is unavailable {}", name, WindowText(window));
          }
        }
      }
    }
  }

  for (const auto& request : problem.requests) {
    CompiledRequest compiled;
    compiled.employee = employee_index.at(request.employee);
    compiled.day = request.day;
    compiled.on = request.on;
    compiled.weight = request.weight;
    compiled.rule = request.on ? "shift_on_request" : "shift_off_request";
    if (request.shift.empty()) {
      compiled.what = fmt::format("day {}", request.day);
      for (int s = 0; s < out.shifts; ++s) {
        compiled.cells.push_back({compiled.employee, request.day, s});
      }
    } else {
      compiled.what = fmt::format("shift {} on day {}", request.shift, request.day);
      compiled.cells.push_back({compiled.employee, request.day, shift_index.at(request.shift)});
    }
    out.requests.push_back(std::move(compiled));
  }
  for (int e = 0; e < out.employees; ++e) {
    for (const auto& window : problem.employees[static_cast<size_t>(e)].unavailable) {
      if (window.hard) {
        continue;
      }
      CompiledRequest compiled;
      compiled.employee = e;
      compiled.day = window.day;
      compiled.on = false;
      compiled.weight = window.weight;
      compiled.rule = "unavailable_soft";
      compiled.what = WindowText(window);
      for (int d = std::max(window.day - 1, 0); d <= window.day; ++d) {
        for (int s = 0; s < out.shifts; ++s) {
          if (Overlaps(problem.shifts[static_cast<size_t>(s)], d, window)) {
            compiled.cells.push_back({e, d, s});
          }
        }
      }
      out.requests.push_back(std::move(compiled));
    }
  }

  for (size_t i = 0; i < problem.cover.size(); ++i) {
    const auto& cover = problem.cover[i];
    CompiledCover compiled;
    compiled.index = static_cast<int>(i);
    if (!cover.shift.empty()) {
      compiled.what = fmt::format("day {} shift {}", cover.day, cover.shift);
      const int s = shift_index.at(cover.shift);
      for (int e = 0; e < out.employees; ++e) {
        compiled.cells.push_back({e, cover.day, s});
      }
    } else {
      compiled.what =
          fmt::format("day {} {}-{}{}", cover.day, ClockText(cover.start_minute),
                      ClockText(cover.end_minute), cover.skill.empty() ? "" : " " + cover.skill);
      const int begin = cover.day * kMinutesPerDay + cover.start_minute;
      const int end = cover.day * kMinutesPerDay + cover.end_minute;
      for (int d = std::max(cover.day - 1, 0); d <= cover.day; ++d) {
        for (int s = 0; s < out.shifts; ++s) {
          const auto& shift = problem.shifts[static_cast<size_t>(s)];
          const int shift_begin = d * kMinutesPerDay + shift.start_minute;
          if (shift_begin > begin || shift_begin + shift.length_minutes < end) {
            continue;
          }
          for (int e = 0; e < out.employees; ++e) {
            const auto& employee = problem.employees[static_cast<size_t>(e)];
            const bool skill_ok = cover.skill.empty() || shift.skill == cover.skill ||
                                  (shift.skill.empty() && HasSkill(employee, cover.skill));
            if (skill_ok) {
              compiled.cells.push_back({e, d, s});
            }
          }
        }
      }
    }
    out.cover.push_back(std::move(compiled));
  }
  return out;
}

}  // namespace internal
}  // namespace storeops::staffing
