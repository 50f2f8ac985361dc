// SPDX-License-Identifier: Apache-2.0
#include "wal_checkpointer.hpp"

#include <system_error>
#include <utility>

#include <fmt/format.h>

namespace storeops::storage_sqlite::internal {

core::Result<std::unique_ptr<WalCheckpointer>> WalCheckpointer::Start(Connection connection) {
  // A checkpoint syncs the WAL before copying it and the database file after, as the writer's
  // own did: the connection's synchronous level decides, so it must match the writer's.
  if (auto synchronous = connection.Exec("PRAGMA synchronous=FULL"); !synchronous) {
    return core::Fail(core::ErrorCode::kUnavailable,
                      fmt::format("cannot set up the WAL checkpoint connection to '{}': {}",
                                  connection.Path(), synchronous.error().message));
  }
  auto checkpointer = std::make_unique<WalCheckpointer>(PrivateTag{}, std::move(connection));
  try {
    checkpointer->thread_ = std::thread([raw = checkpointer.get()] { raw->Run(); });
  } catch (const std::system_error& error) {
    return core::Fail(core::ErrorCode::kInternal,
                      fmt::format("cannot start the WAL checkpoint thread: {}", error.what()));
  }
  return checkpointer;
}

WalCheckpointer::WalCheckpointer(PrivateTag /*tag*/, Connection connection)
    : connection_(std::move(connection)) {}

WalCheckpointer::~WalCheckpointer() { static_cast<void>(Stop()); }

void WalCheckpointer::Request() {
  {
    const std::lock_guard lock(mutex_);
    if (requested_) {
      return;
    }
    requested_ = true;
  }
  wake_.notify_one();
}

core::Status WalCheckpointer::RestartAndWait() {
  std::unique_lock lock(mutex_);
  if (stopping_) {
    return core::Fail(core::ErrorCode::kUnavailable, "the WAL checkpoint thread has stopped");
  }
  const uint64_t ticket = ++restarts_asked_;
  wake_.notify_one();
  restarted_.wait(lock, [&] { return restarts_done_ >= ticket || stopping_; });
  if (restarts_done_ < ticket) {
    return core::Fail(core::ErrorCode::kUnavailable, "the WAL checkpoint thread has stopped");
  }
  return last_restart_;
}

core::Status WalCheckpointer::Stop() {
  {
    const std::lock_guard lock(mutex_);
    if (stopped_) {
      return core::Ok();
    }
    stopped_ = true;
    stopping_ = true;
  }
  wake_.notify_one();
  restarted_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
  return connection_.Close();
}

core::Status WalCheckpointer::Checkpoint(std::string_view mode) {
  auto checkpoint = connection_.Prepare(fmt::format("PRAGMA wal_checkpoint({})", mode));
  if (!checkpoint) {
    return core::Fail(std::move(checkpoint.error()));
  }
  auto row = checkpoint->Step();
  if (!row) {
    return core::Fail(std::move(row.error()));
  }
  // The first column is 1 when a reader or writer kept the checkpoint from finishing.
  if (*row && checkpoint->Int64(0) != 0) {
    return core::Fail(core::ErrorCode::kUnavailable,
                      fmt::format("WAL checkpoint ({}) of '{}' was blocked by a reader", mode,
                                  connection_.Path()));
  }
  return core::Ok();
}

void WalCheckpointer::Run() {
  while (true) {
    uint64_t restart_ticket = 0;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock,
                 [this] { return requested_ || restarts_asked_ > restarts_done_ || stopping_; });
      if (stopping_) {
        return;  // the writer's closing TRUNCATE checkpoint copies whatever is left
      }
      restart_ticket = restarts_asked_;
      if (restart_ticket == restarts_done_) {
        restart_ticket = 0;
        requested_ = false;
      }
    }
    if (restart_ticket != 0) {
      core::Status restarted = Checkpoint("RESTART");
      if (restarted) {
        restarts_.fetch_add(1);
      }
      {
        const std::lock_guard lock(mutex_);
        last_restart_ = std::move(restarted);
        restarts_done_ = restart_ticket;
      }
      restarted_.notify_all();
      continue;
    }
    // A failure (an I/O error, a reader in the way) loses nothing: the frames stay in the WAL,
    // the next request retries, and the writer asks for a RESTART if the WAL keeps growing.
    if (Checkpoint("PASSIVE")) {
      checkpoints_.fetch_add(1);
    }
  }
}

}  // namespace storeops::storage_sqlite::internal
