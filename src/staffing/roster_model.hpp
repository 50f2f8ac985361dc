// SPDX-License-Identifier: Apache-2.0
// Private: a RosterProblem compiled into indexes (employee, day, shift) that both the MIP builder
// (roster_solver.cpp) and the scorer (roster_score.cpp) read, so the two agree on what each rule
// means. Requests, soft availability and cover are expanded into lists of (e, d, s) cells.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storeops/core/result.hpp"
#include "storeops/staffing/roster.hpp"

namespace storeops::staffing::internal {

struct Cell {
  int employee = 0;
  int day = 0;
  int shift = 0;
};

/// A penalty due when none of `cells` is worked (`on`) or per worked cell (not `on`).
struct CompiledRequest {
  int employee = 0;
  int day = 0;
  std::vector<Cell> cells;
  bool on = false;
  double weight = 0;
  std::string rule;  ///< "shift_on_request", "shift_off_request", "unavailable_soft".
  std::string what;  ///< "shift E on day 3", "day 3", "09:00-12:00 on day 3".
};

struct CompiledCover {
  int index = 0;  ///< Into RosterProblem::cover.
  std::vector<Cell> cells;
  std::string what;  ///< "day 2 shift E", "day 2 08:00-08:15 cashier".
};

struct CompiledRoster {
  int days = 0;
  int employees = 0;
  int shifts = 0;
  std::vector<std::string> names;                ///< Employee display names.
  std::vector<int> paid_minutes;                 ///< Per shift.
  std::vector<std::vector<int>> forbidden_next;  ///< Per shift: shifts banned the next day.
  std::vector<int> max_shifts;          ///< Per (employee, shift): e * shifts + s; -1 unlimited.
  std::vector<std::string> disallowed;  ///< Per cell: why it may not be worked; empty: allowed.
  std::vector<int> weekend_of_day;      ///< Weekend index of a Saturday/Sunday, else -1.
  int weekends = 0;
  std::vector<CompiledRequest> requests;
  std::vector<CompiledCover> cover;

  [[nodiscard]] int CellIndex(int employee, int day, int shift) const {
    return (employee * days + day) * shifts + shift;
  }

  [[nodiscard]] bool Allowed(int employee, int day, int shift) const {
    return disallowed[static_cast<size_t>(CellIndex(employee, day, shift))].empty();
  }

  /// Cost of employee e working shift s, in cents.
  [[nodiscard]] int64_t CostCents(const RosterProblem& problem, int employee, int shift) const;
};

/// Validates and compiles. kInvalidArgument on bad input.
[[nodiscard]] core::Result<CompiledRoster> CompileRoster(const RosterProblem& problem);

/// "HH:MM" of a minute of the day (may exceed 24:00 for shifts past midnight).
[[nodiscard]] std::string ClockText(int minute);

}  // namespace storeops::staffing::internal
