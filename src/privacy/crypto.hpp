// SPDX-License-Identifier: Apache-2.0
// Private OpenSSL wrappers: hex, keyed HMAC-SHA256 with a pool of reusable contexts, and AES-GCM
// sealing under a label. Only this file's .cpp includes OpenSSL headers.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storeops/core/result.hpp"
#include "storeops/privacy/keys.hpp"

namespace storeops::privacy::internal {

/// Lower-case hex of `bytes`.
[[nodiscard]] std::string HexEncode(std::span<const uint8_t> bytes);

/// Writes lower-case hex of `bytes` into `out` (2 * bytes.size() chars).
void HexEncodeInto(std::span<const uint8_t> bytes, char* out);

/// Decodes exactly `out.size()` bytes from `text` (2 digits each); false on any bad digit/length.
[[nodiscard]] bool HexDecode(std::string_view text, std::span<uint8_t> out);

/// Wipes a buffer in a way the compiler cannot drop (OPENSSL_cleanse).
void Wipe(void* data, std::size_t size);

using HmacDigest = std::array<uint8_t, 32>;

/// HMAC-SHA256 under one key. The key is absorbed once into a template context; each call takes
/// a pooled copy and re-initialises it without the key (OpenSSL then restores the precomputed
/// inner/outer states), so the hot path does no key schedule and, in steady state, no allocation
/// of contexts. Thread-safe. Destruction frees (and so cleanses) every context.
class KeyedHmac {
 public:
  [[nodiscard]] static core::Result<std::unique_ptr<KeyedHmac>> Create(
      std::span<const uint8_t> key);
  ~KeyedHmac();
  KeyedHmac(const KeyedHmac&) = delete;
  KeyedHmac& operator=(const KeyedHmac&) = delete;

  [[nodiscard]] core::Status Compute(std::span<const uint8_t> message, HmacDigest& out) const;

 private:
  explicit KeyedHmac(void* template_ctx) : template_(template_ctx) {}

  void* template_;  // EVP_MAC_CTX*, keyed
  mutable std::mutex mu_;
  mutable std::vector<void*> free_;  // EVP_MAC_CTX* ready for reuse
};

/// AES-256-GCM: `version || nonce || ciphertext || tag` with `label` as associated data.
[[nodiscard]] core::Result<std::vector<uint8_t>> SealWithLabel(std::string_view label,
                                                               const SecretBytes& plaintext,
                                                               const SecretBytes& master_key);

/// Reverses SealWithLabel for a plaintext of `kKeyBytes`; errors name the field "sealed_key".
[[nodiscard]] core::Result<SecretBytes> UnsealWithLabel(std::string_view label,
                                                        std::span<const uint8_t> sealed,
                                                        const SecretBytes& master_key);

}  // namespace storeops::privacy::internal
