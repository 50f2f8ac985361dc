// SPDX-License-Identifier: Apache-2.0
// Copies the WAL back into the database file on a thread and connection of its own. SQLite's
// automatic checkpoint runs inside the COMMIT that crosses its threshold, on the writer thread:
// reading the WAL frames back, writing them into the database and syncing it took about a
// quarter of the ingest writer's time, during which no commit could run. Here the writer only
// asks (Request, after a commit) and goes on committing while this thread checkpoints; a PASSIVE
// checkpoint never blocks the writer, and SQLite restarts the WAL from its start at the first
// commit after a checkpoint has caught up.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

#include "storeops/core/result.hpp"

#include "connection.hpp"

namespace storeops::storage_sqlite::internal {

class WalCheckpointer {
  struct PrivateTag {
    explicit PrivateTag() = default;
  };

 public:
  /// Takes over `connection` (read-write, to the writer's file) and starts the thread.
  /// kUnavailable when the connection cannot be configured; kInternal when the thread cannot be
  /// started.
  [[nodiscard]] static core::Result<std::unique_ptr<WalCheckpointer>> Start(Connection connection);

  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;
  WalCheckpointer(WalCheckpointer&&) = delete;
  WalCheckpointer& operator=(WalCheckpointer&&) = delete;

  /// Stop()s.
  ~WalCheckpointer();

  /// Asks for a checkpoint soon; requests made while one runs are served by one more run.
  /// Cheap and thread-safe.
  void Request();

  /// Runs a RESTART checkpoint on the checkpoint thread and waits for it: the whole WAL is
  /// copied (the background runs left little) and the next commit writes the WAL from its start
  /// again. For the writer thread between transactions (RESTART needs the write lock); a PASSIVE
  /// checkpoint of the writer's own would fail at once while the background one runs.
  /// kUnavailable when the checkpoint failed or the thread has stopped.
  core::Status RestartAndWait();

  /// Finishes the checkpoint in progress, if any, stops the thread and closes the connection.
  /// Idempotent.
  core::Status Stop();

  /// PASSIVE checkpoints run so far.
  [[nodiscard]] uint64_t Checkpoints() const { return checkpoints_.load(); }

  /// RESTART checkpoints run so far.
  [[nodiscard]] uint64_t Restarts() const { return restarts_.load(); }

  /// For Start() only (std::make_unique needs a public constructor).
  WalCheckpointer(PrivateTag, Connection connection);

 private:
  void Run();
  [[nodiscard]] core::Status Checkpoint(std::string_view mode);

  Connection connection_;  // touched only by the checkpoint thread while it runs
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable restarted_;
  bool requested_ = false;
  uint64_t restarts_asked_ = 0;  // tickets: RestartAndWait waits until restarts_done_ reaches its
  uint64_t restarts_done_ = 0;
  core::Status last_restart_ = core::Ok();
  bool stopping_ = false;
  bool stopped_ = false;
  std::atomic<uint64_t> checkpoints_{0};
  std::atomic<uint64_t> restarts_{0};
  std::thread thread_;
};

}  // namespace storeops::storage_sqlite::internal
