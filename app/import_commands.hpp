// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

namespace storeops::app {

/// Registers `storeops import FILE...` (event files through the ingest rules).
void AddImportCommands(CLI::App& cli, int& exit_code);

}  // namespace storeops::app
