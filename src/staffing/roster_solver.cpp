// SPDX-License-Identifier: Apache-2.0
// The roster MIP, solved with COIN-OR CBC through its C interface (Cbc_C_Interface.h stays in this
// file). Variables: x[e,d,s] = 1 when employee e works shift s on day d (only for allowed cells),
// k[e,w] = 1 when e works weekend w, u/o = under/over-cover per cover row, z = the largest
// per-employee request penalty (fairness). Staff rules follow Curtois & Qu's benchmark model
// ("Computational results on new staff scheduling benchmark instances", 2014): windows of c+1
// days hold at most c shifts; a run shorter than the minimum is cut by one "no-good" row per run
// length and position, only for runs that lie strictly inside the horizon.
//
// Infeasibility is explained in two steps: cheap counting bounds first (an employee's minimum
// hours against the days, shifts and run limits they have; a hard cover row against the people
// who can work it), then, if CBC still proves the model infeasible, an elastic model that lets
// every "must do at least" rule (minimum hours, hard cover) fall short at a cost and reports
// the rules that had to give.
//
// Search (the MIP alone finds poor rosters on large instances): (1) a constructive start, built
// employee by employee, each taking the shifts that best serve the cover still missing within
// all of their own hard rules (a one-employee MIP with everyone else fixed), checked by the
// scorer (a second pass lets each employee answer the others' final shifts); (2) CBC on the
// whole model with that start as its MIP start, for a share of the limit (proves small rosters
// optimal, gives the lower bound); (3) large-neighbourhood search: free a
// few employees, a window of days or a mix, fix the rest to the incumbent, re-solve that small
// MIP (node-limited, incumbent as MIP start), keep the result when it is not worse; the size
// adapts (grows when rounds are solved to optimality without gain, shrinks when they hit the
// node limit). Rounds draw from a generator seeded by `seed`, so results repeat for a given
// seed and round count. Stops at the limit, the round cap, or when the bound is met.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <Cbc_C_Interface.h>
#include <fmt/format.h>

#include "storeops/staffing/roster.hpp"

#include "roster_model.hpp"

namespace storeops::staffing {
namespace {

using internal::Cell;
using internal::CompiledRoster;

struct CbcDeleter {
  void operator()(Cbc_Model* model) const { Cbc_deleteModel(model); }
};

using CbcPtr = std::unique_ptr<Cbc_Model, CbcDeleter>;

constexpr double kInfinity = 1e30;

// A linear expression: columns with coefficients plus a constant (the part fixed by a scope).
struct Expr {
  std::vector<int> cols;
  std::vector<double> coefs;
  double constant = 0;

  void Add(int column, double coefficient) {
    cols.push_back(column);
    coefs.push_back(coefficient);
  }
};

// Builds the model column by column, row by row, keeping each column's start value.
class MipBuilder {
 public:
  MipBuilder() : model_(Cbc_newModel()) {}

  int AddColumn(double lower, double upper, double cost, bool integer, double start = 0) {
    Cbc_addCol(model_.get(), "", lower, upper, cost, integer ? 1 : 0, 0, nullptr, nullptr);
    if (integer) {
      integer_columns_.push_back(columns_);
      integer_starts_.push_back(start);
    }
    return columns_++;
  }

  // `expr` (sense) rhs; a row whose columns are all fixed is left out (the scope's plan, which
  // is feasible, satisfies it).
  void AddRow(const Expr& expr, char sense, double rhs) {
    if (expr.cols.empty()) {
      return;
    }
    Cbc_addRow(model_.get(), "", static_cast<int>(expr.cols.size()), expr.cols.data(),
               expr.coefs.data(), sense, rhs - expr.constant);
  }

  // Passes the start values of every integer column to CBC as a MIP start.
  void SetStart() {
    if (!integer_columns_.empty()) {
      Cbc_setMIPStartI(model_.get(), static_cast<int>(integer_columns_.size()),
                       integer_columns_.data(), integer_starts_.data());
    }
  }

  [[nodiscard]] Cbc_Model* get() const { return model_.get(); }

  [[nodiscard]] int columns() const { return columns_; }

