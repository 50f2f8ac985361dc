// SPDX-License-Identifier: Apache-2.0
// `storeops demo` (issue #4): the server on a demo database, a living store fed in-process by the
// simulator (src/sim) through the same ingest pipeline as HTTP, and weeks of simulated history
// backfilled in the background with the retention job run on simulated time.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "config.hpp"

namespace storeops::app {

struct DemoArgs {
  std::string store = "data/stores/supercenter.json";
  std::string scenario;  ///< Empty: sim::DefaultScenario().
  std::string basket_model = "data/sim/basket_model.json";
  double speed = 1;  ///< Simulated seconds per real second.
  int history_days = 56;
  uint64_t seed = 1;
  /// "auto" (now while the store is busy, else 11:00 local), "now", or a local "HH:MM" of today.
  std::string start_at = "auto";
};

/// Adds --store, --scenario, --basket-model, --speed, --history-days, --seed and --start-at.
void AddDemoFlags(CLI::App& demo, DemoArgs& args);

/// Loads the store, scenario and basket model (exit 2 when bad), then serves with the simulation
/// running beside the server until SIGINT/SIGTERM. `extras.port_file` is honoured.
int RunDemo(const Config& config, ServeExtras extras, const DemoArgs& args);

}  // namespace storeops::app
