// SPDX-License-Identifier: Apache-2.0
// `storeops simulate`: the store digital twin (src/sim) on the command line (issue #4).
#pragma once

#include <CLI/CLI.hpp>

namespace storeops::app {

/// Registers "simulate"; its callback sets `exit_code` (0 success, 1 run-time failure, 2 bad
/// input).
void AddSimulateCommands(CLI::App& cli, int& exit_code);

}  // namespace storeops::app
