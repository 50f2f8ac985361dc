// SPDX-License-Identifier: Apache-2.0
// Retention and the persisted key ring (issue #3) in the app: `storeops maintenance retention`,
// the key vault that `serve` opens (master key from STOREOPS_MASTER_KEY or a 0600 file), and the
// scheduler that runs the retention job in `serve` on a background thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include <CLI/CLI.hpp>

#include "storeops/core/result.hpp"
#include "storeops/core/time.hpp"
#include "storeops/service/key_vault.hpp"
#include "storeops/service/retention.hpp"
#include "storeops/storage/database.hpp"

#include "config.hpp"

namespace storeops::app {

/// Registers `maintenance` and `maintenance retention`; callbacks set `exit_code`.
void AddMaintenanceCommands(CLI::App& cli, int& exit_code);

/// The master key (STOREOPS_MASTER_KEY, else `config.master_key_file`, else master.key beside the
/// database, created 0600 when missing), then the vault over `db.keys()`.
[[nodiscard]] core::Result<std::unique_ptr<service::KeyVault>> OpenKeyVault(const Config& config,
                                                                            storage::Database& db);

/// The retention options the settings give.
[[nodiscard]] service::RetentionOptions RetentionOptionsFrom(const Config& config);

/// Runs the retention job at start and then every `interval` on its own thread, logging each
/// summary; Stop() (or the destructor) wakes it and waits for a run in progress to finish.
class RetentionScheduler {
 public:
  RetentionScheduler(storage::Database& db, service::RetentionOptions options,
                     service::KeyVault* vault, const core::Clock& clock,
                     std::chrono::minutes interval);
  ~RetentionScheduler();
  RetentionScheduler(const RetentionScheduler&) = delete;
  RetentionScheduler& operator=(const RetentionScheduler&) = delete;

  /// Starts the thread; does nothing when the interval is zero.
  void Start();

  /// Idempotent.
  void Stop();

 private:
  void Loop();

  service::RetentionJob job_;
  const core::Clock& clock_;
  const std::chrono::minutes interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace storeops::app
