// SPDX-License-Identifier: Apache-2.0
#include "storeops/privacy/tokens.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <utility>

#include "storeops/core/hex.hpp"

#include "crypto.hpp"

namespace storeops::privacy {
namespace {

constexpr std::size_t kMacBytes = 6;
constexpr std::size_t kTokenBytes = kTokenHexDigits / 2;

// Kind tags hashed in front of the bytes (domain separation between MACs and opaque ids).
constexpr uint8_t kMacTag = 0x01;
constexpr uint8_t kOpaqueTag = 0x02;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Reads `count` hex pairs starting at `text[pos]` into `out`, advancing both.
bool ReadHexPairs(std::string_view text, std::size_t& pos, int count, uint8_t*& out) {
  for (int i = 0; i < count; ++i) {
    if (pos + 2 > text.size()) {
      return false;
    }
    const int high = core::HexDigitValue(text[pos]);
    const int low = core::HexDigitValue(text[pos + 1]);
    if (high < 0 || low < 0) {
      return false;
    }
    *out++ = static_cast<uint8_t>((high << 4) | low);
    pos += 2;
  }
  return true;
}

// `group_pairs` hex pairs per group, groups separated by one `separator` (0 = none).
bool ParseGrouped(std::string_view text, int group_pairs, char separator, uint8_t* out) {
  std::size_t pos = 0;
  const int groups = static_cast<int>(kMacBytes) / group_pairs;
  for (int group = 0; group < groups; ++group) {
    if (group > 0 && separator != '\0') {
      if (pos >= text.size() || text[pos] != separator) {
        return false;
      }
      ++pos;
    }
    if (!ReadHexPairs(text, pos, group_pairs, out)) {
      return false;
    }
  }
  return pos == text.size();
}

// The spellings controllers use: 17 chars "aa:bb:cc:dd:ee:ff" / "AA-BB-..."; 14 chars
// "aabb.ccdd.eeff" (Cisco) / "aabb-ccdd-eeff" (H3C/Huawei); 12 chars "aabbccddeeff".
bool ParseMac(std::string_view text, uint8_t* out) {
  switch (text.size()) {
    case 17:
      return (text[2] == ':' || text[2] == '-') && ParseGrouped(text, 1, text[2], out);
    case 14:
      return (text[4] == '.' || text[4] == '-') && ParseGrouped(text, 2, text[4], out);
    case 12:
      return ParseGrouped(text, 6, '\0', out);
    default:
      return false;
  }
}

tl::unexpected<core::Error> BadDeviceId(const char* reason) {
  // Never echo the identifier: this message may reach logs and the dead-letter table.
  return core::Fail(core::ErrorCode::kInvalidArgument, std::string("device_id ") + reason,
                    {{"device_id", reason}});
}

struct DayKey {
  SecretBytes key;
  std::unique_ptr<internal::KeyedHmac> hmac;
};

core::Result<std::unique_ptr<DayKey>> MakeDayKey(SecretBytes key) {
  auto hmac = internal::KeyedHmac::Create(key.bytes());
  if (!hmac) {
    return core::Fail(hmac.error());
  }
  auto day_key = std::make_unique<DayKey>();
  day_key->key = std::move(key);
  day_key->hmac = std::move(*hmac);
  return day_key;
}

core::Result<std::string> TokenFrom(const DayKey& day_key, const CanonicalDeviceId& device_id) {
  internal::HmacDigest digest{};
  if (auto status = day_key.hmac->Compute(device_id.hash_input(), digest); !status) {
    return core::Fail(status.error());
  }
  std::string token(kTokenHexDigits, '\0');
  internal::HexEncodeInto(std::span<const uint8_t>(digest.data(), kTokenBytes), token.data());
  internal::Wipe(digest.data(), digest.size());
  return token;
}

}  // namespace

CanonicalDeviceId::~CanonicalDeviceId() { internal::Wipe(buffer_.data(), buffer_.size()); }

core::Result<CanonicalDeviceId> NormaliseDeviceId(std::string_view device_id) {
  while (!device_id.empty() && IsSpace(device_id.front())) {
    device_id.remove_prefix(1);
  }
  while (!device_id.empty() && IsSpace(device_id.back())) {
    device_id.remove_suffix(1);
  }
  if (device_id.empty()) {
    return BadDeviceId("is empty");
  }
  if (device_id.size() > kMaxDeviceIdBytes) {
    return BadDeviceId("is longer than 128 bytes");
  }
  CanonicalDeviceId id;
  if (ParseMac(device_id, id.buffer_.data() + 1)) {
    id.kind_ = DeviceIdKind::kMac;
    id.buffer_[0] = kMacTag;
    id.size_ = 1 + kMacBytes;
    return id;
  }
  // A string shaped like a MAC but with a bad digit lands here as an opaque id: it still only
  // ever leaves as a token, so nothing is lost by not guessing what was meant.
  for (const char c : device_id) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      return BadDeviceId("contains control characters");
    }
  }
  id.kind_ = DeviceIdKind::kOpaque;
  id.buffer_[0] = kOpaqueTag;
  std::copy(device_id.begin(), device_id.end(), id.buffer_.begin() + 1);
  id.size_ = 1 + device_id.size();
  return id;
}

