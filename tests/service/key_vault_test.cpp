// SPDX-License-Identifier: Apache-2.0
// The persisted key ring over the memory KeyRepository: keys are stored before their first
// token leaves, survive a reopen, and destruction reaches storage and memory.
#include "storeops/service/key_vault.hpp"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "storeops/privacy/keys.hpp"
#include "storeops/testing/memory_storage.hpp"

namespace storeops::service {
namespace {

using std::chrono::days;
using std::chrono::hours;

// 2026-11-23T14:00:00Z
constexpr core::Timestamp kNow = core::FromEpochMs(1'795'442'400'000);
constexpr std::string_view kMac = "a4:5e:60:c1:22:9b";

privacy::SecretBytes Master() {
  auto key = privacy::GenerateKey();
  EXPECT_TRUE(key.has_value());
  return std::move(*key);
}

std::unique_ptr<KeyVault> OpenVault(storage::KeyRepository& keys,
                                    const privacy::SecretBytes& master) {
  auto vault = KeyVault::Open(keys, master);
  EXPECT_TRUE(vault.has_value()) << (vault ? "" : vault.error().message);
  return vault ? std::move(*vault) : nullptr;
}

TEST(KeyVault, TokensOfADayAreTheSameAfterReopening) {
  testing::MemoryKeyRepository keys;
  const auto master = Master();
  std::string before;
  {
    auto vault = OpenVault(keys, master);
    auto token = vault->Tokenise(kMac, kNow);
    ASSERT_TRUE(token.has_value());
    before = *token;
  }

  auto vault = OpenVault(keys, master);
  auto same_day = vault->Tokenise("A4-5E-60-C1-22-9B", kNow + hours(3));
  auto next_day = vault->Tokenise(kMac, kNow + days(1));

  ASSERT_TRUE(same_day.has_value());
  EXPECT_EQ(*same_day, before);
  ASSERT_TRUE(next_day.has_value());
  EXPECT_NE(*next_day, before);
}

TEST(KeyVault, EachNewDaysKeyIsStoredSealedOnce) {
  testing::MemoryKeyRepository keys;
  const auto master = Master();
  auto vault = OpenVault(keys, master);

  ASSERT_TRUE(vault->Tokenise(kMac, kNow).has_value());
  ASSERT_TRUE(vault->Tokenise("3C-22-FB-10-AA-07", kNow + hours(1)).has_value());
  ASSERT_TRUE(vault->Tokenise(kMac, kNow + days(1)).has_value());

  EXPECT_EQ(keys.save_calls(), 2);
  auto stored = keys.LoadKeys();
  ASSERT_TRUE(stored.has_value());
  ASSERT_EQ(stored->keys.size(), 2U);
  EXPECT_EQ(stored->keys[0].day, std::chrono::floor<days>(kNow));
  EXPECT_EQ(stored->keys[0].sealed.size(), privacy::kSealedKeyBytes);
}

TEST(KeyVault, NoTokenLeavesBeforeItsKeyIsStored) {
  testing::MemoryKeyRepository keys;
  const auto master = Master();
  auto vault = OpenVault(keys, master);
  keys.SetUnavailable(true);

  auto refused = vault->Tokenise(kMac, kNow);

  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kUnavailable);
  keys.SetUnavailable(false);
  auto token = vault->Tokenise(kMac, kNow);
  ASSERT_TRUE(token.has_value());
  auto reopened = OpenVault(keys, master);
  auto again = reopened->Tokenise(kMac, kNow);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, *token);
}

TEST(KeyVault, AnotherMasterKeyCannotOpenTheStoredKeys) {
  testing::MemoryKeyRepository keys;
  {
    auto vault = OpenVault(keys, Master());
    ASSERT_TRUE(vault->Tokenise(kMac, kNow).has_value());
  }

  auto opened = KeyVault::Open(keys, Master());

  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(KeyVault, DestroyedDaysAreGoneFromStorageAndMemoryAndStayRefused) {
  testing::MemoryKeyRepository keys;
  const auto master = Master();
  auto vault = OpenVault(keys, master);
  for (int d = 0; d < 3; ++d) {
    ASSERT_TRUE(vault->Tokenise(kMac, kNow + days(d)).has_value());
  }
  const auto today = std::chrono::floor<days>(kNow);

  auto destroyed = vault->DestroyKeysBefore(today + days(2));

  ASSERT_TRUE(destroyed.has_value());
  EXPECT_EQ(*destroyed, 2);
  EXPECT_EQ(vault->Days(), (std::vector<std::chrono::sys_days>{today + days(2)}));
  auto refused = vault->Tokenise(kMac, kNow);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kFailedPrecondition);
  auto reopened = OpenVault(keys, master);
  EXPECT_EQ(reopened->Days(), (std::vector<std::chrono::sys_days>{today + days(2)}));
  auto still_refused = reopened->Tokenise(kMac, kNow + days(1));
  ASSERT_FALSE(still_refused.has_value());
  EXPECT_EQ(still_refused.error().code, core::ErrorCode::kFailedPrecondition);
}

TEST(KeyVault, BadIdentifierIsInvalidArgumentNamingDeviceId) {
  testing::MemoryKeyRepository keys;
  auto vault = OpenVault(keys, Master());

  auto token = vault->Tokenise("", kNow);

  ASSERT_FALSE(token.has_value());
  EXPECT_EQ(token.error().code, core::ErrorCode::kInvalidArgument);
  ASSERT_FALSE(token.error().details.empty());
  EXPECT_EQ(token.error().details[0].field, "device_id");
  EXPECT_EQ(keys.save_calls(), 0);
}

}  // namespace
}  // namespace storeops::service
