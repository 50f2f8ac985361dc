// SPDX-License-Identifier: Apache-2.0
// SolveRoster: price-and-branch first (roster_column_generation.cpp; RosterSolveOptions::method),
// this compact MIP when that cannot produce a roster (and to explain infeasibility).
// The compact roster MIP, solved with COIN-OR CBC through its C interface. Variables: x[e,d,s] = 1
// when employee e works shift s on day d (only for allowed cells), k[e,w] = 1 when e works weekend
// w, u/o = under/over-cover per cover row, z = the largest per-employee request penalty (fairness).
// Staff rules follow Curtois & Qu's benchmark model
// ("Computational results on new staff scheduling benchmark instances", 2014): windows of c+1
// days hold at most c shifts; a run shorter than the minimum is cut by one "no-good" row per run
// length and position, only for runs that lie strictly inside the horizon.
//
// Infeasibility is explained in two steps: cheap counting bounds first (an employee's minimum
// hours against the days, shifts and run limits they have; a hard cover row against the people
// who can work it), then, if CBC still proves the model infeasible, an elastic model that lets
// every "must do at least" rule (minimum hours, hard cover) fall short at a cost and reports
// the rules that had to give.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <Cbc_C_Interface.h>
#include <fmt/format.h>

#include "storeops/staffing/roster.hpp"

#include "roster_column_generation.hpp"
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

// Builds the model column by column, row by row.
class MipBuilder {
 public:
  MipBuilder() : model_(Cbc_newModel()) {}

  int AddColumn(double lower, double upper, double cost, bool integer) {
    Cbc_addCol(model_.get(), "", lower, upper, cost, integer ? 1 : 0, 0, nullptr, nullptr);
    return columns_++;
  }

  void AddRow(const std::vector<int>& columns, const std::vector<double>& coefficients, char sense,
              double rhs) {
    if (columns.empty()) {
      return;
    }
    Cbc_addRow(model_.get(), "", static_cast<int>(columns.size()), columns.data(),
               coefficients.data(), sense, rhs);
  }

  [[nodiscard]] Cbc_Model* get() const { return model_.get(); }

  [[nodiscard]] int columns() const { return columns_; }

 private:
  CbcPtr model_;
  int columns_ = 0;
};

struct Built {
  MipBuilder mip;
  std::vector<int> x;  // Per cell; -1 when not allowed.
  double constant = 0;
  std::vector<int> min_hours_slack;  // Per employee; -1 when none (elastic mode only).
  std::vector<int> cover_slack;      // Per cover row; -1 when none (elastic mode only).
};

