// SPDX-License-Identifier: Apache-2.0
// Price-and-branch (see roster_column_generation.hpp). CLP and CBC are used through their C
// interfaces, whose headers stay in this file and roster_solver.cpp.
#include "roster_column_generation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <map>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <Cbc_C_Interface.h>
#include <Clp_C_Interface.h>
#include <fmt/format.h>

#include "roster_pricing.hpp"

namespace storeops::staffing::internal {
namespace {

using Clock = std::chrono::steady_clock;

constexpr double kInfinity = 1e30;
constexpr double kReducedCostTolerance = 1e-6;
constexpr int kEnumerationCap = 400;  // Schedules per employee when enumerating within the gap.
constexpr double kFractional = 1e-6;
// The cell dive fixes every employee's strongest fractional cell at once when the LP gives it
// at least this weight (else only the strongest cell of all), and re-prices with at most
// kDiveRounds LP solves before the next batch. A batch that raises the LP by more than
// kDiveTolerance (relative, at least 1) is undone and retried one cell at a time; a single cell
// that does is undone and barred for that step, up to kDiveRetries cells per step and
// kDiveBacktracks undos per dive.
constexpr double kDiveBatchValue = 0.9;
constexpr int kDiveRounds = 5;
constexpr double kDiveTolerance = 0.002;
constexpr int kDiveRetries = 3;
constexpr int kDiveBacktracks = 120;
// Another (perturbed) dive starts while the last one improved the best roster, less than this
// share of the limit is spent and the best is more than kRediveGap (relative) above the bound.
constexpr double kRediveShare = 0.4;
constexpr double kRediveGap = 0.01;
// The large neighbourhood search runs while the best roster is more than kRediveGap above the
// bound, until this share of the limit or kLnsPatience rounds without a better roster; it frees
// kLnsWindowDays days of everyone, or kLnsEmployees people.
constexpr double kLnsShare = 0.45;
// The first dive, on whole schedules, stops after this share of the limit (the rest rounded).
constexpr double kScheduleDiveShare = 0.1;
constexpr int kLnsPatience = 4;
constexpr int kLnsWindowDays = 14;
constexpr int kLnsEmployees = 6;

struct ClpDeleter {
  void operator()(Clp_Simplex* model) const { Clp_deleteModel(model); }
};

struct CbcDeleter {
  void operator()(Cbc_Model* model) const { Cbc_deleteModel(model); }
};

// One schedule of one employee, with its master coefficients.
struct Column {
  int employee = 0;
  std::vector<int> shifts;                    // Per day; -1 off.
  double cost = 0;                            // True objective contribution (labour, requests).
  double penalty = 0;                         // Request penalty (the fairness row's coefficient).
  std::vector<std::pair<int, double>> cover;  // (cover row, count of its cells worked).
};

// Costs and cover membership of each employee's cells, fixed for the whole solve.
struct Pricing {
  int days = 0;
  int shifts = 0;
  std::vector<std::vector<double>> base;     // [e][d * S + s]: labour + request terms.
  std::vector<std::vector<double>> penalty;  // [e][d * S + s]: request terms only.
  std::vector<double> penalty_constant;      // [e]: "on" request weights (due unless worked).
  std::vector<std::vector<std::vector<int>>> cover_of;  // [e][d * S + s]: cover rows.
};

Pricing BuildPricing(const RosterProblem& problem, const CompiledRoster& model) {
  Pricing p;
  p.days = model.days;
  p.shifts = model.shifts;
  const int E = model.employees;
  const size_t cells = static_cast<size_t>(model.days * model.shifts);
  p.base.assign(static_cast<size_t>(E), std::vector<double>(cells, 0.0));
  p.penalty.assign(static_cast<size_t>(E), std::vector<double>(cells, 0.0));
  p.penalty_constant.assign(static_cast<size_t>(E), 0.0);
  p.cover_of.assign(static_cast<size_t>(E), std::vector<std::vector<int>>(cells));
  const auto& rules = problem.rules;
  for (int e = 0; e < E; ++e) {
    for (int d = 0; d < model.days; ++d) {
      for (int s = 0; s < model.shifts; ++s) {
        p.base[static_cast<size_t>(e)][static_cast<size_t>(d * model.shifts + s)] =
            rules.labour_cost_weight * static_cast<double>(model.CostCents(problem, e, s)) / 100.0;
      }
    }
  }
  for (const auto& request : model.requests) {
    if (request.weight <= 0) {
      continue;
    }
    const double sign = request.on ? -1.0 : 1.0;
    if (request.on) {
      p.penalty_constant[static_cast<size_t>(request.employee)] += request.weight;
    }
    for (const auto& cell : request.cells) {
      const size_t at = static_cast<size_t>(cell.day * model.shifts + cell.shift);
      p.base[static_cast<size_t>(cell.employee)][at] += sign * request.weight;
      p.penalty[static_cast<size_t>(cell.employee)][at] += sign * request.weight;
    }
  }
  for (size_t i = 0; i < model.cover.size(); ++i) {
    for (const auto& cell : model.cover[i].cells) {
      p.cover_of[static_cast<size_t>(cell.employee)]
                [static_cast<size_t>(cell.day * model.shifts + cell.shift)]
                    .push_back(static_cast<int>(i));
    }
  }
  return p;
}

Column MakeColumn(const Pricing& pricing, int employee, std::vector<int> shifts) {
  Column column;
  column.employee = employee;
  column.cost = pricing.penalty_constant[static_cast<size_t>(employee)];
  column.penalty = column.cost;
  std::vector<std::pair<int, double>> cover;
  for (int d = 0; d < pricing.days; ++d) {
    const int s = shifts[static_cast<size_t>(d)];
    if (s < 0) {
      continue;
    }
    const size_t at = static_cast<size_t>(d * pricing.shifts + s);
    column.cost += pricing.base[static_cast<size_t>(employee)][at];
    column.penalty += pricing.penalty[static_cast<size_t>(employee)][at];
    for (int row : pricing.cover_of[static_cast<size_t>(employee)][at]) {
      cover.emplace_back(row, 1.0);
    }
  }
  std::sort(cover.begin(), cover.end());
  for (const auto& [row, count] : cover) {
    if (!column.cover.empty() && column.cover.back().first == row) {
      column.cover.back().second += count;
    } else {
      column.cover.emplace_back(row, count);
    }
  }
  column.shifts = std::move(shifts);
  return column;
}

bool Integral(double value) { return std::abs(value - std::round(value)) < 1e-9; }

class Solver {
 public:
  Solver(const RosterProblem& problem, const CompiledRoster& model,
         const RosterSolveOptions& options, Clock::time_point started)
      : problem_(problem),
        model_(model),
        options_(options),
        started_(started),
        pricing_(BuildPricing(problem, model)),
        E_(model.employees),
        C_(static_cast<int>(model.cover.size())),
        fairness_(problem.rules.fairness_weight > 0),
        seen_(static_cast<size_t>(model.employees)),
        fixed_(static_cast<size_t>(model.employees), -1),
        cell_fix_(static_cast<size_t>(model.employees * model.days), -1) {
    for (const auto& row : problem.cover) {
      big_m_ = std::max({big_m_, row.under_weight, row.over_weight});
      has_hard_cover_ = has_hard_cover_ || (row.hard_minimum && row.required > 0);
      integral_ = integral_ && Integral(row.under_weight) && Integral(row.over_weight);
    }
    big_m_ = 1000.0 * (big_m_ + 1.0);
    integral_ = integral_ && Integral(problem.rules.fairness_weight);
  }

