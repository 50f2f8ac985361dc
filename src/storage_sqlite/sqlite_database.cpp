// SPDX-License-Identifier: Apache-2.0
#include "storeops/storage_sqlite/sqlite_database.hpp"

#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

#include <fmt/format.h>
#include <sqlite3.h>

#include "aggregate_repository.hpp"
#include "event_repository.hpp"
#include "forecast_repository.hpp"
#include "key_repository.hpp"
#include "migrations.hpp"
#include "read_pool.hpp"
#include "staffing_repository.hpp"
#include "store_repository.hpp"
#include "writer.hpp"

namespace storeops::storage_sqlite {
namespace {

using internal::Connection;

class SqliteDatabase final : public storage::Database {
 public:
  SqliteDatabase(std::unique_ptr<internal::Writer> writer,
                 std::unique_ptr<internal::ReadPool> readers, int64_t schema_version,
                 SqliteOptions options)
      : writer_(std::move(writer)),
        readers_(std::move(readers)),
        schema_version_(schema_version),
        options_(std::move(options)),
        stores_(*writer_, *readers_),
        events_(*writer_, *readers_),
        aggregates_(*writer_, *readers_),
        keys_(*writer_, *readers_),
        forecasts_(*writer_, *readers_),
        staffing_(*writer_, *readers_) {}

  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  ~SqliteDatabase() override { static_cast<void>(Close()); }

  storage::StoreRepository& stores() override { return stores_; }

  storage::EventRepository& events() override { return events_; }

  storage::AggregateRepository& aggregates() override { return aggregates_; }

  storage::KeyRepository& keys() override { return keys_; }

  storage::ForecastRepository& forecasts() override { return forecasts_; }

  storage::StaffingRepository& staffing() override { return staffing_; }

  // Deleted rows are zeroed in their pages (secure_delete), but older WAL frames still hold the
  // pages as they were; a TRUNCATE checkpoint copies the zeroed pages home and empties the WAL.
  // It runs on its own short-lived connection: a checkpoint cannot run inside the writer's
  // transactions, and it must not hold the writer thread while it waits for readers.
  core::Status PurgeDeleted() override {
    const std::string context = fmt::format("purging deleted rows from '{}'", options_.path);
    try {
      if (closed_.load()) {
        return core::Fail(core::ErrorCode::kUnavailable, context + ": the database is closed");
      }
      auto connection = Connection::Open(
          options_.path,
          internal::ConnectionOptions{.read_only = false, .busy_timeout = options_.busy_timeout});
      if (!connection) {
        return core::Fail(std::move(connection.error()));
      }
      // The writer's background checkpoint may hold the checkpoint lock, and SQLite does not
      // wait for that lock: try again for as long as the busy timeout allows.
      bool blocked = true;
      const auto deadline = std::chrono::steady_clock::now() + options_.busy_timeout;
      while (blocked) {
        // Scoped: the statement must be released before its connection closes.
        auto checkpoint = connection->Prepare("PRAGMA wal_checkpoint(TRUNCATE)");
        if (!checkpoint) {
          return core::Fail(std::move(checkpoint.error()));
        }
        auto row = checkpoint->Step();
        if (!row) {
          return core::Fail(std::move(row.error()));
        }
        blocked = *row && checkpoint->Int64(0) != 0;
        if (blocked && std::chrono::steady_clock::now() >= deadline) {
          break;
        }
        if (blocked) {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
      }
      if (blocked) {
        static_cast<void>(connection->Close());
        return core::Fail(core::ErrorCode::kUnavailable,
                          context + ": the WAL checkpoint was blocked by a reader or writer");
      }
      return connection->Close();
    } catch (const std::exception& error) {
      return core::Fail(core::ErrorCode::kInternal, fmt::format("{}: {}", context, error.what()));
    }
  }

  core::Status Ping() override {
    try {
      auto lease = readers_->Acquire();
      if (!lease) {
        return core::Fail(std::move(lease.error()));
      }
      auto select = (*lease)->Prepare("SELECT 1");
      if (!select) {
        return core::Fail(std::move(select.error()));
      }
      return select->Run();
    } catch (const std::exception& error) {
      return core::Fail(core::ErrorCode::kInternal, fmt::format("ping: {}", error.what()));
    }
  }

  int64_t SchemaVersion() override { return schema_version_; }

  core::Status Close() override {
    closed_.store(true);
    try {
      // Readers first: an idle reader does not block the checkpoint, but a lent one could.
      readers_->Close();
      return writer_->Close();
    } catch (const std::exception& error) {
      return core::Fail(core::ErrorCode::kInternal,
                        fmt::format("closing the database: {}", error.what()));
    }
  }

 private:
  std::unique_ptr<internal::Writer> writer_;
  std::unique_ptr<internal::ReadPool> readers_;
  const int64_t schema_version_;  // migrations run only at open, so this cannot change
  const SqliteOptions options_;
  std::atomic<bool> closed_{false};
  internal::SqliteStoreRepository stores_;
  internal::SqliteEventRepository events_;
  internal::SqliteAggregateRepository aggregates_;
  internal::SqliteKeyRepository keys_;
  internal::SqliteForecastRepository forecasts_;
  internal::SqliteStaffingRepository staffing_;
};

core::Status ValidateOptions(const SqliteOptions& options) {
  if (options.path.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "database path is empty");
  }
  if (options.path == ":memory:" || options.path.starts_with("file:")) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("database path '{}' is not supported: give a file path, so "
                                  "the read connections see the writer's data",
                                  options.path));
  }
  if (options.read_connections < 1) {
    return core::Fail(
        core::ErrorCode::kInvalidArgument,
        fmt::format("read_connections must be at least 1, not {}", options.read_connections));
  }
  if (options.max_group_size < 1) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "max_group_size must be at least 1");
  }
  return core::Ok();
}

