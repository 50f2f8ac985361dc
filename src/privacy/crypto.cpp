// SPDX-License-Identifier: Apache-2.0
#include "crypto.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "storeops/core/hex.hpp"

namespace storeops::privacy::internal {
namespace {

constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;
constexpr char kHexDigits[] = "0123456789abcdef";

EVP_MAC_CTX* AsMacCtx(void* ctx) { return static_cast<EVP_MAC_CTX*>(ctx); }

// Fetched once per process: EVP_MAC_fetch looks the algorithm up in the provider tables, which is
// far too slow for the per-token path. Intentionally never freed (process lifetime).
EVP_MAC* HmacAlgorithm() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

// Associated data: the version byte then the label, so neither can be swapped.
std::string AssociatedData(std::string_view label) {
  std::string aad;
  aad.reserve(label.size() + 1);
  aad.push_back(static_cast<char>(kSealVersion));
  aad.append(label);
  return aad;
}

core::Status CheckKey(const SecretBytes& key, const char* field) {
  if (key.size() != kKeyBytes) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      std::string(field) + " must be " + std::to_string(kKeyBytes) + " bytes",
                      {{field, "wrong length"}});
  }
  return core::Ok();
}

tl::unexpected<core::Error> OpenSslFailure(const char* what) {
  return core::Fail(core::ErrorCode::kInternal, std::string("OpenSSL failed: ") + what);
}

}  // namespace

std::string HexEncode(std::span<const uint8_t> bytes) {
  std::string text(bytes.size() * 2, '\0');
  HexEncodeInto(bytes, text.data());
  return text;
}

void HexEncodeInto(std::span<const uint8_t> bytes, char* out) {
  for (uint8_t byte : bytes) {
    *out++ = kHexDigits[byte >> 4];
    *out++ = kHexDigits[byte & 0x0f];
  }
}

bool HexDecode(std::string_view text, std::span<uint8_t> out) {
  if (text.size() != out.size() * 2) {
    return false;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int high = core::HexDigitValue(text[2 * i]);
    const int low = core::HexDigitValue(text[2 * i + 1]);
    if (high < 0 || low < 0) {
      return false;
    }
    out[i] = static_cast<uint8_t>((high << 4) | low);
  }
  return true;
}

void Wipe(void* data, std::size_t size) { OPENSSL_cleanse(data, size); }

core::Result<std::unique_ptr<KeyedHmac>> KeyedHmac::Create(std::span<const uint8_t> key) {
  EVP_MAC* mac = HmacAlgorithm();
  if (mac == nullptr) {
    return OpenSslFailure("HMAC is not available");
  }
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  if (ctx == nullptr) {
    return OpenSslFailure("EVP_MAC_CTX_new");
  }
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_MAC_init(ctx, key.data(), key.size(), params) != 1) {
    EVP_MAC_CTX_free(ctx);
    return OpenSslFailure("EVP_MAC_init");
  }
  return std::unique_ptr<KeyedHmac>(new KeyedHmac(ctx));
}

KeyedHmac::~KeyedHmac() {
  // EVP_MAC_CTX_free cleanses the HMAC states and the provider's copy of the key.
  for (void* ctx : free_) {
    EVP_MAC_CTX_free(AsMacCtx(ctx));
  }
  EVP_MAC_CTX_free(AsMacCtx(template_));
}

core::Status KeyedHmac::Compute(std::span<const uint8_t> message, HmacDigest& out) const {
  EVP_MAC_CTX* ctx = nullptr;
  {
    std::lock_guard lock(mu_);
    if (!free_.empty()) {
      ctx = AsMacCtx(free_.back());
      free_.pop_back();
    } else {
      // Only while the pool warms up (one context per concurrent caller); under the lock because
      // OpenSSL does not promise that duplicating one context from several threads is safe.
      ctx = EVP_MAC_CTX_dup(AsMacCtx(template_));
    }
  }
  if (ctx == nullptr) {
    return OpenSslFailure("EVP_MAC_CTX_dup");
  }
  std::size_t written = 0;
  // A null key re-initialises with the key already set: the precomputed states are restored.
  const bool ok = EVP_MAC_init(ctx, nullptr, 0, nullptr) == 1 &&
                  EVP_MAC_update(ctx, message.data(), message.size()) == 1 &&
                  EVP_MAC_final(ctx, out.data(), &written, out.size()) == 1 &&
                  written == out.size();
  if (!ok) {
    EVP_MAC_CTX_free(ctx);
    return OpenSslFailure("HMAC-SHA256");
  }
  // The context goes back with no trace of the message: SHA-256's final step cleanses its block
  // buffer, so pooled contexts hold only the key-derived states.
  std::lock_guard lock(mu_);
  free_.push_back(ctx);
  return core::Ok();
}