// ---- KeyRing ----------------------------------------------------------------------------------

struct KeyRing::Impl {
  mutable std::shared_mutex mu;
  std::map<UtcDay, std::unique_ptr<DayKey>> keys;  // a handful of days: a map is fastest enough
  std::optional<UtcDay> destroyed_before;

  [[nodiscard]] bool IsDestroyed(UtcDay day) const {
    return destroyed_before.has_value() && day < *destroyed_before;
  }
};

KeyRing::KeyRing() : impl_(std::make_unique<Impl>()) {}

KeyRing::~KeyRing() = default;
KeyRing::KeyRing(KeyRing&& other) noexcept = default;
KeyRing& KeyRing::operator=(KeyRing&& other) noexcept = default;

core::Result<KeyRing> KeyRing::Restore(const SealedKeyRing& state, const SecretBytes& master_key) {
  KeyRing ring;
  ring.impl_->destroyed_before = state.destroyed_before;
  for (std::size_t i = 0; i < state.keys.size(); ++i) {
    const SealedDayKey& sealed = state.keys[i];
    const std::string field = "keys[" + std::to_string(i) + "]";
    if (ring.impl_->IsDestroyed(sealed.day)) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        field + ": key for " + FormatUtcDay(sealed.day) +
                            " is older than the destruction boundary",
                        {{field + ".day", "before destroyed_before"}});
    }
    if (ring.impl_->keys.contains(sealed.day)) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        field + ": a second key for " + FormatUtcDay(sealed.day),
                        {{field + ".day", "duplicate day"}});
    }
    auto key = Unseal(sealed.day, sealed.sealed, master_key);
    if (!key) {
      key.error().message = field + ": " + key.error().message;
      return core::Fail(std::move(key.error()));
    }
    auto day_key = MakeDayKey(std::move(*key));
    if (!day_key) {
      return core::Fail(day_key.error());
    }
    ring.impl_->keys.emplace(sealed.day, std::move(*day_key));
  }
  return ring;
}

core::Result<std::string> KeyRing::Tokenise(std::string_view device_id, core::Timestamp ts) {
  auto id = NormaliseDeviceId(device_id);
  if (!id) {
    return core::Fail(std::move(id.error()));
  }
  return Tokenise(*id, UtcDayOf(ts));
}

core::Result<std::string> KeyRing::Tokenise(const CanonicalDeviceId& device_id, UtcDay day) {
  {
    // The common path: the day's key exists. Readers share the lock, so ingest threads do not
    // serialise here; the lock is held through the HMAC so the key cannot be destroyed mid-use.
    std::shared_lock lock(impl_->mu);
    if (auto found = impl_->keys.find(day); found != impl_->keys.end()) {
      return TokenFrom(*found->second, device_id);
    }
  }
  std::unique_lock lock(impl_->mu);
  if (impl_->IsDestroyed(day)) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "the key for " + FormatUtcDay(day) +
                          " was destroyed; events from that day can no longer be accepted",
                      {{"ts", "day key destroyed"}});
  }
  auto found = impl_->keys.find(day);
  if (found == impl_->keys.end()) {
    auto key = GenerateKey();
    if (!key) {
      return core::Fail(std::move(key.error()));
    }
    auto day_key = MakeDayKey(std::move(*key));
    if (!day_key) {
      return core::Fail(day_key.error());
    }
    found = impl_->keys.emplace(day, std::move(*day_key)).first;
  }
  return TokenFrom(*found->second, device_id);
}

core::Result<std::size_t> KeyRing::DestroyKeysBefore(UtcDay day) {
  std::unique_lock lock(impl_->mu);
  const auto end = impl_->keys.lower_bound(day);
  const auto destroyed = static_cast<std::size_t>(std::distance(impl_->keys.begin(), end));
  // Erasing destroys each DayKey: SecretBytes and the OpenSSL contexts wipe themselves.
  impl_->keys.erase(impl_->keys.begin(), end);
  // The boundary only moves forward: a smaller `day` must not make destroyed days usable again.
  impl_->destroyed_before = std::max(impl_->destroyed_before.value_or(day), day);
  return destroyed;
}

std::vector<UtcDay> KeyRing::Days() const {
  std::shared_lock lock(impl_->mu);
  std::vector<UtcDay> days;
  days.reserve(impl_->keys.size());
  for (const auto& entry : impl_->keys) {
    days.push_back(entry.first);
  }
  return days;
}

std::optional<UtcDay> KeyRing::destroyed_before() const {
  std::shared_lock lock(impl_->mu);
  return impl_->destroyed_before;
}

core::Result<SealedKeyRing> KeyRing::Export(const SecretBytes& master_key) const {
  std::shared_lock lock(impl_->mu);
  SealedKeyRing state;
  state.destroyed_before = impl_->destroyed_before;
  for (const auto& [day, day_key] : impl_->keys) {
    auto sealed = Seal(day, day_key->key, master_key);
    if (!sealed) {
      return core::Fail(std::move(sealed.error()));
    }
    state.keys.push_back(SealedDayKey{day, std::move(*sealed)});
  }
  return state;
}

}  // namespace storeops::privacy
