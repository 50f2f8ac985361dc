// SPDX-License-Identifier: Apache-2.0
// storage::KeyRepository on SQLite: sealed day keys (`day_keys`) and the destruction boundary
// (`key_ring_state`) of migrations/0003_retention.sql. Deleted blobs are zeroed on disk because the
// writer connection runs with secure_delete on.
#pragma once

#include <chrono>
#include <cstdint>

#include "storeops/storage/key_repository.hpp"

#include "read_pool.hpp"
#include "writer.hpp"

namespace storeops::storage_sqlite::internal {

class SqliteKeyRepository final : public storage::KeyRepository {
 public:
  SqliteKeyRepository(Writer& writer, ReadPool& readers) : writer_(writer), readers_(readers) {}

  [[nodiscard]] core::Result<storage::StoredKeyRing> LoadKeys() override;
  [[nodiscard]] core::Status SaveKey(const storage::StoredDayKey& key) override;
  [[nodiscard]] core::Result<int64_t> DestroyKeysBefore(std::chrono::sys_days day) override;

 private:
  Writer& writer_;
  ReadPool& readers_;
};

}  // namespace storeops::storage_sqlite::internal
