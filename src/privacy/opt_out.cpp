// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <array>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <utility>

#include "storeops/privacy/tokens.hpp"

#include "crypto.hpp"

namespace storeops::privacy {
namespace {

constexpr std::string_view kOptOutLabel = "storeops/opt-out-key/v1";
constexpr std::size_t kEntryBytes = kTokenHexDigits / 2;

using Entry = std::array<uint8_t, kEntryBytes>;

}  // namespace

struct OptOutList::Impl {
  [[nodiscard]] static core::Result<std::unique_ptr<Impl>> Make(SecretBytes key) {
    auto hmac = internal::KeyedHmac::Create(key.bytes());
    if (!hmac) {
      return core::Fail(hmac.error());
    }
    auto impl = std::make_unique<Impl>();
    impl->key = std::move(key);
    impl->hmac = std::move(*hmac);
    return impl;
  }

  SecretBytes key;
  std::unique_ptr<internal::KeyedHmac> hmac;
  mutable std::shared_mutex mu;
  std::set<Entry> entries;  // an ordered set makes the export deterministic

  [[nodiscard]] core::Result<Entry> EntryOf(const CanonicalDeviceId& device_id) const {
    internal::HmacDigest digest{};
    if (auto status = hmac->Compute(device_id.hash_input(), digest); !status) {
      return core::Fail(status.error());
    }
    Entry entry{};
    std::copy_n(digest.begin(), entry.size(), entry.begin());
    internal::Wipe(digest.data(), digest.size());
    return entry;
  }

  [[nodiscard]] core::Result<Entry> EntryOf(std::string_view device_id) const {
    auto id = NormaliseDeviceId(device_id);
    if (!id) {
      return core::Fail(std::move(id.error()));
    }
    return EntryOf(*id);
  }
};

OptOutList::OptOutList(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

OptOutList::~OptOutList() = default;
OptOutList::OptOutList(OptOutList&& other) noexcept = default;
OptOutList& OptOutList::operator=(OptOutList&& other) noexcept = default;

core::Result<OptOutList> OptOutList::Create() {
  auto key = GenerateKey();
  if (!key) {
    return core::Fail(std::move(key.error()));
  }
  auto impl = Impl::Make(std::move(*key));
  if (!impl) {
    return core::Fail(std::move(impl.error()));
  }
  return OptOutList(std::move(*impl));
}

core::Result<OptOutList> OptOutList::Restore(std::span<const uint8_t> sealed_key,
                                             const SecretBytes& master_key,
                                             const std::vector<std::string>& entries) {
  auto key = internal::UnsealWithLabel(kOptOutLabel, sealed_key, master_key);
  if (!key) {
    key.error().message = "opt-out key: " + key.error().message;
    return core::Fail(std::move(key.error()));
  }
  auto impl = Impl::Make(std::move(*key));
  if (!impl) {
    return core::Fail(std::move(impl.error()));
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    Entry entry{};
    if (!internal::HexDecode(entries[i], entry)) {
      const std::string field = "entries[" + std::to_string(i) + "]";
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        field + " must be " + std::to_string(kTokenHexDigits) + " hex digits",
                        {{field, "not a hashed entry"}});
    }
    (*impl)->entries.insert(entry);
  }
  return OptOutList(std::move(*impl));
}

core::Status OptOutList::Add(std::string_view device_id) {
  auto entry = impl_->EntryOf(device_id);
  if (!entry) {
    return core::Fail(std::move(entry.error()));
  }
  std::unique_lock lock(impl_->mu);
  impl_->entries.insert(*entry);
  return core::Ok();
}

core::Status OptOutList::Remove(std::string_view device_id) {
  auto entry = impl_->EntryOf(device_id);
  if (!entry) {
    return core::Fail(std::move(entry.error()));
  }
  std::unique_lock lock(impl_->mu);
  impl_->entries.erase(*entry);
  return core::Ok();
}

core::Result<bool> OptOutList::Contains(std::string_view device_id) const {
  auto id = NormaliseDeviceId(device_id);
  if (!id) {
    return core::Fail(std::move(id.error()));
  }
  return Contains(*id);
}

core::Result<bool> OptOutList::Contains(const CanonicalDeviceId& device_id) const {
  auto entry = impl_->EntryOf(device_id);
  if (!entry) {
    return core::Fail(std::move(entry.error()));
  }
  std::shared_lock lock(impl_->mu);
  return impl_->entries.contains(*entry);
}

std::size_t OptOutList::size() const {
  std::shared_lock lock(impl_->mu);
  return impl_->entries.size();
}

std::vector<std::string> OptOutList::ExportEntries() const {
  std::shared_lock lock(impl_->mu);
  std::vector<std::string> out;
  out.reserve(impl_->entries.size());
  for (const Entry& entry : impl_->entries) {
    out.push_back(internal::HexEncode(entry));
  }
  return out;
}

core::Result<std::vector<uint8_t>> OptOutList::ExportSealedKey(
    const SecretBytes& master_key) const {
  return internal::SealWithLabel(kOptOutLabel, impl_->key, master_key);
}

}  // namespace storeops::privacy
