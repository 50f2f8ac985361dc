// SPDX-License-Identifier: Apache-2.0
// Re-scoring a roster: the objective SolveRoster minimises, recomputed from the assignments, with
// every violated rule (hard or soft) in words. Runs are judged the benchmark's way: a run of
// shifts or days off that touches the start or end of the horizon may continue outside it, so
// only the maximum applies to it.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "storeops/staffing/roster.hpp"

#include "invalid_input.hpp"
#include "roster_model.hpp"

namespace storeops::staffing {
namespace {

const std::vector<std::string>& RuleOrder() {
  static const std::vector<std::string> order = {"cover_under",
                                                 "cover_over",
                                                 "shift_on_request",
                                                 "shift_off_request",
                                                 "unavailable_soft",
                                                 "labour_cost",
                                                 "fairness",
                                                 "not_allowed",
                                                 "rest_or_succession",
                                                 "max_shifts",
                                                 "max_total_minutes",
                                                 "min_total_minutes",
                                                 "max_consecutive_shifts",
                                                 "min_consecutive_shifts",
                                                 "min_consecutive_days_off",
                                                 "max_weekends",
                                                 "hard_cover"};
  return order;
}

std::string Plural(int count, const char* word) {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

std::string Number(double value) {
  return std::abs(value - std::round(value)) < 1e-9 ? fmt::format("{}", std::llround(value))
                                                    : fmt::format("{:.2f}", value);
}

}  // namespace

core::Result<RosterScore> ScoreRoster(const RosterProblem& problem, const Roster& roster) {
  auto compiled_or = internal::CompileRoster(problem);
  if (!compiled_or) {
    return core::Fail(compiled_or.error());
  }
  const auto& model = *compiled_or;
  std::map<std::string, int> employee_index;
  for (int e = 0; e < model.employees; ++e) {
    employee_index[problem.employees[static_cast<size_t>(e)].id] = e;
  }
  std::map<std::string, int> shift_index;
  for (int s = 0; s < model.shifts; ++s) {
    shift_index[problem.shifts[static_cast<size_t>(s)].id] = s;
  }

  // work[e][d]: shift index or -1.
  std::vector<std::vector<int>> work(static_cast<size_t>(model.employees),
                                     std::vector<int>(static_cast<size_t>(model.days), -1));
  std::vector<core::FieldError> problems;
  for (size_t i = 0; i < roster.assignments.size(); ++i) {
    const auto& assignment = roster.assignments[i];
    const std::string field = fmt::format("assignments[{}]", i);
    const auto e = employee_index.find(assignment.employee);
    const auto s = shift_index.find(assignment.shift);
    if (e == employee_index.end()) {
      problems.push_back(
          {field + ".employee", "names unknown employee '" + assignment.employee + "'"});
      continue;
    }
    if (s == shift_index.end()) {
      problems.push_back({field + ".shift", "names unknown shift '" + assignment.shift + "'"});
      continue;
    }
    if (assignment.day < 0 || assignment.day >= model.days) {
      problems.push_back({field + ".day", "must be a day of the horizon"});
      continue;
    }
    int& cell = work[static_cast<size_t>(e->second)][static_cast<size_t>(assignment.day)];
    if (cell >= 0) {
      problems.push_back({field, fmt::format("gives {} a second shift on day {}",
                                             assignment.employee, assignment.day)});
      continue;
    }
    cell = s->second;
  }
  if (!problems.empty()) {
    return core::Fail(internal::InvalidInput("invalid roster", std::move(problems)));
  }
  auto worked = [&work](const internal::Cell& cell) {
    return work[static_cast<size_t>(cell.employee)][static_cast<size_t>(cell.day)] == cell.shift;
  };

  RosterScore score;
  std::map<std::string, RuleScore> rules;
  for (const auto& name : RuleOrder()) {
    rules[name].rule = name;
  }
  score.by_employee.resize(static_cast<size_t>(model.employees));
  auto violate = [&](const std::string& rule, int employee, int day, bool hard, double penalty,
                     std::string message) {
    auto& line = rules[rule];
    line.penalty += penalty;
    line.count += 1;
    if (employee >= 0) {
      auto& person = score.by_employee[static_cast<size_t>(employee)];
      if (hard) {
        person.hard_violations += 1;
      } else {
        person.penalty += penalty;
      }
    }
    if (hard) {
      score.feasible = false;
    }
    score.violations.push_back(
        {rule, employee >= 0 ? problem.employees[static_cast<size_t>(employee)].id : std::string(),
         day, hard, penalty, std::move(message)});
  };

  // Hard rules, employee by employee.
  for (int e = 0; e < model.employees; ++e) {
    const auto& employee = problem.employees[static_cast<size_t>(e)];
    const std::string& name = model.names[static_cast<size_t>(e)];
    const auto& row = work[static_cast<size_t>(e)];
    auto& person = score.by_employee[static_cast<size_t>(e)];
    person.employee = employee.id;
    std::vector<int> per_shift(static_cast<size_t>(model.shifts), 0);
    for (int d = 0; d < model.days; ++d) {
      const int s = row[static_cast<size_t>(d)];
      if (s < 0) {
        continue;
      }
      person.shifts += 1;
      person.paid_minutes += model.paid_minutes[static_cast<size_t>(s)];
      person.cost_cents += model.CostCents(problem, e, s);
      per_shift[static_cast<size_t>(s)] += 1;
      if (!model.Allowed(e, d, s)) {
        violate("not_allowed", e, d, true, 0,
                fmt::format("{} works shift {} on day {}: {}", name,
                            problem.shifts[static_cast<size_t>(s)].id, d,
                            model.disallowed[static_cast<size_t>(model.CellIndex(e, d, s))]));
      }
      if (d + 1 < model.days) {
        const int next = row[static_cast<size_t>(d + 1)];
        const auto& banned = model.forbidden_next[static_cast<size_t>(s)];
        if (next >= 0 && std::find(banned.begin(), banned.end(), next) != banned.end()) {
          violate("rest_or_succession", e, d, true, 0,
                  fmt::format("{} works shift {} on day {} after shift {} on day {}: not allowed "
                              "(cannot follow, or under {} min rest)",
                              name, problem.shifts[static_cast<size_t>(next)].id, d + 1,
                              problem.shifts[static_cast<size_t>(s)].id, d,
                              problem.rules.min_rest_minutes));
        }
      }
    }
    for (int s = 0; s < model.shifts; ++s) {
      const int limit = model.max_shifts[static_cast<size_t>(e * model.shifts + s)];
      if (limit >= 0 && per_shift[static_cast<size_t>(s)] > limit) {
        violate("max_shifts", e, -1, true, 0,
                fmt::format("{} works shift {} {} times: limit {}", name,
                            problem.shifts[static_cast<size_t>(s)].id,
                            per_shift[static_cast<size_t>(s)], limit));
      }
    }
    if (person.paid_minutes > employee.max_total_minutes) {
      violate("max_total_minutes", e, -1, true, 0,
              fmt::format("{} works {} min: limit {} min", name, person.paid_minutes,
                          employee.max_total_minutes));
    }
    if (person.paid_minutes < employee.min_total_minutes) {
      violate("min_total_minutes", e, -1, true, 0,
              fmt::format("{} works {} min: contract minimum {} min", name, person.paid_minutes,
                          employee.min_total_minutes));
    }
    // Runs of worked days and of days off.
    int d = 0;
    while (d < model.days) {
      const bool on = row[static_cast<size_t>(d)] >= 0;
      int end = d;
      while (end + 1 < model.days && (row[static_cast<size_t>(end + 1)] >= 0) == on) {
        ++end;
      }
      const int length = end - d + 1;
      const bool inside = d > 0 && end + 1 < model.days;
      if (on && employee.max_consecutive_shifts > 0 && length > employee.max_consecutive_shifts) {
        violate("max_consecutive_shifts", e, d, true, 0,
                fmt::format("{} works {} in a row (days {}-{}): limit {}", name,
                            Plural(length, "day"), d, end, employee.max_consecutive_shifts));
      }
      if (on && inside && length < employee.min_consecutive_shifts) {
        violate("min_consecutive_shifts", e, d, true, 0,
                fmt::format("{} works {} in a row (days {}-{}): at least {}", name,
                            Plural(length, "day"), d, end, employee.min_consecutive_shifts));
      }
      if (!on && inside && length < employee.min_consecutive_days_off) {
        violate("min_consecutive_days_off", e, d, true, 0,
                fmt::format("{} has {} off in a row (days {}-{}): at least {}", name,
                            Plural(length, "day"), d, end, employee.min_consecutive_days_off));
      }
      d = end + 1;
    }
    if (employee.max_weekends >= 0) {
      std::vector<bool> weekend_worked(static_cast<size_t>(model.weekends), false);
      for (int day = 0; day < model.days; ++day) {
        const int weekend = model.weekend_of_day[static_cast<size_t>(day)];
        if (weekend >= 0 && row[static_cast<size_t>(day)] >= 0) {
          weekend_worked[static_cast<size_t>(weekend)] = true;
        }
      }
      const int count =
          static_cast<int>(std::count(weekend_worked.begin(), weekend_worked.end(), true));
      if (count > employee.max_weekends) {
        violate("max_weekends", e, -1, true, 0,
                fmt::format("{} works {}: limit {}", name, Plural(count, "weekend"),
                            employee.max_weekends));
      }
    }
  }

  // Soft rules.
  std::vector<double> request_penalty(static_cast<size_t>(model.employees), 0.0);
  for (const auto& request : model.requests) {
    const std::string& name = model.names[static_cast<size_t>(request.employee)];
    int count = 0;
    for (const auto& cell : request.cells) {
      count += worked(cell) ? 1 : 0;
    }
    if (request.on && count == 0 && request.weight > 0) {
      request_penalty[static_cast<size_t>(request.employee)] += request.weight;
      violate(request.rule, request.employee, request.day, false, request.weight,
              fmt::format("{} asked to work {}: not rostered (weight {})", name, request.what,
                          Number(request.weight)));
    } else if (!request.on && count > 0 && request.weight > 0) {
      const double penalty = request.weight * count;
      request_penalty[static_cast<size_t>(request.employee)] += penalty;
      violate(request.rule, request.employee, request.day, false, penalty,
              request.rule == "unavailable_soft"
                  ? fmt::format("{} works while preferring not to, {} (weight {})", name,
                                request.what, Number(request.weight))
                  : fmt::format("{} asked for {} off: rostered (weight {})", name, request.what,
                                Number(request.weight)));
    }
  }
  for (const auto& cover : model.cover) {
    const auto& row = problem.cover[static_cast<size_t>(cover.index)];
    int count = 0;
    for (const auto& cell : cover.cells) {
      count += worked(cell) ? 1 : 0;
    }
    if (count < row.required) {
      const int missing = row.required - count;
      if (row.hard_minimum) {
        violate(
            "hard_cover", -1, row.day, true, 0,
            fmt::format("{}: {} of {} required (hard minimum)", cover.what, count, row.required));
      } else if (row.under_weight > 0) {
        violate("cover_under", -1, row.day, false, missing * row.under_weight,
                fmt::format("{}: {} short ({} of {})", cover.what, Plural(missing, "person"), count,
                            row.required));
      }
    } else if (count > row.required && row.over_weight > 0) {
      const int extra = count - row.required;
      violate("cover_over", -1, row.day, false, extra * row.over_weight,
              fmt::format("{}: {} over ({} for {})", cover.what, Plural(extra, "person"), count,
                          row.required));
    }
  }
  if (problem.rules.labour_cost_weight > 0) {
    auto& line = rules["labour_cost"];
    for (const auto& person : score.by_employee) {
      line.penalty +=
          problem.rules.labour_cost_weight * static_cast<double>(person.cost_cents) / 100.0;
      line.count += person.shifts;
    }
  }
  if (problem.rules.fairness_weight > 0 && !request_penalty.empty()) {
    const auto worst = std::max_element(request_penalty.begin(), request_penalty.end());
    if (*worst > 0) {
      auto& line = rules["fairness"];
      line.penalty = problem.rules.fairness_weight * *worst;
      line.count = 1;
    }
  }
  for (const auto& name : RuleOrder()) {
    score.by_rule.push_back(rules[name]);
    score.total += rules[name].penalty;
  }
  return score;
}

ScoreDelta CompareScores(const RosterScore& before, const RosterScore& after) {
  ScoreDelta delta;
  delta.total = after.total - before.total;
  std::map<std::string, RuleScore> rules;
  for (const auto& line : after.by_rule) {
    auto& out = rules[line.rule];
    out.rule = line.rule;
    out.penalty += line.penalty;
    out.count += line.count;
  }
  for (const auto& line : before.by_rule) {
    auto& out = rules[line.rule];
    out.rule = line.rule;
    out.penalty -= line.penalty;
    out.count -= line.count;
  }
  for (const auto& name : RuleOrder()) {
    const auto it = rules.find(name);
    if (it != rules.end() && (std::abs(it->second.penalty) > 1e-9 || it->second.count != 0)) {
      delta.by_rule.push_back(it->second);
    }
  }
  std::map<std::string, EmployeeScore> people;
  std::vector<std::string> order;
  for (const auto& person : after.by_employee) {
    people[person.employee] = person;
    order.push_back(person.employee);
  }
  for (const auto& person : before.by_employee) {
    auto [it, inserted] = people.try_emplace(person.employee);
    if (inserted) {
      it->second.employee = person.employee;
      order.push_back(person.employee);
    }
    it->second.shifts -= person.shifts;
    it->second.paid_minutes -= person.paid_minutes;
    it->second.cost_cents -= person.cost_cents;
    it->second.penalty -= person.penalty;
    it->second.hard_violations -= person.hard_violations;
  }
  for (const auto& id : order) {
    const auto& person = people[id];
    if (person.shifts != 0 || person.paid_minutes != 0 || person.cost_cents != 0 ||
        std::abs(person.penalty) > 1e-9 || person.hard_violations != 0) {
      delta.by_employee.push_back(person);
    }
  }
  auto key = [](const Violation& v) { return v.rule + "|" + v.message; };
  std::map<std::string, int> before_keys;
  for (const auto& v : before.violations) {
    before_keys[key(v)] += 1;
  }
  for (const auto& v : after.violations) {
    auto it = before_keys.find(key(v));
    if (it != before_keys.end() && it->second > 0) {
      it->second -= 1;
    } else {
      delta.added.push_back(v);
    }
  }
  std::map<std::string, int> after_keys;
  for (const auto& v : after.violations) {
    after_keys[key(v)] += 1;
  }
  for (const auto& v : before.violations) {
    auto it = after_keys.find(key(v));
    if (it != after_keys.end() && it->second > 0) {
      it->second -= 1;
    } else {
      delta.removed.push_back(v);
    }
  }
  return delta;
}

}  // namespace storeops::staffing
