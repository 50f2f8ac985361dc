// SPDX-License-Identifier: Apache-2.0
// An independent checker for Shift Scheduling Benchmark rosters: it parses the instance text and
// the roster CSV itself and recomputes feasibility and the objective straight from the
// benchmark's definitions, sharing no code with src/staffing (neither its parser nor its scorer).
#pragma once

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace storeops::staffing::testing {

struct CheckResult {
  bool feasible = true;
  long objective = 0;
  std::vector<std::string> problems;  ///< Hard violations and format errors.
};

namespace checker_detail {

inline std::vector<std::string> Fields(const std::string& line, char separator) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, separator)) {
    out.push_back(field);
  }
  if (!line.empty() && line.back() == separator) {
    out.emplace_back();
  }
  return out;
}

inline std::string Clean(std::string line) {
  if (auto hash = line.find('#'); hash != std::string::npos) {
    line.erase(hash);
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
    line.pop_back();
  }
  return line;
}

}  // namespace checker_detail

inline CheckResult CheckBenchmarkRoster(const std::string& instance, const std::string& roster) {
  using checker_detail::Clean;
  using checker_detail::Fields;
  CheckResult result;
  auto fail = [&result](const std::string& why) {
    result.feasible = false;
    result.problems.push_back(why);
  };

  // Instance.
  int horizon = 0;
  std::map<std::string, int> length;
  std::map<std::string, std::set<std::string>> banned_after;

  struct Staff {
    std::map<std::string, int> max_shifts;
    int max_minutes = 0, min_minutes = 0, max_run = 0, min_run = 0, min_off = 0, max_weekends = 0;
    std::set<int> days_off;
  };

  std::map<std::string, Staff> staff;

  struct Request {
    std::string who;
    int day;
    std::string shift;
    int weight;
  };

  std::vector<Request> on_requests, off_requests;

  struct Cover {
    int day;
    std::string shift;
    int need, under, over;
  };

  std::vector<Cover> cover;
  std::string section;
  std::istringstream lines(instance);
  std::string raw;
  while (std::getline(lines, raw)) {
    const std::string line = Clean(raw);
    if (line.empty()) {
      continue;
    }
    if (line.rfind("SECTION_", 0) == 0) {
      section = line;
      continue;
    }
    const auto f = Fields(line, ',');
    if (section == "SECTION_HORIZON") {
      horizon = std::stoi(f[0]);
    } else if (section == "SECTION_SHIFTS") {
      length[f[0]] = std::stoi(f[1]);
      if (f.size() > 2) {
        for (const auto& next : Fields(f[2], '|')) {
          if (!next.empty()) {
            banned_after[f[0]].insert(next);
          }
        }
      }
    } else if (section == "SECTION_STAFF") {
      Staff s;
      for (const auto& item : Fields(f[1], '|')) {
        const auto kv = Fields(item, '=');
        s.max_shifts[kv[0]] = std::stoi(kv[1]);
      }
      s.max_minutes = std::stoi(f[2]);
      s.min_minutes = std::stoi(f[3]);
      s.max_run = std::stoi(f[4]);
      s.min_run = std::stoi(f[5]);
      s.min_off = std::stoi(f[6]);
      s.max_weekends = std::stoi(f[7]);
      staff[f[0]] = s;
    } else if (section == "SECTION_DAYS_OFF") {
      for (size_t i = 1; i < f.size(); ++i) {
        staff[f[0]].days_off.insert(std::stoi(f[i]));
      }
    } else if (section == "SECTION_SHIFT_ON_REQUESTS") {
      on_requests.push_back({f[0], std::stoi(f[1]), f[2], std::stoi(f[3])});
    } else if (section == "SECTION_SHIFT_OFF_REQUESTS") {
      off_requests.push_back({f[0], std::stoi(f[1]), f[2], std::stoi(f[3])});
    } else if (section == "SECTION_COVER") {
      cover.push_back({std::stoi(f[0]), f[1], std::stoi(f[2]), std::stoi(f[3]), std::stoi(f[4])});
    }
  }

  // Roster: "employee,shift day 0,shift day 1,...".
  std::map<std::string, std::vector<std::string>> plan;
  std::istringstream roster_lines(roster);
  while (std::getline(roster_lines, raw)) {
    const std::string line = Clean(raw);
    if (line.empty()) {
      continue;
    }
    auto f = Fields(line, ',');
    const std::string who = f[0];
    f.erase(f.begin());
    f.resize(static_cast<size_t>(horizon));
    if (staff.count(who) == 0) {
      fail("unknown employee " + who);
      continue;
    }
    plan[who] = f;
  }

  for (const auto& [who, s] : staff) {
    auto row = plan[who];
    row.resize(static_cast<size_t>(horizon));
    std::map<std::string, int> count;
    int minutes = 0;
    for (int d = 0; d < horizon; ++d) {
      const auto& shift = row[static_cast<size_t>(d)];
      if (shift.empty()) {
        continue;
      }
      if (length.count(shift) == 0) {
        fail(who + " works unknown shift " + shift);
        continue;
      }
      ++count[shift];
      minutes += length[shift];
      if (s.days_off.count(d) != 0) {
        fail(who + " works on day off " + std::to_string(d));
      }
      if (d + 1 < horizon && banned_after[shift].count(row[static_cast<size_t>(d + 1)]) != 0) {
        fail(who + " works " + row[static_cast<size_t>(d + 1)] + " after " + shift);
      }
    }
    for (const auto& [shift, n] : count) {
      const auto limit = s.max_shifts.find(shift);
      if (limit != s.max_shifts.end() && n > limit->second) {
        fail(who + " works " + shift + " too often");
      }
    }
    if (minutes > s.max_minutes || minutes < s.min_minutes) {
      fail(who + " works " + std::to_string(minutes) + " minutes");
    }
    // Runs: the maximum applies to every run; minimums only to runs with a neighbour day on both
    // sides inside the horizon.
    int start = 0;
    while (start < horizon) {
      const bool on = !row[static_cast<size_t>(start)].empty();
      int end = start;
      while (end + 1 < horizon && !row[static_cast<size_t>(end + 1)].empty() == on) {
        ++end;
      }
      const int run = end - start + 1;
      const bool bounded = start > 0 && end < horizon - 1;
      if (on && run > s.max_run) {
        fail(who + " works too many days in a row");
      }
      if (on && bounded && run < s.min_run) {
        fail(who + " works too few days in a row");
      }
      if (!on && bounded && run < s.min_off) {
        fail(who + " has too few days off in a row");
      }
      start = end + 1;
    }
    int weekends = 0;
    for (int saturday = 5; saturday < horizon; saturday += 7) {
      const bool sat = !row[static_cast<size_t>(saturday)].empty();
      const bool sun = saturday + 1 < horizon && !row[static_cast<size_t>(saturday + 1)].empty();
      weekends += (sat || sun) ? 1 : 0;
    }
    if (weekends > s.max_weekends) {
      fail(who + " works too many weekends");
    }
    plan[who] = row;
  }

  for (const auto& r : on_requests) {
    if (plan[r.who][static_cast<size_t>(r.day)] != r.shift) {
      result.objective += r.weight;
    }
  }
  for (const auto& r : off_requests) {
    if (plan[r.who][static_cast<size_t>(r.day)] == r.shift) {
      result.objective += r.weight;
    }
  }
  for (const auto& c : cover) {
    int working = 0;
    for (const auto& [who, row] : plan) {
      working += row[static_cast<size_t>(c.day)] == c.shift ? 1 : 0;
    }
    if (working < c.need) {
      result.objective += static_cast<long>(c.need - working) * c.under;
    } else {
      result.objective += static_cast<long>(working - c.need) * c.over;
    }
  }
  return result;
}

}  // namespace storeops::staffing::testing