  core::Result<ColumnGenerationOutcome> Run();

 private:
  [[nodiscard]] double Elapsed() const {
    return std::chrono::duration<double>(Clock::now() - started_).count();
  }

  [[nodiscard]] double Limit() const { return options_.time_limit_seconds; }

  void Report(double fraction, const std::string& message) {
    last_fraction_ = std::clamp(fraction, last_fraction_, 1.0);
    last_message_ = message;
    last_report_ = Elapsed();
    if (options_.progress) {
      options_.progress(last_fraction_, message);
    }
  }

  // Repeats the last report when a second has passed without one (long loops call it).
  void Tick() {
    if (options_.progress && Elapsed() - last_report_ >= 1.0) {
      Report(std::max(last_fraction_, 0.05 + 0.9 * Elapsed() / Limit()), last_message_);
    }
  }

  // Adds the column unless this employee already has that schedule; its index either way.
  int AddColumn(Column column);
  [[nodiscard]] double RowPenalty(int row, double count) const;
  [[nodiscard]] std::vector<double> Counts(const std::vector<int>& chosen) const;
  [[nodiscard]] double Objective(const std::vector<int>& chosen) const;
  [[nodiscard]] bool HardCoverMet(const std::vector<int>& chosen) const;
  bool LocalSearch(std::vector<int>& chosen);
  // A complete dive, polished by LocalSearch, replaces `best` when it is better and meets the
  // hard cover; true when it did. An incomplete dive (an employee left at -1) is dropped.
  bool Adopt(std::vector<int>& dive, std::vector<int>& best, double& best_objective);
  std::vector<int> SolveMip(const std::vector<int>& start, double seconds, bool* proven);
  void BuildMaster();
  std::vector<double> CellCosts(int employee, const double* duals) const;
  core::Result<ColumnGenerationOutcome> SolveInteger(const std::vector<double>& lp_values,
                                                     std::vector<int> dived);
  [[nodiscard]] bool LpIntegral(const std::vector<double>& lp_values) const;
  void Enumerate(double upper_bound);
  void PushColumns();
  // LP and pricing rounds until no column prices out (or `deadline`, seconds since the start),
  // at most `max_rounds` LP solves when above 0 (the dive's re-pricing need not converge). At
  // the root (no cell fixed) it raises lower_bound_.
  core::Status Generate(double deadline, std::vector<double>& lp_values, int max_rounds = 0);

  [[nodiscard]] bool CellsFixed() const {
    return std::any_of(cell_fix_.begin(), cell_fix_.end(), [](int v) { return v >= 0; });
  }

  // True when column j takes the option fixed for each of its employee's fixed cells.
  [[nodiscard]] bool MatchesCellFixings(int j) const;
  // Upper bound 0 on every LP column that breaks a fixed cell, infinity on the others.
  void BoundColumnsByCellFixings();
  // Fixes cells (employee, day) of the original model guided by the LP, re-prices after each
  // batch; returns per employee the schedule the final LP uses most.
  // `start` (per cell, as cell_fix_; empty: none) fixes cells before the dive: the large
  // neighbourhood search keeps part of the best roster and dives over the rest.
  core::Result<std::vector<int>> CellDive(double deadline, std::vector<double> lp_values,
                                          int variant, const std::vector<int>& start = {});
  // Fixes whole schedules the LP takes (almost) whole, or else the one it takes most, re-prices;
  // variant > 0 perturbs the choice.
  core::Result<std::vector<int>> ScheduleDive(double deadline, std::vector<double> lp_values,
                                              int variant);
  // Large neighbourhood search around `best` until `deadline`: frees a window of days or a group
  // of employees, dives over them with the rest fixed, keeps what improves.
  core::Status Neighbourhoods(double deadline, std::vector<int>& best, double& best_objective);

