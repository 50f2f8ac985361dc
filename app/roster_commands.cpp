// SPDX-License-Identifier: Apache-2.0
// File reading and JSON mapping for the roster engine; the engine itself (src/staffing) only sees
// plain structs and text. JSON errors name the JSON path ("employees[2].max_hours").
#include "roster_commands.hpp"

#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "storeops/staffing/roster.hpp"
#include "storeops/staffing/shift_benchmark.hpp"

#include "terminal.hpp"

namespace storeops::app {
namespace {

using nlohmann::json;
namespace staffing = storeops::staffing;

constexpr int kExitRuntime = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitInfeasible = 3;

// Thrown by the JSON mapping only; caught in this file.
struct InputError {
  std::string message;
};

// "HH:MM" or a number of minutes.
int Minutes(const json& value, const std::string& where) {
  if (value.is_number_integer()) {
    return value.get<int>();
  }
  if (value.is_string()) {
    const auto text = value.get<std::string>();
    int hours = 0;
    int minutes = 0;
    char colon = 0;
    std::istringstream in(text);
    if (in >> hours >> colon >> minutes && colon == ':' && in.peek() == EOF && minutes >= 0 &&
        minutes < 60 && hours >= 0) {
      return hours * 60 + minutes;
    }
  }
  throw InputError{where + " must be \"HH:MM\" or whole minutes"};
}

template <class T>
T Get(const json& object, const char* key, const std::string& where, T fallback) {
  if (!object.contains(key)) {
    return fallback;
  }
  try {
    return object.at(key).get<T>();
  } catch (const json::exception&) {
    throw InputError{fmt::format("{}.{} has the wrong type", where, key)};
  }
}

template <class T>
T Require(const json& object, const char* key, const std::string& where) {
  if (!object.contains(key)) {
    throw InputError{fmt::format("{}.{} is required", where, key)};
  }
  return Get<T>(object, key, where, T{});
}

const json& Array(const json& object, const char* key) {
  static const json empty = json::array();
  if (!object.contains(key)) {
    return empty;
  }
  if (!object.at(key).is_array()) {
    throw InputError{fmt::format("{} must be an array", key)};
  }
  return object.at(key);
}

staffing::RosterProblem ProblemFromJson(const json& in) {
  if (!in.is_object()) {
    throw InputError{"the input must be a JSON object"};
  }
  staffing::RosterProblem problem;
  problem.horizon_days = Require<int>(in, "horizon_days", "input");
  problem.first_weekday = Get<int>(in, "first_weekday", "input", 0);
  if (in.contains("rules")) {
    const auto& rules = in.at("rules");
    auto& out = problem.rules;
    out.min_rest_minutes = Get<int>(rules, "min_rest_minutes", "rules", 660);
    out.minor_max_shift_minutes =
        Get<int>(rules, "minor_max_shift_minutes", "rules", out.minor_max_shift_minutes);
    if (rules.contains("minor_latest_end")) {
      out.minor_latest_end_minute = Minutes(rules.at("minor_latest_end"), "rules.minor_latest_end");
    }
    out.labour_cost_weight = Get<double>(rules, "labour_cost_weight", "rules", 0);
    out.fairness_weight = Get<double>(rules, "fairness_weight", "rules", 0);
    for (size_t i = 0; i < Array(rules, "breaks").size(); ++i) {
      const auto& rule = rules.at("breaks")[i];
      const auto where = fmt::format("rules.breaks[{}]", i);
      out.breaks.push_back({Require<int>(rule, "min_shift_minutes", where),
                            Require<int>(rule, "break_minutes", where)});
    }
  } else {
    problem.rules.min_rest_minutes = 660;
  }
  const auto& shifts = Array(in, "shifts");
  for (size_t i = 0; i < shifts.size(); ++i) {
    const auto& item = shifts[i];
    const auto where = fmt::format("shifts[{}]", i);
    staffing::ShiftType shift;
    shift.id = Require<std::string>(item, "id", where);
    shift.start_minute = Minutes(item.value("start", json(0)), where + ".start");
    shift.length_minutes = Require<int>(item, "length_minutes", where);
    shift.skill = Get<std::string>(item, "skill", where, "");
    shift.cannot_follow = Get<std::vector<std::string>>(item, "cannot_follow", where, {});
    problem.shifts.push_back(std::move(shift));
  }
  const auto& grids = Array(in, "shift_grid");
  for (size_t i = 0; i < grids.size(); ++i) {
    const auto& item = grids[i];
    const auto where = fmt::format("shift_grid[{}]", i);
    auto generated = staffing::GenerateShiftTemplates(
        Get<std::string>(item, "skill", where, ""),
        Minutes(item.value("earliest_start", json(0)), where + ".earliest_start"),
        Minutes(item.value("latest_end", json(1440)), where + ".latest_end"),
        Require<std::vector<int>>(item, "lengths_minutes", where),
        Get<int>(item, "step_minutes", where, 15));
    if (!generated) {
      throw InputError{where + ": " + generated.error().message};
    }
    problem.shifts.insert(problem.shifts.end(), generated->begin(), generated->end());
  }
  const auto& employees = Array(in, "employees");
  for (size_t i = 0; i < employees.size(); ++i) {
    const auto& item = employees[i];
    const auto where = fmt::format("employees[{}]", i);
    staffing::Employee employee;
    employee.id = Require<std::string>(item, "id", where);
    employee.name = Get<std::string>(item, "name", where, "");
    employee.skills = Get<std::vector<std::string>>(item, "skills", where, {});
    employee.max_shifts = Get<std::map<std::string, int>>(item, "max_shifts", where, {});
    employee.min_total_minutes =
        static_cast<int>(std::lround(Get<double>(item, "min_hours", where, 0) * 60));
    employee.max_total_minutes =
        static_cast<int>(std::lround(Get<double>(item, "max_hours", where, 10000) * 60));
    employee.max_consecutive_shifts = Get<int>(item, "max_consecutive_days", where, 0);
    employee.min_consecutive_shifts = Get<int>(item, "min_consecutive_days", where, 1);
    employee.min_consecutive_days_off = Get<int>(item, "min_consecutive_days_off", where, 1);
    employee.max_weekends = Get<int>(item, "max_weekends", where, -1);
    employee.max_shift_minutes = Get<int>(item, "max_shift_minutes", where, 0);
    employee.days_off = Get<std::vector<int>>(item, "days_off", where, {});
    employee.hourly_cost_cents = std::llround(Get<double>(item, "hourly_cost", where, 0) * 100);
    employee.minor = Get<bool>(item, "minor", where, false);
    const auto& windows = Array(item, "unavailable");
    for (size_t k = 0; k < windows.size(); ++k) {
      const auto& window = windows[k];
      const auto wwhere = fmt::format("{}.unavailable[{}]", where, k);
      staffing::Unavailability out;
      out.day = Require<int>(window, "day", wwhere);
      out.start_minute = Minutes(window.value("from", json(0)), wwhere + ".from");
      out.end_minute = Minutes(window.value("to", json(1440)), wwhere + ".to");
      out.hard = Get<bool>(window, "hard", wwhere, true);
      out.weight = Get<double>(window, "weight", wwhere, 1);
      employee.unavailable.push_back(out);
    }
    problem.employees.push_back(std::move(employee));
  }
  const auto& requests = Array(in, "requests");
  for (size_t i = 0; i < requests.size(); ++i) {
    const auto& item = requests[i];
    const auto where = fmt::format("requests[{}]", i);
    problem.requests.push_back(
        {Require<std::string>(item, "employee", where), Require<int>(item, "day", where),
         Get<std::string>(item, "shift", where, ""), Get<bool>(item, "on", where, false),
         Get<double>(item, "weight", where, 1)});
  }
  const auto& requirements = Array(in, "requirements");
  for (size_t i = 0; i < requirements.size(); ++i) {
    const auto& item = requirements[i];
    const auto where = fmt::format("requirements[{}]", i);
    staffing::CoverRequirement cover;
    cover.day = Require<int>(item, "day", where);
    cover.shift = Get<std::string>(item, "shift", where, "");
    cover.skill = Get<std::string>(item, "skill", where, "");
    cover.under_weight = Get<double>(item, "under_weight", where, 100);
    cover.over_weight = Get<double>(item, "over_weight", where, 1);
    cover.hard_minimum = Get<bool>(item, "hard", where, false);
    if (!item.contains("staff")) {
      throw InputError{where + ".staff is required"};
    }
    if (item.at("staff").is_array()) {
      // One number per 15-minute interval from "from".
      const int from = Minutes(item.value("from", json(0)), where + ".from");
      const auto staff = Require<std::vector<int>>(item, "staff", where);
      for (size_t k = 0; k < staff.size(); ++k) {
        cover.start_minute = from + static_cast<int>(k) * 15;
        cover.end_minute = cover.start_minute + 15;
        cover.required = staff[k];
        problem.cover.push_back(cover);
      }
      continue;
    }
    cover.required = Require<int>(item, "staff", where);
    if (cover.shift.empty()) {
      cover.start_minute = Minutes(item.value("from", json(0)), where + ".from");
      cover.end_minute = Minutes(item.value("to", json(cover.start_minute + 15)), where + ".to");
    }
    problem.cover.push_back(cover);
  }
  return problem;
}

staffing::Roster RosterFromJson(const json& in) {
  const json& root = in.is_object() && in.contains("roster") ? in.at("roster") : in;
  staffing::Roster roster;
  const auto& items = Array(root, "assignments");
  for (size_t i = 0; i < items.size(); ++i) {
    const auto where = fmt::format("assignments[{}]", i);
    roster.assignments.push_back({Require<std::string>(items[i], "employee", where),
                                  Require<int>(items[i], "day", where),
                                  Require<std::string>(items[i], "shift", where)});
  }
  return roster;
}

json RosterToJson(const staffing::Roster& roster) {
  json items = json::array();
  for (const auto& a : roster.assignments) {
    items.push_back({{"employee", a.employee}, {"day", a.day}, {"shift", a.shift}});
  }
  return {{"assignments", items}};
}

json ViolationsToJson(const std::vector<staffing::Violation>& violations) {
  json out = json::array();
  for (const auto& v : violations) {
    out.push_back({{"rule", v.rule},
                   {"employee", v.employee},
                   {"day", v.day},
                   {"hard", v.hard},
                   {"penalty", v.penalty},
                   {"message", v.message}});
  }
  return out;
}

json RulesToJson(const std::vector<staffing::RuleScore>& rules) {
  json out = json::array();
  for (const auto& r : rules) {
    out.push_back({{"rule", r.rule}, {"penalty", r.penalty}, {"count", r.count}});
  }
  return out;
}

json EmployeesToJson(const std::vector<staffing::EmployeeScore>& people) {
  json out = json::array();
  for (const auto& p : people) {
    out.push_back({{"employee", p.employee},
                   {"shifts", p.shifts},
                   {"paid_minutes", p.paid_minutes},
                   {"cost_cents", p.cost_cents},
                   {"penalty", p.penalty},
                   {"hard_violations", p.hard_violations}});
  }
  return out;
}

json ScoreToJson(const staffing::RosterScore& score) {
  return {{"total", score.total},
          {"feasible", score.feasible},
          {"by_rule", RulesToJson(score.by_rule)},
          {"by_employee", EmployeesToJson(score.by_employee)},
          {"violations", ViolationsToJson(score.violations)}};
}

void PrintRosterGrid(const staffing::RosterProblem& problem, const staffing::Roster& roster) {
  static const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  std::map<std::string, std::vector<std::string>> grid;
  size_t width = 5;
  for (const auto& a : roster.assignments) {
    auto& row = grid[a.employee];
    row.resize(static_cast<size_t>(problem.horizon_days));
    row[static_cast<size_t>(a.day)] = a.shift;
    width = std::max(width, a.shift.size() + 1);
  }
  std::printf("%-12s", "employee");
  for (int d = 0; d < problem.horizon_days; ++d) {
    std::printf("%-*s", static_cast<int>(width),
                fmt::format("{}{}", kDays[(problem.first_weekday + d) % 7], d).c_str());
  }
  std::printf("\n");
  for (const auto& employee : problem.employees) {
    std::printf("%-12s", employee.id.c_str());
    auto row = grid[employee.id];
    row.resize(static_cast<size_t>(problem.horizon_days));
    for (const auto& shift : row) {
      std::printf("%-*s", static_cast<int>(width), shift.empty() ? "-" : shift.c_str());
    }
    std::printf("\n");
  }
}

void PrintScore(const staffing::RosterScore& score) {
  std::printf("\nScore %.2f%s, by rule:\n", score.total,
              score.feasible ? "" : " (NOT FEASIBLE: hard rules violated)");
  for (const auto& r : score.by_rule) {
    if (r.count != 0 || r.penalty != 0) {
      std::printf("  %-26s %10.2f  (%d)\n", r.rule.c_str(), r.penalty, r.count);
    }
  }
  std::printf("\nBy employee:\n  %-12s %7s %11s %10s %9s %5s\n", "employee", "shifts", "paid hours",
              "cost", "penalty", "hard");
  for (const auto& p : score.by_employee) {
    std::printf("  %-12s %7d %11.2f %10.2f %9.2f %5d\n", p.employee.c_str(), p.shifts,
                p.paid_minutes / 60.0, static_cast<double>(p.cost_cents) / 100.0, p.penalty,
                p.hard_violations);
  }
  std::printf("\nViolations (%zu):\n", score.violations.size());
  for (const auto& v : score.violations) {
    std::printf("  %s %s\n", v.hard ? "[hard]" : "[soft]", v.message.c_str());
  }
}

struct ScheduleFlags {
  std::string input;
  std::string roster;
  std::string baseline;
  std::string time_limit = "30";
  std::string format = "table";
};

struct BenchmarkFlags {
  std::string instance;
  std::string time_limit = "60";
  std::string format = "table";
  std::string roster_out;
  std::string best_known;
};

int Complain(const char* command, const std::string& message, int code) {
  std::fprintf(stderr, "storeops staffing %s: %s\n", command, message.c_str());
  return code;
}

std::optional<double> PositiveSeconds(const std::string& text) {
  try {
    size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size() && std::isfinite(value) && value > 0) {
      return value;
    }
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

// Reports a failed solve or score; returns the exit code.
int ReportError(const char* command, const core::Error& error, bool as_json) {
  const bool infeasible = error.code == core::ErrorCode::kFailedPrecondition;
  if (as_json) {
    json conflicts = json::array();
    for (const auto& d : error.details) {
      conflicts.push_back({{"rule", d.field}, {"reason", d.reason}});
    }
    json out = {{"error",
                 {{"code", std::string(core::ErrorCodeName(error.code))},
                  {"message", error.message},
                  {"details", conflicts}}}};
    std::printf("%s\n", out.dump().c_str());
  }
  std::fprintf(stderr, "storeops staffing %s: %s\n", command, error.message.c_str());
  for (const auto& d : error.details) {
    std::fprintf(stderr, "  %s: %s\n", d.field.c_str(), d.reason.c_str());
  }
  if (infeasible) {
    return kExitInfeasible;
  }
  return error.code == core::ErrorCode::kInvalidArgument ? kExitBadInput : kExitRuntime;
}

std::optional<json> LoadJson(const std::string& path, const char* flag, std::string& problem) {
  const auto text = ReadTextFile(path);
  if (!text) {
    problem = fmt::format("{}: cannot read '{}'", flag, path);
    return std::nullopt;
  }
  try {
    return json::parse(*text);
  } catch (const json::parse_error& e) {
    problem = fmt::format("{}: '{}' is not valid JSON: {}", flag, path, e.what());
    return std::nullopt;
  }
}

int RunSchedule(const ScheduleFlags& flags, const std::vector<std::string>& extras) {
  const char* kCommand = "schedule";
  if (!extras.empty()) {
    return Complain(kCommand, "unknown argument '" + extras.front() + "'", kExitBadInput);
  }
  if (flags.format != "table" && flags.format != "json") {
    return Complain(kCommand, "--format must be 'table' or 'json'", kExitBadInput);
  }
  if (flags.input.empty()) {
    return Complain(kCommand, "--input is required", kExitBadInput);
  }
  const auto seconds = PositiveSeconds(flags.time_limit);
  if (!seconds) {
    return Complain(kCommand, "--time-limit must be a positive number of seconds", kExitBadInput);
  }
  if (!flags.baseline.empty() && flags.roster.empty()) {
    return Complain(kCommand, "--baseline needs --roster", kExitBadInput);
  }
  std::string problem_text;
  const auto input = LoadJson(flags.input, "--input", problem_text);
  if (!input) {
    return Complain(kCommand, problem_text, kExitBadInput);
  }
  staffing::RosterProblem problem;
  try {
    problem = ProblemFromJson(*input);
  } catch (const InputError& e) {
    return Complain(kCommand, "--input: " + e.message, kExitBadInput);
  }
  const bool as_json = flags.format == "json";

  if (!flags.roster.empty()) {
    // Re-score an edited roster, optionally against a baseline.
    std::vector<staffing::RosterScore> scores;
    std::vector<staffing::Roster> rosters;
    for (const auto* path : {&flags.roster, &flags.baseline}) {
      if (path->empty()) {
        continue;
      }
      const auto roster_json = LoadJson(*path, "--roster", problem_text);
      if (!roster_json) {
        return Complain(kCommand, problem_text, kExitBadInput);
      }
      try {
        rosters.push_back(RosterFromJson(*roster_json));
      } catch (const InputError& e) {
        return Complain(kCommand, *path + ": " + e.message, kExitBadInput);
      }
      auto score = staffing::ScoreRoster(problem, rosters.back());
      if (!score) {
        return ReportError(kCommand, score.error(), as_json);
      }
      scores.push_back(std::move(*score));
    }
    std::optional<staffing::ScoreDelta> delta;
    if (scores.size() == 2) {
      delta = staffing::CompareScores(scores[1], scores[0]);
    }
    if (as_json) {
      json out = {{"score", ScoreToJson(scores[0])}};
      if (delta) {
        out["delta"] = {{"total", delta->total},
                        {"by_rule", RulesToJson(delta->by_rule)},
                        {"by_employee", EmployeesToJson(delta->by_employee)},
                        {"added", ViolationsToJson(delta->added)},
                        {"removed", ViolationsToJson(delta->removed)}};
      }
      std::printf("%s\n", out.dump().c_str());
      return 0;
    }
    PrintRosterGrid(problem, rosters[0]);
    PrintScore(scores[0]);
    if (delta) {
      std::printf("\nChange against the baseline: %+.2f\n", delta->total);
      for (const auto& r : delta->by_rule) {
        std::printf("  %-26s %+10.2f  (%+d)\n", r.rule.c_str(), r.penalty, r.count);
      }
      for (const auto& v : delta->added) {
        std::printf("  new:   %s\n", v.message.c_str());
      }
      for (const auto& v : delta->removed) {
        std::printf("  fixed: %s\n", v.message.c_str());
      }
    }
    return 0;
  }

  auto solution = staffing::SolveRoster(problem, {.time_limit_seconds = *seconds});
  if (!solution) {
    return ReportError(kCommand, solution.error(), as_json);
  }
  if (as_json) {
    json out = {{"status", solution->optimal ? "optimal" : "feasible"},
                {"objective", solution->objective},
                {"best_bound", solution->best_bound},
                {"gap", solution->gap},
                {"seconds", solution->seconds},
                {"roster", RosterToJson(solution->roster)},
                {"score", ScoreToJson(solution->score)}};
    std::printf("%s\n", out.dump().c_str());
    return 0;
  }
  std::printf("Roster: objective %.2f, bound %.2f, gap %.2f%% (%s) in %.1f s\n\n",
              solution->objective, solution->best_bound, solution->gap * 100,
              solution->optimal ? "optimal" : "time limit", solution->seconds);
  PrintRosterGrid(problem, solution->roster);
  PrintScore(solution->score);
  return 0;
}

// Best known value from best_known.csv next to the instance ("InstanceN.txt" -> row N).
std::optional<double> BestKnownNextTo(const std::filesystem::path& instance) {
  const std::string stem = instance.stem().string();
  if (stem.rfind("Instance", 0) != 0) {
    return std::nullopt;
  }
  const std::string number = stem.substr(8);
  const auto csv = ReadTextFile((instance.parent_path() / "best_known.csv").string());
  if (!csv) {
    return std::nullopt;
  }
  std::istringstream lines(*csv);
  std::string line;
  while (std::getline(lines, line)) {
    const auto comma = line.find(',');
    if (comma != std::string::npos && line.substr(0, comma) == number) {
      try {
        return std::stod(line.substr(comma + 1));
      } catch (const std::exception&) {
        return std::nullopt;
      }
    }
  }
  return std::nullopt;
}

int RunBenchmark(const BenchmarkFlags& flags, const std::vector<std::string>& extras) {
  const char* kCommand = "benchmark";
  if (!extras.empty()) {
    return Complain(kCommand, "unknown argument '" + extras.front() + "'", kExitBadInput);
  }
  if (flags.format != "table" && flags.format != "json") {
    return Complain(kCommand, "--format must be 'table' or 'json'", kExitBadInput);
  }
  if (flags.instance.empty()) {
    return Complain(kCommand, "--instance is required", kExitBadInput);
  }
  const auto seconds = PositiveSeconds(flags.time_limit);
  if (!seconds) {
    return Complain(kCommand, "--time-limit must be a positive number of seconds", kExitBadInput);
  }
  std::optional<double> best_known;
  if (!flags.best_known.empty()) {
    best_known = PositiveSeconds(flags.best_known);
    if (!best_known) {
      return Complain(kCommand, "--best-known must be a positive number", kExitBadInput);
    }
  } else {
    best_known = BestKnownNextTo(flags.instance);
  }
  const auto text = ReadTextFile(flags.instance);
  if (!text) {
    return Complain(kCommand, "--instance: cannot read '" + flags.instance + "'", kExitBadInput);
  }
  auto problem = staffing::ParseShiftBenchmark(*text);
  if (!problem) {
    return ReportError(kCommand, problem.error(), false);
  }
  auto solution = staffing::SolveRoster(*problem, {.time_limit_seconds = *seconds});
  if (!solution) {
    return ReportError(kCommand, solution.error(), flags.format == "json");
  }
  if (!flags.roster_out.empty()) {
    std::ofstream out(flags.roster_out, std::ios::binary);
    out << staffing::FormatBenchmarkRoster(*problem, solution->roster);
    if (!out) {
      return Complain(kCommand, "--roster-out: cannot write '" + flags.roster_out + "'",
                      kExitRuntime);
    }
  }
  const std::string name = std::filesystem::path(flags.instance).stem().string();
  const double gap = best_known ? (solution->objective - *best_known) / *best_known : 0.0;
  if (flags.format == "json") {
    json out = {{"instance", name},
                {"objective", solution->objective},
                {"best_known", best_known ? json(*best_known) : json(nullptr)},
                {"gap", best_known ? json(gap) : json(nullptr)},
                {"seconds", solution->seconds},
                {"feasible", solution->score.feasible},
                {"optimal", solution->optimal},
                {"best_bound", solution->best_bound},
                {"mip_gap", solution->gap}};
    std::printf("%s\n", out.dump().c_str());
    return 0;
  }
  std::printf("%s: objective %.0f, best known %s, gap %s, bound %.1f (%s), %.1f s, %s\n",
              name.c_str(), solution->objective,
              best_known ? fmt::format("{:.0f}", *best_known).c_str() : "?",
              best_known ? fmt::format("{:.2f}%", gap * 100).c_str() : "?", solution->best_bound,
              solution->optimal ? "proven optimal" : "time limit", solution->seconds,
              solution->score.feasible ? "feasible" : "INFEASIBLE");
  return 0;
}

}  // namespace

void AddRosterCommands(CLI::App& staffing, int& exit_code) {
  auto schedule_flags = std::make_shared<ScheduleFlags>();
  auto* schedule = staffing.add_subcommand(
      "schedule", "Build a roster (MIP, CBC) from a JSON input, or re-score an edited roster");
  schedule->allow_extras();
  schedule->add_option("--input", schedule_flags->input, "roster input JSON (docs/STAFFING.md)");
  schedule->add_option("--roster", schedule_flags->roster,
                       "re-score this roster JSON instead of solving");
  schedule->add_option("--baseline", schedule_flags->baseline,
                       "with --roster: show the change against this roster JSON");
  schedule->add_option("--time-limit", schedule_flags->time_limit, "solver time limit, seconds")
      ->capture_default_str();
  schedule->add_option("--format", schedule_flags->format, "table or json")->capture_default_str();
  schedule->callback([schedule, schedule_flags, &exit_code] {
    try {
      exit_code = RunSchedule(*schedule_flags, schedule->remaining());
    } catch (const std::exception& e) {
      exit_code = Complain("schedule", e.what(), kExitRuntime);
    }
  });

  auto bench_flags = std::make_shared<BenchmarkFlags>();
  auto* benchmark = staffing.add_subcommand(
      "benchmark", "Solve a Shift Scheduling Benchmark instance and compare with the best known");
  benchmark->allow_extras();
  benchmark->add_option("--instance", bench_flags->instance, "InstanceN.txt");
  benchmark->add_option("--time-limit", bench_flags->time_limit, "solver time limit, seconds")
      ->capture_default_str();
  benchmark->add_option("--format", bench_flags->format, "table or json")->capture_default_str();
  benchmark->add_option("--roster-out", bench_flags->roster_out, "write the roster as CSV");
  benchmark->add_option("--best-known", bench_flags->best_known,
                        "best known objective (default: best_known.csv next to the instance)");
  benchmark->callback([benchmark, bench_flags, &exit_code] {
    try {
      exit_code = RunBenchmark(*bench_flags, benchmark->remaining());
    } catch (const std::exception& e) {
      exit_code = Complain("benchmark", e.what(), kExitRuntime);
    }
  });
}

}  // namespace storeops::app
