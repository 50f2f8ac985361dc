// SPDX-License-Identifier: Apache-2.0
// The benchmark's text format (schedulingbenchmarks.org, "Shift Scheduling Benchmark"): sections
// in a fixed order, comma-separated fields, '|' for lists, '=' for per-shift limits. Every staff
// constraint is hard; cover and requests are the objective, exactly as RosterProblem expresses
// them, so no benchmark-specific code exists outside this parser.
#include "storeops/staffing/shift_benchmark.hpp"

#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace storeops::staffing {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

std::vector<std::string> Split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t at = text.find(separator, start);
    parts.emplace_back(Trim(text.substr(start, at == std::string_view::npos ? at : at - start)));
    if (at == std::string_view::npos) {
      break;
    }
    start = at + 1;
  }
  return parts;
}

std::optional<int> ToInt(const std::string& text) {
  int value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) {
    return std::nullopt;
  }
  return value;
}

class Parser {
 public:
  core::Result<RosterProblem> Run(std::string_view text) {
    int line_number = 0;
    size_t start = 0;
    while (start <= text.size()) {
      const size_t end = text.find('\n', start);
      std::string_view line =
          text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
      ++line_number;
      if (const size_t hash = line.find('#'); hash != std::string_view::npos) {
        line = line.substr(0, hash);
      }
      line = Trim(line);
      if (!line.empty()) {
        if (auto status = Line(line); !status.empty()) {
          return core::Fail(core::ErrorCode::kInvalidArgument,
                            fmt::format("shift benchmark: line {}: {}", line_number, status),
                            {{fmt::format("line {}", line_number), status}});
        }
      }
      if (end == std::string_view::npos) {
        break;
      }
      start = end + 1;
    }
    if (problem_.horizon_days <= 0) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        "shift benchmark: SECTION_HORIZON is missing",
                        {{"SECTION_HORIZON", "is missing"}});
    }
    for (auto& employee : problem_.employees) {
      for (const auto& [shift, count] : employee.max_shifts) {
        if (shifts_.count(shift) == 0) {
          return core::Fail(
              core::ErrorCode::kInvalidArgument,
              fmt::format("shift benchmark: staff {} names unknown shift {}", employee.id, shift),
              {{"SECTION_STAFF", "unknown shift " + shift}});
        }
      }
    }
    if (auto valid = ValidateRosterProblem(problem_); !valid) {
      auto error = valid.error();
      error.message = "shift benchmark: " + error.message;
      return core::Fail(std::move(error));
    }
    return std::move(problem_);
  }

 private:
  // Empty on success, else the reason.
  std::string Line(std::string_view line) {
    if (line.substr(0, 8) == "SECTION_") {
      section_ = std::string(line);
      return {};
    }
    const auto fields = Split(line, ',');
    if (section_ == "SECTION_HORIZON") {
      const auto days = ToInt(fields[0]);
      if (!days || *days <= 0) {
        return "horizon must be a positive integer";
      }
      problem_.horizon_days = *days;
      return {};
    }
    if (section_ == "SECTION_SHIFTS") {
      if (fields.size() < 2) {
        return "expected ShiftID, minutes, banned successors";
      }
      ShiftType shift;
      shift.id = fields[0];
      const auto minutes = ToInt(fields[1]);
      if (!minutes) {
        return "shift length must be an integer";
      }
      shift.length_minutes = *minutes;
      if (fields.size() > 2 && !fields[2].empty()) {
        shift.cannot_follow = Split(fields[2], '|');
      }
      shifts_[shift.id] = static_cast<int>(problem_.shifts.size());
      problem_.shifts.push_back(std::move(shift));
      return {};
    }
    if (section_ == "SECTION_STAFF") {
      if (fields.size() != 8) {
        return "expected 8 staff fields";
      }
      Employee employee;
      employee.id = fields[0];
      if (!fields[1].empty()) {
        for (const auto& item : Split(fields[1], '|')) {
          const auto parts = Split(item, '=');
          const auto count = parts.size() == 2 ? ToInt(parts[1]) : std::nullopt;
          if (!count) {
            return "MaxShifts must look like D=14|N=0";
          }
          employee.max_shifts[parts[0]] = *count;
        }
      }
      std::vector<int> numbers;
      for (size_t i = 2; i < 8; ++i) {
        const auto value = ToInt(fields[i]);
        if (!value) {
          return fmt::format("staff field {} must be an integer", i + 1);
        }
        numbers.push_back(*value);
      }
      employee.max_total_minutes = numbers[0];
      employee.min_total_minutes = numbers[1];
      employee.max_consecutive_shifts = numbers[2];
      employee.min_consecutive_shifts = std::max(numbers[3], 1);
      employee.min_consecutive_days_off = std::max(numbers[4], 1);
      employee.max_weekends = numbers[5];
      employees_[employee.id] = static_cast<int>(problem_.employees.size());
      problem_.employees.push_back(std::move(employee));
      return {};
    }
    if (section_ == "SECTION_DAYS_OFF") {
      const auto it = employees_.find(fields[0]);
      if (it == employees_.end()) {
        return "unknown employee " + fields[0];
      }
      for (size_t i = 1; i < fields.size(); ++i) {
        const auto day = ToInt(fields[i]);
        if (!day) {
          return "day index must be an integer";
        }
        problem_.employees[static_cast<size_t>(it->second)].days_off.push_back(*day);
      }
      return {};
    }
    if (section_ == "SECTION_SHIFT_ON_REQUESTS" || section_ == "SECTION_SHIFT_OFF_REQUESTS") {
      if (fields.size() != 4) {
        return "expected EmployeeID, Day, ShiftID, Weight";
      }
      const auto day = ToInt(fields[1]);
      const auto weight = ToInt(fields[3]);
      if (!day || !weight) {
        return "day and weight must be integers";
      }
      problem_.requests.push_back(
          {fields[0], *day, fields[2], section_ == "SECTION_SHIFT_ON_REQUESTS", double(*weight)});
      return {};
    }
    if (section_ == "SECTION_COVER") {
      if (fields.size() != 5) {
        return "expected Day, ShiftID, Requirement, under weight, over weight";
      }
      const auto day = ToInt(fields[0]);
      const auto required = ToInt(fields[2]);
      const auto under = ToInt(fields[3]);
      const auto over = ToInt(fields[4]);
      if (!day || !required || !under || !over) {
        return "cover fields must be integers";
      }
      CoverRequirement cover;
      cover.day = *day;
      cover.shift = fields[1];
      cover.required = *required;
      cover.under_weight = *under;
      cover.over_weight = *over;
      problem_.cover.push_back(std::move(cover));
      return {};
    }
    return section_.empty() ? "data before the first SECTION_ line" : "unknown section " + section_;
  }

  RosterProblem problem_;
  std::string section_;
  std::map<std::string, int> shifts_;
  std::map<std::string, int> employees_;
};

}  // namespace

core::Result<RosterProblem> ParseShiftBenchmark(std::string_view text) {
  return Parser().Run(text);
}

std::string FormatBenchmarkRoster(const RosterProblem& problem, const Roster& roster) {
  std::map<std::string, std::vector<std::string>> grid;
  for (const auto& employee : problem.employees) {
    grid[employee.id].assign(static_cast<size_t>(problem.horizon_days), std::string());
  }
  for (const auto& assignment : roster.assignments) {
    auto it = grid.find(assignment.employee);
    if (it != grid.end() && assignment.day >= 0 && assignment.day < problem.horizon_days) {
      it->second[static_cast<size_t>(assignment.day)] = assignment.shift;
    }
  }
  std::string out = "# employee";
  for (int d = 0; d < problem.horizon_days; ++d) {
    out += fmt::format(",{}", d);
  }
  out += '\n';
  for (const auto& employee : problem.employees) {
    out += employee.id;
    for (const auto& shift : grid[employee.id]) {
      out += ',' + shift;
    }
    out += '\n';
  }
  return out;
}

}  // namespace storeops::staffing