core::Result<std::vector<uint8_t>> SealWithLabel(std::string_view label,
                                                 const SecretBytes& plaintext,
                                                 const SecretBytes& master_key) {
  if (auto status = CheckKey(master_key, "master_key"); !status) {
    return core::Fail(status.error());
  }
  if (auto status = CheckKey(plaintext, "key"); !status) {
    return core::Fail(status.error());
  }
  std::vector<uint8_t> sealed(1 + kNonceBytes + plaintext.size() + kTagBytes);
  sealed[0] = kSealVersion;
  uint8_t* nonce = sealed.data() + 1;
  uint8_t* ciphertext = nonce + kNonceBytes;
  uint8_t* tag = ciphertext + plaintext.size();
  // A random 96-bit nonce per seal: keys are sealed a few times a day, far below the 2^32
  // messages per key at which random GCM nonces start to risk repeating.
  if (RAND_bytes(nonce, static_cast<int>(kNonceBytes)) != 1) {
    return OpenSslFailure("RAND_bytes");
  }
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  const std::string aad = AssociatedData(label);
  int length = 0;
  const bool ok =
      ctx != nullptr &&
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, master_key.bytes().data(), nonce) ==
          1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &length, reinterpret_cast<const uint8_t*>(aad.data()),
                        static_cast<int>(aad.size())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), ciphertext, &length, plaintext.bytes().data(),
                        static_cast<int>(plaintext.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), ciphertext + length, &length) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes), tag) == 1;
  if (!ok) {
    return OpenSslFailure("AES-256-GCM encryption");
  }
  return sealed;
}

core::Result<SecretBytes> UnsealWithLabel(std::string_view label, std::span<const uint8_t> sealed,
                                          const SecretBytes& master_key) {
  if (auto status = CheckKey(master_key, "master_key"); !status) {
    return core::Fail(status.error());
  }
  if (sealed.size() != kSealedKeyBytes) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "sealed key has " + std::to_string(sealed.size()) + " bytes, expected " +
                          std::to_string(kSealedKeyBytes),
                      {{"sealed_key", "wrong length"}});
  }
  if (sealed[0] != kSealVersion) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "sealed key has unknown format version " + std::to_string(sealed[0]),
                      {{"sealed_key", "unknown version"}});
  }
  const uint8_t* nonce = sealed.data() + 1;
  const uint8_t* ciphertext = nonce + kNonceBytes;
  const uint8_t* tag = ciphertext + kKeyBytes;
  // OpenSSL's SET_TAG takes a non-const pointer but only reads it; copy rather than cast away
  // const.
  std::array<uint8_t, kTagBytes> tag_copy{};
  std::copy(tag, tag + kTagBytes, tag_copy.begin());

  SecretBytes plaintext(kKeyBytes);
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  const std::string aad = AssociatedData(label);
  int length = 0;
  const bool setup_ok =
      ctx != nullptr &&
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, master_key.bytes().data(), nonce) ==
          1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &length, reinterpret_cast<const uint8_t*>(aad.data()),
                        static_cast<int>(aad.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), plaintext.mutable_bytes().data(), &length, ciphertext,
                        static_cast<int>(kKeyBytes)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes),
                          tag_copy.data()) == 1;
  if (!setup_ok) {
    return OpenSslFailure("AES-256-GCM decryption");
  }
  if (EVP_DecryptFinal_ex(ctx.get(), plaintext.mutable_bytes().data() + length, &length) != 1) {
    // `plaintext` is wiped by its destructor; unauthenticated bytes never leave this function.
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "sealed key failed authentication: wrong master key, sealed for another "
                      "purpose or day, or altered",
                      {{"sealed_key", "authentication failed"}});
  }
  return plaintext;
}

}  // namespace storeops::privacy::internal
