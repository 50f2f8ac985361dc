// SPDX-License-Identifier: Apache-2.0
// `storeops forecast ...`: the demand forecasting engine on the command line (issue #5).
#pragma once

#include <CLI/CLI.hpp>

namespace storeops::app {

/// Registers "forecast" and its subcommands ("backtest"); their callbacks set `exit_code`
/// (0 success, 1 run-time failure, 2 bad input).
void AddForecastCommands(CLI::App& cli, int& exit_code);

}  // namespace storeops::app
