// SPDX-License-Identifier: Apache-2.0
// Device identifiers become keyed tokens: `token = HMAC-SHA256(day_key, canonical id)`, first 16
// bytes as 32 hex digits. `KeyRing` holds one random key per UTC day and destroys old ones, after
// which that day's tokens can never be produced (or linked) again. `OptOutList` recognises
// opted-out devices every day without keeping their identifiers.
//
//   privacy::KeyRing ring;
//   auto token = ring.Tokenise("AA-BB-CC-DD-EE-FF", event.ts);   // "3f1c...", 32 hex digits
//   ring.DestroyKeysBefore(privacy::UtcDayOf(now) - std::chrono::days{2});
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storeops/core/result.hpp"
#include "storeops/core/time.hpp"
#include "storeops/privacy/keys.hpp"

namespace storeops::privacy {

/// Longest free-form (non-MAC) device identifier accepted, in bytes after trimming.
inline constexpr std::size_t kMaxDeviceIdBytes = 128;

/// Length of a token in hex digits (16 bytes of the HMAC).
inline constexpr std::size_t kTokenHexDigits = 32;

enum class DeviceIdKind { kMac, kOpaque };

/// A device identifier in canonical form: the 6 bytes of a MAC address, or the trimmed bytes of
/// any other identifier. Kept inline (no heap) and wiped on destruction; meant to live only for
/// the duration of one event's processing.
class CanonicalDeviceId {
 public:
  CanonicalDeviceId(const CanonicalDeviceId& other) = default;
  CanonicalDeviceId& operator=(const CanonicalDeviceId& other) = default;
  ~CanonicalDeviceId();

  [[nodiscard]] DeviceIdKind kind() const { return kind_; }

  /// The canonical bytes without the kind tag (6 bytes for a MAC).
  [[nodiscard]] std::span<const uint8_t> bytes() const { return {buffer_.data() + 1, size_ - 1}; }

  /// What is hashed: a one-byte kind tag then the bytes, so an opaque id can never collide with a
  /// MAC whose raw bytes happen to be the same.
  [[nodiscard]] std::span<const uint8_t> hash_input() const { return {buffer_.data(), size_}; }

 private:
  friend core::Result<CanonicalDeviceId> NormaliseDeviceId(std::string_view device_id);
  CanonicalDeviceId() = default;

  DeviceIdKind kind_ = DeviceIdKind::kOpaque;
  std::size_t size_ = 1;
  std::array<uint8_t, kMaxDeviceIdBytes + 1> buffer_{};
};

/// Normalises a device identifier. Surrounding ASCII whitespace is trimmed. A MAC address in any
/// common spelling (`aa:bb:cc:dd:ee:ff`, `AA-BB-CC-DD-EE-FF`, `aabb.ccdd.eeff`, `aabb-ccdd-eeff`,
/// `aabbccddeeff`, any case) gives its 6 bytes; anything else is an opaque id kept as given.
/// kInvalidArgument with field "device_id" when empty, longer than `kMaxDeviceIdBytes`, or holding
/// control characters. The identifier itself never appears in an error message. Thread-safe.
[[nodiscard]] core::Result<CanonicalDeviceId> NormaliseDeviceId(std::string_view device_id);

/// One sealed day key, as the service stores it.
struct SealedDayKey {
  UtcDay day;
  std::vector<uint8_t> sealed;  ///< `Seal(day, key, master)`.
};

/// Everything a `KeyRing` needs to come back after a restart; contains no clear key material.
struct SealedKeyRing {
  /// Keys of days before this one were destroyed; such days stay refused after a restore.
  std::optional<UtcDay> destroyed_before;
  std::vector<SealedDayKey> keys;  ///< Ordered by day.
};

/// Day keys and tokenisation. All methods are thread-safe. Tokenising for a day whose key exists
/// takes only a shared lock and one HMAC on a pooled, already-keyed OpenSSL context.
class KeyRing {
 public:
  /// An empty ring: keys are created (RAND_bytes) on first use of each day.
  KeyRing();
  ~KeyRing();
  KeyRing(KeyRing&& other) noexcept;
  KeyRing& operator=(KeyRing&& other) noexcept;
  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;

