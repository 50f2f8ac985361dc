// SPDX-License-Identifier: Apache-2.0
// RAII over sqlite3* and sqlite3_stmt*, a per-connection statement cache, and the one mapping from
// SQLite result codes to core::ErrorCode. Private to storage_sqlite: the only place sqlite3.h is
// visible, so every repository and the writer speak core::Result instead of raw return codes.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <sqlite3.h>

#include "storeops/core/result.hpp"

namespace storeops::storage_sqlite::internal {

/// The error for `result_code` on `db` (may be null): code from ErrorCodeFor, message
/// "<context>: <SQLite's message>".
[[nodiscard]] core::Error SqliteError(sqlite3* db, int result_code, std::string_view context);

/// kUnavailable for BUSY, LOCKED, IOERR, FULL, CANTOPEN, READONLY, PERM; kAlreadyExists for a
/// primary-key or unique violation; kInvalidArgument for any other constraint; else kInternal.
[[nodiscard]] core::ErrorCode ErrorCodeFor(int result_code);

struct ConnectionOptions {
  bool read_only = false;
  std::chrono::milliseconds busy_timeout{5000};
};

class Connection;

/// Text that SQLite reads in place instead of copying (SQLITE_STATIC): the caller keeps the bytes
/// alive and unchanged until the statement has run and is bound again or released. For hot
/// insert loops, where the copy (a malloc and a free per value) is measurable.
struct Uncopied {
  std::string_view text;
};

/// A prepared statement borrowed from a connection's cache (or owned, when the cached one is
/// already in use by an enclosing loop). Destruction resets it and clears its bindings, so a
/// finished SELECT never keeps a read transaction open. Bind errors are remembered and reported
/// by the next Step/Run, which keeps call sites to one check per execution.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  /// Parameters are 1-based, as in SQLite.
  Statement& Bind(int index, int32_t value);
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view value);  ///< Copied (SQLITE_TRANSIENT).
  Statement& Bind(int index, Uncopied value);
  Statement& BindNull(int index);

  /// A BLOB, copied (SQLITE_TRANSIENT).
  Statement& BindBlob(int index, std::span<const uint8_t> value);

  /// NULL when empty.
  template <class T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }

  /// Binds the arguments to parameters 1..N in order.
  template <class... Args>
  Statement& BindAll(const Args&... args) {
    int index = 0;
    (Bind(++index, args), ...);
    return *this;
  }

  /// Advances one row: true when a row is ready to read, false when the statement is done.
  [[nodiscard]] core::Result<bool> Step();

  /// Executes to completion, discarding any rows, then resets so it can be re-bound and rerun.
  [[nodiscard]] core::Status Run();

  /// Columns are 0-based. Valid only after Step() returned true.
  [[nodiscard]] bool IsNull(int column) const;
  [[nodiscard]] int64_t Int64(int column) const;
  [[nodiscard]] int32_t Int32(int column) const;
  [[nodiscard]] double Double(int column) const;
  [[nodiscard]] std::string Text(int column) const;

  /// The bytes of a BLOB column (empty for NULL).
  [[nodiscard]] std::vector<uint8_t> Blob(int column) const;

  /// Makes the statement ready to run again (bindings are kept).
  void Reset();

 private:
  friend class Connection;

  struct Finalizer {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
  };

  using Owned = std::unique_ptr<sqlite3_stmt, Finalizer>;

  Statement(sqlite3_stmt* borrowed, bool* in_use) : statement_(borrowed), in_use_(in_use) {}

  explicit Statement(Owned owned) : statement_(owned.get()), owned_(std::move(owned)) {}

  void Record(int result_code, int index);
  [[nodiscard]] core::Error ErrorFrom(int result_code, std::string_view context) const;
  void Release() noexcept;

  sqlite3_stmt* statement_ = nullptr;
  bool* in_use_ = nullptr;  // the cache entry's flag while borrowed, else null
  Owned owned_;
  int bind_result_ = SQLITE_OK;
  int bind_index_ = 0;
};