// Elastic mode: no objective but the shortfall of minimum hours and hard cover.
void BuildModel(const RosterProblem& problem, const CompiledRoster& model, bool elastic,
                Built& built) {
  auto& mip = built.mip;
  const auto& rules = problem.rules;
  const int E = model.employees;
  const int D = model.days;
  const int S = model.shifts;
  // Objective per cell: labour cost plus the request penalties it triggers (an "on" request's
  // weight is a constant minus the weight per worked cell).
  std::vector<double> cell_cost(static_cast<size_t>(E * D * S), 0.0);
  std::vector<std::vector<std::pair<int, double>>> penalty_terms(static_cast<size_t>(E));
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
        const int index = model.CellIndex(cell.employee, cell.day, cell.shift);
        if (model.Allowed(cell.employee, cell.day, cell.shift)) {
          cell_cost[static_cast<size_t>(index)] += sign * request.weight;
          penalty_terms[static_cast<size_t>(request.employee)].push_back(
              {index, sign * request.weight});
        }
      }
    }
  }
  built.x.assign(static_cast<size_t>(E * D * S), -1);
  for (int e = 0; e < E; ++e) {
    for (int d = 0; d < D; ++d) {
      for (int s = 0; s < S; ++s) {
        if (model.Allowed(e, d, s)) {
          const int index = model.CellIndex(e, d, s);
          built.x[static_cast<size_t>(index)] =
              mip.AddColumn(0, 1, cell_cost[static_cast<size_t>(index)], true);
        }
      }
    }
  }
  auto var = [&built, &model](int e, int d, int s) {
    return built.x[static_cast<size_t>(model.CellIndex(e, d, s))];
  };
  // w[e,d] = 1 when e works on day d: an explicit column (sum_s x[e,d,s] = w[e,d]) keeps the run
  // and weekend rows short and gives CBC a strong variable to branch on.
  std::vector<int> worked(static_cast<size_t>(E * D), -1);
  for (int e = 0; e < E; ++e) {
    for (int d = 0; d < D; ++d) {
      std::vector<int> cols;
      for (int s = 0; s < S; ++s) {
        if (const int v = var(e, d, s); v >= 0) {
          cols.push_back(v);
        }
      }
      if (cols.empty()) {
        continue;
      }
      const int w = mip.AddColumn(0, 1, 0, true);
      worked[static_cast<size_t>(e * D + d)] = w;
      std::vector<double> coefs(cols.size(), 1.0);
      cols.push_back(w);
      coefs.push_back(-1.0);
      mip.AddRow(cols, coefs, 'E', 0);
    }
  }
  auto day_terms = [&](int e, int d, std::vector<int>& cols, std::vector<double>& coefs,
                       double coefficient) {
    if (const int w = worked[static_cast<size_t>(e * D + d)]; w >= 0) {
      cols.push_back(w);
      coefs.push_back(coefficient);
    }
  };

  built.min_hours_slack.assign(static_cast<size_t>(E), -1);
  for (int e = 0; e < E; ++e) {
    const auto& employee = problem.employees[static_cast<size_t>(e)];
    std::vector<int> cols;
    std::vector<double> coefs;
    // Forbidden successions: x[d,a] + sum_{b banned after a} x[d+1,b] <= 1.
    for (int d = 0; d + 1 < D; ++d) {
      for (int a = 0; a < S; ++a) {
        const int first = var(e, d, a);
        if (first < 0) {
          continue;
        }
        cols = {first};
        coefs = {1.0};
        for (int b : model.forbidden_next[static_cast<size_t>(a)]) {
          if (const int v = var(e, d + 1, b); v >= 0) {
            cols.push_back(v);
            coefs.push_back(1.0);
          }
        }
        if (cols.size() > 1) {
          mip.AddRow(cols, coefs, 'L', 1);
        }
      }
    }
    // Shifts per type.
    for (int s = 0; s < S; ++s) {
      const int limit = model.max_shifts[static_cast<size_t>(e * S + s)];
      if (limit < 0 || limit >= D) {
        continue;
      }
      cols.clear();
      coefs.clear();
      for (int d = 0; d < D; ++d) {
        if (const int v = var(e, d, s); v >= 0) {
          cols.push_back(v);
          coefs.push_back(1.0);
        }
      }
      if (static_cast<int>(cols.size()) > limit) {
        mip.AddRow(cols, coefs, 'L', limit);
      }
    }
    // Paid minutes within the contract.
    cols.clear();
    coefs.clear();
    for (int d = 0; d < D; ++d) {
      for (int s = 0; s < S; ++s) {
        if (const int v = var(e, d, s); v >= 0) {
          cols.push_back(v);
          coefs.push_back(model.paid_minutes[static_cast<size_t>(s)]);
        }
      }
    }
    mip.AddRow(cols, coefs, 'L', employee.max_total_minutes);
    if (employee.min_total_minutes > 0) {
      if (elastic) {
        const int slack = mip.AddColumn(0, kInfinity, 1.0, false);
        built.min_hours_slack[static_cast<size_t>(e)] = slack;
        cols.push_back(slack);
        coefs.push_back(1.0);
      }
      if (cols.empty()) {
        // Nothing can be worked: the counting check reports this before any solve.
        cols.push_back(mip.AddColumn(0, 0, 0, false));
        coefs.push_back(1.0);
      }
      mip.AddRow(cols, coefs, 'G', employee.min_total_minutes);
    }
    // At most c shifts in any c+1 consecutive days.
    const int c = employee.max_consecutive_shifts;
    if (c > 0) {
      for (int d = 0; d + c < D; ++d) {
        cols.clear();
        coefs.clear();
        for (int j = d; j <= d + c; ++j) {
          day_terms(e, j, cols, coefs, 1.0);
        }
        mip.AddRow(cols, coefs, 'L', c);
      }
    }
    // No run of s < min shifts strictly inside the horizon:
    // w[d] + (s - sum_{j=d+1..d+s} w[j]) + w[d+s+1] >= 1.
    for (int run = 1; run < employee.min_consecutive_shifts; ++run) {
      for (int d = 0; d + run + 1 < D; ++d) {
        cols.clear();
        coefs.clear();
        day_terms(e, d, cols, coefs, 1.0);
        for (int j = d + 1; j <= d + run; ++j) {
          day_terms(e, j, cols, coefs, -1.0);
        }
        day_terms(e, d + run + 1, cols, coefs, 1.0);
        mip.AddRow(cols, coefs, 'G', 1 - run);
      }
    }
    // No run of s < min days off strictly inside the horizon:
    // (1 - w[d]) + sum_{j=d+1..d+s} w[j] + (1 - w[d+s+1]) >= 1.
    for (int run = 1; run < employee.min_consecutive_days_off; ++run) {
      for (int d = 0; d + run + 1 < D; ++d) {
        cols.clear();
        coefs.clear();
        day_terms(e, d, cols, coefs, -1.0);
        for (int j = d + 1; j <= d + run; ++j) {
          day_terms(e, j, cols, coefs, 1.0);
        }
        day_terms(e, d + run + 1, cols, coefs, -1.0);
        mip.AddRow(cols, coefs, 'G', -1);
      }
    }
    // Weekends: k[w] >= w[d] for each weekend day, sum k <= max.
    if (employee.max_weekends >= 0 && model.weekends > 0) {
      std::vector<int> weekend_vars;
      for (int w = 0; w < model.weekends; ++w) {
        const int k = mip.AddColumn(0, 1, 0, true);
        weekend_vars.push_back(k);
        for (int d = 0; d < D; ++d) {
          if (model.weekend_of_day[static_cast<size_t>(d)] != w) {
            continue;
          }
          cols.clear();
          coefs.clear();
          day_terms(e, d, cols, coefs, -1.0);
          if (!cols.empty()) {
            // Aggregated form (k >= sum of the day's shifts) is valid: at most one shift a day.
            cols.push_back(k);
            coefs.push_back(1.0);
            mip.AddRow(cols, coefs, 'G', 0);
          }
        }
      }
      if (employee.max_weekends < model.weekends) {
        mip.AddRow(weekend_vars, std::vector<double>(weekend_vars.size(), 1.0), 'L',
                   employee.max_weekends);
      }
    }
  }

  // Fairness: z >= each employee's request penalty.
  if (!elastic && rules.fairness_weight > 0) {
    const int z = mip.AddColumn(0, kInfinity, rules.fairness_weight, false);
    for (int e = 0; e < E; ++e) {
      std::vector<int> cols = {z};
      std::vector<double> coefs = {1.0};
      for (const auto& [index, coefficient] : penalty_terms[static_cast<size_t>(e)]) {
        cols.push_back(built.x[static_cast<size_t>(index)]);
        coefs.push_back(-coefficient);
      }
      mip.AddRow(cols, coefs, 'G', penalty_constant[static_cast<size_t>(e)]);
    }
  }

  // Cover: sum x + u - o = required.
  built.cover_slack.assign(model.cover.size(), -1);
  for (size_t i = 0; i < model.cover.size(); ++i) {
    const auto& cover = model.cover[i];
    const auto& row = problem.cover[static_cast<size_t>(cover.index)];
    std::vector<int> cols;
    std::vector<double> coefs;
    for (const auto& cell : cover.cells) {
      if (const int v = var(cell.employee, cell.day, cell.shift); v >= 0) {
        cols.push_back(v);
        coefs.push_back(1.0);
      }
    }
    if (elastic) {
      if (!row.hard_minimum || row.required == 0) {
        continue;
      }
      const int slack = mip.AddColumn(0, kInfinity, 1.0, false);
      built.cover_slack[i] = slack;
      cols.push_back(slack);
      coefs.push_back(1.0);
      mip.AddRow(cols, coefs, 'G', row.required);
      continue;
    }
    const int under = mip.AddColumn(0, row.hard_minimum ? 0 : kInfinity, row.under_weight, false);
    const int over = mip.AddColumn(0, kInfinity, row.over_weight, false);
    cols.push_back(under);
    coefs.push_back(1.0);
    cols.push_back(over);
    coefs.push_back(-1.0);
    mip.AddRow(cols, coefs, 'E', row.required);
  }
}