  /// Rebuilds a ring from `Export`. kInvalidArgument when a key fails to unseal (see `Unseal`),
  /// a day repeats, or a key is older than `destroyed_before`.
  [[nodiscard]] static core::Result<KeyRing> Restore(const SealedKeyRing& state,
                                                     const SecretBytes& master_key);

  /// The token of `device_id` on the UTC day of `ts`. kInvalidArgument (field "device_id") for a
  /// bad identifier, kFailedPrecondition (field "ts") when that day's key was destroyed, kInternal
  /// if OpenSSL fails.
  [[nodiscard]] core::Result<std::string> Tokenise(std::string_view device_id, core::Timestamp ts);

  /// As above for an already normalised identifier and an explicit day.
  [[nodiscard]] core::Result<std::string> Tokenise(const CanonicalDeviceId& device_id, UtcDay day);

  /// Destroys (wipes) the keys of every day before `day` and refuses those days from now on.
  /// Never moves the boundary backwards. Returns how many keys were destroyed.
  [[nodiscard]] core::Result<std::size_t> DestroyKeysBefore(UtcDay day);

  /// The days that currently have a key, ascending.
  [[nodiscard]] std::vector<UtcDay> Days() const;

  /// The destruction boundary, if any key was ever destroyed.
  [[nodiscard]] std::optional<UtcDay> destroyed_before() const;

  /// Every key sealed under `master_key`, plus the destruction boundary. kInvalidArgument when
  /// `master_key` is not `kKeyBytes` long; kInternal if OpenSSL fails.
  [[nodiscard]] core::Result<SealedKeyRing> Export(const SecretBytes& master_key) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Devices whose owners opted out. Entries are `HMAC-SHA256(opt_out_key, canonical id)` (16 bytes,
/// hex) under one long-lived key, separate from the day keys, so an opted-out device is recognised
/// on every day while no identifier is kept. All methods are thread-safe.
class OptOutList {
 public:
  ~OptOutList();
  OptOutList(OptOutList&& other) noexcept;
  OptOutList& operator=(OptOutList&& other) noexcept;
  OptOutList(const OptOutList&) = delete;
  OptOutList& operator=(const OptOutList&) = delete;

  /// An empty list with a fresh opt-out key. kInternal if the random generator fails.
  [[nodiscard]] static core::Result<OptOutList> Create();

  /// Rebuilds a list from `ExportSealedKey` and `ExportEntries`. kInvalidArgument when the key
  /// does not unseal (field "sealed_key") or an entry is not 32 hex digits (field "entries[i]").
  [[nodiscard]] static core::Result<OptOutList> Restore(std::span<const uint8_t> sealed_key,
                                                        const SecretBytes& master_key,
                                                        const std::vector<std::string>& entries);

  /// Adds a device; adding it twice is not an error. kInvalidArgument (field "device_id").
  [[nodiscard]] core::Status Add(std::string_view device_id);

  /// Removes a device (its owner opted back in); absent devices are not an error.
  [[nodiscard]] core::Status Remove(std::string_view device_id);

  /// Whether the device opted out. kInvalidArgument (field "device_id") for a bad identifier.
  [[nodiscard]] core::Result<bool> Contains(std::string_view device_id) const;

  /// As above for an already normalised identifier.
  [[nodiscard]] core::Result<bool> Contains(const CanonicalDeviceId& device_id) const;

  [[nodiscard]] std::size_t size() const;

  /// The hashed entries, sorted, as 32 hex digits each.
  [[nodiscard]] std::vector<std::string> ExportEntries() const;

  /// The opt-out key sealed under `master_key` (associated data "storeops/opt-out-key/v1").
  [[nodiscard]] core::Result<std::vector<uint8_t>> ExportSealedKey(
      const SecretBytes& master_key) const;

 private:
  struct Impl;
  explicit OptOutList(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace storeops::privacy