 private:
  CbcPtr model_;
  int columns_ = 0;
  std::vector<int> integer_columns_;
  std::vector<double> integer_starts_;
};

// A plan: the shift index each employee works on each day (e * days + d), -1 off.
using Plan = std::vector<int>;

// Which part of the model is built. Without a plan everything is free and no start is given;
// with one, the (employee, day) pairs not marked free are fixed to it (their terms become
// constants) and the plan is the MIP start of the free part.
struct Scope {
  const Plan* plan = nullptr;
  const std::vector<char>* free = nullptr;  ///< Per (e * days + d); null: all free.
  bool soften_hard_cover = false;           ///< Hard cover rows get a large penalty instead.
};

constexpr double kSoftenedHardCoverWeight = 1e5;

struct Built {
  MipBuilder mip;
  std::vector<int> x;                // Per cell; -1 when not allowed or fixed.
  double constant = 0;               // Objective constant of the whole model ("on" requests).
  std::vector<int> min_hours_slack;  // Per employee; -1 when none (elastic mode only).
  std::vector<int> cover_slack;      // Per cover row; -1 when none (elastic mode only).
};

// Elastic mode: no objective but the shortfall of minimum hours and hard cover.
void BuildModel(const RosterProblem& problem, const CompiledRoster& model, bool elastic,
                const Scope& scope, Built& built) {
  auto& mip = built.mip;
  const auto& rules = problem.rules;
  const int E = model.employees;
  const int D = model.days;
  const int S = model.shifts;
  auto is_free = [&scope, D](int e, int d) {
    return scope.free == nullptr || (*scope.free)[static_cast<size_t>(e * D + d)] != 0;
  };
  auto planned = [&scope, D](int e, int d) {
    return scope.plan == nullptr ? -1 : (*scope.plan)[static_cast<size_t>(e * D + d)];
  };
  // Objective per cell: labour cost plus the request penalties it triggers (an "on" request's
  // weight is a constant minus the weight per worked cell).
  std::vector<double> cell_cost(static_cast<size_t>(E * D * S), 0.0);
  std::vector<std::vector<std::pair<Cell, double>>> penalty_terms(static_cast<size_t>(E));
  std::vector<double> penalty_constant(static_cast<size_t>(E), 0.0);
  if (!elastic) {
    for (int e = 0; e < E; ++e) {
      for (int d = 0; d < D; ++d) {
        for (int s = 0; s < S; ++s) {
          cell_cost[static_cast<size_t>(model.CellIndex(e, d, s))] =
              rules.labour_cost_weight * static_cast<double>(model.CostCents(problem, e, s)) /
              100.0;
        }
      }
    }
    for (const auto& request : model.requests) {
      if (request.weight <= 0) {
        continue;
      }
      const double sign = request.on ? -1.0 : 1.0;
      if (request.on) {
        built.constant += request.weight;
        penalty_constant[static_cast<size_t>(request.employee)] += request.weight;
      }
      for (const auto& cell : request.cells) {
        if (model.Allowed(cell.employee, cell.day, cell.shift)) {
          cell_cost[static_cast<size_t>(model.CellIndex(cell.employee, cell.day, cell.shift))] +=
              sign * request.weight;
          penalty_terms[static_cast<size_t>(request.employee)].push_back(
              {cell, sign * request.weight});
        }
      }
    }
  }
  built.x.assign(static_cast<size_t>(E * D * S), -1);
  for (int e = 0; e < E; ++e) {
    for (int d = 0; d < D; ++d) {
      if (!is_free(e, d)) {
        continue;
      }
      for (int s = 0; s < S; ++s) {
        if (model.Allowed(e, d, s)) {
          const int index = model.CellIndex(e, d, s);
          built.x[static_cast<size_t>(index)] = mip.AddColumn(
              0, 1, cell_cost[static_cast<size_t>(index)], true, planned(e, d) == s ? 1.0 : 0.0);
        }
      }
    }
  }
  // x[e,d,s] as a column or, when fixed, as the plan's constant.
  auto x_term = [&](Expr& expr, int e, int d, int s, double coefficient) {
    if (!is_free(e, d)) {
      expr.constant += planned(e, d) == s ? coefficient : 0.0;
    } else if (const int v = built.x[static_cast<size_t>(model.CellIndex(e, d, s))]; v >= 0) {
      expr.Add(v, coefficient);
    }
  };
  // w[e,d] = 1 when e works on day d: an explicit column (sum_s x[e,d,s] = w[e,d]) keeps the run
  // and weekend rows short and gives CBC a strong variable to branch on.
  std::vector<int> worked(static_cast<size_t>(E * D), -1);
  for (int e = 0; e < E; ++e) {
    for (int d = 0; d < D; ++d) {
      if (!is_free(e, d)) {
        continue;
      }
      Expr expr;
      for (int s = 0; s < S; ++s) {
        x_term(expr, e, d, s, 1.0);
      }
      if (expr.cols.empty()) {
        continue;
      }
      const int w = mip.AddColumn(0, 1, 0, true, planned(e, d) >= 0 ? 1.0 : 0.0);
      worked[static_cast<size_t>(e * D + d)] = w;
      expr.Add(w, -1.0);
      mip.AddRow(expr, 'E', 0);
    }
  }
  auto day_term = [&](Expr& expr, int e, int d, double coefficient) {
    if (!is_free(e, d)) {
      expr.constant += planned(e, d) >= 0 ? coefficient : 0.0;
    } else if (const int w = worked[static_cast<size_t>(e * D + d)]; w >= 0) {
      expr.Add(w, coefficient);
    }
  };
  auto employee_free = [&](int e) {
    for (int d = 0; d < D; ++d) {
      if (is_free(e, d)) {
        return true;
      }
    }
    return false;
  };

  built.min_hours_slack.assign(static_cast<size_t>(E), -1);
  for (int e = 0; e < E; ++e) {
    if (!employee_free(e)) {
      continue;
    }
    const auto& employee = problem.employees[static_cast<size_t>(e)];
    // Forbidden successions: x[d,a] + sum_{b banned after a} x[d+1,b] <= 1.
    for (int d = 0; d + 1 < D; ++d) {
      if (!is_free(e, d) && !is_free(e, d + 1)) {
        continue;
      }
      for (int a = 0; a < S; ++a) {
        if (!model.Allowed(e, d, a) || model.forbidden_next[static_cast<size_t>(a)].empty()) {
          continue;
        }
        Expr expr;
        x_term(expr, e, d, a, 1.0);
        for (int b : model.forbidden_next[static_cast<size_t>(a)]) {
          x_term(expr, e, d + 1, b, 1.0);
        }
        mip.AddRow(expr, 'L', 1);
      }
    }
    // Shifts per type.
    for (int s = 0; s < S; ++s) {
      const int limit = model.max_shifts[static_cast<size_t>(e * S + s)];
      if (limit < 0 || limit >= D) {
        continue;
      }
      Expr expr;
      for (int d = 0; d < D; ++d) {
        x_term(expr, e, d, s, 1.0);
      }
      if (static_cast<int>(expr.cols.size()) + expr.constant > limit) {
        mip.AddRow(expr, 'L', limit);
      }
    }
    // Paid minutes within the contract.
    Expr minutes;
    for (int d = 0; d < D; ++d) {
      for (int s = 0; s < S; ++s) {
        x_term(minutes, e, d, s, model.paid_minutes[static_cast<size_t>(s)]);
      }
    }
    mip.AddRow(minutes, 'L', employee.max_total_minutes);
    if (employee.min_total_minutes > 0) {
      if (elastic) {
        const int slack = mip.AddColumn(0, kInfinity, 1.0, false);
        built.min_hours_slack[static_cast<size_t>(e)] = slack;
        minutes.Add(slack, 1.0);
      }
      if (minutes.cols.empty() && scope.plan == nullptr) {
        // Nothing can be worked: the counting check reports this before any solve.
        minutes.Add(mip.AddColumn(0, 0, 0, false), 1.0);
      }
      mip.AddRow(minutes, 'G', employee.min_total_minutes);
    }
    // At most c shifts in any c+1 consecutive days.
    const int c = employee.max_consecutive_shifts;
    if (c > 0) {
      for (int d = 0; d + c < D; ++d) {
        Expr expr;
        for (int j = d; j <= d + c; ++j) {
          day_term(expr, e, j, 1.0);
        }
        mip.AddRow(expr, 'L', c);
      }
    }
    // No run of s < min shifts strictly inside the horizon:
    // w[d] + (s - sum_{j=d+1..d+s} w[j]) + w[d+s+1] >= 1.
    for (int run = 1; run < employee.min_consecutive_shifts; ++run) {
      for (int d = 0; d + run + 1 < D; ++d) {
        Expr expr;
        day_term(expr, e, d, 1.0);
        for (int j = d + 1; j <= d + run; ++j) {
          day_term(expr, e, j, -1.0);
        }
        day_term(expr, e, d + run + 1, 1.0);
        mip.AddRow(expr, 'G', 1 - run);
      }
    }
    // No run of s < min days off strictly inside the horizon:
    // (1 - w[d]) + sum_{j=d+1..d+s} w[j] + (1 - w[d+s+1]) >= 1.
    for (int run = 1; run < employee.min_consecutive_days_off; ++run) {
      for (int d = 0; d + run + 1 < D; ++d) {
        Expr expr;
        day_term(expr, e, d, -1.0);
        for (int j = d + 1; j <= d + run; ++j) {
          day_term(expr, e, j, 1.0);
        }
        day_term(expr, e, d + run + 1, -1.0);
        mip.AddRow(expr, 'G', -1);
      }
    }
    // Weekends: k[w] >= w[d] for each weekend day, sum k <= max. A weekend whose days are all
    // fixed is a constant.
    if (employee.max_weekends >= 0 && model.weekends > 0) {
      Expr weekends;
      for (int w = 0; w < model.weekends; ++w) {
        bool any_free = false;
        bool planned_work = false;
        for (int d = 0; d < D; ++d) {
          if (model.weekend_of_day[static_cast<size_t>(d)] == w) {
            any_free = any_free || is_free(e, d);
            planned_work = planned_work || planned(e, d) >= 0;
          }
        }
        if (!any_free) {
          weekends.constant += planned_work ? 1.0 : 0.0;
          continue;
        }
        const int k = mip.AddColumn(0, 1, 0, true, planned_work ? 1.0 : 0.0);
        weekends.Add(k, 1.0);
        for (int d = 0; d < D; ++d) {
          if (model.weekend_of_day[static_cast<size_t>(d)] != w) {
            continue;
          }
          Expr expr;
          day_term(expr, e, d, -1.0);
          if (!expr.cols.empty() || expr.constant != 0) {
            expr.Add(k, 1.0);
            mip.AddRow(expr, 'G', 0);
          }
        }
      }
      if (employee.max_weekends < model.weekends) {
        mip.AddRow(weekends, 'L', employee.max_weekends);
      }
    }
  }

  // Fairness: z >= each employee's request penalty.
  if (!elastic && rules.fairness_weight > 0) {
    std::vector<Expr> rows(static_cast<size_t>(E));
    double largest = 0;
    for (int e = 0; e < E; ++e) {
      auto& expr = rows[static_cast<size_t>(e)];
      double value = penalty_constant[static_cast<size_t>(e)];
      for (const auto& [cell, coefficient] : penalty_terms[static_cast<size_t>(e)]) {
        x_term(expr, cell.employee, cell.day, cell.shift, -coefficient);
        value += planned(cell.employee, cell.day) == cell.shift ? coefficient : 0.0;
      }
      largest = std::max(largest, value);
    }
    const int z = mip.AddColumn(0, kInfinity, rules.fairness_weight, false);
    for (int e = 0; e < E; ++e) {
      auto& expr = rows[static_cast<size_t>(e)];
      expr.Add(z, 1.0);
      mip.AddRow(expr, 'G', penalty_constant[static_cast<size_t>(e)]);
    }
  }

  // Cover: sum x + u - o = required. A row without free cells is a constant.
  built.cover_slack.assign(model.cover.size(), -1);
  for (size_t i = 0; i < model.cover.size(); ++i) {
    const auto& cover = model.cover[i];
    const auto& row = problem.cover[static_cast<size_t>(cover.index)];
    Expr expr;
    for (const auto& cell : cover.cells) {
      x_term(expr, cell.employee, cell.day, cell.shift, 1.0);
    }
    if (elastic) {
      if (!row.hard_minimum || row.required == 0) {
        continue;
      }
      const int slack = mip.AddColumn(0, kInfinity, 1.0, false);
      built.cover_slack[i] = slack;
      expr.Add(slack, 1.0);
      mip.AddRow(expr, 'G', row.required);
      continue;
    }
    if (expr.cols.empty()) {
      continue;
    }
    const bool hard = row.hard_minimum && !scope.soften_hard_cover;
    const double under_weight =
        row.hard_minimum && scope.soften_hard_cover ? kSoftenedHardCoverWeight : row.under_weight;
    const int under = mip.AddColumn(0, hard ? 0 : kInfinity, under_weight, false);
    const int over = mip.AddColumn(0, kInfinity, row.over_weight, false);
    expr.Add(under, 1.0);
    expr.Add(over, -1.0);
    mip.AddRow(expr, 'E', row.required);
  }
}

void Configure(Cbc_Model* model, double seconds, const RosterSolveOptions& options) {
  Cbc_setLogLevel(model, 0);
  Cbc_setParameter(model, "timeMode", "elapsed");
  Cbc_setParameter(model, "seconds", fmt::format("{}", seconds).c_str());
  Cbc_setMaximumSeconds(model, seconds);
  if (options.threads > 1) {
    Cbc_setParameter(model, "threads", fmt::format("{}", options.threads).c_str());
  }
  Cbc_setParameter(model, "randomCbcSeed", fmt::format("{}", options.seed % 2147483647).c_str());
  if (options.relative_gap > 0) {
    Cbc_setAllowableFractionGap(model, options.relative_gap);
  }
}

// Largest number of days out of `days` with no more than `limit` in a row (0: no limit).
int MaxDaysWithRunLimit(int days, int limit) {
  if (limit <= 0) {
    return days;
  }
  return days / (limit + 1) * limit + std::min(days % (limit + 1), limit);
}

// Counting bounds that prove infeasibility without a solve. Empty when none applies.
std::vector<core::FieldError> CountingConflicts(const RosterProblem& problem,
                                                const CompiledRoster& model) {
  std::vector<core::FieldError> conflicts;
  for (int e = 0; e < model.employees; ++e) {
    const auto& employee = problem.employees[static_cast<size_t>(e)];
    const std::string& name = model.names[static_cast<size_t>(e)];
    const std::string field = fmt::format("employees[{}].min_total_minutes", e);
    if (employee.min_total_minutes > employee.max_total_minutes) {
      conflicts.push_back(
          {field, fmt::format("{}: contract minimum {} min exceeds maximum {} min", name,
                              employee.min_total_minutes, employee.max_total_minutes)});
      continue;
    }
    int available_days = 0;
    int longest = 0;
    int64_t by_type = 0;
    for (int s = 0; s < model.shifts; ++s) {
      int days_for_shift = 0;
      for (int d = 0; d < model.days; ++d) {
        days_for_shift += model.Allowed(e, d, s) ? 1 : 0;
      }
      if (days_for_shift == 0) {
        continue;
      }
      longest = std::max(longest, model.paid_minutes[static_cast<size_t>(s)]);
      const int limit = model.max_shifts[static_cast<size_t>(e * model.shifts + s)];
      by_type +=
          static_cast<int64_t>(limit < 0 ? days_for_shift : std::min(limit, days_for_shift)) *
          model.paid_minutes[static_cast<size_t>(s)];
    }
    for (int d = 0; d < model.days; ++d) {
      for (int s = 0; s < model.shifts; ++s) {
        if (model.Allowed(e, d, s)) {
          ++available_days;
          break;
        }
      }
    }
    const int workable =
        std::min(available_days, MaxDaysWithRunLimit(model.days, employee.max_consecutive_shifts));
    const int64_t bound = std::min<int64_t>(static_cast<int64_t>(workable) * longest, by_type);
    if (employee.min_total_minutes > bound) {
      std::string why = fmt::format("{} of {} days available", available_days, model.days);
      if (employee.max_consecutive_shifts > 0) {
        why += fmt::format(", at most {} days in a row", employee.max_consecutive_shifts);
      }
      why += fmt::format(", longest allowed shift {} paid min", longest);
      if (by_type < static_cast<int64_t>(workable) * longest) {
        why += fmt::format(", shift-count limits allow {} min", by_type);
      }
      conflicts.push_back(
          {field, fmt::format("{} must work at least {} min but can work at most {} min ({})", name,
                              employee.min_total_minutes, bound, why)});
    }
  }
  for (const auto& cover : model.cover) {
    const auto& row = problem.cover[static_cast<size_t>(cover.index)];
    if (!row.hard_minimum || row.required == 0) {
      continue;
    }
    std::set<int> able;
    std::map<int, std::string> unable;
    for (const auto& cell : cover.cells) {
      if (model.Allowed(cell.employee, cell.day, cell.shift)) {
        able.insert(cell.employee);
      } else {
        unable.try_emplace(cell.employee, model.disallowed[static_cast<size_t>(model.CellIndex(
                                              cell.employee, cell.day, cell.shift))]);
      }
    }
    if (static_cast<int>(able.size()) >= row.required) {
      continue;
    }
    std::string who;
    int listed = 0;
    for (const auto& [e, reason] : unable) {
      if (able.count(e) != 0) {
        continue;
      }
      if (listed++ == 3) {
        who += "; ...";
        break;
      }
      who += (who.empty() ? "" : "; ") + reason;
    }
    conflicts.push_back(
        {fmt::format("cover[{}].required", cover.index),
         fmt::format("{} needs {} (hard minimum) but only {} can work it{}{}", cover.what,
                     row.required, able.size(), who.empty() ? "" : ": ", who)});
  }
  return conflicts;
}

core::Error Infeasible(std::vector<core::FieldError> conflicts) {
  std::string message = "no roster satisfies the hard rules: " + conflicts.front().reason;
  if (conflicts.size() > 1) {
    message += fmt::format(" (and {} more)", conflicts.size() - 1);
  }
  return core::Error{core::ErrorCode::kFailedPrecondition, std::move(message),
                     std::move(conflicts)};
}

// CBC proved the model infeasible: find which "at least" rules must give.
core::Error ExplainInfeasible(const RosterProblem& problem, const CompiledRoster& model,
                              const RosterSolveOptions& options) {
  const std::string limits =
      "together with the limits on consecutive days, rest, days off, weekends and shift counts";
  Built built;
  BuildModel(problem, model, /*elastic=*/true, Scope{}, built);
  Configure(built.mip.get(), options.time_limit_seconds, options);
  Cbc_solve(built.mip.get());
  const double* solution = Cbc_bestSolution(built.mip.get());
  std::vector<core::FieldError> conflicts;
  if (solution != nullptr) {
    for (int e = 0; e < model.employees; ++e) {
      const int slack = built.min_hours_slack[static_cast<size_t>(e)];
      if (slack >= 0 && solution[slack] > 0.5) {
        const auto& employee = problem.employees[static_cast<size_t>(e)];
        conflicts.push_back(
            {fmt::format("employees[{}].min_total_minutes", e),
             fmt::format("{} must work at least {} min but can reach only {} min {}",
                         model.names[static_cast<size_t>(e)], employee.min_total_minutes,
                         employee.min_total_minutes - std::llround(solution[slack]), limits)});
      }
    }
    for (size_t i = 0; i < model.cover.size(); ++i) {
      const int slack = built.cover_slack[i];
      if (slack >= 0 && solution[slack] > 0.5) {
        const auto& row = problem.cover[static_cast<size_t>(model.cover[i].index)];
        conflicts.push_back(
            {fmt::format("cover[{}].required", model.cover[i].index),
             fmt::format("{} needs {} (hard minimum) but at most {} can be rostered {}",
                         model.cover[i].what, row.required,
                         row.required - std::llround(solution[slack]), limits)});
      }
    }
  }
  if (conflicts.empty()) {
    conflicts.push_back({"rules",
                         "the hard rules (minimum runs of shifts or days off, rest, "
                         "weekends, contract hours) contradict each other"});
  }
  return Infeasible(std::move(conflicts));
}

// The objective of a plan, computed the way ScoreRoster computes it (the plan obeys the hard
// rules: the MIP that produced it enforces them).
double PlanObjective(const RosterProblem& problem, const CompiledRoster& model, const Plan& plan) {
  const int D = model.days;
  auto worked = [&plan, D](const Cell& cell) {
    return plan[static_cast<size_t>(cell.employee * D + cell.day)] == cell.shift;
  };
  double total = 0;
  std::vector<double> request_penalty(static_cast<size_t>(model.employees), 0.0);
  for (const auto& request : model.requests) {
    int count = 0;
    for (const auto& cell : request.cells) {
      count += worked(cell) ? 1 : 0;
    }
    const double penalty =
        request.on ? (count == 0 ? request.weight : 0.0) : request.weight * count;
    request_penalty[static_cast<size_t>(request.employee)] += penalty;
    total += penalty;
  }
  for (const auto& cover : model.cover) {
    const auto& row = problem.cover[static_cast<size_t>(cover.index)];
    int count = 0;
    for (const auto& cell : cover.cells) {
      count += worked(cell) ? 1 : 0;
    }
    if (count < row.required && !row.hard_minimum) {
      total += (row.required - count) * row.under_weight;
    } else if (count > row.required) {
      total += (count - row.required) * row.over_weight;
    }
  }
  if (problem.rules.labour_cost_weight > 0) {
    for (int e = 0; e < model.employees; ++e) {
      int64_t cents = 0;
      for (int d = 0; d < D; ++d) {
        if (const int s = plan[static_cast<size_t>(e * D + d)]; s >= 0) {
          cents += model.CostCents(problem, e, s);
        }
      }
      total += problem.rules.labour_cost_weight * static_cast<double>(cents) / 100.0;
    }
  }
  if (problem.rules.fairness_weight > 0 && !request_penalty.empty()) {
    total += problem.rules.fairness_weight *
             *std::max_element(request_penalty.begin(), request_penalty.end());
  }
  return total;
}

Roster ToRoster(const RosterProblem& problem, const CompiledRoster& model, const Plan& plan) {
  Roster roster;
  for (int e = 0; e < model.employees; ++e) {
    for (int d = 0; d < model.days; ++d) {
      if (const int s = plan[static_cast<size_t>(e * model.days + d)]; s >= 0) {
        roster.assignments.push_back({problem.employees[static_cast<size_t>(e)].id, d,
                                      problem.shifts[static_cast<size_t>(s)].id});
      }
    }
  }
  return roster;
}

struct ScopeResult {
  bool solved = false;      // A solution was found.
  bool proven = false;      // Proven optimal (for the scope).
  bool infeasible = false;  // Proven infeasible.
  bool abandoned = false;
  Plan plan;
  double bound = -kInfinity;  // Lower bound on the full objective (whole-model scopes only).
};

// Builds the model of `scope`, gives CBC the scope's plan as a MIP start and solves it within
// `seconds` and (when >= 0) `nodes` branch-and-bound nodes.
// `quick`: no cut generation or preprocessing and no MIP start (small models, any good
// solution is enough).
ScopeResult SolveScope(const RosterProblem& problem, const CompiledRoster& model,
                       const Scope& scope, double seconds, int nodes,
                       const RosterSolveOptions& options, bool quick = false) {
  Built built;
  BuildModel(problem, model, /*elastic=*/false, scope, built);
  Configure(built.mip.get(), seconds, options);
  if (nodes >= 0) {
    Cbc_setMaximumNodes(built.mip.get(), nodes);
  }
  if (quick) {
    Cbc_setParameter(built.mip.get(), "cuts", "off");
    Cbc_setParameter(built.mip.get(), "preprocess", "off");
    Cbc_setParameter(built.mip.get(), "heuristicsOnOff", "off");
  } else if (scope.plan != nullptr) {
    built.mip.SetStart();
  }
  const int status = Cbc_solve(built.mip.get());
  ScopeResult result;
  const double* solution = Cbc_bestSolution(built.mip.get());
  result.infeasible = solution == nullptr && Cbc_isProvenInfeasible(built.mip.get()) != 0;
  result.abandoned = status == 2 || Cbc_isAbandoned(built.mip.get()) != 0;
  if (solution == nullptr) {
    return result;
  }
  result.solved = true;
  result.proven = Cbc_isProvenOptimal(built.mip.get()) != 0;
  result.bound = Cbc_getBestPossibleObjValue(built.mip.get()) + built.constant;
  const int D = model.days;
  result.plan =
      scope.plan != nullptr ? *scope.plan : Plan(static_cast<size_t>(model.employees * D), -1);
  for (int e = 0; e < model.employees; ++e) {
    for (int d = 0; d < D; ++d) {
      if (scope.free != nullptr && (*scope.free)[static_cast<size_t>(e * D + d)] == 0) {
        continue;
      }
      int& cell = result.plan[static_cast<size_t>(e * D + d)];
      cell = -1;
      for (int s = 0; s < model.shifts; ++s) {
        const int v = built.x[static_cast<size_t>(model.CellIndex(e, d, s))];
        if (v >= 0 && solution[v] > 0.5) {
          cell = s;
        }
      }
    }
  }
  return result;
}

// Whether every objective coefficient is a whole number (the benchmark's case): then a bound
// of 606.2 proves 607 optimal.
bool IntegralObjective(const RosterProblem& problem) {
  auto whole = [](double value) { return std::abs(value - std::round(value)) < 1e-9; };
  if (problem.rules.labour_cost_weight > 0 || !whole(problem.rules.fairness_weight)) {
    return false;
  }
  for (const auto& request : problem.requests) {
    if (!whole(request.weight)) {
      return false;
    }
  }
  for (const auto& employee : problem.employees) {
    for (const auto& window : employee.unavailable) {
      if (!window.hard && !whole(window.weight)) {
        return false;
      }
    }
  }
  for (const auto& cover : problem.cover) {
    if (!whole(cover.under_weight) || !whole(cover.over_weight)) {
      return false;
    }
  }
  return true;
}

bool BoundMet(double objective, double bound, bool integral) {
  const double tolerance = 1e-6 * std::max(1.0, std::abs(objective));
  return integral ? objective <= std::ceil(bound - tolerance) + tolerance
                  : objective <= bound + tolerance;
}

// Wall-clock budget of one SolveRoster call.
class Budget {
 public:
  explicit Budget(double seconds) : seconds_(seconds), started_(Clock::now()) {}

