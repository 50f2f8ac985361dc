// SPDX-License-Identifier: Apache-2.0
// A fixed set of read-only connections lent to one thread at a time. In WAL mode readers never
// wait for the writer, so reads scale with the pool while writes go through the single writer.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "storeops/core/result.hpp"

#include "connection.hpp"

namespace storeops::storage_sqlite::internal {

class ReadPool {
  struct PrivateTag {
    explicit PrivateTag() = default;
  };

 public:
  /// A borrowed connection, returned to the pool when the lease is destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)),
          connection_(std::exchange(other.connection_, nullptr)) {}

    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    ~Lease() {
      if (pool_ != nullptr) {
        pool_->Return(connection_);
      }
    }

    [[nodiscard]] Connection& operator*() const { return *connection_; }

    [[nodiscard]] Connection* operator->() const { return connection_; }

   private:
    friend class ReadPool;

    Lease(ReadPool* pool, Connection* connection) : pool_(pool), connection_(connection) {}

    ReadPool* pool_;
    Connection* connection_;
  };

  /// Opens `size` SQLITE_OPEN_READONLY connections to `path`, which must already exist with its
  /// schema (the writer creates it first). kUnavailable when one cannot be opened.
  [[nodiscard]] static core::Result<std::unique_ptr<ReadPool>> Open(
      const std::string& path, size_t size, std::chrono::milliseconds busy_timeout);

  ReadPool(PrivateTag, std::chrono::milliseconds wait_limit);

  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;
  ~ReadPool();

  /// Waits up to the busy timeout for a free connection. kUnavailable when the pool is closed or
  /// every connection stayed busy. Thread-safe.
  [[nodiscard]] core::Result<Lease> Acquire();

  /// Refuses new leases, waits for the lent ones to come back, and closes every connection.
  /// Idempotent and thread-safe.
  void Close();

 private:
  void Return(Connection* connection);

  const std::chrono::milliseconds wait_limit_;
  std::string path_;
  std::vector<std::unique_ptr<Connection>> connections_;  // stable addresses for leases
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Connection*> free_;
  size_t lent_ = 0;
  bool closed_ = false;
};

}  // namespace storeops::storage_sqlite::internal
