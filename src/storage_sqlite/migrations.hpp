// SPDX-License-Identifier: Apache-2.0
// Schema migrations: the files in migrations/NNNN_name.sql, embedded at build time by
// embed_migrations.cmake, and the code that applies the pending ones when a database opens.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "storeops/core/result.hpp"

#include "connection.hpp"

namespace storeops::storage_sqlite::internal {

struct Migration {
  int64_t version = 0;    ///< NNNN of the file name; versions are 1, 2, 3, ... without gaps.
  std::string_view name;  ///< The file name without version and extension.
  std::string_view sql;   ///< The whole file.
};

/// Every migration this binary knows, in version order (generated from migrations/*.sql).
[[nodiscard]] std::span<const Migration> Migrations();

/// Brings the schema of the writer connection's database up to the last of `migrations`, each
/// migration in its own BEGIN IMMEDIATE transaction together with its schema_migrations row, so a
/// crash leaves the database at a whole version and two processes opening the same file at once
/// apply each migration only once. Returns the schema version afterwards.
/// kFailedPrecondition when the database already has a version newer than `migrations` knows.
[[nodiscard]] core::Result<int64_t> ApplyMigrations(Connection& connection,
                                                    std::span<const Migration> migrations);

}  // namespace storeops::storage_sqlite::internal
