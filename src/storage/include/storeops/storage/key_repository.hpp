// SPDX-License-Identifier: Apache-2.0
// Sealed day keys of the privacy filter's key ring (issue #3). Storage keeps only blobs that
// privacy::Seal made under the master key, which never enters the database; destroying a day
// deletes its blob (SQLite zeroes it: secure_delete) and raises a boundary that never goes back.
//
//   auto ring = db->keys().LoadKeys();                  // at start: KeyRing::Restore from it
//   db->keys().SaveKey({day, sealed_blob});             // when a new day's key is made
//   db->keys().DestroyKeysBefore(day);                  // retention
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "storeops/core/result.hpp"

namespace storeops::storage {

/// One day's key, sealed. `day` is a UTC calendar day.
struct StoredDayKey {
  std::chrono::sys_days day;
  std::vector<uint8_t> sealed;

  friend bool operator==(const StoredDayKey&, const StoredDayKey&) = default;
};

struct StoredKeyRing {
  /// Keys of days before this one were destroyed and may never be stored again.
  std::optional<std::chrono::sys_days> destroyed_before;
  std::vector<StoredDayKey> keys;  ///< Ordered by day.

  friend bool operator==(const StoredKeyRing&, const StoredKeyRing&) = default;
};

/// Thread-safe.
class KeyRepository {
 public:
  virtual ~KeyRepository() = default;

  /// Every stored key and the destruction boundary.
  [[nodiscard]] virtual core::Result<StoredKeyRing> LoadKeys() = 0;

  /// Stores a new day's key, returning once durable. kAlreadyExists when the day has a key;
  /// kFailedPrecondition when the day is before the destruction boundary; kInvalidArgument for an
  /// empty blob.
  [[nodiscard]] virtual core::Status SaveKey(const StoredDayKey& key) = 0;

  /// Deletes the keys of every day before `day` and raises the boundary to `day` (never lowers
  /// it). Returns how many keys were deleted.
  [[nodiscard]] virtual core::Result<int64_t> DestroyKeysBefore(std::chrono::sys_days day) = 0;
};

}  // namespace storeops::storage
