// SPDX-License-Identifier: Apache-2.0
// `storeops staffing ...`: staffing calculations on the command line (issue #6).
//   storeops staffing erlang --calls 100 --interval-minutes 30 --aht-seconds 180
//       --target 0.8 --within-seconds 20 --shrinkage 0.3 --format json   (one line)
#pragma once

#include <optional>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace storeops::app {

/// Registers "staffing" and its subcommands on `cli`. Their callbacks set `exit_code`: 0 success,
/// 1 run-time failure, 2 bad input (the message names the flag).
void AddStaffingCommands(CLI::App& cli, int& exit_code);

/// A flag's finite number, or nullopt: strtod with a full-consumption check ("12abc" and "" are
/// refused). Shared by the staffing subcommands.
[[nodiscard]] std::optional<double> ParseFlagNumber(const std::string& text);

}  // namespace storeops::app
