// SPDX-License-Identifier: Apache-2.0
// `storeops staffing schedule` and `storeops staffing benchmark` (issue #6 rosters):
//   storeops staffing schedule --input roster.json [--time-limit 30] [--format table|json]
//       [--roster edited.json [--baseline original.json]]     (re-score instead of solving)
//   storeops staffing benchmark --instance Instance1.txt --time-limit 60 [--format json]
//       [--roster-out roster.csv] [--best-known 607]
// The JSON input is documented in docs/STAFFING.md.
#pragma once

namespace CLI {
class App;
}  // namespace CLI

namespace storeops::app {

/// Registers "schedule" and "benchmark" under the `staffing` subcommand. Exit codes: 0 success,
/// 1 run-time failure (no roster found, CBC failure), 2 bad input, 3 infeasible input (the
/// message names the conflicting rules).
void AddRosterCommands(CLI::App& staffing, int& exit_code);

}  // namespace storeops::app