core::Status CreateParentFolder(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) {
    return core::Ok();
  }
  std::error_code error;
  std::filesystem::create_directories(parent, error);
  if (error) {
    return core::Fail(core::ErrorCode::kUnavailable,
                      fmt::format("cannot open database '{}': cannot create folder '{}': {}", path,
                                  parent.string(), error.message()));
  }
  return core::Ok();
}

// WAL lets readers run beside the writer; synchronous=FULL fsyncs the WAL at every COMMIT, which
// is what makes an acknowledged write survive a power cut (NORMAL would only survive a crash).
core::Status ConfigureWriter(Connection& connection) {
  // Only takes effect on a new, empty file. Ingest appends at the right edge of each table, and
  // every commit rewrites the pages it touched into the WAL frame by frame: 16 KiB pages cut the
  // frames (two pwrite calls each) per event about in half against the default 4 KiB.
  if (auto page_size = connection.Exec("PRAGMA page_size=16384"); !page_size) {
    return page_size;
  }
  auto journal = connection.Prepare("PRAGMA journal_mode=WAL");
  if (!journal) {
    return core::Fail(std::move(journal.error()));
  }
  auto row = journal->Step();
  if (!row) {
    return core::Fail(std::move(row.error()));
  }
  if (!*row || journal->Text(0) != "wal") {
    return core::Fail(core::ErrorCode::kUnavailable,
                      fmt::format("cannot switch '{}' to WAL mode (journal_mode is '{}')",
                                  connection.Path(), *row ? journal->Text(0) : ""));
  }
  journal->Reset();
  if (auto synchronous = connection.Exec("PRAGMA synchronous=FULL"); !synchronous) {
    return synchronous;
  }
  // Deleted rows (raw events past retention, destroyed day keys) are overwritten with zeros in
  // their pages instead of lingering in free space; PurgeDeleted then clears the WAL.
  if (auto secure = connection.Exec("PRAGMA secure_delete=ON"); !secure) {
    return secure;
  }
  // Each write unit runs in a savepoint, whose undo copies go to a statement journal; on disk that
  // journal is a temp file created and unlinked per commit (six syscalls and a directory search).
  // In memory it costs a few pages: the writer holds at most a group's worth.
  if (auto temp_store = connection.Exec("PRAGMA temp_store=MEMORY"); !temp_store) {
    return temp_store;
  }
  return connection.Exec("PRAGMA foreign_keys=ON");
}

core::Result<std::unique_ptr<storage::Database>> Open(const SqliteOptions& options) {
  if (auto valid = ValidateOptions(options); !valid) {
    return core::Fail(std::move(valid.error()));
  }
  if (auto created = CreateParentFolder(options.path); !created) {
    return core::Fail(std::move(created.error()));
  }
  auto connection = Connection::Open(
      options.path,
      internal::ConnectionOptions{.read_only = false, .busy_timeout = options.busy_timeout});
  if (!connection) {
    return core::Fail(std::move(connection.error()));
  }
  if (auto configured = ConfigureWriter(*connection); !configured) {
    // Whatever the cause (not a database, read-only file, locked), the file cannot be used.
    return core::Fail(
        core::ErrorCode::kUnavailable,
        fmt::format("cannot open database '{}': {}", options.path, configured.error().message));
  }
  auto version = internal::ApplyMigrations(*connection, internal::Migrations());
  if (!version) {
    return core::Fail(std::move(version.error()));
  }
  auto readers = internal::ReadPool::Open(
      options.path, static_cast<size_t>(options.read_connections), options.busy_timeout);
  if (!readers) {
    return core::Fail(std::move(readers.error()));
  }
  // WAL checkpoints run on a connection and thread of their own (wal_checkpointer.hpp).
  auto checkpoint_connection = Connection::Open(
      options.path,
      internal::ConnectionOptions{.read_only = false, .busy_timeout = options.busy_timeout});
  if (!checkpoint_connection) {
    return core::Fail(std::move(checkpoint_connection.error()));
  }
  auto writer = internal::Writer::Start(
      std::move(*connection), internal::WriterOptions{.max_group_size = options.max_group_size},
      std::move(*checkpoint_connection));
  if (!writer) {
    return core::Fail(std::move(writer.error()));
  }
  return std::make_unique<SqliteDatabase>(std::move(*writer), std::move(*readers), *version,
                                          options);
}

}  // namespace

core::Result<std::unique_ptr<storage::Database>> OpenDatabase(const SqliteOptions& options) {
  // SQLite's allocation statistics take a process-wide mutex around every malloc and free (a few
  // percent of the ingest writer's time); nothing here reads them. This only works before SQLite
  // initialises, so it is done on the first open; if SQLite is already up, it is a no-op.
  static std::once_flag memory_statistics_off;
  std::call_once(memory_statistics_off,
                 [] { static_cast<void>(sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0)); });
  try {
    return Open(options);
  } catch (const std::exception& error) {
    return core::Fail(core::ErrorCode::kInternal,
                      fmt::format("opening database '{}': {}", options.path, error.what()));
  }
}

}  // namespace storeops::storage_sqlite
