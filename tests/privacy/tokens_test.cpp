// SPDX-License-Identifier: Apache-2.0
#include "storeops/privacy/tokens.hpp"

#include <array>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/core/time.hpp"

namespace storeops::privacy {
namespace {

using std::chrono::days;

constexpr std::array<uint8_t, 6> kMacBytes{0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};

core::Timestamp At(const char* rfc3339) { return *core::ParseRfc3339(rfc3339); }

bool IsLowerHex(const std::string& text) {
  return text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST(NormaliseDeviceId, EveryMacSpellingGivesTheSameSixBytes) {
  constexpr std::array<const char*, 10> kSpellings{
      "aa:bb:cc:dd:ee:ff", "AA:BB:CC:DD:EE:FF",     "aa-bb-cc-dd-ee-ff", "AA-BB-CC-DD-EE-FF",
      "aabb.ccdd.eeff",    "AABB.CCDD.EEFF",        "aabb-ccdd-eeff",    "aabbccddeeff",
      "AaBbCcDdEeFf",      "  aa:bb:cc:dd:ee:ff\n",
  };
  for (const char* spelling : kSpellings) {
    SCOPED_TRACE(spelling);
    auto id = NormaliseDeviceId(spelling);
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(id->kind(), DeviceIdKind::kMac);
    ASSERT_EQ(id->bytes().size(), kMacBytes.size());
    EXPECT_TRUE(std::equal(kMacBytes.begin(), kMacBytes.end(), id->bytes().begin()));
  }
}

TEST(NormaliseDeviceId, OtherIdentifiersAreKeptTrimmedAsGiven) {
  struct Case {
    const char* input;
    std::string expected;
  };

  const std::array<Case, 5> cases{{
      {"550e8400-e29b-41d4-a716-446655440000", "550e8400-e29b-41d4-a716-446655440000"},
      {"  vendor:client/42 ", "vendor:client/42"},
      {"aa:bb:cc:dd:ee:gg", "aa:bb:cc:dd:ee:gg"},  // MAC-shaped with a bad digit: opaque
      {"aa:bb-cc:dd:ee:ff", "aa:bb-cc:dd:ee:ff"},  // mixed separators: opaque
      {"AABBCCDDEEF", "AABBCCDDEEF"},              // 11 digits: opaque
  }};
  for (const Case& test : cases) {
    SCOPED_TRACE(test.input);
    auto id = NormaliseDeviceId(test.input);
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(id->kind(), DeviceIdKind::kOpaque);
    EXPECT_EQ(std::string(id->bytes().begin(), id->bytes().end()), test.expected);
  }
}

TEST(NormaliseDeviceId, AcceptsExactly128BytesOfOpaqueId) {
  auto id = NormaliseDeviceId(std::string(kMaxDeviceIdBytes, 'x'));
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->bytes().size(), kMaxDeviceIdBytes);
}

TEST(NormaliseDeviceId, BadInputIsRejectedNamingTheFieldWithoutEchoingIt) {
  const std::array<std::string, 6> bad_inputs{
      "",
      "   \t\n",
      std::string(kMaxDeviceIdBytes + 1, 'x'),
      std::string("ab\0cd", 5),
      "tab\tinside",
      "del\x7f",
  };
  for (const std::string& input : bad_inputs) {
    SCOPED_TRACE(::testing::PrintToString(input));
    auto id = NormaliseDeviceId(input);
    ASSERT_FALSE(id.has_value());
    EXPECT_EQ(id.error().code, core::ErrorCode::kInvalidArgument);
    ASSERT_EQ(id.error().details.size(), 1U);
    EXPECT_EQ(id.error().details[0].field, "device_id");
    if (input.size() > 3) {
      EXPECT_EQ(id.error().message.find(input), std::string::npos);
    }
  }
}

TEST(NormaliseDeviceId, MacAndOpaqueIdWithTheSameBytesHashDifferently) {
  auto mac = NormaliseDeviceId("aa:bb:cc:dd:ee:ff");
  auto opaque = NormaliseDeviceId("\xaa\xbb\xcc\xdd\xee\xff");
  ASSERT_TRUE(mac.has_value());
  ASSERT_TRUE(opaque.has_value());
  EXPECT_TRUE(std::equal(mac->bytes().begin(), mac->bytes().end(), opaque->bytes().begin(),
                         opaque->bytes().end()));
  KeyRing ring;
  const UtcDay day = UtcDayOf(At("2026-11-23T10:00:00Z"));
  EXPECT_NE(*ring.Tokenise(*mac, day), *ring.Tokenise(*opaque, day));
}

TEST(KeyRing, SameDeviceSameDayGivesSameTokenAcrossSpellings) {
  KeyRing ring;
  auto first = ring.Tokenise("aa:bb:cc:dd:ee:ff", At("2026-11-23T00:00:00Z"));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->size(), kTokenHexDigits);
  EXPECT_TRUE(IsLowerHex(*first));
  for (const char* spelling : {"AA-BB-CC-DD-EE-FF", "aabb.ccdd.eeff", "AABBCCDDEEFF"}) {
    SCOPED_TRACE(spelling);
    auto again = ring.Tokenise(spelling, At("2026-11-23T23:59:59.999Z"));
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, *first);
  }
}

