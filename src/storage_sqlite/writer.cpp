// SPDX-License-Identifier: Apache-2.0
#include "writer.hpp"

#include <algorithm>
#include <exception>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "storeops/core/assert.hpp"

namespace storeops::storage_sqlite::internal {
namespace {

// Which writer, if any, the current thread is running; a unit that submits to its own writer
// would wait forever for the group it is part of.
thread_local const Writer* current_writer = nullptr;

core::Error Unavailable(std::string_view what, const core::Error& cause) {
  return core::Error{core::ErrorCode::kUnavailable, fmt::format("{}: {}", what, cause.message), {}};
}

}  // namespace

core::Result<std::unique_ptr<Writer>> Writer::Start(
    Connection connection, WriterOptions options, std::optional<Connection> checkpoint_connection) {
  if (options.max_group_size == 0) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "max_group_size must be at least 1");
  }
  if (options.checkpoint_frames < 1 || options.wal_frames_limit < options.checkpoint_frames) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("checkpoint_frames ({}) must be at least 1 and at most "
                                  "wal_frames_limit ({})",
                                  options.checkpoint_frames, options.wal_frames_limit));
  }
  auto writer = std::make_unique<Writer>(PrivateTag{}, std::move(connection), options);
  if (checkpoint_connection) {
    auto checkpointer = WalCheckpointer::Start(std::move(*checkpoint_connection));
    if (!checkpointer) {
      return core::Fail(std::move(checkpointer.error()));
    }
    writer->checkpointer_ = std::move(*checkpointer);
    // Replaces SQLite's automatic checkpoint on this connection.
    writer->connection_.SetWalHook(&Writer::OnWalCommit, writer.get());
  }
  try {
    writer->thread_ = std::thread([raw = writer.get()] { raw->Run(); });
  } catch (const std::system_error& error) {
    return core::Fail(core::ErrorCode::kInternal,
                      fmt::format("cannot start the database writer thread: {}", error.what()));
  }
  return writer;
}

Writer::Writer(PrivateTag /*tag*/, Connection connection, WriterOptions options)
    : connection_(std::move(connection)), options_(options) {}

Writer::~Writer() { static_cast<void>(Close()); }

std::future<core::Status> Writer::SubmitAsync(WriteUnit unit) {
  Pending pending{std::move(unit), {}};
  std::future<core::Status> done = pending.done.get_future();
  {
    const std::lock_guard lock(mutex_);
    if (!accepting_) {
      pending.done.set_value(
          core::Fail(core::ErrorCode::kUnavailable,
                     fmt::format("database '{}' is closed", connection_.Path())));
      return done;
    }
    queue_.push_back(std::move(pending));
  }
  work_ready_.notify_one();
  return done;
}

core::Status Writer::Submit(WriteUnit unit) {
  STOREOPS_ASSERT(current_writer != this,
                  "a write unit submitted to its own writer would wait for itself forever");
  return SubmitAsync(std::move(unit)).get();
}

core::Status Writer::Close() {
  STOREOPS_ASSERT(current_writer != this, "a write unit cannot close its own writer");
  const std::lock_guard close_lock(close_mutex_);
  if (closed_) {
    return core::Ok();
  }
  {
    const std::lock_guard lock(mutex_);
    accepting_ = false;
  }
  work_ready_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
  closed_ = true;
  core::Status stopped = checkpointer_ ? checkpointer_->Stop() : core::Ok();
  // TRUNCATE leaves a zero-length WAL, so the database is one self-contained file once closed
  // (backups, copying the box's data). Every byte in the WAL was already durable.
  core::Status status = connection_.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  if (auto closed = connection_.Close(); !closed && status) {
    status = std::move(closed);
  }
  if (!stopped && status) {
    status = std::move(stopped);
  }
  return status;
}

WriterStats Writer::Stats() const {
  return WriterStats{transactions_.load(), units_committed_.load(), groups_rerun_.load(),
                     checkpointer_ ? checkpointer_->Checkpoints() : 0,
                     checkpointer_ ? checkpointer_->Restarts() : 0};
}

int Writer::OnWalCommit(void* writer, sqlite3* /*db*/, const char* /*schema*/, int frames) {
  auto* self = static_cast<Writer*>(writer);
  if (frames < self->wal_frames_) {
    self->frames_at_request_ = 0;  // SQLite wrote the WAL from its start again
  }
  self->wal_frames_ = frames;
  // In steps of checkpoint_frames: each checkpoint syncs the database file, so one per commit
  // would cost more than the frames it copies.
  if (frames - self->frames_at_request_ >= self->options_.checkpoint_frames) {
    self->frames_at_request_ = frames;
    self->checkpointer_->Request();
  }
  return SQLITE_OK;
}

void Writer::CheckpointIfWalTooLong() {
  if (checkpointer_ == nullptr || wal_frames_ < options_.wal_frames_limit) {
    return;
  }
  // Ingest pauses for the part of the WAL the background runs have not copied yet, as it paused
  // for every automatic checkpoint before the background thread existed. Failing (a reader in
  // the way) is retried after the next commit.
  if (checkpointer_->RestartAndWait()) {
    wal_frames_ = 0;
    frames_at_request_ = 0;
  }
}

void Writer::Run() {
  current_writer = this;
  std::vector<Pending> group;
  group.reserve(std::min<size_t>(options_.max_group_size, 4096));
  while (true) {
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [this] { return !queue_.empty() || !accepting_; });
      if (queue_.empty()) {
        break;  // closing, and everything queued before that has been committed
      }
      const size_t count = std::min(queue_.size(), options_.max_group_size);
      for (size_t i = 0; i < count; ++i) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    CommitGroup(group);
    group.clear();
    CheckpointIfWalTooLong();
  }
  current_writer = nullptr;
}

