// SPDX-License-Identifier: Apache-2.0
// Key material for the privacy filter: `SecretBytes` (wiped on destruction), the master key that
// encrypts day keys at rest, and `Seal`/`Unseal` (AES-256-GCM) for storing day keys in the
// database. The master key lives in a 0600 file or in STOREOPS_MASTER_KEY, never in the database.
//
//   auto master = privacy::LoadOrCreateMasterKey("/var/lib/storeops/master.key");
//   auto blob = privacy::Seal(privacy::UtcDayOf(ts), day_key, *master);   // store blob
//   auto again = privacy::Unseal(day, *blob, *master);                     // on restart
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storeops/core/result.hpp"
#include "storeops/core/time.hpp"

namespace storeops::privacy {

/// Size in bytes of every key here: day keys, the opt-out key and the master key.
inline constexpr std::size_t kKeyBytes = 32;

/// A UTC calendar day. Day keys are per UTC day (not store-local) so that each key covers exactly
/// one 24 h window and destroying "everything before day D" is a single, DST-free comparison.
using UtcDay = std::chrono::sys_days;

/// The UTC calendar day an instant falls in (floor, so instants before 1970 work too).
[[nodiscard]] UtcDay UtcDayOf(core::Timestamp ts);

/// "2026-11-23": the day as used in messages and in the sealed key's associated data.
[[nodiscard]] std::string FormatUtcDay(UtcDay day);

/// Owned secret bytes that are wiped (OPENSSL_cleanse) when destroyed or moved from. Move-only,
/// so copies are explicit (`Clone`). Not thread-safe for mutation; const access may be shared.
class SecretBytes {
 public:
  SecretBytes() = default;

  /// `size` zero bytes.
  explicit SecretBytes(std::size_t size);

  /// A copy of `bytes`; the caller stays responsible for wiping its own buffer.
  explicit SecretBytes(std::span<const uint8_t> bytes);

  ~SecretBytes();
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  /// An explicit deep copy.
  [[nodiscard]] SecretBytes Clone() const;

  /// Constant-time comparison (length is not secret).
  [[nodiscard]] bool Equals(const SecretBytes& other) const;

  [[nodiscard]] std::span<const uint8_t> bytes() const { return {data_.get(), size_}; }

  [[nodiscard]] std::span<uint8_t> mutable_bytes() { return {data_.get(), size_}; }

  [[nodiscard]] std::size_t size() const { return size_; }

  [[nodiscard]] bool empty() const { return size_ == 0; }

 private:
  void Wipe();

  std::unique_ptr<uint8_t[]> data_;
  std::size_t size_ = 0;
};

/// `kKeyBytes` fresh bytes from OpenSSL's CSPRNG (RAND_bytes). kInternal if it fails.
[[nodiscard]] core::Result<SecretBytes> GenerateKey();

/// Reads the master key from `path`: 64 hex digits (any case), optionally followed by whitespace.
/// When the file does not exist it is created with O_CREAT|O_EXCL and mode 0600, filled with a
/// fresh key, and fsynced (the folder too). Errors: kFailedPrecondition when the file is not a
/// regular file or is accessible by group or others (the message names the path and `chmod 600`);
/// kInvalidArgument when its content is not a key (a partial file is never overwritten: losing a
/// master key loses every sealed day key); kUnavailable for I/O failures. Thread-safe.
[[nodiscard]] core::Result<SecretBytes> LoadOrCreateMasterKey(const std::filesystem::path& path);

/// Parses the value of STOREOPS_MASTER_KEY: 64 hex digits, surrounding whitespace ignored.
/// kInvalidArgument naming STOREOPS_MASTER_KEY otherwise; the value never appears in the message.
[[nodiscard]] core::Result<SecretBytes> MasterKeyFromEnvironment(std::string_view value);

/// Sealed format version 1: `0x01 || nonce (12) || ciphertext (32) || GCM tag (16)`, 61 bytes.
inline constexpr uint8_t kSealVersion = 1;

/// Size of a version-1 sealed day key.
inline constexpr std::size_t kSealedKeyBytes = 1 + 12 + kKeyBytes + 16;

/// Encrypts a day key with AES-256-GCM under `master_key`, with a fresh random nonce and the day
/// ("storeops/day-key/v1/2026-11-23") as associated data, so a blob cannot be replayed as another
/// day's key. kInvalidArgument when either key is not `kKeyBytes` long; kInternal if OpenSSL fails.
[[nodiscard]] core::Result<std::vector<uint8_t>> Seal(UtcDay day, const SecretBytes& key,
                                                      const SecretBytes& master_key);

/// Reverses `Seal`. kInvalidArgument (field "sealed_key") when the blob has the wrong size or an
/// unknown version, or fails authentication: it was altered, it belongs to another day, or
/// `master_key` is not the one that sealed it (GCM cannot tell these apart).
[[nodiscard]] core::Result<SecretBytes> Unseal(UtcDay day, std::span<const uint8_t> sealed,
                                               const SecretBytes& master_key);

}  // namespace storeops::privacy