TEST(KeyRing, DifferentDaysAndDevicesGiveDifferentTokens) {
  KeyRing ring;
  auto monday = ring.Tokenise("aa:bb:cc:dd:ee:ff", At("2026-11-23T23:59:59Z"));
  auto tuesday = ring.Tokenise("aa:bb:cc:dd:ee:ff", At("2026-11-24T00:00:00Z"));
  auto other = ring.Tokenise("aa:bb:cc:dd:ee:fe", At("2026-11-23T12:00:00Z"));
  ASSERT_TRUE(monday && tuesday && other);
  EXPECT_NE(*monday, *tuesday);
  EXPECT_NE(*monday, *other);
  EXPECT_EQ(ring.Days().size(), 2U);
}

TEST(KeyRing, DayIsTheUtcCalendarDayNotTheStoreLocalOne) {
  KeyRing ring;
  // 23:30 in Chicago on the 23rd is already the 24th in UTC.
  auto local_evening = ring.Tokenise("aabbccddeeff", At("2026-11-23T23:30:00-06:00"));
  auto utc_morning = ring.Tokenise("aabbccddeeff", At("2026-11-24T06:00:00Z"));
  ASSERT_TRUE(local_evening && utc_morning);
  EXPECT_EQ(*local_evening, *utc_morning);
}

TEST(KeyRing, TwoRingsHaveIndependentKeys) {
  KeyRing a;
  KeyRing b;
  const core::Timestamp ts = At("2026-11-23T10:00:00Z");
  EXPECT_NE(*a.Tokenise("aa:bb:cc:dd:ee:ff", ts), *b.Tokenise("aa:bb:cc:dd:ee:ff", ts));
}

