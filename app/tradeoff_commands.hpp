// SPDX-License-Identifier: Apache-2.0
// `storeops staffing tradeoff` (issue #6): the cost/wait Pareto front of a queue for a day given
// as arrival rates, one interval per rate:
//   storeops staffing tradeoff --arrivals-per-hour 40,60,120,80 [--interval-minutes 15]
//       [--aht-seconds 150] [--wage 15] [--shrinkage 0.3] [--min-lanes 1] [--max-lanes 12]
//       [--target 0.8] [--within-seconds 120] [--format table|json]
// JSON: {"points":[{"labour_hours","labour_cost","average_wait_seconds","worst_wait_seconds",
// "service_level","meets_target","lanes":[n,...]}],"recommended_index":k|null,"traced_points"}.
#pragma once

namespace CLI {
class App;
}  // namespace CLI

namespace storeops::app {

/// Registers "tradeoff" under the `staffing` subcommand. Exit codes: 0 success, 2 bad input (the
/// message names the flag), 3 the lanes cannot keep a queue stable.
void AddTradeoffCommand(CLI::App& staffing, int& exit_code);

}  // namespace storeops::app
