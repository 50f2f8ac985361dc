// SPDX-License-Identifier: Apache-2.0
#include "storeops/service/key_vault.hpp"

#include <algorithm>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <utility>

#include <fmt/format.h>

#include "storeops/privacy/keys.hpp"
#include "storeops/privacy/tokens.hpp"

namespace storeops::service {

struct KeyVault::Impl {
  storage::KeyRepository& keys;
  privacy::SecretBytes master_key;
  privacy::KeyRing ring;
  // Days whose key is durable in storage. A token is only handed out for such a day, so no stored
  // event ever carries a token whose key could be lost in a crash.
  mutable std::shared_mutex mu;
  std::set<std::chrono::sys_days> stored_days;

  // Called with `mu` held exclusively: stores the ring's key for `day` (the ring just made it).
  core::Status StoreKey(std::chrono::sys_days day) {
    auto sealed = ring.Export(master_key);
    if (!sealed) {
      return core::Fail(std::move(sealed.error()));
    }
    auto found = std::find_if(sealed->keys.begin(), sealed->keys.end(),
                              [day](const privacy::SealedDayKey& key) { return key.day == day; });
    if (found == sealed->keys.end()) {
      return core::Fail(core::ErrorCode::kInternal,
                        fmt::format("the key of {} is missing from the ring after tokenising",
                                    privacy::FormatUtcDay(day)));
    }
    if (auto saved = keys.SaveKey({day, std::move(found->sealed)}); !saved) {
      return saved;
    }
    stored_days.insert(day);
    return core::Ok();
  }
};

KeyVault::KeyVault(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

KeyVault::~KeyVault() = default;

core::Result<std::unique_ptr<KeyVault>> KeyVault::Open(storage::KeyRepository& keys,
                                                       const privacy::SecretBytes& master_key) {
  auto stored = keys.LoadKeys();
  if (!stored) {
    return core::Fail(std::move(stored.error()));
  }
  privacy::SealedKeyRing sealed;
  sealed.destroyed_before = stored->destroyed_before;
  for (auto& key : stored->keys) {
    sealed.keys.push_back({key.day, std::move(key.sealed)});
  }
  auto ring = privacy::KeyRing::Restore(sealed, master_key);
  if (!ring) {
    core::Error error = std::move(ring.error());
    error.message = "restoring the stored day keys: " + error.message;
    return core::Fail(std::move(error));
  }
  auto impl = std::unique_ptr<Impl>(new Impl{keys, master_key.Clone(), std::move(*ring), {}, {}});
  for (const auto day : impl->ring.Days()) {
    impl->stored_days.insert(day);
  }
  return std::unique_ptr<KeyVault>(new KeyVault(std::move(impl)));
}

core::Result<std::string> KeyVault::Tokenise(std::string_view device_id, core::Timestamp ts) {
  auto id = privacy::NormaliseDeviceId(device_id);
  if (!id) {
    return core::Fail(std::move(id.error()));
  }
  const std::chrono::sys_days day = privacy::UtcDayOf(ts);
  {
    std::shared_lock lock(impl_->mu);
    if (impl_->stored_days.contains(day)) {
      return impl_->ring.Tokenise(*id, day);
    }
  }
  std::unique_lock lock(impl_->mu);
  auto token = impl_->ring.Tokenise(*id, day);  // makes the day's key when it is new
  if (!token || impl_->stored_days.contains(day)) {
    return token;
  }
  // A failed save leaves the key in memory only; the next call of the day tries to store the
  // same key again, and no token of that day leaves here until it is stored.
  if (auto stored = impl_->StoreKey(day); !stored) {
    return core::Fail(std::move(stored.error()));
  }
  return token;
}

core::Result<int64_t> KeyVault::DestroyKeysBefore(std::chrono::sys_days day) {
  std::unique_lock lock(impl_->mu);
  // Storage first: if it fails, memory still has the keys and the next run tries again; the
  // other order could bring destroyed keys back at the next start.
  auto deleted = impl_->keys.DestroyKeysBefore(day);
  if (!deleted) {
    return core::Fail(std::move(deleted.error()));
  }
  if (auto wiped = impl_->ring.DestroyKeysBefore(day); !wiped) {
    return core::Fail(std::move(wiped.error()));
  }
  std::erase_if(impl_->stored_days, [day](std::chrono::sys_days stored) { return stored < day; });
  return *deleted;
}

std::vector<std::chrono::sys_days> KeyVault::Days() const { return impl_->ring.Days(); }

PresenceFilter TokenisingPresenceFilter(KeyVault& vault) {
  return [&vault](const ingest::RawPresence& raw) -> core::Result<core::Presence> {
    auto token = vault.Tokenise(raw.device_id, raw.ts);
    if (!token) {
      return core::Fail(token.error());
    }
    return core::Presence{raw.store_id, raw.ts, std::move(*token), raw.zone};
  };
}

}  // namespace storeops::service