  [[nodiscard]] double Elapsed() const {
    return std::chrono::duration<double>(Clock::now() - started_).count();
  }

  [[nodiscard]] double Remaining() const { return std::max(0.0, seconds_ - Elapsed()); }

  [[nodiscard]] double Fraction() const { return std::clamp(Elapsed() / seconds_, 0.0, 1.0); }

 private:
  using Clock = std::chrono::steady_clock;
  double seconds_;
  Clock::time_point started_;
};

// The constructive start: employee by employee (most constrained first), each takes the shifts
// that best serve the cover still missing and their requests, respecting every one of their
// hard rules (a one-employee MIP with everyone else fixed; hard cover is penalised, not
// enforced, so no employee alone is asked for the impossible). The first pass may run to the
// time limit, the second stops at `seconds`. Empty when the limit runs out in the first pass
// or an employee's own rules admit no roster (then the whole-model solve explains why).
std::optional<Plan> ConstructStart(const RosterProblem& problem, const CompiledRoster& model,
                                   const RosterSolveOptions& options, const Budget& budget,
                                   double seconds) {
  const int E = model.employees;
  const int D = model.days;
  std::vector<int> order(static_cast<size_t>(E));
  std::vector<int> allowed(static_cast<size_t>(E), 0);
  for (int e = 0; e < E; ++e) {
    order[static_cast<size_t>(e)] = e;
    for (int d = 0; d < D; ++d) {
      for (int s = 0; s < model.shifts; ++s) {
        allowed[static_cast<size_t>(e)] += model.Allowed(e, d, s) ? 1 : 0;
      }
    }
  }
  std::stable_sort(order.begin(), order.end(), [&allowed](int a, int b) {
    return allowed[static_cast<size_t>(a)] < allowed[static_cast<size_t>(b)];
  });
  Plan plan(static_cast<size_t>(E * D), -1);
  std::vector<char> free(static_cast<size_t>(E * D), 0);
  const double deadline = budget.Elapsed() + seconds;
  // Pass 0 builds; pass 1 lets each employee answer the others' final shifts.
  for (int pass = 0; pass < 2; ++pass) {
    for (int e : order) {
      std::fill(free.begin(), free.end(), 0);
      std::fill(free.begin() + e * D, free.begin() + (e + 1) * D, 1);
      // The first pass may use the whole limit: without a start the large models get nothing.
      const double left = pass == 0 ? budget.Remaining() : deadline - budget.Elapsed();
      if (left <= 0) {
        return pass == 0 ? std::nullopt : std::optional<Plan>(std::move(plan));
      }
      auto step = SolveScope(problem, model, {&plan, &free, /*soften_hard_cover=*/true}, left,
                             /*nodes=*/200, options, /*quick=*/pass == 0);
      if (!step.solved) {
        if (pass == 0) {
          return std::nullopt;
        }
        continue;
      }
      plan = std::move(step.plan);
    }
  }
  return plan;
}

// Picks the (employee, day) pairs a search round frees: a few employees over the whole
// horizon, every employee over a window of days, or more employees over half the horizon.
int PickNeighbourhood(std::mt19937_64& rng, int employees, int days, double target,
                      std::vector<char>& free) {
  std::fill(free.begin(), free.end(), 0);
  auto uniform = [&rng](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  std::vector<int> people(static_cast<size_t>(employees));
  for (int e = 0; e < employees; ++e) {
    people[static_cast<size_t>(e)] = e;
  }
  for (int i = employees - 1; i > 0; --i) {
    std::swap(people[static_cast<size_t>(i)], people[static_cast<size_t>(uniform(i + 1))]);
  }
  const int kind = uniform(3);
  int first_day = 0;
  int span = days;
  int count = employees;
  if (kind == 0) {
    count = std::clamp(static_cast<int>(std::lround(target / days)), 1, employees);
  } else if (kind == 1) {
    span = std::clamp(static_cast<int>(std::lround(target / employees)), 1, days);
    first_day = uniform(days - span + 1);
  } else {
    span = std::max(1, (days + 1) / 2);
    first_day = uniform(days - span + 1);
    count = std::clamp(static_cast<int>(std::lround(target / span)), 1, employees);
  }
  for (int i = 0; i < count; ++i) {
    const int e = people[static_cast<size_t>(i)];
    for (int d = first_day; d < first_day + span; ++d) {
      free[static_cast<size_t>(e * days + d)] = 1;
    }
  }
  return count * span;
}

}  // namespace

core::Result<RosterSolution> SolveRoster(const RosterProblem& problem,
                                         const RosterSolveOptions& options) {
  if (!(options.time_limit_seconds > 0) || options.threads < 1 || options.relative_gap < 0 ||
      options.exact_share < 0 || options.exact_share > 1) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "invalid solve options: time_limit_seconds > 0, threads >= 1, "
                      "relative_gap >= 0 and exact_share in [0, 1] are required",
                      {{"time_limit_seconds", "must be > 0"}});
  }
  auto compiled = internal::CompileRoster(problem);
  if (!compiled) {
    return core::Fail(compiled.error());
  }
  const auto& model = *compiled;
  if (auto conflicts = CountingConflicts(problem, model); !conflicts.empty()) {
    return core::Fail(Infeasible(std::move(conflicts)));
  }
  const Budget budget(options.time_limit_seconds);
  auto report = [&options, &budget](const std::string& message) {
    if (options.progress) {
      options.progress(budget.Fraction(), message);
    }
  };
  const bool integral = IntegralObjective(problem);
  RosterSolution result;

