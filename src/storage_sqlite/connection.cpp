// SPDX-License-Identifier: Apache-2.0
#include "connection.hpp"

#include <algorithm>
#include <climits>
#include <cstddef>

#include <fmt/format.h>

namespace storeops::storage_sqlite::internal {
namespace {

// Enough of a statement to recognise it in an error message without quoting a whole migration.
std::string Abbreviate(std::string_view sql) {
  constexpr size_t kMaxChars = 60;
  std::string text;
  bool space = false;
  for (const char c : sql) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !text.empty();
      continue;
    }
    if (space) {
      text.push_back(' ');
      space = false;
    }
    text.push_back(c);
    if (text.size() >= kMaxChars) {
      text += "...";
      break;
    }
  }
  return text;
}

}  // namespace

core::ErrorCode ErrorCodeFor(int result_code) {
  switch (result_code) {
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_ROWID:
      return core::ErrorCode::kAlreadyExists;
    default:
      break;
  }
  switch (result_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return core::ErrorCode::kUnavailable;
    case SQLITE_CONSTRAINT:
      return core::ErrorCode::kInvalidArgument;
    default:
      return core::ErrorCode::kInternal;
  }
}

core::Error SqliteError(sqlite3* db, int result_code, std::string_view context) {
  // sqlite3_errmsg describes the connection's latest failure, which carries detail (the table
  // and column of a constraint) that sqlite3_errstr lacks.
  const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(result_code);
  return core::Error{ErrorCodeFor(result_code), fmt::format("{}: {}", context, message), {}};
}

Statement::Statement(Statement&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)),
      in_use_(std::exchange(other.in_use_, nullptr)),
      owned_(std::move(other.owned_)),
      bind_result_(std::exchange(other.bind_result_, SQLITE_OK)),
      bind_index_(std::exchange(other.bind_index_, 0)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    Release();
    statement_ = std::exchange(other.statement_, nullptr);
    in_use_ = std::exchange(other.in_use_, nullptr);
    owned_ = std::move(other.owned_);
    bind_result_ = std::exchange(other.bind_result_, SQLITE_OK);
    bind_index_ = std::exchange(other.bind_index_, 0);
  }
  return *this;
}

Statement::~Statement() { Release(); }

void Statement::Release() noexcept {
  if (statement_ == nullptr) {
    return;
  }
  // sqlite3_reset repeats the error of the last step, which was already reported by Step().
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  if (in_use_ != nullptr) {
    *in_use_ = false;
    in_use_ = nullptr;
  }
  owned_.reset();
  statement_ = nullptr;
}

void Statement::Record(int result_code, int index) {
  if (result_code != SQLITE_OK && bind_result_ == SQLITE_OK) {
    bind_result_ = result_code;
    bind_index_ = index;
  }
}

core::Error Statement::ErrorFrom(int result_code, std::string_view context) const {
  const char* sql = sqlite3_sql(statement_);
  return SqliteError(sqlite3_db_handle(statement_), result_code,
                     fmt::format("{} '{}'", context, Abbreviate(sql != nullptr ? sql : "")));
}

Statement& Statement::Bind(int index, int32_t value) {
  Record(sqlite3_bind_int(statement_, index, value), index);
  return *this;
}

Statement& Statement::Bind(int index, int64_t value) {
  Record(sqlite3_bind_int64(statement_, index, value), index);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  Record(sqlite3_bind_double(statement_, index, value), index);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  Record(sqlite3_bind_text64(statement_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                             SQLITE_UTF8),
         index);
  return *this;
}

Statement& Statement::Bind(int index, Uncopied value) {
  Record(sqlite3_bind_text64(statement_, index, value.text.data(), value.text.size(), SQLITE_STATIC,
                             SQLITE_UTF8),
         index);
  return *this;
}

