// SPDX-License-Identifier: Apache-2.0
// The privacy key ring, persisted (issue #3): `KeyVault` restores the sealed day keys from
// storage at start, seals and stores each new day's key (durably, before the first token made with
// it is returned), and destroys keys in storage and memory together.
//
//   auto master = privacy::LoadOrCreateMasterKey(path);
//   auto vault = service::KeyVault::Open(db->keys(), *master);
//   service::IngestService ingest(db->events(), catalog,
//                                 service::TokenisingPresenceFilter(**vault), clock);
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storeops/core/result.hpp"
#include "storeops/core/time.hpp"
#include "storeops/service/ingest_service.hpp"
#include "storeops/storage/key_repository.hpp"

namespace storeops::privacy {
class SecretBytes;
}  // namespace storeops::privacy

namespace storeops::service {

/// Thread-safe. Tokenising for a day whose key is already stored takes a shared lock only.
class KeyVault {
 public:
  /// Loads every sealed key from `keys` and unseals it under `master_key` (kept, cloned, for
  /// sealing new keys). kInvalidArgument when a key does not unseal (wrong master key, altered
  /// blob); kUnavailable when storage cannot be read. `keys` must outlive the vault.
  [[nodiscard]] static core::Result<std::unique_ptr<KeyVault>> Open(
      storage::KeyRepository& keys, const privacy::SecretBytes& master_key);

  ~KeyVault();
  KeyVault(const KeyVault&) = delete;
  KeyVault& operator=(const KeyVault&) = delete;

  /// The token of `device_id` on the UTC day of `ts` (privacy::KeyRing::Tokenise). The first
  /// call of a day creates its key and stores it sealed before answering; kUnavailable (nothing
  /// tokenised) when that write fails. kInvalidArgument naming "device_id", kFailedPrecondition
  /// naming "ts" when the day's key was destroyed.
  [[nodiscard]] core::Result<std::string> Tokenise(std::string_view device_id, core::Timestamp ts);

  /// Destroys the keys of every UTC day before `day`, first in storage, then in memory; returns
  /// how many stored keys were deleted. Those days are refused from then on, also after a restart.
  [[nodiscard]] core::Result<int64_t> DestroyKeysBefore(std::chrono::sys_days day);

  /// The days that currently have a key, ascending.
  [[nodiscard]] std::vector<std::chrono::sys_days> Days() const;

 private:
  struct Impl;
  explicit KeyVault(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// The production presence filter over a persisted key ring: the device identifier becomes the
/// vault's token for the event's UTC day; errors name `device_id` or `ts`.
[[nodiscard]] PresenceFilter TokenisingPresenceFilter(KeyVault& vault);

}  // namespace storeops::service
