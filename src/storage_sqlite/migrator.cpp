// SPDX-License-Identifier: Apache-2.0
#include <chrono>
#include <utility>

#include <fmt/format.h>

#include "migrations.hpp"

namespace storeops::storage_sqlite::internal {
namespace {

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " applied_at_ms INTEGER NOT NULL"
    ") STRICT";

core::Result<int64_t> CurrentVersion(Connection& connection) {
  auto select = connection.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!select) {
    return core::Fail(std::move(select.error()));
  }
  auto row = select->Step();
  if (!row) {
    return core::Fail(std::move(row.error()));
  }
  return select->Int64(0);
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Runs one migration unless another process got there first (checked under the write lock).
core::Status ApplyOne(Connection& connection, const Migration& migration) {
  if (auto current = CurrentVersion(connection); !current) {
    return core::Fail(std::move(current.error()));
  } else if (*current >= migration.version) {
    return core::Ok();
  }
  if (auto applied = connection.Exec(migration.sql); !applied) {
    return applied;
  }
  auto record =
      connection.Prepare("INSERT INTO schema_migrations (version, applied_at_ms) VALUES (?, ?)");
  if (!record) {
    return core::Fail(std::move(record.error()));
  }
  return record->BindAll(migration.version, NowMs()).Run();
}

}  // namespace

core::Result<int64_t> ApplyMigrations(Connection& connection,
                                      std::span<const Migration> migrations) {
  auto current =
      connection.Exec(kCreateMigrationsTable).and_then([&] { return CurrentVersion(connection); });
  if (!current) {
    core::Error error = std::move(current.error());
    error.message =
        fmt::format("reading the schema version of '{}': {}", connection.Path(), error.message);
    return core::Fail(std::move(error));
  }
  const int64_t known = migrations.empty() ? 0 : migrations.back().version;
  if (*current > known) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      fmt::format("database '{}' has schema version {} but this storeops knows "
                                  "only up to version {}; run a newer storeops",
                                  connection.Path(), *current, known));
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= *current) {
      continue;
    }
    if (auto begun = connection.Exec("BEGIN IMMEDIATE"); !begun) {
      return core::Fail(std::move(begun.error()));
    }
    auto applied = ApplyOne(connection, migration);
    if (applied) {
      applied = connection.Exec("COMMIT");
    }
    if (!applied) {
      if (!connection.InAutocommit()) {
        // The migration's own error is the one worth reporting.
        static_cast<void>(connection.Exec("ROLLBACK"));
      }
      core::Error error = std::move(applied.error());
      error.message = fmt::format("migration {:04}_{} of '{}' failed: {}", migration.version,
                                  migration.name, connection.Path(), error.message);
      return core::Fail(std::move(error));
    }
    *current = migration.version;
  }
  return CurrentVersion(connection);
}

}  // namespace storeops::storage_sqlite::internal
