// SPDX-License-Identifier: Apache-2.0
#include "storeops/privacy/keys.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/core/time.hpp"

namespace storeops::privacy {
namespace {

using std::chrono::days;

UtcDay Day(const char* rfc3339) { return UtcDayOf(*core::ParseRfc3339(rfc3339)); }

TEST(UtcDay, FloorsToTheUtcCalendarDay) {
  EXPECT_EQ(FormatUtcDay(Day("2026-11-23T00:00:00Z")), "2026-11-23");
  EXPECT_EQ(FormatUtcDay(Day("2026-11-23T23:59:59.999Z")), "2026-11-23");
  EXPECT_EQ(FormatUtcDay(Day("2026-11-23T20:00:00-06:00")), "2026-11-24");
  EXPECT_EQ(FormatUtcDay(UtcDayOf(core::FromEpochMs(-1))), "1969-12-31");
}

TEST(SecretBytes, MovesCloneAndCompare) {
  auto key = GenerateKey();
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->size(), kKeyBytes);
  SecretBytes copy = key->Clone();
  EXPECT_TRUE(copy.Equals(*key));
  SecretBytes moved = std::move(copy);
  EXPECT_TRUE(moved.Equals(*key));
  EXPECT_TRUE(copy.empty());  // NOLINT(bugprone-use-after-move): documented moved-from state
  auto other = GenerateKey();
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(other->Equals(*key));
}

class SealTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto master = GenerateKey();
    auto key = GenerateKey();
    ASSERT_TRUE(master && key);
    master_ = std::move(*master);
    key_ = std::move(*key);
    auto sealed = Seal(day_, key_, master_);
    ASSERT_TRUE(sealed.has_value());
    sealed_ = std::move(*sealed);
  }

  void ExpectRejected(const std::vector<uint8_t>& blob, UtcDay day) {
    auto key = Unseal(day, blob, master_);
    ASSERT_FALSE(key.has_value());
    EXPECT_EQ(key.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(key.error().details.at(0).field, "sealed_key");
    EXPECT_NE(key.error().message.find(FormatUtcDay(day)), std::string::npos);
  }

  UtcDay day_ = Day("2026-11-23T12:00:00Z");
  SecretBytes master_;
  SecretBytes key_;
  std::vector<uint8_t> sealed_;
};

TEST_F(SealTest, RoundTripGivesTheKeyBack) {
  EXPECT_EQ(sealed_.size(), kSealedKeyBytes);
  EXPECT_EQ(sealed_[0], kSealVersion);
  auto key = Unseal(day_, sealed_, master_);
  ASSERT_TRUE(key.has_value());
  EXPECT_TRUE(key->Equals(key_));
}

TEST_F(SealTest, EachSealUsesAFreshNonce) {
  auto again = Seal(day_, key_, master_);
  ASSERT_TRUE(again.has_value());
  EXPECT_NE(*again, sealed_);
  EXPECT_TRUE(Unseal(day_, *again, master_)->Equals(key_));
}

TEST_F(SealTest, TamperingWithAnyPartIsRejected) {
  // Offsets into version || nonce (12) || ciphertext (32) || tag (16).
  struct Part {
    const char* name;
    std::size_t offset;
  };

  constexpr std::array<Part, 7> kParts{{
      {"version", 0},
      {"nonce first byte", 1},
      {"nonce last byte", 12},
      {"ciphertext first byte", 13},
      {"ciphertext last byte", 44},
      {"tag first byte", 45},
      {"tag last byte", 60},
  }};
  for (const Part& part : kParts) {
    SCOPED_TRACE(part.name);
    std::vector<uint8_t> tampered = sealed_;
    tampered[part.offset] ^= 0x01;
    ExpectRejected(tampered, day_);
  }
}

TEST_F(SealTest, TruncatedOrExtendedBlobIsRejected) {
  std::vector<uint8_t> shorter(sealed_.begin(), sealed_.end() - 1);
  ExpectRejected(shorter, day_);
  std::vector<uint8_t> longer = sealed_;
  longer.push_back(0);
  ExpectRejected(longer, day_);
  ExpectRejected({}, day_);
}

TEST_F(SealTest, WrongMasterKeyIsRejected) {
  auto other = GenerateKey();
  ASSERT_TRUE(other.has_value());
  auto key = Unseal(day_, sealed_, *other);
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(key.error().details.at(0).field, "sealed_key");
}

TEST_F(SealTest, AnotherDayIsRejected) { ExpectRejected(sealed_, day_ + days{1}); }

TEST_F(SealTest, KeysOfTheWrongLengthAreRejectedNamingThem) {
  SecretBytes short_master(16);
  auto sealed = Seal(day_, key_, short_master);
  ASSERT_FALSE(sealed.has_value());
  EXPECT_EQ(sealed.error().details.at(0).field, "master_key");
  auto unsealed = Unseal(day_, sealed_, short_master);
  ASSERT_FALSE(unsealed.has_value());
  EXPECT_EQ(unsealed.error().details.at(0).field, "master_key");
  auto bad_key = Seal(day_, SecretBytes(31), master_);
  ASSERT_FALSE(bad_key.has_value());
  EXPECT_EQ(bad_key.error().details.at(0).field, "key");
}

TEST(MasterKeyFromEnvironment, ParsesHexInEitherCaseWithSurroundingSpace) {
  const std::string hex(64, 'a');
  auto lower = MasterKeyFromEnvironment(hex);
  auto upper = MasterKeyFromEnvironment("  " + std::string(64, 'A') + "\n");
  ASSERT_TRUE(lower && upper);
  EXPECT_TRUE(lower->Equals(*upper));
  EXPECT_EQ(lower->bytes()[0], 0xaa);
}

TEST(MasterKeyFromEnvironment, RejectsBadValuesWithoutEchoingThem) {
  const std::array<std::string, 5> bad_values{
      "",
      std::string(63, 'a'),
      std::string(65, 'a'),
      std::string(62, 'a') + "zz",
      std::string(32, 'a') + " " + std::string(31, 'a'),
  };
  for (const std::string& value : bad_values) {
    SCOPED_TRACE(value);
    auto key = MasterKeyFromEnvironment(value);
    ASSERT_FALSE(key.has_value());
    EXPECT_EQ(key.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(key.error().details.at(0).field, "STOREOPS_MASTER_KEY");
    if (!value.empty()) {
      EXPECT_EQ(key.error().message.find(value), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace storeops::privacy
