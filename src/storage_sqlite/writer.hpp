// SPDX-License-Identifier: Apache-2.0
// The single writer: one thread owns the one read-write connection and commits queued units of
// work from many callers in one transaction (group commit), so the fsync that makes a commit
// durable is paid once per group instead of once per caller. Every repository writes through it:
//
//   core::Status saved = writer.Submit([&](internal::WriteContext& context) -> core::Status {
//     auto insert = context.Prepare("INSERT INTO t (a) VALUES (?)");
//     if (!insert) return core::Fail(insert.error());
//     return insert->BindAll(int64_t{42}).Run();
//   });  // returns once COMMIT has succeeded (WAL + synchronous=FULL: durable)
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "storeops/core/result.hpp"

#include "connection.hpp"
#include "wal_checkpointer.hpp"

namespace storeops::storage_sqlite::internal {

/// What a unit of work sees: the writer connection, inside the group's transaction and the unit's
/// own savepoint. Valid only during the call.
class WriteContext {
 public:
  explicit WriteContext(Connection& connection) : connection_(connection) {}

  /// A cached prepared statement on the writer connection.
  [[nodiscard]] core::Result<Statement> Prepare(std::string_view sql) {
    return connection_.Prepare(sql);
  }

  /// Parameterless SQL, one or more statements.
  [[nodiscard]] core::Status Exec(std::string_view sql) { return connection_.Exec(sql); }

  /// Rows changed by the last INSERT/UPDATE/DELETE run on this connection (cascades excluded).
  [[nodiscard]] int64_t Changes() const { return connection_.Changes(); }

  /// The writer connection itself, for helpers such as ForEachRow.
  [[nodiscard]] Connection& connection() { return connection_; }

 private:
  Connection& connection_;
};

/// One prepared statement per table and save, run once per row. A failed Prepare is reported by
/// the first Insert, which keeps the row loops free of a second check.
class Inserter {
 public:
  Inserter(WriteContext& context, std::string_view sql) : statement_(context.Prepare(sql)) {}

  template <class... Args>
  core::Status Insert(const Args&... args) {
    if (!statement_) {
      return core::Fail(statement_.error());
    }
    return statement_->BindAll(args...).Run();
  }

 private:
  core::Result<Statement> statement_;
};

/// A unit of work. Returning an error (or throwing) rolls back this unit alone; the unit must not
/// BEGIN, COMMIT or ROLLBACK itself, and must not Submit to the same writer (it would wait for
/// its own group).
///
/// A unit may run more than once: a group first runs its units straight in one transaction, and
/// when one of them fails, rolls everything back and runs the group again with a savepoint per
/// unit. So a unit must leave the same effect when re-run after a rollback: it may assign what it
/// hands back to its caller (an id, a count), but must not accumulate it (append, increment) or
/// consume its inputs (move out of a capture).
using WriteUnit = std::function<core::Status(WriteContext&)>;

struct WriterOptions {
  /// Upper bound of units committed in one transaction (>= 1).
  size_t max_group_size = 1024;
  /// With a checkpoint connection: the WAL size, in frames, from which the background thread
  /// copies it into the database file (SQLite's own automatic checkpoint also starts at 1,000).
  int checkpoint_frames = 1000;
  /// With a checkpoint connection: the WAL size from which the writer waits, between two
  /// transactions, for a RESTART checkpoint, after which SQLite writes the WAL from its start
  /// again. Without it the WAL would only restart when a background checkpoint happened to catch
  /// up just before a commit, which under a steady stream of commits it rarely does.
  int wal_frames_limit = 4000;
};

/// Counters, mainly so tests can see grouping and checkpoints happen.
struct WriterStats {
  uint64_t transactions = 0;  ///< Successful COMMITs.
  uint64_t units_committed = 0;
  uint64_t groups_rerun = 0;  ///< Groups run again in savepoints after a unit failed.
  uint64_t background_checkpoints = 0;
  uint64_t wal_restarts = 0;  ///< RESTART checkpoints the writer waited for at wal_frames_limit.
};

class Writer {
  struct PrivateTag {
    explicit PrivateTag() = default;
  };

 public:
  /// Takes over `connection` (already configured and migrated) and starts the writer thread.
  /// With a `checkpoint_connection` (to the same file), WAL checkpoints run on a thread of their
  /// own instead of inside the writer's commits (see WriterOptions). kInvalidArgument when
  /// max_group_size is 0 or the checkpoint thresholds are not positive and ordered; kInternal
  /// when a thread cannot be started.
  [[nodiscard]] static core::Result<std::unique_ptr<Writer>> Start(
      Connection connection, WriterOptions options,
      std::optional<Connection> checkpoint_connection = std::nullopt);

  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  Writer(Writer&&) = delete;
  Writer& operator=(Writer&&) = delete;

  /// Close()s.
  ~Writer();

  /// Queues `unit` and blocks until the transaction that ran it has committed, then returns the
  /// unit's own Status. The unit runs on the writer thread inside BEGIN IMMEDIATE and its own
  /// SAVEPOINT. Errors: whatever the unit returned (its changes rolled back, group-mates
  /// unaffected); kInternal when it threw; kUnavailable when BEGIN or COMMIT failed (nothing of
  /// the group was committed) or the writer is closed. Thread-safe.
  [[nodiscard]] core::Status Submit(WriteUnit unit);

  /// Submit without waiting: the future becomes ready once the unit's transaction has committed
  /// (or failed). For callers that pipeline several batches. Thread-safe.
  [[nodiscard]] std::future<core::Status> SubmitAsync(WriteUnit unit);

  /// Stops accepting units, commits everything already queued, stops the threads, checkpoints the
  /// WAL into the database file (TRUNCATE) and closes the connections. Later Submits fail with
  /// kUnavailable. Idempotent and thread-safe; returns the checkpoint or close error, if any.
  core::Status Close();

  [[nodiscard]] WriterStats Stats() const;

  /// For Start() only (std::make_unique needs a public constructor).
  Writer(PrivateTag, Connection connection, WriterOptions options);

 private:
  struct Pending {
    WriteUnit unit;
    std::promise<core::Status> done;
  };

  void Run();
  void CommitGroup(std::vector<Pending>& group);
  [[nodiscard]] bool CommitWhole(std::vector<Pending>& group);
  void CommitUnitByUnit(std::vector<Pending>& group);
  [[nodiscard]] core::Status RunUnit(WriteUnit& unit);
  [[nodiscard]] core::Status RunInSavepoint(WriteUnit& unit);
  [[nodiscard]] core::Status Control(std::string_view sql);
  void CheckpointIfWalTooLong();
  static int OnWalCommit(void* writer, sqlite3* db, const char* schema, int frames);

  Connection connection_;  // touched only by the writer thread while it runs
  const WriterOptions options_;
  std::unique_ptr<WalCheckpointer> checkpointer_;  // null without a checkpoint connection
  // WAL length after the last commit, and when the last checkpoint was asked for; writer thread.
  int wal_frames_ = 0;
  int frames_at_request_ = 0;

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<Pending> queue_;
  bool accepting_ = true;

  std::mutex close_mutex_;  // serialises Close(); held across join and checkpoint
  bool closed_ = false;

  std::atomic<uint64_t> transactions_{0};
  std::atomic<uint64_t> units_committed_{0};
  std::atomic<uint64_t> groups_rerun_{0};

  std::thread thread_;
};

}  // namespace storeops::storage_sqlite::internal