  const RosterProblem& problem_;
  const CompiledRoster& model_;
  const RosterSolveOptions& options_;
  Clock::time_point started_;
  Pricing pricing_;
  int E_;
  int C_;
  bool fairness_;
  double big_m_ = 0;
  bool has_hard_cover_ = false;
  bool integral_ = true;
  std::vector<std::map<std::vector<int>, int>> seen_;
  std::vector<Column> columns_;
  std::unique_ptr<Clp_Simplex, ClpDeleter> lp_;
  int lp_columns_ = 0;    // Columns of `columns_` already in the LP.
  int first_lambda_ = 0;  // LP column index of columns_[0].
  double lower_bound_ = -kInfinity;
  std::vector<int> fixed_;  // Per employee: the column fixed by the schedule dive, or -1.
  // Per (employee, day), e * days + d: the option the cell dive fixed (a shift, or `shifts` for
  // off), or -1.
  std::vector<int> cell_fix_;
  int next_variant_ = 0;  // Of the next dive: 0 follows the LP, later ones perturb it.
  // The converged root LP: its value and duals (empty until pricing converged at the root).
  double root_lp_ = 0;
  std::vector<double> root_duals_;
  // Every schedule that could be in a better roster is in the pool (see Enumerate).
  bool pool_complete_ = false;
  bool lp_solved_ = false;
  double last_fraction_ = 0;
  double last_report_ = 0;
  std::string last_message_;
  int iterations_ = 0;
};

int Solver::AddColumn(Column column) {
  auto& seen = seen_[static_cast<size_t>(column.employee)];
  const int index = static_cast<int>(columns_.size());
  const auto [at, inserted] = seen.emplace(column.shifts, index);
  if (!inserted) {
    return at->second;
  }
  integral_ = integral_ && Integral(column.cost) && Integral(column.penalty);
  columns_.push_back(std::move(column));
  return index;
}

// Rows: convexity per employee [0, E), cover [E, E + C), fairness [E + C, 2E + C).
// Columns: under and over per cover row, z, then the schedules.
void Solver::BuildMaster() {
  lp_.reset(Clp_newModel());
  Clp_setLogLevel(lp_.get(), 0);
  const int rows = E_ + C_ + (fairness_ ? E_ : 0);
  std::vector<double> lower(static_cast<size_t>(rows));
  std::vector<double> upper(static_cast<size_t>(rows));
  for (int e = 0; e < E_; ++e) {
    lower[static_cast<size_t>(e)] = upper[static_cast<size_t>(e)] = 1.0;
  }
  for (int i = 0; i < C_; ++i) {
    const auto& row =
        problem_.cover[static_cast<size_t>(model_.cover[static_cast<size_t>(i)].index)];
    lower[static_cast<size_t>(E_ + i)] = upper[static_cast<size_t>(E_ + i)] = row.required;
  }
  for (int e = 0; e < (fairness_ ? E_ : 0); ++e) {
    lower[static_cast<size_t>(E_ + C_ + e)] = 0.0;
    upper[static_cast<size_t>(E_ + C_ + e)] = kInfinity;
  }
  std::vector<CoinBigIndex> starts(static_cast<size_t>(rows) + 1, 0);
  Clp_addRows(lp_.get(), rows, lower.data(), upper.data(), starts.data(), nullptr, nullptr);

  // Slacks.
  std::vector<double> col_lower;
  std::vector<double> col_upper;
  std::vector<double> cost;
  std::vector<CoinBigIndex> col_starts = {0};
  std::vector<int> index;
  std::vector<double> value;
  for (int i = 0; i < C_; ++i) {
    const auto& row =
        problem_.cover[static_cast<size_t>(model_.cover[static_cast<size_t>(i)].index)];
    // Hard minimum: a large penalty in the LP (so it stays feasible); forbidden in the MIP.
    col_lower.push_back(0);
    col_upper.push_back(kInfinity);
    cost.push_back(row.hard_minimum ? big_m_ : row.under_weight);
    index.push_back(E_ + i);
    value.push_back(1.0);
    col_starts.push_back(static_cast<CoinBigIndex>(index.size()));
    col_lower.push_back(0);
    col_upper.push_back(kInfinity);
    cost.push_back(row.over_weight);
    index.push_back(E_ + i);
    value.push_back(-1.0);
    col_starts.push_back(static_cast<CoinBigIndex>(index.size()));
  }
  if (fairness_) {
    col_lower.push_back(0);
    col_upper.push_back(kInfinity);
    cost.push_back(problem_.rules.fairness_weight);
    for (int e = 0; e < E_; ++e) {
      index.push_back(E_ + C_ + e);
      value.push_back(1.0);
    }
    col_starts.push_back(static_cast<CoinBigIndex>(index.size()));
  }
  first_lambda_ = static_cast<int>(cost.size());
  if (first_lambda_ > 0) {
    Clp_addColumns(lp_.get(), first_lambda_, col_lower.data(), col_upper.data(), cost.data(),
                   col_starts.data(), index.data(), value.data());
  }
  lp_columns_ = 0;
}

std::vector<double> Solver::CellCosts(int employee, const double* duals) const {
  const auto e = static_cast<size_t>(employee);
  std::vector<double> cost = pricing_.base[e];
  if (duals == nullptr) {
    return cost;
  }
  const double fair = fairness_ ? duals[E_ + C_ + employee] : 0.0;
  for (size_t at = 0; at < cost.size(); ++at) {
    double c = cost[at] + fair * pricing_.penalty[e][at];
    for (int row : pricing_.cover_of[e][at]) {
      c -= duals[E_ + row];
    }
    cost[at] = c;
  }
  // The dive's fixed cells: the other shifts of that day are priced out (the pricing's
  // threshold prunes them); a day fixed to a shift also closes the day off (Generate).
  const int S = model_.shifts;
  for (int d = 0; d < model_.days; ++d) {
    const int fixed = cell_fix_[static_cast<size_t>(employee * model_.days + d)];
    for (int s = 0; fixed >= 0 && s < S; ++s) {
      if (s != fixed) {
        cost[static_cast<size_t>(d * S + s)] = kInfinity;
      }
    }
  }
  return cost;
}

core::Result<ColumnGenerationOutcome> Solver::Run() {
  ColumnGenerationOutcome outcome;
  if (E_ == 0) {
    outcome.reason = "no employees: nothing to price";
    return outcome;
  }
  Report(0.02, "column generation: first schedule of each employee");
  // A feasible schedule per employee from the zero-dual pricing (its own cheapest), and one
  // priced as if every cover row were short (favours working the needed cells).
  for (int e = 0; e < E_; ++e) {
    PricingLimits limits;
    limits.max_schedules = 1;
    limits.beam = 20'000;
    auto own = PriceSchedules(problem_, model_, e, CellCosts(e, nullptr), limits);
    if (own.schedules.empty()) {
      outcome.reason = fmt::format("no schedule found for {} by the pricing programme",
                                   model_.names[static_cast<size_t>(e)]);
      return outcome;
    }
    AddColumn(MakeColumn(pricing_, e, std::move(own.schedules.front().shifts)));
  }
  BuildMaster();

  std::vector<double> lp_values;
  // Root: pricing until no schedule prices out, within about a third of the limit.
  if (auto root = Generate(0.35 * Limit(), lp_values); !root) {
    return core::Fail(root.error());
  }
  // Fix-and-price dives on cells (re-priced after each batch); perturbed ones follow while the
  // best roster is still far from the bound (kRediveShare, kRediveGap). Then a quick dive on
  // whole schedules (within kScheduleDiveShare of the limit). The schedule dive wins on
  // benchmark instance 9, the cell dives on 8.
  std::vector<int> dived;
  double dived_objective = kInfinity;
  std::vector<double> root_values = lp_values;
  while (Elapsed() < 0.6 * Limit() && !(lower_bound_ > -kInfinity && LpIntegral(root_values))) {
    const int variant = next_variant_++;
    auto dive = CellDive(0.6 * Limit(), root_values, variant);
    if (!dive) {
      return core::Fail(dive.error());
    }
    const bool improved = Adopt(*dive, dived, dived_objective);
    Report(0.05 + 0.45 * std::min(1.0, Elapsed() / Limit()),
           fmt::format("dive {}: best roster {:.2f}", variant + 1, dived_objective));
    const double bound = integral_ ? std::ceil(lower_bound_ - 1e-6) : lower_bound_;
    if (!improved || Elapsed() >= kRediveShare * Limit() ||
        dived_objective <= bound + kRediveGap * std::max(std::abs(bound), 1.0)) {
      break;
    }
    // Back at the root (every cell free again): converge and dive from there.
    if (auto again = Generate(0.6 * Limit(), root_values); !again) {
      return core::Fail(again.error());
    }
  }
  if (Elapsed() < 0.6 * Limit() && !(lower_bound_ > -kInfinity && LpIntegral(root_values))) {
    if (auto again = Generate(0.6 * Limit(), root_values); !again) {
      return core::Fail(again.error());
    }
    auto dive = ScheduleDive(Elapsed() + kScheduleDiveShare * Limit(), root_values, 0);
    if (!dive) {
      return core::Fail(dive.error());
    }
    Adopt(*dive, dived, dived_objective);
    Report(0.05 + 0.45 * std::min(1.0, Elapsed() / Limit()),
           fmt::format("schedule dive: roster {:.2f}", dived_objective));
  }
  if (!dived.empty()) {
    if (auto searched = Neighbourhoods(kLnsShare * Limit(), dived, dived_objective); !searched) {
      return core::Fail(searched.error());
    }
  }
  return SolveInteger(lp_values, std::move(dived));
}

// With the root LP converged, a roster of objective below `upper_bound` uses only schedules whose
// reduced cost is below upper_bound - LP (every reduced cost is >= 0, and they add up). Adds
// all of them (when few enough): the integer master over the pool is then exact.
void Solver::Enumerate(double upper_bound) {
  if (root_duals_.empty()) {
    return;
  }
  const double gap = upper_bound - root_lp_ - (integral_ ? 1.0 - 1e-6 : 0.0);
  if (gap < 0) {
    pool_complete_ = true;
    return;
  }
  bool complete = true;
  const size_t before = columns_.size();
  for (int e = 0; e < E_ && Elapsed() < Limit() - 1.0; ++e) {
    const double convexity = root_duals_[static_cast<size_t>(e)];
    const double constant =
        pricing_.penalty_constant[static_cast<size_t>(e)] *
        (1.0 + (fairness_ ? root_duals_[static_cast<size_t>(E_ + C_ + e)] : 0.0));
    PricingLimits limits;
    limits.threshold = convexity - constant + gap + 1e-6;
    limits.max_schedules = kEnumerationCap;
    limits.enumerate = true;
    limits.beam = 50'000;  // Without dominance labels multiply: bound the time per employee.
    auto priced = PriceSchedules(problem_, model_, e, CellCosts(e, root_duals_.data()), limits);
    complete = complete && priced.exact;
    for (auto& schedule : priced.schedules) {
      AddColumn(MakeColumn(pricing_, e, std::move(schedule.shifts)));
    }
    Tick();
    if (e + 1 == E_) {
      pool_complete_ = complete;
    }
  }
  Report(0.5 + 0.45 * Elapsed() / Limit(),
         fmt::format("{} schedules within the gap {:.2f} added{}", columns_.size() - before, gap,
                     pool_complete_ ? " (all of them)" : ""));
}

bool Solver::LpIntegral(const std::vector<double>& lp_values) const {
  return std::all_of(lp_values.begin(), lp_values.end(),
                     [](double x) { return x < 1e-6 || x > 1 - 1e-6; });
}

void Solver::PushColumns() {
  const int fresh = static_cast<int>(columns_.size()) - lp_columns_;
  if (fresh <= 0) {
    return;
  }
  std::vector<double> lower(static_cast<size_t>(fresh), 0.0);
  std::vector<double> upper(static_cast<size_t>(fresh), kInfinity);
  for (int j = lp_columns_; j < static_cast<int>(columns_.size()); ++j) {
    if (!MatchesCellFixings(j)) {
      upper[static_cast<size_t>(j - lp_columns_)] = 0.0;
    }
  }
  std::vector<double> cost;
  std::vector<CoinBigIndex> starts = {0};
  std::vector<int> index;
  std::vector<double> value;
  for (int j = lp_columns_; j < static_cast<int>(columns_.size()); ++j) {
    const auto& column = columns_[static_cast<size_t>(j)];
    cost.push_back(column.cost);
    index.push_back(column.employee);
    value.push_back(1.0);
    for (const auto& [row, count] : column.cover) {
      index.push_back(E_ + row);
      value.push_back(count);
    }
    if (fairness_) {
      index.push_back(E_ + C_ + column.employee);
      value.push_back(-column.penalty);
    }
    starts.push_back(static_cast<CoinBigIndex>(index.size()));
  }
  Clp_addColumns(lp_.get(), fresh, lower.data(), upper.data(), cost.data(), starts.data(),
                 index.data(), value.data());
  lp_columns_ = static_cast<int>(columns_.size());
}

core::Status Solver::Generate(double deadline, std::vector<double>& lp_values, int max_rounds) {
  const bool root =
      std::none_of(fixed_.begin(), fixed_.end(), [](int j) { return j >= 0; }) && !CellsFixed();
  double last_report = Elapsed();
  for (int solves = 1;; ++solves) {
    PushColumns();
    Clp_setMaximumSeconds(lp_.get(), std::max(1.0, Limit() - Elapsed()));
    if (!lp_solved_) {
      Clp_initialSolve(lp_.get());
      lp_solved_ = true;
    } else {
      Clp_primal(lp_.get(), 0);
    }
    if (Clp_isProvenOptimal(lp_.get()) == 0) {
      return core::Fail(core::ErrorCode::kInternal,
                        fmt::format("CLP could not solve the roster master LP (status {})",
                                    Clp_status(lp_.get())));
    }
    ++iterations_;
    const double lp_value = Clp_objectiveValue(lp_.get());
    const double* duals = Clp_dualRowSolution(lp_.get());
    const double* primal = Clp_getColSolution(lp_.get());
    lp_values.assign(primal + first_lambda_, primal + first_lambda_ + lp_columns_);
    if (Elapsed() >= deadline || (max_rounds > 0 && solves >= max_rounds)) {
      return core::Ok();
    }
    int added = 0;
    bool exact = true;
    double most_negative_sum = 0;
    for (int e = 0; e < E_; ++e) {
      if (fixed_[static_cast<size_t>(e)] >= 0) {
        continue;
      }
      const double convexity = duals[e];
      const double constant = pricing_.penalty_constant[static_cast<size_t>(e)] *
                              (1.0 + (fairness_ ? duals[E_ + C_ + e] : 0.0));
      PricingLimits limits;
      limits.threshold = convexity - constant - kReducedCostTolerance;
      limits.max_schedules = 3;
      if (!root) {
        limits.must_work.assign(static_cast<size_t>(model_.days), 0);
        for (int d = 0; d < model_.days; ++d) {
          const int fixed = cell_fix_[static_cast<size_t>(e * model_.days + d)];
          limits.must_work[static_cast<size_t>(d)] = fixed >= 0 && fixed < model_.shifts ? 1 : 0;
        }
      }
      auto priced = PriceSchedules(problem_, model_, e, CellCosts(e, duals), limits);
      exact = exact && priced.exact;
      if (!priced.schedules.empty()) {
        most_negative_sum += priced.schedules.front().cost + constant - convexity;
      }
      for (auto& schedule : priced.schedules) {
        const size_t before = columns_.size();
        AddColumn(MakeColumn(pricing_, e, std::move(schedule.shifts)));
        added += columns_.size() > before ? 1 : 0;
      }
      Tick();
      if (Elapsed() >= deadline) {
        exact = false;
        break;
      }
    }
    if (root && exact) {
      lower_bound_ = std::max(lower_bound_, lp_value + most_negative_sum);
    }
    if (Elapsed() - last_report >= 0.5 || added == 0) {
      last_report = Elapsed();
      Report(0.05 + 0.45 * std::min(1.0, Elapsed() / Limit()),
             fmt::format("column generation: LP {:.2f}, {} schedules, round {}", lp_value,
                         columns_.size(), iterations_));
    }
    if (added == 0) {
      if (root && exact) {
        lower_bound_ = std::max(lower_bound_, lp_value);
        root_lp_ = lp_value;
        root_duals_.assign(duals, duals + E_ + C_ + (fairness_ ? E_ : 0));
      }
      return core::Ok();
    }
  }
}

core::Status Solver::Neighbourhoods(double deadline, std::vector<int>& best,
                                    double& best_objective) {
  const int D = model_.days;
  const int S = model_.shifts;
  std::mt19937_64 rng(options_.seed * 104729 + 17);
  std::vector<double> lp_values;
  int idle = 0;
  const double bound = integral_ ? std::ceil(lower_bound_ - 1e-6) : lower_bound_;
  for (int round = 0; Elapsed() < deadline && idle < kLnsPatience; ++round) {
    if (best_objective <= bound + kRediveGap * std::max(std::abs(bound), 1.0)) {
      break;  // Close enough to the bound: CBC and the enumeration take it from here.
    }
    // Every cell as the best roster has it, then free a window or a group.
    std::vector<int> start(static_cast<size_t>(E_ * D));
    for (int e = 0; e < E_; ++e) {
      const auto& column = columns_[static_cast<size_t>(best[static_cast<size_t>(e)])];
      for (int d = 0; d < D; ++d) {
        const int s = column.shifts[static_cast<size_t>(d)];
        start[static_cast<size_t>(e * D + d)] = s < 0 ? S : s;
      }
    }
    if (round % 2 == 0) {
      const int width = std::min(D, kLnsWindowDays);
      const int first = std::uniform_int_distribution<int>(0, D - width)(rng);
      for (int e = 0; e < E_; ++e) {
        std::fill_n(start.begin() + e * D + first, width, -1);
      }
    } else {
      std::vector<int> order(static_cast<size_t>(E_));
      std::iota(order.begin(), order.end(), 0);
      std::shuffle(order.begin(), order.end(), rng);
      for (int i = 0; i < std::min(E_, kLnsEmployees); ++i) {
        std::fill_n(start.begin() + order[static_cast<size_t>(i)] * D, D, -1);
      }
    }
    auto dive = CellDive(deadline, lp_values, 0, start);
    if (!dive) {
      return core::Fail(dive.error());
    }
    ++idle;
    if (Adopt(*dive, best, best_objective)) {
      idle = 0;
    }
    Report(0.05 + 0.45 * std::min(1.0, Elapsed() / Limit()),
           fmt::format("neighbourhood {}: best roster {:.2f}", round + 1, best_objective));
  }
  return core::Ok();
}

core::Result<std::vector<int>> Solver::ScheduleDive(double deadline, std::vector<double> lp_values,
                                                    int variant) {
  fixed_.assign(static_cast<size_t>(E_), -1);
  std::mt19937_64 rng(options_.seed * 7919 + static_cast<uint64_t>(variant));
  std::uniform_real_distribution<double> noise(0.0, 0.4);
  int unfixed = E_;
  while (unfixed > 0) {
    // Fix every schedule the LP takes (almost) whole, or else the one it takes most.
    std::vector<int> to_fix;
    int best = -1;
    double best_x = -1;
    for (int j = 0; j < static_cast<int>(lp_values.size()); ++j) {
      const int e = columns_[static_cast<size_t>(j)].employee;
      if (fixed_[static_cast<size_t>(e)] >= 0) {
        continue;
      }
      double x = lp_values[static_cast<size_t>(j)];
      if (variant == 0 && x > 0.99) {
        to_fix.push_back(j);
      }
      if (variant > 0 && x > 1e-6) {
        x += noise(rng);
      }
      if (x > best_x) {
        best_x = x;
        best = j;
      }
    }
    if (to_fix.empty() && best >= 0) {
      to_fix.push_back(best);
    }
    if (to_fix.empty()) {
      break;
    }
    std::vector<double> lower(Clp_columnLower(lp_.get()),
                              Clp_columnLower(lp_.get()) + Clp_numberColumns(lp_.get()));
    std::vector<double> upper(Clp_columnUpper(lp_.get()),
                              Clp_columnUpper(lp_.get()) + Clp_numberColumns(lp_.get()));
    for (int j : to_fix) {
      const int e = columns_[static_cast<size_t>(j)].employee;
      if (fixed_[static_cast<size_t>(e)] >= 0) {
        continue;
      }
      fixed_[static_cast<size_t>(e)] = j;
      --unfixed;
      for (int k = 0; k < lp_columns_; ++k) {
        if (columns_[static_cast<size_t>(k)].employee == e) {
          upper[static_cast<size_t>(first_lambda_ + k)] = k == j ? 1.0 : 0.0;
          lower[static_cast<size_t>(first_lambda_ + k)] = k == j ? 1.0 : 0.0;
        }
      }
    }
    Clp_chgColumnLower(lp_.get(), lower.data());
    Clp_chgColumnUpper(lp_.get(), upper.data());
    if (Elapsed() >= deadline) {
      break;
    }
    if (auto step = Generate(deadline, lp_values); !step) {
      return core::Fail(step.error());
    }
    Report(0.05 + 0.45 * std::min(1.0, Elapsed() / Limit()),
           fmt::format("diving: {} of {} employees fixed", E_ - unfixed, E_));
  }
  // Whoever is still free takes the schedule the LP uses most.
  std::vector<int> chosen = fixed_;
  std::vector<double> weight(static_cast<size_t>(E_), -1.0);
  for (int j = 0; j < static_cast<int>(lp_values.size()); ++j) {
    const int e = columns_[static_cast<size_t>(j)].employee;
    if (fixed_[static_cast<size_t>(e)] < 0 &&
        lp_values[static_cast<size_t>(j)] > weight[static_cast<size_t>(e)]) {
      weight[static_cast<size_t>(e)] = lp_values[static_cast<size_t>(j)];
      chosen[static_cast<size_t>(e)] = j;
    }
  }
  // Free everyone again for the next dive.
  fixed_.assign(static_cast<size_t>(E_), -1);
  std::vector<double> lower(static_cast<size_t>(Clp_numberColumns(lp_.get())), 0.0);
  std::vector<double> upper(lower.size(), kInfinity);
  Clp_chgColumnLower(lp_.get(), lower.data());
  Clp_chgColumnUpper(lp_.get(), upper.data());
  return chosen;
}

bool Solver::MatchesCellFixings(int j) const {
  const auto& column = columns_[static_cast<size_t>(j)];
  for (int d = 0; d < model_.days; ++d) {
    const int fixed = cell_fix_[static_cast<size_t>(column.employee * model_.days + d)];
    const int s = column.shifts[static_cast<size_t>(d)];
    if (fixed >= 0 && fixed != (s < 0 ? model_.shifts : s)) {
      return false;
    }
  }
  return true;
}

void Solver::BoundColumnsByCellFixings() {
  std::vector<double> upper(static_cast<size_t>(Clp_numberColumns(lp_.get())), kInfinity);
  for (int k = 0; k < lp_columns_; ++k) {
    if (!MatchesCellFixings(k)) {
      upper[static_cast<size_t>(first_lambda_ + k)] = 0.0;
    }
  }
  Clp_chgColumnUpper(lp_.get(), upper.data());
}

core::Result<std::vector<int>> Solver::CellDive(double deadline, std::vector<double> lp_values,
                                                int variant, const std::vector<int>& start) {
  const int D = model_.days;
  const int V = model_.shifts + 1;  // Options of a cell: each shift, then off.
  cell_fix_.assign(static_cast<size_t>(E_ * D), -1);
  if (!start.empty()) {
    cell_fix_ = start;
    BoundColumnsByCellFixings();
    if (auto first = Generate(deadline, lp_values); !first) {
      return core::Fail(first.error());
    }
  }
  std::mt19937_64 rng(options_.seed * 7919 + static_cast<uint64_t>(variant));
  std::uniform_real_distribution<double> noise(0.0, 0.3);
  int fixed_cells = 0;
  int backtracks = 0;
  int retries = 0;      // Undone single cells at this step.
  bool single = false;  // The last batch was undone: one cell at a time.
  std::vector<char> barred(static_cast<size_t>(E_ * D * V), 0);  // Undone options, this step.
  double lp_before = Clp_objectiveValue(lp_.get());
  const bool quiet = !start.empty();
  while (Elapsed() < deadline) {
    std::vector<double> values(static_cast<size_t>(E_ * D * V), 0.0);
    for (int j = 0; j < static_cast<int>(lp_values.size()); ++j) {
      const double x = lp_values[static_cast<size_t>(j)];
      if (x <= 1e-9) {
        continue;
      }
      const auto& column = columns_[static_cast<size_t>(j)];
      for (int d = 0; d < D; ++d) {
        const int s = column.shifts[static_cast<size_t>(d)];
        values[static_cast<size_t>((column.employee * D + d) * V + (s < 0 ? V - 1 : s))] += x;
      }
    }
    for (size_t at = 0; at < values.size(); ++at) {
      if (barred[at] != 0) {
        values[at] = 0.0;
      } else if (variant > 0 && values[at] > kFractional && values[at] < 1.0 - kFractional) {
        // Perturbed dives: a fractional cell's weight moves by up to 0.3 (it stays fractional).
        values[at] = std::min(values[at] + noise(rng), 1.0 - 2 * kFractional);
      }
    }
    std::vector<char> fixed(cell_fix_.size(), 0);
    for (size_t at = 0; at < cell_fix_.size(); ++at) {
      fixed[at] = cell_fix_[at] >= 0 ? 1 : 0;
    }
    auto fixings = ChooseDiveFixings(values, E_, D, V, fixed, single ? 2.0 : kDiveBatchValue);
    if (fixings.empty()) {
      if (std::find(barred.begin(), barred.end(), 1) == barred.end()) {
        break;  // Every employee's cells are integral: the LP solution is a roster.
      }
      // Every fractional option left was undone at this step: take the best of them after all.
      barred.assign(barred.size(), 0);
      retries = kDiveRetries;
      continue;
    }
    const auto saved = cell_fix_;
    for (const auto& fixing : fixings) {
      cell_fix_[static_cast<size_t>(fixing.employee * D + fixing.day)] = fixing.option;
    }
    BoundColumnsByCellFixings();
    if (auto step = Generate(deadline, lp_values, kDiveRounds); !step) {
      return core::Fail(step.error());
    }
    const double lp_after = Clp_objectiveValue(lp_.get());
    const double tolerance = std::max(1.0, kDiveTolerance * std::abs(lp_before));
    if (lp_after > lp_before + tolerance && backtracks < kDiveBacktracks &&
        retries < kDiveRetries && Elapsed() < deadline) {
      // Undo: re-solve the LP without the batch (the new schedules stay).
      ++backtracks;
      if (fixings.size() > 1) {
        single = true;
      } else {
        const auto& f = fixings.front();
        barred[static_cast<size_t>((f.employee * D + f.day) * V + f.option)] = 1;
        ++retries;
      }
      cell_fix_ = saved;
      BoundColumnsByCellFixings();
      if (auto undo = Generate(deadline, lp_values, 1); !undo) {
        return core::Fail(undo.error());
      }
      continue;
    }
    fixed_cells += static_cast<int>(fixings.size());
    lp_before = lp_after;
    single = false;
    retries = 0;
    barred.assign(barred.size(), 0);
    if (!quiet) {
      Report(0.05 + 0.45 * std::min(1.0, Elapsed() / Limit()),
             fmt::format("diving: {} cells fixed, LP {:.2f}, {} undone", fixed_cells, lp_after,
                         backtracks));
    }
  }
  // Per employee the schedule the LP uses most (the only one when the LP is integral).
  std::vector<int> chosen(static_cast<size_t>(E_), -1);
  std::vector<double> weight(static_cast<size_t>(E_), -1.0);
  for (int j = 0; j < static_cast<int>(lp_values.size()); ++j) {
    const int e = columns_[static_cast<size_t>(j)].employee;
    if (lp_values[static_cast<size_t>(j)] > weight[static_cast<size_t>(e)]) {
      weight[static_cast<size_t>(e)] = lp_values[static_cast<size_t>(j)];
      chosen[static_cast<size_t>(e)] = j;
    }
  }
  cell_fix_.assign(cell_fix_.size(), -1);
  BoundColumnsByCellFixings();
  return chosen;
}

double Solver::RowPenalty(int row, double count) const {
  const auto& cover =
      problem_.cover[static_cast<size_t>(model_.cover[static_cast<size_t>(row)].index)];
  const double required = cover.required;
  if (count < required) {
    return (required - count) * (cover.hard_minimum ? big_m_ : cover.under_weight);
  }
  return (count - required) * cover.over_weight;
}

std::vector<double> Solver::Counts(const std::vector<int>& chosen) const {
  std::vector<double> counts(static_cast<size_t>(C_), 0.0);
  for (int j : chosen) {
    for (const auto& [row, count] : columns_[static_cast<size_t>(j)].cover) {
      counts[static_cast<size_t>(row)] += count;
    }
  }
  return counts;
}

double Solver::Objective(const std::vector<int>& chosen) const {
  double total = 0;
  double worst = 0;
  for (int j : chosen) {
    total += columns_[static_cast<size_t>(j)].cost;
    worst = std::max(worst, columns_[static_cast<size_t>(j)].penalty);
  }
  const auto counts = Counts(chosen);
  for (int i = 0; i < C_; ++i) {
    total += RowPenalty(i, counts[static_cast<size_t>(i)]);
  }
  if (fairness_) {
    total += problem_.rules.fairness_weight * worst;
  }
  return total;
}

bool Solver::HardCoverMet(const std::vector<int>& chosen) const {
  const auto counts = Counts(chosen);
  for (int i = 0; i < C_; ++i) {
    const auto& cover =
        problem_.cover[static_cast<size_t>(model_.cover[static_cast<size_t>(i)].index)];
    if (cover.hard_minimum && counts[static_cast<size_t>(i)] < cover.required) {
      return false;
    }
  }
  return true;
}

// Best response, employee by employee: with everyone else fixed, the pricing DP finds the
// schedule that minimises this employee's cost plus the change in cover penalties (exact for
// cover, as each row is separable); a move is kept when the whole objective (fairness included)
// drops. Every improving schedule joins the pool for the next integer master.
bool Solver::Adopt(std::vector<int>& dive, std::vector<int>& best, double& best_objective) {
  if (std::find(dive.begin(), dive.end(), -1) != dive.end()) {
    return false;
  }
  LocalSearch(dive);
  const double objective = Objective(dive);
  if (objective >= best_objective - 1e-9 || !HardCoverMet(dive)) {
    return false;
  }
  best = std::move(dive);
  best_objective = objective;
  return true;
}

bool Solver::LocalSearch(std::vector<int>& chosen) {
  double objective = Objective(chosen);
  bool improved_any = false;
  for (int pass = 0; pass < 20 && Elapsed() < Limit() - 0.5; ++pass) {
    bool improved = false;
    auto counts = Counts(chosen);
    for (int e = 0; e < E_ && Elapsed() < Limit() - 0.5; ++e) {
      const auto& current = columns_[static_cast<size_t>(chosen[static_cast<size_t>(e)])];
      for (const auto& [row, count] : current.cover) {
        counts[static_cast<size_t>(row)] -= count;
      }
      std::vector<double> cost = pricing_.base[static_cast<size_t>(e)];
      for (size_t at = 0; at < cost.size(); ++at) {
        for (int row : pricing_.cover_of[static_cast<size_t>(e)][at]) {
          const double n = counts[static_cast<size_t>(row)];
          cost[at] += RowPenalty(row, n + 1) - RowPenalty(row, n);
        }
      }
      double current_cost = 0;
      for (int d = 0; d < model_.days; ++d) {
        const int s = current.shifts[static_cast<size_t>(d)];
        if (s >= 0) {
          current_cost += cost[static_cast<size_t>(d * model_.shifts + s)];
        }
      }
      PricingLimits limits;
      limits.threshold = current_cost - 1e-7;
      limits.beam = 50'000;
      auto priced = PriceSchedules(problem_, model_, e, cost, limits);
      if (!priced.schedules.empty()) {
        const int j =
            AddColumn(MakeColumn(pricing_, e, std::move(priced.schedules.front().shifts)));
        const int previous = chosen[static_cast<size_t>(e)];
        chosen[static_cast<size_t>(e)] = j;
        const double candidate = Objective(chosen);
        if (candidate < objective - 1e-9) {
          objective = candidate;
          improved = true;
          improved_any = true;
        } else {
          chosen[static_cast<size_t>(e)] = previous;
        }
      }
      for (const auto& [row, count] :
           columns_[static_cast<size_t>(chosen[static_cast<size_t>(e)])].cover) {
        counts[static_cast<size_t>(row)] += count;
      }
      Tick();
    }
    if (!improved) {
      break;
    }
  }
  return improved_any;
}

std::vector<int> Solver::SolveMip(const std::vector<int>& start, double seconds, bool* proven) {
  *proven = false;
  std::unique_ptr<Cbc_Model, CbcDeleter> mip(Cbc_newModel());
  Cbc_Model* m = mip.get();
  // Columns: slacks, z, schedules (the LP's order).
  for (int i = 0; i < C_; ++i) {
    const auto& row =
        problem_.cover[static_cast<size_t>(model_.cover[static_cast<size_t>(i)].index)];
    Cbc_addCol(m, "", 0, row.hard_minimum ? 0 : kInfinity, row.under_weight, 0, 0, nullptr,
               nullptr);
    Cbc_addCol(m, "", 0, kInfinity, row.over_weight, 0, 0, nullptr, nullptr);
  }
  if (fairness_) {
    Cbc_addCol(m, "", 0, kInfinity, problem_.rules.fairness_weight, 0, 0, nullptr, nullptr);
  }
  for (const auto& column : columns_) {
    Cbc_addCol(m, "", 0, 1, column.cost, 1, 0, nullptr, nullptr);
  }
  std::vector<std::vector<int>> row_cols(static_cast<size_t>(E_ + C_ + (fairness_ ? E_ : 0)));
  std::vector<std::vector<double>> row_vals(row_cols.size());
  for (int i = 0; i < C_; ++i) {
    row_cols[static_cast<size_t>(E_ + i)] = {2 * i, 2 * i + 1};
    row_vals[static_cast<size_t>(E_ + i)] = {1.0, -1.0};
  }
  if (fairness_) {
    for (int e = 0; e < E_; ++e) {
      row_cols[static_cast<size_t>(E_ + C_ + e)] = {2 * C_};
      row_vals[static_cast<size_t>(E_ + C_ + e)] = {1.0};
    }
  }
  for (size_t j = 0; j < columns_.size(); ++j) {
    const auto& column = columns_[j];
    const int col = first_lambda_ + static_cast<int>(j);
    row_cols[static_cast<size_t>(column.employee)].push_back(col);
    row_vals[static_cast<size_t>(column.employee)].push_back(1.0);
    for (const auto& [row, count] : column.cover) {
      row_cols[static_cast<size_t>(E_ + row)].push_back(col);
      row_vals[static_cast<size_t>(E_ + row)].push_back(count);
    }
    if (fairness_) {
      row_cols[static_cast<size_t>(E_ + C_ + column.employee)].push_back(col);
      row_vals[static_cast<size_t>(E_ + C_ + column.employee)].push_back(-column.penalty);
    }
  }
  for (size_t r = 0; r < row_cols.size(); ++r) {
    const int row = static_cast<int>(r);
    char sense = 'E';
    double rhs = 1.0;
    if (row >= E_ && row < E_ + C_) {
      rhs = problem_.cover[static_cast<size_t>(model_.cover[static_cast<size_t>(row - E_)].index)]
                .required;
    } else if (row >= E_ + C_) {
      sense = 'G';
      rhs = 0.0;
    }
    Cbc_addRow(m, "", static_cast<int>(row_cols[r].size()), row_cols[r].data(), row_vals[r].data(),
               sense, rhs);
  }
  if (!start.empty() && HardCoverMet(start)) {
    std::vector<int> start_index;
    std::vector<double> start_value;
    std::vector<char> picked(columns_.size(), 0);
    for (int j : start) {
      picked[static_cast<size_t>(j)] = 1;
    }
    for (size_t j = 0; j < columns_.size(); ++j) {
      start_index.push_back(first_lambda_ + static_cast<int>(j));
      start_value.push_back(picked[j] != 0 ? 1.0 : 0.0);
    }
    Cbc_setMIPStartI(m, static_cast<int>(start_index.size()), start_index.data(),
                     start_value.data());
  }
  Cbc_setLogLevel(m, 0);
  Cbc_setParameter(m, "timeMode", "elapsed");
  Cbc_setParameter(m, "seconds", fmt::format("{}", seconds).c_str());
  Cbc_setMaximumSeconds(m, seconds);
  if (options_.threads > 1) {
    Cbc_setParameter(m, "threads", fmt::format("{}", options_.threads).c_str());
  }
  Cbc_setParameter(m, "randomCbcSeed", fmt::format("{}", options_.seed % 2147483647).c_str());
  if (options_.relative_gap > 0) {
    Cbc_setAllowableFractionGap(m, options_.relative_gap);
  }
  if (integral_) {
    // Objective values are integers: anything within 1 of the best is as good.
    Cbc_setParameter(m, "increment", "0.999");
  }
  Cbc_solve(m);
  const double* solution = Cbc_bestSolution(m);
  if (solution == nullptr) {
    return {};
  }
  *proven = Cbc_isProvenOptimal(m) != 0;
  std::vector<int> chosen(static_cast<size_t>(E_), -1);
  for (size_t j = 0; j < columns_.size(); ++j) {
    if (solution[first_lambda_ + static_cast<int>(j)] > 0.5) {
      chosen[static_cast<size_t>(columns_[j].employee)] = static_cast<int>(j);
    }
  }
  if (std::find(chosen.begin(), chosen.end(), -1) != chosen.end()) {
    return {};
  }
  return chosen;
}

core::Result<ColumnGenerationOutcome> Solver::SolveInteger(const std::vector<double>& lp_values,
                                                           std::vector<int> dived) {
  ColumnGenerationOutcome outcome;
  double bound = lower_bound_;
  if (integral_ && bound > -kInfinity) {
    bound = std::ceil(bound - 1e-6);
  }
  // Start: per employee the schedule the LP used most, improved by best responses.
  std::vector<int> best(static_cast<size_t>(E_), -1);
  for (size_t j = 0; j < columns_.size(); ++j) {
    const int e = columns_[j].employee;
    const double x = j < lp_values.size() ? lp_values[j] : 0.0;
    const int at = best[static_cast<size_t>(e)];
    const double best_x = at >= 0 && static_cast<size_t>(at) < lp_values.size()
                              ? lp_values[static_cast<size_t>(at)]
                              : -1.0;
    if (x > best_x + 1e-9) {
      best[static_cast<size_t>(e)] = static_cast<int>(j);
    }
  }
  LocalSearch(best);
  double best_objective = Objective(best);
  if (!dived.empty() && std::find(dived.begin(), dived.end(), -1) == dived.end()) {
    LocalSearch(dived);
    const double objective = Objective(dived);
    if (objective < best_objective - 1e-9) {
      best = std::move(dived);
      best_objective = objective;
    }
  }
  Report(0.5, fmt::format("rounded and improved start: objective {:.2f}", best_objective));
  bool enumerated = false;
  // Building and presolving a large master takes CBC a few seconds before it looks at its clock:
  // no round starts in the last 3 s (or tenth) of the limit, nor the enumeration in its last fifth.
  const double margin = std::min(3.0, 0.1 * Limit());
  for (int round = 0; Elapsed() < Limit() - margin; ++round) {
    // After a first integer master, so that the upper bound (and the gap) is tight.
    if (round > 0 && !enumerated && Elapsed() < 0.8 * Limit() &&
        !(bound > -kInfinity && best_objective <= bound + 1e-6)) {
      enumerated = true;
      Enumerate(best_objective);
    }
    if (bound > -kInfinity && best_objective <= bound + 1e-6) {
      break;
    }
    const size_t pool = columns_.size();
    const double remaining = Limit() - Elapsed() - 0.3;
    const double slice = 0.5 * remaining;
    Report(0.5 + 0.45 * Elapsed() / Limit(),
           fmt::format("integer master over {} schedules, round {} (best {:.2f})", columns_.size(),
                       round + 1, best_objective));
    bool proven = false;
    auto chosen = SolveMip(best, std::max(0.5, slice), &proven);
    bool better = false;
    if (!chosen.empty()) {
      LocalSearch(chosen);
      const double objective = Objective(chosen);
      if (objective < best_objective - 1e-9 || !HardCoverMet(best)) {
        better = objective < best_objective - 1e-9;
        best = chosen;
        best_objective = objective;
      }
    }
    if (proven && pool_complete_ && columns_.size() == pool) {
      // The pool holds every schedule of any better roster: the best is optimal.
      bound = std::max(bound, best_objective);
      break;
    }
    if (columns_.size() == pool && (proven || !better)) {
      // Nothing new to choose from: another, perturbed dive brings new schedules.
      if (Limit() - Elapsed() < 2.0) {
        break;
      }
      std::vector<double> root_values;
      if (auto root = Generate(Limit() - 1.0, root_values); !root) {
        return core::Fail(root.error());
      }
      auto dive = CellDive(Elapsed() + 0.5 * (Limit() - Elapsed()), root_values, next_variant_++);
      if (!dive) {
        return core::Fail(dive.error());
      }
      Adopt(*dive, best, best_objective);
    }
  }
  if (!HardCoverMet(best)) {
    outcome.reason = "the generated schedules cannot meet the hard cover";
    return outcome;
  }
  RosterSolution& result = outcome.solution;
  for (int j : best) {
    const auto& column = columns_[static_cast<size_t>(j)];
    for (int d = 0; d < model_.days; ++d) {
      const int s = column.shifts[static_cast<size_t>(d)];
      if (s >= 0) {
        result.roster.assignments.push_back(
            {problem_.employees[static_cast<size_t>(column.employee)].id, d,
             problem_.shifts[static_cast<size_t>(s)].id});
      }
    }
  }
  result.objective = best_objective;
  result.best_bound = std::min(bound > -kInfinity ? bound : 0.0, result.objective);
  result.optimal = bound > -kInfinity && result.objective <= bound + 1e-6;
  result.gap = (result.objective - result.best_bound) / std::max(std::abs(result.objective), 1.0);
  result.method = "column_generation";
  outcome.solved = true;
  Report(0.98, fmt::format("roster found: objective {:.2f}, bound {:.2f}", result.objective,
                           result.best_bound));
  return outcome;
}

}  // namespace

std::vector<DiveFixing> ChooseDiveFixings(const std::vector<double>& values, int employees,
                                          int days, int options, const std::vector<char>& fixed,
                                          double batch_threshold) {
  std::vector<DiveFixing> candidates;
  for (int e = 0; e < employees; ++e) {
    DiveFixing best{e, -1, -1, -1.0};
    for (int d = 0; d < days; ++d) {
      if (fixed[static_cast<size_t>(e * days + d)] != 0) {
        continue;
      }
      for (int v = 0; v < options; ++v) {
        const double x = values[static_cast<size_t>((e * days + d) * options + v)];
        if (x > kFractional && x < 1.0 - kFractional && x > best.value) {
          best = {e, d, v, x};
        }
      }
    }
    if (best.day >= 0) {
      candidates.push_back(best);
    }
  }
  if (candidates.empty()) {
    return candidates;
  }
  std::vector<DiveFixing> batch;
  std::copy_if(candidates.begin(), candidates.end(), std::back_inserter(batch),
               [batch_threshold](const DiveFixing& f) { return f.value >= batch_threshold; });
  if (batch.empty()) {
    batch.push_back(*std::max_element(
        candidates.begin(), candidates.end(),
        [](const DiveFixing& a, const DiveFixing& b) { return a.value < b.value; }));
  }
  return batch;
}

core::Result<ColumnGenerationOutcome> SolveByColumnGeneration(const RosterProblem& problem,
                                                              const CompiledRoster& model,
                                                              const RosterSolveOptions& options,
                                                              Clock::time_point started) {
  Solver solver(problem, model, options, started);
  return solver.Run();
}

}  // namespace storeops::staffing::internal
