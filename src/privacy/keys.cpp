// SPDX-License-Identifier: Apache-2.0
#include "storeops/privacy/keys.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "crypto.hpp"

namespace storeops::privacy {
namespace {

std::string DayLabel(UtcDay day) { return "storeops/day-key/v1/" + FormatUtcDay(day); }

std::string PadNumber(int value, std::size_t width) {
  std::string text = std::to_string(value < 0 ? -value : value);
  if (text.size() < width) {
    text.insert(0, width - text.size(), '0');
  }
  return value < 0 ? "-" + text : text;
}

}  // namespace

UtcDay UtcDayOf(core::Timestamp ts) { return std::chrono::floor<std::chrono::days>(ts); }

std::string FormatUtcDay(UtcDay day) {
  const std::chrono::year_month_day date{day};
  return PadNumber(static_cast<int>(date.year()), 4) + "-" +
         PadNumber(static_cast<int>(static_cast<unsigned>(date.month())), 2) + "-" +
         PadNumber(static_cast<int>(static_cast<unsigned>(date.day())), 2);
}

SecretBytes::SecretBytes(std::size_t size)
    : data_(std::make_unique<uint8_t[]>(size)), size_(size) {}

SecretBytes::SecretBytes(std::span<const uint8_t> bytes) : SecretBytes(bytes.size()) {
  std::copy(bytes.begin(), bytes.end(), data_.get());
}

SecretBytes::~SecretBytes() { Wipe(); }

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::move(other.data_)), size_(std::exchange(other.size_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Wipe();
    data_ = std::move(other.data_);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SecretBytes SecretBytes::Clone() const { return SecretBytes(bytes()); }

bool SecretBytes::Equals(const SecretBytes& other) const {
  return size_ == other.size_ &&
         (size_ == 0 || CRYPTO_memcmp(data_.get(), other.data_.get(), size_) == 0);
}

void SecretBytes::Wipe() {
  if (data_ != nullptr) {
    OPENSSL_cleanse(data_.get(), size_);
  }
}

core::Result<SecretBytes> GenerateKey() {
  SecretBytes key(kKeyBytes);
  if (RAND_bytes(key.mutable_bytes().data(), static_cast<int>(kKeyBytes)) != 1) {
    return core::Fail(core::ErrorCode::kInternal, "OpenSSL failed: RAND_bytes");
  }
  return key;
}

core::Result<std::vector<uint8_t>> Seal(UtcDay day, const SecretBytes& key,
                                        const SecretBytes& master_key) {
  return internal::SealWithLabel(DayLabel(day), key, master_key);
}

core::Result<SecretBytes> Unseal(UtcDay day, std::span<const uint8_t> sealed,
                                 const SecretBytes& master_key) {
  auto key = internal::UnsealWithLabel(DayLabel(day), sealed, master_key);
  if (!key) {
    key.error().message = "day key for " + FormatUtcDay(day) + ": " + key.error().message;
  }
  return key;
}

}  // namespace storeops::privacy
