// SPDX-License-Identifier: Apache-2.0
// The embedded SQLite backend of storage::Database, the default for an in-store box.
//
//   auto db = storage_sqlite::OpenDatabase({.path = "var/storeops.db"});
//   if (!db) { ... db.error().message ... }
//
// Design: WAL mode; every write goes to one writer thread that commits queued writes from many
// callers in one transaction (group commit) and wakes each caller only when its write is durable;
// reads use a small pool of read-only connections; statements are prepared once per connection;
// schema changes are numbered migrations applied at open.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "storeops/core/result.hpp"
#include "storeops/storage/database.hpp"

namespace storeops::storage_sqlite {

struct SqliteOptions {
  /// Database file; its folder is created when missing. ":memory:" is not supported (the
  /// reader connections must see the writer's data).
  std::string path = "var/storeops.db";
  /// Read-only connections kept open for queries.
  int read_connections = 4;
  /// How long a connection waits for a lock before failing with kUnavailable.
  std::chrono::milliseconds busy_timeout{5000};
  /// Upper bound of writes committed in one transaction.
  size_t max_group_size = 1024;
};

/// Opens (creating if needed) the database and applies pending migrations.
/// kUnavailable when the file cannot be opened or written; kFailedPrecondition when the file's
/// schema is newer than this binary knows; kInvalidArgument for unusable options (empty or
/// ":memory:" path, read_connections < 1, max_group_size 0).
[[nodiscard]] core::Result<std::unique_ptr<storage::Database>> OpenDatabase(
    const SqliteOptions& options);

}  // namespace storeops::storage_sqlite
