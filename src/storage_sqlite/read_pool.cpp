// SPDX-License-Identifier: Apache-2.0
#include "read_pool.hpp"

#include <fmt/format.h>

namespace storeops::storage_sqlite::internal {

core::Result<std::unique_ptr<ReadPool>> ReadPool::Open(const std::string& path, size_t size,
                                                       std::chrono::milliseconds busy_timeout) {
  auto pool = std::make_unique<ReadPool>(PrivateTag{}, busy_timeout);
  pool->path_ = path;
  pool->connections_.reserve(size);
  pool->free_.reserve(size);
  for (size_t i = 0; i < size; ++i) {
    auto connection =
        Connection::Open(path, ConnectionOptions{.read_only = true, .busy_timeout = busy_timeout});
    if (!connection) {
      return core::Fail(std::move(connection.error()));
    }
    pool->connections_.push_back(std::make_unique<Connection>(std::move(*connection)));
    pool->free_.push_back(pool->connections_.back().get());
  }
  return pool;
}

ReadPool::ReadPool(PrivateTag /*tag*/, std::chrono::milliseconds wait_limit)
    : wait_limit_(wait_limit) {}

ReadPool::~ReadPool() { Close(); }

core::Result<ReadPool::Lease> ReadPool::Acquire() {
  std::unique_lock lock(mutex_);
  const bool ready =
      changed_.wait_for(lock, wait_limit_, [this] { return closed_ || !free_.empty(); });
  if (closed_) {
    return core::Fail(core::ErrorCode::kUnavailable, fmt::format("database '{}' is closed", path_));
  }
  if (!ready) {
    return core::Fail(core::ErrorCode::kUnavailable,
                      fmt::format("no read connection to '{}' became free within {} ms", path_,
                                  wait_limit_.count()));
  }
  Connection* connection = free_.back();
  free_.pop_back();
  ++lent_;
  return Lease(this, connection);
}

void ReadPool::Return(Connection* connection) {
  if (!connection->InAutocommit()) {
    // A read transaction whose ROLLBACK failed would pin an old snapshot (and stop checkpoints
    // from finishing) for as long as the connection lives; try once more before lending it.
    static_cast<void>(connection->Exec("ROLLBACK"));
  }
  {
    const std::lock_guard lock(mutex_);
    free_.push_back(connection);
    --lent_;
  }
  changed_.notify_all();
}

void ReadPool::Close() {
  std::unique_lock lock(mutex_);
  closed_ = true;
  changed_.notify_all();
  changed_.wait(lock, [this] { return lent_ == 0; });
  for (auto& connection : connections_) {
    // Read-only connections have nothing to lose; a failed close still releases the handle.
    static_cast<void>(connection->Close());
  }
  free_.clear();
}

}  // namespace storeops::storage_sqlite::internal