/// One sqlite3 connection. Not thread-safe: it is used by one thread at a time (the writer
/// thread, or whoever holds a read-pool lease), which lets it be opened SQLITE_OPEN_NOMUTEX.
class Connection {
 public:
  /// kUnavailable naming `path` and SQLite's message when the file cannot be opened.
  [[nodiscard]] static core::Result<Connection> Open(const std::string& path,
                                                     const ConnectionOptions& options);

  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() = default;

  /// A prepared statement for `sql` (one statement), prepared once and cached by its text.
  [[nodiscard]] core::Result<Statement> Prepare(std::string_view sql);

  /// Runs one or more statements that take no parameters (migrations, pragmas), discarding rows.
  [[nodiscard]] core::Status Exec(std::string_view sql);

  /// True outside BEGIN...COMMIT. SQLite rolls a whole transaction back by itself after some
  /// errors (SQLITE_FULL, SQLITE_IOERR, ...); this is how the writer notices.
  [[nodiscard]] bool InAutocommit() const;

  /// Rows inserted, updated or deleted by the last completed INSERT/UPDATE/DELETE, not counting
  /// foreign-key cascades (sqlite3_changes64).
  [[nodiscard]] int64_t Changes() const;

  /// The error for `result_code` with `context` and SQLite's message for this connection.
  [[nodiscard]] core::Error ErrorFrom(int result_code, std::string_view context) const;

  [[nodiscard]] const std::string& Path() const { return path_; }

  /// Calls `hook` after every commit with the WAL's length in frames, instead of SQLite's
  /// automatic checkpoint (sqlite3_wal_hook). `context` must outlive the connection.
  using WalHook = int (*)(void* context, sqlite3* db, const char* schema, int frames);
  void SetWalHook(WalHook hook, void* context);

  /// Finalizes the cached statements and closes the handle. Idempotent.
  core::Status Close();

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };

  struct CachedStatement {
    Statement::Owned statement;
    bool in_use = false;
  };

  struct TextHash {
    using is_transparent = void;

    size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };

  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  [[nodiscard]] core::Result<Statement::Owned> PrepareNew(std::string_view sql);

  // Declared before the cache so the statements are finalized before the handle closes.
  std::unique_ptr<sqlite3, Closer> db_;
  std::string path_;
  std::unordered_map<std::string, CachedStatement, TextHash, std::equal_to<>> cache_;
};

/// BEGIN ... COMMIT on a read connection, so the several SELECTs of one load see one snapshot
/// even while the writer commits. Rolls back when dropped without Commit().
class ReadTransaction {
 public:
  [[nodiscard]] static core::Result<ReadTransaction> Begin(Connection& connection);

  ReadTransaction(ReadTransaction&& other) noexcept
      : connection_(std::exchange(other.connection_, nullptr)) {}

  ReadTransaction& operator=(ReadTransaction&&) = delete;
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  ~ReadTransaction();

  [[nodiscard]] core::Status Commit();

 private:
  explicit ReadTransaction(Connection& connection) : connection_(&connection) {}

  Connection* connection_;
};

/// Prepares `sql` on `connection`, applies `bind(statement)`, then calls `on_row(statement)` for
/// every row; stops at the first error from SQLite or from `on_row`.
template <class BindArgs, class OnRow>
core::Status ForEachRow(Connection& connection, std::string_view sql, BindArgs&& bind,
                        OnRow&& on_row) {
  auto statement = connection.Prepare(sql);
  if (!statement) {
    return core::Fail(std::move(statement.error()));
  }
  bind(*statement);
  while (true) {
    auto row = statement->Step();
    if (!row) {
      return core::Fail(std::move(row.error()));
    }
    if (!*row) {
      return core::Ok();
    }
    if (auto handled = on_row(*statement); !handled) {
      return handled;
    }
  }
}

}  // namespace storeops::storage_sqlite::internal