Statement& Statement::BindBlob(int index, std::span<const uint8_t> value) {
  // A non-null pointer even for an empty span: SQLite binds NULL for a null pointer.
  static constexpr uint8_t kEmpty = 0;
  Record(sqlite3_bind_blob64(statement_, index, value.empty() ? &kEmpty : value.data(),
                             value.size(), SQLITE_TRANSIENT),
         index);
  return *this;
}

Statement& Statement::BindNull(int index) {
  Record(sqlite3_bind_null(statement_, index), index);
  return *this;
}

core::Result<bool> Statement::Step() {
  if (bind_result_ != SQLITE_OK) {
    core::Error error =
        ErrorFrom(bind_result_, fmt::format("binding parameter {} of", bind_index_));
    bind_result_ = SQLITE_OK;
    return core::Fail(std::move(error));
  }
  const int result_code = sqlite3_step(statement_);
  if (result_code == SQLITE_ROW) {
    return true;
  }
  if (result_code == SQLITE_DONE) {
    return false;
  }
  core::Error error = ErrorFrom(result_code, "executing");
  Reset();
  return core::Fail(std::move(error));
}

core::Status Statement::Run() {
  while (true) {
    auto row = Step();
    if (!row) {
      return core::Fail(std::move(row.error()));
    }
    if (!*row) {
      break;
    }
  }
  Reset();
  return core::Ok();
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

int64_t Statement::Int64(int column) const { return sqlite3_column_int64(statement_, column); }

int32_t Statement::Int32(int column) const {
  return static_cast<int32_t>(sqlite3_column_int64(statement_, column));
}

double Statement::Double(int column) const { return sqlite3_column_double(statement_, column); }

std::vector<uint8_t> Statement::Blob(int column) const {
  const void* blob = sqlite3_column_blob(statement_, column);
  if (blob == nullptr) {
    return {};
  }
  const auto bytes = static_cast<size_t>(sqlite3_column_bytes(statement_, column));
  const auto* begin = static_cast<const uint8_t*>(blob);
  return {begin, begin + bytes};
}

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) {
    return {};
  }
  const int bytes = sqlite3_column_bytes(statement_, column);
  return {reinterpret_cast<const char*>(text), static_cast<size_t>(bytes)};
}

void Statement::Reset() {
  // The return value repeats the last step's error, already reported.
  sqlite3_reset(statement_);
}

core::Result<Connection> Connection::Open(const std::string& path,
                                          const ConnectionOptions& options) {
  sqlite3* raw = nullptr;
  const int mode =
      options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const int result_code = sqlite3_open_v2(path.c_str(), &raw, mode | SQLITE_OPEN_NOMUTEX, nullptr);
  // SQLite hands back a handle even when opening fails; owning it at once frees it on every path.
  Connection connection(raw, path);
  if (result_code != SQLITE_OK) {
    return core::Fail(
        core::ErrorCode::kUnavailable,
        fmt::format("cannot open database '{}': {}", path,
                    raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(result_code)));
  }
  if (const int rc = sqlite3_extended_result_codes(raw, 1); rc != SQLITE_OK) {
    return core::Fail(connection.ErrorFrom(rc, "enabling extended result codes"));
  }
  const auto timeout_ms = std::clamp<int64_t>(options.busy_timeout.count(), 0, INT_MAX);
  if (const int rc = sqlite3_busy_timeout(raw, static_cast<int>(timeout_ms)); rc != SQLITE_OK) {
    return core::Fail(connection.ErrorFrom(rc, "setting busy_timeout"));
  }
  return connection;
}

core::Result<Statement::Owned> Connection::PrepareNew(std::string_view sql) {
  if (sql.size() > static_cast<size_t>(INT_MAX)) {
    return core::Fail(core::ErrorCode::kInternal, "SQL statement too long to prepare");
  }
  sqlite3_stmt* raw = nullptr;
  const int result_code = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                             SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  Statement::Owned statement(raw);
  if (result_code != SQLITE_OK) {
    return core::Fail(ErrorFrom(result_code, fmt::format("preparing '{}'", Abbreviate(sql))));
  }
  if (statement == nullptr) {
    return core::Fail(core::ErrorCode::kInternal,
                      fmt::format("no SQL statement in '{}'", Abbreviate(sql)));
  }
  return statement;
}