TEST(KeyRing, BadIdentifierIsInvalidArgumentNamingDeviceId) {
  KeyRing ring;
  auto token = ring.Tokenise("", At("2026-11-23T10:00:00Z"));
  ASSERT_FALSE(token.has_value());
  EXPECT_EQ(token.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(token.error().details.at(0).field, "device_id");
  EXPECT_TRUE(ring.Days().empty());
}

TEST(KeyRing, DestroyedDayIsRefusedAndNeverGivesTheOldToken) {
  KeyRing ring;
  const core::Timestamp day1 = At("2026-11-21T10:00:00Z");
  const core::Timestamp day2 = At("2026-11-22T10:00:00Z");
  const core::Timestamp day3 = At("2026-11-23T10:00:00Z");
  const std::string old_token = *ring.Tokenise("aa:bb:cc:dd:ee:ff", day1);
  const std::string kept_token = *ring.Tokenise("aa:bb:cc:dd:ee:ff", day3);

  auto destroyed = ring.DestroyKeysBefore(UtcDayOf(day2));
  ASSERT_TRUE(destroyed.has_value());
  EXPECT_EQ(*destroyed, 1U);
  EXPECT_EQ(ring.destroyed_before(), UtcDayOf(day2));

  for (int attempt = 0; attempt < 3; ++attempt) {
    auto late = ring.Tokenise("aa:bb:cc:dd:ee:ff", day1);
    ASSERT_FALSE(late.has_value());
    EXPECT_EQ(late.error().code, core::ErrorCode::kFailedPrecondition);
    EXPECT_EQ(late.error().details.at(0).field, "ts");
  }
  // Days at or after the boundary still work, and kept keys still give the same token.
  EXPECT_EQ(*ring.Tokenise("aa:bb:cc:dd:ee:ff", day3), kept_token);
  auto boundary = ring.Tokenise("aa:bb:cc:dd:ee:ff", day2);
  ASSERT_TRUE(boundary.has_value());
  EXPECT_NE(*boundary, old_token);
  for (UtcDay day : ring.Days()) {
    EXPECT_GE(day, UtcDayOf(day2));
  }
}

TEST(KeyRing, DestructionBoundaryNeverMovesBackwards) {
  KeyRing ring;
  ASSERT_TRUE(ring.DestroyKeysBefore(UtcDayOf(At("2026-11-23T00:00:00Z"))).has_value());
  ASSERT_TRUE(ring.DestroyKeysBefore(UtcDayOf(At("2026-11-20T00:00:00Z"))).has_value());
  EXPECT_EQ(ring.destroyed_before(), UtcDayOf(At("2026-11-23T00:00:00Z")));
  EXPECT_FALSE(ring.Tokenise("aabbccddeeff", At("2026-11-21T00:00:00Z")).has_value());
}

TEST(KeyRing, ConcurrentTokenisationFromFourThreadsIsConsistent) {
  KeyRing ring;
  constexpr int kThreads = 4;
  constexpr int kDevices = 50;
  constexpr int kRounds = 20;
  const core::Timestamp base = At("2026-11-23T10:00:00Z");
  auto device = [](int i) {
    std::string id = "02:00:00:00:00:00";
    id[15] = "0123456789abcdef"[i / 16];
    id[16] = "0123456789abcdef"[i % 16];
    return id;
  };
  // Each thread records its tokens for two days (one day's key is created concurrently).
  std::vector<std::vector<std::string>> seen(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        for (int i = 0; i < kDevices; ++i) {
          auto token = ring.Tokenise(device(i), base + days{i % 2});
          seen[static_cast<std::size_t>(t)].push_back(token ? *token : "error");
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (int t = 1; t < kThreads; ++t) {
    EXPECT_EQ(seen[static_cast<std::size_t>(t)], seen[0]);
  }
  std::set<std::string> distinct(seen[0].begin(), seen[0].end());
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kDevices));
  EXPECT_EQ(distinct.count("error"), 0U);
  EXPECT_EQ(ring.Days().size(), 2U);
}

TEST(KeyRing, ExportAndRestoreKeepTokensAndTheBoundary) {
  auto master = GenerateKey();
  ASSERT_TRUE(master.has_value());
  KeyRing ring;
  const core::Timestamp day1 = At("2026-11-22T10:00:00Z");
  const core::Timestamp day2 = At("2026-11-23T10:00:00Z");
  ASSERT_TRUE(ring.Tokenise("aabbccddeeff", day1).has_value());
  const std::string token = *ring.Tokenise("aabbccddeeff", day2);
  ASSERT_TRUE(ring.DestroyKeysBefore(UtcDayOf(day2)).has_value());

  auto state = ring.Export(*master);
  ASSERT_TRUE(state.has_value());
  ASSERT_EQ(state->keys.size(), 1U);
  EXPECT_EQ(state->keys[0].sealed.size(), kSealedKeyBytes);

  auto restored = KeyRing::Restore(*state, *master);
  ASSERT_TRUE(restored.has_value());
  EXPECT_EQ(*restored->Tokenise("AA:BB:CC:DD:EE:FF", day2), token);
  auto late = restored->Tokenise("aabbccddeeff", day1);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code, core::ErrorCode::kFailedPrecondition);
}

TEST(KeyRing, RestoreRefusesWrongMasterKeyDuplicatesAndKeysBeforeTheBoundary) {
  auto master = GenerateKey();
  auto other = GenerateKey();
  ASSERT_TRUE(master && other);
  KeyRing ring;
  ASSERT_TRUE(ring.Tokenise("aabbccddeeff", At("2026-11-23T10:00:00Z")).has_value());
  auto state = ring.Export(*master);
  ASSERT_TRUE(state.has_value());

  auto wrong_master = KeyRing::Restore(*state, *other);
  ASSERT_FALSE(wrong_master.has_value());
  EXPECT_EQ(wrong_master.error().code, core::ErrorCode::kInvalidArgument);

  SealedKeyRing duplicate = *state;
  duplicate.keys.push_back(duplicate.keys[0]);
  auto dup = KeyRing::Restore(duplicate, *master);
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().details.at(0).field, "keys[1].day");

  SealedKeyRing stale = *state;
  stale.destroyed_before = stale.keys[0].day + days{1};
  auto before = KeyRing::Restore(stale, *master);
  ASSERT_FALSE(before.has_value());
  EXPECT_EQ(before.error().details.at(0).field, "keys[0].day");
}