  // 1. Constructive start, checked by the scorer: it never breaks a hard rule.
  std::optional<Plan> best;
  double best_objective = kInfinity;
  if (auto start =
          ConstructStart(problem, model, options, budget, 0.2 * options.time_limit_seconds)) {
    auto roster = ToRoster(problem, model, *start);
    auto score = ScoreRoster(problem, roster);
    if (score && score->feasible) {
      best = std::move(*start);
      best_objective = PlanObjective(problem, model, *best);
      result.start_objective = best_objective;
      result.start_roster = std::move(roster);
      report(fmt::format("start roster: objective {:.2f}", best_objective));
    }
  }

  // 2. CBC on the whole model from that start: proves small rosters optimal and gives the bound.
  // Skipped when exact_share is 0, unless no start roster exists.
  double bound = -kInfinity;
  bool optimal = false;
  if (options.exact_share > 0 || !best) {
    const double exact_seconds =
        options.exact_share > 0 && best
            ? std::min(budget.Remaining(), options.exact_share * options.time_limit_seconds)
            : budget.Remaining();
    auto exact = SolveScope(problem, model, {best ? &*best : nullptr, nullptr, false},
                            std::max(exact_seconds, 0.01), /*nodes=*/-1, options);
    if (!exact.solved && !best) {
      if (exact.infeasible) {
        return core::Fail(ExplainInfeasible(problem, model, options));
      }
      if (exact.abandoned) {
        return core::Fail(core::ErrorCode::kInternal, "CBC abandoned the roster model");
      }
      return core::Fail(
          core::ErrorCode::kDeadlineExceeded,
          fmt::format("no feasible roster found within {} s", options.time_limit_seconds));
    }
    if (exact.solved) {
      bound = exact.bound;
      const double objective = PlanObjective(problem, model, exact.plan);
      if (!best || objective <= best_objective) {
        best = std::move(exact.plan);
        best_objective = objective;
      }
      optimal = exact.proven;
      report(
          fmt::format("whole-model solve: objective {:.2f}, bound {:.2f}", best_objective, bound));
    }
  }
  optimal = optimal || BoundMet(best_objective, bound, integral);