core::Result<Statement> Connection::Prepare(std::string_view sql) {
  if (db_ == nullptr) {
    return core::Fail(core::ErrorCode::kUnavailable, fmt::format("database '{}' is closed", path_));
  }
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    auto prepared = PrepareNew(sql);
    if (!prepared) {
      return core::Fail(std::move(prepared.error()));
    }
    it = cache_.emplace(std::string(sql), CachedStatement{std::move(*prepared), false}).first;
  }
  if (it->second.in_use) {
    // The same SQL is still stepping further up the call stack; a private copy keeps both
    // cursors valid instead of resetting the outer one under its feet.
    auto prepared = PrepareNew(sql);
    if (!prepared) {
      return core::Fail(std::move(prepared.error()));
    }
    return Statement(std::move(*prepared));
  }
  it->second.in_use = true;
  return Statement(it->second.statement.get(), &it->second.in_use);
}

core::Status Connection::Exec(std::string_view sql) {
  if (db_ == nullptr) {
    return core::Fail(core::ErrorCode::kUnavailable, fmt::format("database '{}' is closed", path_));
  }
  const std::string text(sql);
  const int result_code = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, nullptr);
  if (result_code != SQLITE_OK) {
    return core::Fail(ErrorFrom(result_code, fmt::format("executing '{}'", Abbreviate(sql))));
  }
  return core::Ok();
}

void Connection::SetWalHook(WalHook hook, void* context) {
  if (db_ != nullptr) {
    sqlite3_wal_hook(db_.get(), hook, context);
  }
}

bool Connection::InAutocommit() const {
  return db_ == nullptr || sqlite3_get_autocommit(db_.get()) != 0;
}

int64_t Connection::Changes() const {
  return db_ == nullptr ? 0 : static_cast<int64_t>(sqlite3_changes64(db_.get()));
}

core::Error Connection::ErrorFrom(int result_code, std::string_view context) const {
  return SqliteError(db_.get(), result_code, context);
}

core::Status Connection::Close() {
  cache_.clear();
  if (db_ == nullptr) {
    return core::Ok();
  }
  const int result_code = sqlite3_close(db_.get());
  if (result_code == SQLITE_OK) {
    static_cast<void>(db_.release());
    return core::Ok();
  }
  core::Error error = ErrorFrom(result_code, fmt::format("closing database '{}'", path_));
  // sqlite3_close_v2 (the deleter) defers the close until the last statement is finalized.
  db_.reset();
  return core::Fail(std::move(error));
}

core::Result<ReadTransaction> ReadTransaction::Begin(Connection& connection) {
  auto begin = connection.Prepare("BEGIN");
  if (!begin) {
    return core::Fail(std::move(begin.error()));
  }
  if (auto started = begin->Run(); !started) {
    return core::Fail(std::move(started.error()));
  }
  return ReadTransaction(connection);
}

core::Status ReadTransaction::Commit() {
  Connection* connection = std::exchange(connection_, nullptr);
  auto commit = connection->Prepare("COMMIT");
  if (!commit) {
    return core::Fail(std::move(commit.error()));
  }
  return commit->Run();
}

ReadTransaction::~ReadTransaction() {
  if (connection_ == nullptr) {
    return;
  }
  // An error path already returned its own error; a failed ROLLBACK here is caught by the read
  // pool, which checks that a connection is back in autocommit before lending it again.
  if (auto rollback = connection_->Prepare("ROLLBACK"); rollback) {
    static_cast<void>(rollback->Run());
  }
}

}  // namespace storeops::storage_sqlite::internal
