// SPDX-License-Identifier: Apache-2.0
// `storeops staffing standards` (issue #6): a store's labour standards in the database, read
// and set through the same service and JSON document as GET/PUT/DELETE
// /api/v1/stores/{id}/labour-standards (docs/STAFFING.md, "Labour standards"):
//   storeops staffing standards get --store ID [--db FILE] [--format table|json]
//   storeops staffing standards set --store ID --file standards.json [--db FILE] [--format ...]
//   storeops staffing standards reset --store ID [--db FILE]
#pragma once

#include "storeops/core/time.hpp"
#include "storeops/service/job_runner.hpp"
#include "storeops/service/staffing_service.hpp"
#include "storeops/service/store_catalog.hpp"
#include "storeops/storage/database.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace storeops::app {

/// Registers "standards" (get, set, reset) under the `staffing` subcommand. Exit codes: 0
/// success, 1 run-time failure (database), 2 bad input: a bad flag, an unknown store, or a
/// document whose bad fields are each named ("departments[0].aht_seconds: must be ...").
void AddStandardsCommands(CLI::App& staffing, int& exit_code);

/// The staffing use cases over an open database, for a command that makes a few calls and
/// exits: demand from the hourly roll-ups, and a job runner that stays idle unless a schedule
/// is submitted. Not movable; destroy it before closing the database.
class LocalStaffing {
 public:
  LocalStaffing(storage::Database& database, service::StoreCatalog& catalog);

  [[nodiscard]] service::StaffingService& service() { return staffing_; }

 private:
  core::SystemClock clock_;
  service::AggregateDemandSource demand_;
  service::JobRunner jobs_;
  service::StaffingService staffing_;
};

}  // namespace storeops::app