void Configure(Cbc_Model* model, const RosterSolveOptions& options) {
  Cbc_setLogLevel(model, 0);
  Cbc_setParameter(model, "timeMode", "elapsed");
  Cbc_setParameter(model, "seconds", fmt::format("{}", options.time_limit_seconds).c_str());
  Cbc_setMaximumSeconds(model, options.time_limit_seconds);
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
  BuildModel(problem, model, /*elastic=*/true, built);
  Configure(built.mip.get(), options);
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

}  // namespace

core::Result<RosterSolution> SolveRoster(const RosterProblem& problem,
                                         const RosterSolveOptions& options) {
  if (!(options.time_limit_seconds > 0) || options.threads < 1 || options.relative_gap < 0) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "invalid solve options: time_limit_seconds > 0, threads >= 1 and "
                      "relative_gap >= 0 are required",
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

  const auto started = std::chrono::steady_clock::now();
  auto elapsed = [&started] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  if (options.method != RosterMethod::kCompact) {
    // A CLP/CBC failure inside the column generation also falls back to the compact model.
    auto generated = internal::SolveByColumnGeneration(problem, model, options, started);
    if (generated.has_value() && generated->solved) {
      RosterSolution result = std::move(generated->solution);
      auto score = ScoreRoster(problem, result.roster);
      if (!score) {
        return core::Fail(score.error());
      }
      result.score = std::move(*score);
      result.seconds = elapsed();
      if (result.score.feasible) {
        if (options.progress) {
          options.progress(1.0, "done");
        }
        return result;
      }
    }
    // Otherwise the compact model decides (and explains infeasibility) in the time left.
  }
  RosterSolveOptions compact = options;
  compact.time_limit_seconds = std::max(1.0, options.time_limit_seconds - elapsed());
  if (options.progress) {
    options.progress(0.1, "solving the compact roster model");
  }
  Built built;
  BuildModel(problem, model, /*elastic=*/false, built);
  Configure(built.mip.get(), compact);
  const int status = Cbc_solve(built.mip.get());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double* solution = Cbc_bestSolution(built.mip.get());
  if (solution == nullptr) {
    if (Cbc_isProvenInfeasible(built.mip.get()) != 0) {
      return core::Fail(ExplainInfeasible(problem, model, options));
    }
    if (status == 2 || Cbc_isAbandoned(built.mip.get()) != 0) {
      return core::Fail(core::ErrorCode::kInternal, "CBC abandoned the roster model");
    }
    return core::Fail(
        core::ErrorCode::kDeadlineExceeded,
        fmt::format("no feasible roster found within {} s", options.time_limit_seconds));
  }

  RosterSolution result;
  for (int e = 0; e < model.employees; ++e) {
    for (int d = 0; d < model.days; ++d) {
      for (int s = 0; s < model.shifts; ++s) {
        const int v = built.x[static_cast<size_t>(model.CellIndex(e, d, s))];
        if (v >= 0 && solution[v] > 0.5) {
          result.roster.assignments.push_back({problem.employees[static_cast<size_t>(e)].id, d,
                                               problem.shifts[static_cast<size_t>(s)].id});
        }
      }
    }
  }
  result.objective = Cbc_getObjValue(built.mip.get()) + built.constant;
  result.optimal = Cbc_isProvenOptimal(built.mip.get()) != 0;
  result.best_bound = result.optimal
                          ? result.objective
                          : Cbc_getBestPossibleObjValue(built.mip.get()) + built.constant;
  result.best_bound = std::min(result.best_bound, result.objective);
  result.gap = (result.objective - result.best_bound) / std::max(std::abs(result.objective), 1.0);
  result.seconds = seconds;
  result.method = "compact";
  auto score = ScoreRoster(problem, result.roster);
  if (!score) {
    return core::Fail(score.error());
  }
  result.score = std::move(*score);
  if (options.progress) {
    options.progress(1.0, "done");
  }
  return result;
}

}  // namespace storeops::staffing