  // 3. Large-neighbourhood search: free part of the roster, re-solve it, keep what is not worse.
  const int E = model.employees;
  const int D = model.days;
  const int cells = E * D;
  std::mt19937_64 rng(options.seed);
  std::vector<char> free(static_cast<size_t>(cells), 0);
  double target = std::min<double>(cells, std::max(2.0 * D, cells / 5.0));
  const double round_seconds = std::max(1.0, 0.05 * options.time_limit_seconds);
  while (!optimal && budget.Remaining() > 0.05 &&
         (options.max_search_rounds < 0 || result.search_rounds < options.max_search_rounds)) {
    const int freed = PickNeighbourhood(rng, E, D, target, free);
    auto round = SolveScope(problem, model, {&*best, &free, false},
                            std::min(budget.Remaining(), round_seconds), /*nodes=*/500, options);
    ++result.search_rounds;
    bool improved = false;
    if (round.solved) {
      const double objective = PlanObjective(problem, model, round.plan);
      if (objective <= best_objective + 1e-9) {
        improved = objective < best_objective - 1e-9;
        best = std::move(round.plan);
        best_objective = objective;
      }
    }
    if (improved) {
      ++result.search_improvements;
      report(
          fmt::format("search round {}: objective {:.2f}", result.search_rounds, best_objective));
    }
    if (round.proven && freed >= cells) {
      optimal = true;  // The whole roster was free and CBC proved it optimal.
    }
    optimal = optimal || BoundMet(best_objective, bound, integral);
    if (round.proven && !improved) {
      target = std::min<double>(cells, target * 1.15);
    } else if (!round.proven) {
      target = std::max<double>(std::min(D, cells), target * 0.85);
    }
  }

  result.roster = ToRoster(problem, model, *best);
  auto score = ScoreRoster(problem, result.roster);
  if (!score) {
    return core::Fail(score.error());
  }
  if (!score->feasible) {
    const auto hard = std::find_if(score->violations.begin(), score->violations.end(),
                                   [](const Violation& v) { return v.hard; });
    return core::Fail(core::ErrorCode::kInternal,
                      "the roster search produced a roster that breaks a hard rule: " +
                          (hard == score->violations.end() ? std::string("?") : hard->message));
  }
  result.score = std::move(*score);
  result.objective = result.score.total;
  result.optimal = optimal;
  result.best_bound = optimal ? result.objective : std::min(bound, result.objective);
  if (!std::isfinite(result.best_bound) || result.best_bound < -1e29) {
    result.best_bound = 0;
  }
  result.gap = (result.objective - result.best_bound) / std::max(std::abs(result.objective), 1.0);
  result.seconds = budget.Elapsed();
  report(fmt::format("done: objective {:.2f}{}", result.objective, optimal ? " (optimal)" : ""));
  return result;
}

}  // namespace storeops::staffing
