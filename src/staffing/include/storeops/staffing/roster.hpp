// SPDX-License-Identifier: Apache-2.0
// Rosters: who works which shift on which day (issue #6). `SolveRoster` assigns employees to shift
// templates subject to hard contract rules, minimising under/over-coverage, request violations,
// labour cost and unfairness, under a time limit (price-and-branch: CLP master LP, per-employee
// dynamic-programme pricing, COIN-OR CBC on the generated schedules; a compact CBC MIP as
// fallback); `ScoreRoster` re-scores any roster (e.g. one a manager edited) rule by rule and
// employee by employee, and lists every violated rule in words. Pure, safe to call concurrently.
//
//   staffing::RosterProblem problem;  // horizon, shift templates, employees, cover, rules
//   auto solution = staffing::SolveRoster(problem, {.time_limit_seconds = 30});
//   // solution->score.violations[i].message: "ana works 6 days in a row: limit 5"
//   auto edited = staffing::ScoreRoster(problem, edited_roster);
//   auto delta = staffing::CompareScores(solution->score, *edited);
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "storeops/core/result.hpp"

namespace storeops::staffing {

/// A shift template: a start time on the 15-minute grid and a length. A shift may run past
/// midnight (it still belongs to the day it starts on).
struct ShiftType {
  std::string id;          ///< Unique, not empty ("E", "cashier@08:00+480").
  int start_minute = 0;    ///< Minutes after midnight of its day, in [0, 1440).
  int length_minutes = 0;  ///< > 0, including any unpaid break.
  std::string skill;       ///< Skill needed to work it; empty: anyone.
  /// Shift ids that may not be worked the day after this one (besides the min-rest rule).
  std::vector<std::string> cannot_follow;
};

/// A window in which an employee is not available. Hard: no shift overlapping it may be given;
/// soft: each overlapping shift costs `weight`.
struct Unavailability {
  int day = 0;
  int start_minute = 0;   ///< Minutes after midnight of `day`, inclusive.
  int end_minute = 1440;  ///< Exclusive; <= 1440, > start_minute.
  bool hard = true;
  double weight = 1;  ///< Penalty per overlapping shift when soft; >= 0.
};

/// One employee's contract. All limits are hard constraints.
struct Employee {
  std::string id;    ///< Unique, not empty.
  std::string name;  ///< For messages; empty: the id.
  std::vector<std::string> skills;
  std::map<std::string, int> max_shifts;  ///< Per shift id; a missing id is unlimited.
  int min_total_minutes = 0;              ///< Paid minutes over the horizon (after unpaid breaks).
  int max_total_minutes = 1'000'000;
  int max_consecutive_shifts = 0;    ///< Days worked in a row; 0: no limit.
  int min_consecutive_shifts = 1;    ///< Runs inside the horizon only (benchmark definition).
  int min_consecutive_days_off = 1;  ///< Runs inside the horizon only.
  int max_weekends = -1;             ///< Weekends with Saturday or Sunday worked; -1: no limit.
  int max_shift_minutes = 0;         ///< Longest shift template allowed; 0: no limit.
  std::vector<int> days_off;         ///< Days the employee cannot work (hard).
  std::vector<Unavailability> unavailable;
  int64_t hourly_cost_cents = 0;  ///< Cost per paid hour; >= 0.
  bool minor = false;             ///< RosterRules' minors' limits apply.
};

/// A wish to work (`on`) or not to work a shift; `shift` empty means any shift that day (a
/// requested day off when `on` is false). The penalty `weight` is due when the wish is not met.
struct ShiftRequest {
  std::string employee;
  int day = 0;
  std::string shift;
  bool on = false;
  double weight = 1;  ///< >= 0.
};

/// Staff needed on one day. Either `shift` names a template (count the employees working it,
/// the benchmark's cover) or [start_minute, end_minute) is an interval of that day (count the
/// employees whose shift covers all of it, with `skill` when not empty).
struct CoverRequirement {
  int day = 0;
  std::string shift;
  int start_minute = 0;
  int end_minute = 0;
  std::string skill;
  int required = 0;           ///< >= 0.
  double under_weight = 100;  ///< Penalty per missing person; >= 0.
  double over_weight = 1;     ///< Penalty per extra person; >= 0.
  bool hard_minimum = false;  ///< Under-coverage is forbidden rather than penalised.
};

/// Unpaid break of `break_minutes` in every shift of at least `min_shift_minutes`.
struct BreakRule {
  int min_shift_minutes = 0;
  int break_minutes = 0;
};

/// Rules and objective weights shared by every employee.
struct RosterRules {
  int min_rest_minutes = 0;       ///< Between the end of one shift and the next start (e.g. 660).
  std::vector<BreakRule> breaks;  ///< The longest matching rule applies.
  int minor_max_shift_minutes = 480;   ///< Minors' longest shift.
  int minor_latest_end_minute = 1320;  ///< Minors' shifts end by this minute of their day.
  double labour_cost_weight = 0;       ///< Objective units per currency unit (100 cents).
  /// Objective units per unit of the largest per-employee request penalty (spreads unmet wishes).
  double fairness_weight = 0;
};

/// Everything SolveRoster and ScoreRoster need.
struct RosterProblem {
  int horizon_days = 0;   ///< > 0.
  int first_weekday = 0;  ///< Weekday of day 0: 0 Monday ... 6 Sunday.
  std::vector<ShiftType> shifts;
  std::vector<Employee> employees;
  std::vector<ShiftRequest> requests;
  std::vector<CoverRequirement> cover;
  RosterRules rules;
};

/// Employee `employee` works `shift` on `day`.
struct Assignment {
  std::string employee;
  int day = 0;
  std::string shift;