TEST(OptOutList, RecognisesADeviceOnEveryDayAndInEverySpelling) {
  auto list = OptOutList::Create();
  ASSERT_TRUE(list.has_value());
  ASSERT_TRUE(list->Add("AA-BB-CC-DD-EE-FF").has_value());
  ASSERT_TRUE(list->Add("aabb.ccdd.eeff").has_value());  // same device: no second entry
  EXPECT_EQ(list->size(), 1U);
  EXPECT_TRUE(*list->Contains("aa:bb:cc:dd:ee:ff"));
  EXPECT_FALSE(*list->Contains("aa:bb:cc:dd:ee:fe"));

  // Opt-out does not depend on day keys: a ring rotating through days changes nothing.
  KeyRing ring;
  for (int d = 0; d < 3; ++d) {
    ASSERT_TRUE(ring.Tokenise("aabbccddeeff", At("2026-11-21T10:00:00Z") + days{d}).has_value());
    EXPECT_TRUE(*list->Contains("AABBCCDDEEFF"));
  }
  ASSERT_TRUE(list->Remove("aabbccddeeff").has_value());
  EXPECT_FALSE(*list->Contains("aa:bb:cc:dd:ee:ff"));
}

TEST(OptOutList, ExportAndRestoreKeepMembership) {
  auto master = GenerateKey();
  auto list = OptOutList::Create();
  ASSERT_TRUE(master && list);
  ASSERT_TRUE(list->Add("aa:bb:cc:dd:ee:ff").has_value());
  ASSERT_TRUE(list->Add("vendor-client-17").has_value());

  const std::vector<std::string> entries = list->ExportEntries();
  ASSERT_EQ(entries.size(), 2U);
  for (const std::string& entry : entries) {
    EXPECT_EQ(entry.size(), kTokenHexDigits);
    EXPECT_TRUE(IsLowerHex(entry));
  }
  auto sealed = list->ExportSealedKey(*master);
  ASSERT_TRUE(sealed.has_value());

  auto restored = OptOutList::Restore(*sealed, *master, entries);
  ASSERT_TRUE(restored.has_value());
  EXPECT_TRUE(*restored->Contains("AABB.CCDD.EEFF"));
  EXPECT_TRUE(*restored->Contains("vendor-client-17"));
  EXPECT_FALSE(*restored->Contains("vendor-client-18"));
}

TEST(OptOutList, RestoreRejectsBadEntriesAndADayKeyBlob) {
  auto master = GenerateKey();
  auto list = OptOutList::Create();
  ASSERT_TRUE(master && list);
  auto sealed = list->ExportSealedKey(*master);
  ASSERT_TRUE(sealed.has_value());

  auto bad_entry = OptOutList::Restore(*sealed, *master, {std::string(32, 'a'), "zz"});
  ASSERT_FALSE(bad_entry.has_value());
  EXPECT_EQ(bad_entry.error().details.at(0).field, "entries[1]");

  // A sealed day key cannot be passed off as the opt-out key: the labels differ.
  auto day_key = GenerateKey();
  ASSERT_TRUE(day_key.has_value());
  auto day_blob = Seal(UtcDayOf(At("2026-11-23T00:00:00Z")), *day_key, *master);
  ASSERT_TRUE(day_blob.has_value());
  auto swapped = OptOutList::Restore(*day_blob, *master, {});
  ASSERT_FALSE(swapped.has_value());
  EXPECT_EQ(swapped.error().details.at(0).field, "sealed_key");
}

TEST(OptOutList, BadIdentifierNamesDeviceId) {
  auto list = OptOutList::Create();
  ASSERT_TRUE(list.has_value());
  auto added = list->Add(" ");
  ASSERT_FALSE(added.has_value());
  EXPECT_EQ(added.error().details.at(0).field, "device_id");
  auto contains = list->Contains("");
  ASSERT_FALSE(contains.has_value());
  EXPECT_EQ(contains.error().details.at(0).field, "device_id");
}

}  // namespace
}  // namespace storeops::privacy