core::Status Writer::Control(std::string_view sql) {
  auto statement = connection_.Prepare(sql);
  if (!statement) {
    return core::Fail(std::move(statement.error()));
  }
  return statement->Run();
}

core::Status Writer::RunUnit(WriteUnit& unit) {
  WriteContext context(connection_);
  try {
    return unit(context);
  } catch (const std::exception& error) {
    return core::Fail(core::ErrorCode::kInternal,
                      fmt::format("database write failed with an exception: {}", error.what()));
  } catch (...) {
    return core::Fail(core::ErrorCode::kInternal,
                      "database write failed with an unknown exception");
  }
}

core::Status Writer::RunInSavepoint(WriteUnit& unit) {
  if (auto opened = Control("SAVEPOINT unit"); !opened) {
    return opened;
  }
  core::Status status = RunUnit(unit);
  if (connection_.InAutocommit()) {
    return status;  // SQLite already rolled back the whole transaction; CommitGroup handles it
  }
  if (status) {
    status = Control("RELEASE unit");
    if (status) {
      return status;
    }
  }
  if (auto undone = Control("ROLLBACK TO unit"); undone) {
    if (auto released = Control("RELEASE unit"); released) {
      return status;
    }
  }
  // The savepoint cannot be undone, so neither can the unit be separated from its group-mates:
  // give up the transaction, and CommitGroup reports the group as lost.
  static_cast<void>(Control("ROLLBACK"));
  return status;
}

void Writer::CommitGroup(std::vector<Pending>& group) {
  if (CommitWhole(group)) {
    return;
  }
  groups_rerun_.fetch_add(1);
  CommitUnitByUnit(group);
}

// Nearly every group succeeds whole, and then savepoints are pure cost: each one copies every
// page its unit touches into the statement journal, and the units of an ingest group all touch
// the same right-edge pages (about a tenth of the writer's time). So the units first run straight
// in the transaction; only when one fails does the group run again, unit by unit in savepoints,
// so that the failing unit fails alone. False (nothing settled, transaction rolled back) to ask
// for that second run.
bool Writer::CommitWhole(std::vector<Pending>& group) {
  if (auto begun = Control("BEGIN IMMEDIATE"); !begun) {
    return false;  // the unit-by-unit run tries once more and reports it
  }
  for (Pending& pending : group) {
    core::Status status = RunUnit(pending.unit);
    const bool rolled_back = connection_.InAutocommit();
    if (status && !rolled_back) {
      continue;
    }
    if (!rolled_back) {
      static_cast<void>(Control("ROLLBACK"));
    }
    if (group.size() > 1) {
      return false;
    }
    // Alone in its group, the unit's own failure is the whole answer.
    if (status) {
      status = core::Fail(core::ErrorCode::kUnavailable, "write transaction was rolled back");
    }
    pending.done.set_value(std::move(status));
    return true;
  }
  if (auto committed = Control("COMMIT"); !committed) {
    if (!connection_.InAutocommit()) {
      static_cast<void>(Control("ROLLBACK"));
    }
    const core::Error error = Unavailable("commit failed", committed.error());
    for (Pending& pending : group) {
      pending.done.set_value(core::Fail(error));
    }
    return true;
  }
  transactions_.fetch_add(1);
  units_committed_.fetch_add(group.size());
  for (Pending& pending : group) {
    pending.done.set_value(core::Ok());
  }
  return true;
}

void Writer::CommitUnitByUnit(std::vector<Pending>& group) {
  std::vector<core::Status> results(group.size(), core::Ok());
  size_t next = 0;
  while (next < group.size()) {
    if (auto begun = Control("BEGIN IMMEDIATE"); !begun) {
      const core::Error error = Unavailable("cannot start a write transaction", begun.error());
      for (; next < group.size(); ++next) {
        results[next] = core::Fail(error);
      }
      break;
    }
    const size_t first = next;
    bool lost = false;
    for (; next < group.size() && !lost; ++next) {
      results[next] = RunInSavepoint(group[next].unit);
      if (connection_.InAutocommit()) {
        // SQLite rolled back the whole transaction (SQLITE_FULL, SQLITE_IOERR, ...). The units
        // run so far are gone too; the rest of the group starts over in a new transaction.
        lost = true;
        const core::Error cause =
            results[next]
                ? core::Error{core::ErrorCode::kUnavailable, "transaction was rolled back", {}}
                : results[next].error();
        for (size_t i = first; i <= next; ++i) {
          if (results[i]) {
            results[i] = core::Fail(Unavailable("write transaction was rolled back", cause));
          }
        }
      }
    }
    if (lost) {
      continue;
    }
    if (auto committed = Control("COMMIT"); !committed) {
      // A failed COMMIT can leave the transaction open (a deferred constraint); end it so the
      // next group starts clean.
      if (!connection_.InAutocommit()) {
        static_cast<void>(Control("ROLLBACK"));
      }
      const core::Error error = Unavailable("commit failed", committed.error());
      for (size_t i = first; i < next; ++i) {
        // A unit that failed on its own keeps its own, more specific, error.
        if (results[i]) {
          results[i] = core::Fail(error);
        }
      }
      continue;
    }
    transactions_.fetch_add(1);
    units_committed_.fetch_add(static_cast<uint64_t>(
        std::count_if(results.begin() + static_cast<std::ptrdiff_t>(first),
                      results.begin() + static_cast<std::ptrdiff_t>(next),
                      [](const core::Status& result) { return result.has_value(); })));
  }
  for (size_t i = 0; i < group.size(); ++i) {
    group[i].done.set_value(std::move(results[i]));
  }
}

}  // namespace storeops::storage_sqlite::internal