  friend bool operator==(const Assignment&, const Assignment&) = default;
};

struct Roster {
  std::vector<Assignment> assignments;  ///< At most one per employee and day.
};

/// One violated rule, in words.
struct Violation {
  std::string rule;      ///< "max_consecutive_shifts", "cover_under", "shift_off_request", ...
  std::string employee;  ///< Empty for cover rules.
  int day = -1;          ///< First day concerned; -1 for horizon-wide rules.
  bool hard = false;     ///< A hard rule: the roster is not feasible.
  double penalty = 0;    ///< Objective units (0 for hard rules).
  std::string message;   ///< "Ana works 6 days in a row: limit 5".
};

/// Objective units per rule ("cover_under", "cover_over", "shift_on_request",
/// "shift_off_request", "unavailable_soft", "labour_cost", "fairness").
struct RuleScore {
  std::string rule;
  double penalty = 0;
  int count = 0;  ///< Violations (or assignments for labour_cost).
};

struct EmployeeScore {
  std::string employee;
  int shifts = 0;
  int paid_minutes = 0;
  int64_t cost_cents = 0;
  double penalty = 0;  ///< Request and soft-availability penalties of this employee.
  int hard_violations = 0;
};

/// The objective broken down, plus every violation in words.
struct RosterScore {
  double total = 0;      ///< Sum of the rule penalties (the objective SolveRoster minimises).
  bool feasible = true;  ///< No hard rule is violated.
  std::vector<RuleScore> by_rule;
  std::vector<EmployeeScore> by_employee;
  std::vector<Violation> violations;
};

/// `after - before`, per rule and per employee, plus the violations that appeared or went away.
struct ScoreDelta {
  double total = 0;
  std::vector<RuleScore> by_rule;          ///< Penalty and count differences; zero rows left out.
  std::vector<EmployeeScore> by_employee;  ///< Differences; unchanged employees left out.
  std::vector<Violation> added;
  std::vector<Violation> removed;
};

/// How SolveRoster solves. kAuto: column generation when the problem fits its pricing
/// programme (every rule of the model does today), else the compact MIP; the compact MIP also
/// takes over when column generation cannot finish (a hard cover row the generated schedules
/// cannot meet, or an employee with no feasible schedule: the compact path explains why).
enum class RosterMethod {
  kAuto,
  kColumnGeneration,  ///< Price-and-branch: CLP master, per-employee DP pricing, CBC at the end.
  kCompact,           ///< One MIP over (employee, day, shift) cells with CBC.
};

/// Progress of a solve: fraction done in [0, 1] and a short message. Called from the solving
/// thread, about once a second or more often; it must be quick and must not throw.
using RosterProgress = std::function<void(double fraction, const std::string& message)>;

struct RosterSolveOptions {
  double time_limit_seconds = 60;  ///< Wall-clock budget of the whole solve; > 0.
  int threads = 1;                 ///< CBC threads; >= 1.
  double relative_gap = 0;         ///< Stop when (objective - bound) / objective <= this.
  uint64_t seed = 0;               ///< CBC random seed.
  RosterMethod method = RosterMethod::kAuto;
  RosterProgress progress = nullptr;  ///< Optional.
};

struct RosterSolution {
  Roster roster;
  RosterScore score;      ///< ScoreRoster of `roster`.
  double objective = 0;   ///< CBC's objective (equals score.total up to rounding).
  double best_bound = 0;  ///< Lower bound (CBC's, or column generation's LP bound).
  double gap = 0;         ///< (objective - best_bound) / max(|objective|, 1); 0 when optimal.
  bool optimal = false;   ///< Proven optimal.
  double seconds = 0;     ///< Wall-clock time of the solve.
  std::string method;     ///< "column_generation" or "compact": what produced the roster.
};

/// Checks `problem` and returns one FieldError per problem ("employees[2].max_total_minutes").
/// kInvalidArgument on bad input.
[[nodiscard]] core::Status ValidateRosterProblem(const RosterProblem& problem);

/// Solves the roster MIP with CBC under `options.time_limit_seconds`.
/// kInvalidArgument: bad input. kFailedPrecondition: no roster satisfies the hard rules; the
/// message and details name the conflicting rules ("employees[1].min_total_minutes": "bo must
/// work 2400 min but can work at most 1440 min: 3 days available ..."). kDeadlineExceeded: no
/// feasible roster found within the limit. kInternal: CBC failed.
[[nodiscard]] core::Result<RosterSolution> SolveRoster(const RosterProblem& problem,
                                                       const RosterSolveOptions& options);

/// Re-scores `roster` against `problem`: the same objective SolveRoster minimises, each rule and
/// employee's share, and every violation (soft and hard) in words. kInvalidArgument: bad problem,
/// or an assignment naming an unknown employee or shift, a day outside the horizon, or two shifts
/// for one employee on one day.
[[nodiscard]] core::Result<RosterScore> ScoreRoster(const RosterProblem& problem,
                                                    const Roster& roster);

/// What changed from `before` to `after` (e.g. the solver's roster and the manager's edit).
[[nodiscard]] ScoreDelta CompareScores(const RosterScore& before, const RosterScore& after);

/// Shift templates starting every `step_minutes` from `earliest_start_minute` with each of
/// `lengths_minutes`, ending by `latest_end_minute`: free start times on the 15-minute grid.
/// Ids are "<skill>@HH:MM+<length>". kInvalidArgument on a bad grid.
[[nodiscard]] core::Result<std::vector<ShiftType>> GenerateShiftTemplates(
    const std::string& skill, int earliest_start_minute, int latest_end_minute,
    const std::vector<int>& lengths_minutes, int step_minutes = 15);

}  // namespace storeops::staffing
