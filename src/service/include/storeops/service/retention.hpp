// SPDX-License-Identifier: Apache-2.0
// The retention job (issue #3): roll up every completed hour not yet rolled up, then delete raw
// events and dead letters older than the window in bounded chunks, then destroy day keys older
// than the window, then purge what was deleted from the database files. Idempotent: a second run
// at the same `as_of` finds nothing to do. `storeops maintenance retention` runs it by hand and
// `serve` every few minutes.
//
//   service::RetentionJob job(*db, {.raw_window = std::chrono::hours(48)}, vault.get());
//   auto summary = job.Run(clock.Now());   // summary->hours_rolled_up, ->events_deleted, ...
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

#include "storeops/core/result.hpp"
#include "storeops/core/time.hpp"
#include "storeops/service/rollup.hpp"
#include "storeops/storage/database.hpp"

namespace storeops::service {

class KeyVault;

struct RetentionOptions {
  /// Raw events older than as_of - raw_window are deleted (after being rolled up).
  std::chrono::hours raw_window{48};
  /// An hour is rolled up once as_of >= its end + settle, so events that arrive a little late
  /// are still in it. Events arriving for an hour already rolled up are not added to it.
  std::chrono::minutes settle{10};
  /// Rows per delete transaction (events, and dead letters, each): bounds how long the single
  /// writer is held, so ingest keeps flowing while a large backlog is deleted.
  int64_t delete_chunk_rows = 5000;
  /// Hours of one store computed from one read and saved in one transaction.
  int64_t hours_per_batch = 6;
  RollupOptions rollup;
};

struct RetentionSummary {
  core::Timestamp as_of;
  core::Timestamp cutoff;  ///< as_of - raw_window: raw rows before it were deleted.
  std::chrono::sys_days keys_destroyed_before;  ///< Keys of days before this one are gone.
  int64_t hours_rolled_up = 0;                  ///< Store-hours newly rolled up.
  int64_t aggregate_rows = 0;                   ///< Rows written to the hourly tables.
  int64_t events_deleted = 0;
  int64_t dead_letters_deleted = 0;
  int64_t delete_chunks = 0;  ///< Delete transactions used.
  int64_t keys_destroyed = 0;
};

/// Thread-safe: concurrent Runs are serialised.
class RetentionJob {
 public:
  /// `vault` (may be null) is the running key ring: keys are then destroyed in memory too;
  /// without it (the CLI, with the server stopped) only the stored keys are destroyed.
  RetentionJob(storage::Database& db, RetentionOptions options, KeyVault* vault = nullptr);

  /// Runs the whole job as if the time were `as_of`. kInvalidArgument when the options cannot
  /// keep the roll-up ahead of deletion (raw_window < settle + 1 h + rollup.lookback, or
  /// non-positive chunk sizes); storage errors unchanged. A failed roll-up deletes nothing.
  [[nodiscard]] core::Result<RetentionSummary> Run(core::Timestamp as_of);

 private:
  [[nodiscard]] core::Status RollUp(core::Timestamp as_of, RetentionSummary& summary);

  storage::Database& db_;
  const RetentionOptions options_;
  KeyVault* vault_;
  std::mutex run_mutex_;
};

}  // namespace storeops::service
