// SPDX-License-Identifier: Apache-2.0
// Proves by scanning that nothing the privacy library keeps or hands out carries an identifier:
// after tokenising known devices, every byte of the exported key ring, the opt-out export, the
// tokens and the anonymised events is searched for every spelling of those devices.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/core/time.hpp"
#include "storeops/privacy/filter.hpp"
#include "storeops/privacy/keys.hpp"
#include "storeops/privacy/tokens.hpp"

namespace storeops::privacy {
namespace {

using Bytes = std::vector<uint8_t>;

constexpr std::array<std::array<uint8_t, 6>, 3> kMacs{{
    {0x3c, 0x22, 0xfb, 0x9a, 0x01, 0x7e},
    {0xf0, 0x18, 0x98, 0x44, 0xab, 0xcd},
    {0x02, 0x42, 0xac, 0x11, 0x00, 0x02},
}};
constexpr const char* kOpaqueId = "vendor-client-8f3a2c";

std::string Hex(uint8_t byte, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  return {digits[byte >> 4], digits[byte & 0x0f]};
}

// Every common spelling of a MAC, in both cases, plus its raw bytes and a few fragments long
// enough to identify a device (the last four octets, which leave the vendor prefix out).
std::vector<Bytes> Needles(const std::array<uint8_t, 6>& mac) {
  std::vector<Bytes> needles;
  auto add = [&](const std::string& text) { needles.emplace_back(text.begin(), text.end()); };
  for (const bool upper : {false, true}) {
    std::string colon;
    std::string dash;
    std::string plain;
    std::string dotted;
    std::string dashed_groups;
    for (std::size_t i = 0; i < mac.size(); ++i) {
      const std::string pair = Hex(mac[i], upper);
      colon += (i > 0 ? ":" : "") + pair;
      dash += (i > 0 ? "-" : "") + pair;
      plain += pair;
      dotted += (i > 0 && i % 2 == 0 ? "." : "") + pair;
      dashed_groups += (i > 0 && i % 2 == 0 ? "-" : "") + pair;
    }
    for (const std::string& spelling : {colon, dash, plain, dotted, dashed_groups}) {
      add(spelling);
    }
    add(plain.substr(4));  // the device-specific octets without separators
  }
  needles.emplace_back(mac.begin(), mac.end());      // raw bytes
  needles.emplace_back(mac.begin() + 2, mac.end());  // raw device-specific octets
  return needles;
}

std::vector<Bytes> AllNeedles() {
  std::vector<Bytes> needles;
  for (const auto& mac : kMacs) {
    auto more = Needles(mac);
    needles.insert(needles.end(), more.begin(), more.end());
  }
  const std::string opaque(kOpaqueId);
  needles.emplace_back(opaque.begin(), opaque.end());
  return needles;
}

std::string MacText(const std::array<uint8_t, 6>& mac, char separator) {
  std::string text;
  for (std::size_t i = 0; i < mac.size(); ++i) {
    if (i > 0) {
      text.push_back(separator);
    }
    text += Hex(mac[i], separator == '-');
  }
  return text;
}

void Append(Bytes& haystack, const std::string& text) {
  haystack.insert(haystack.end(), text.begin(), text.end());
  haystack.push_back('\n');
}

void ExpectNoNeedle(const Bytes& haystack, const char* what) {
  for (const Bytes& needle : AllNeedles()) {
    const auto found = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end());
    EXPECT_EQ(found, haystack.end())
        << what << " contains "
        << ::testing::PrintToString(std::string(needle.begin(), needle.end())) << " at offset "
        << (found - haystack.begin());
  }
}

TEST(NoIdentifierLeaves, ExportsTokensEventsAndErrorsCarryNoSpellingOfAnyDevice) {
  auto master = GenerateKey();
  auto opt_out = OptOutList::Create();
  ASSERT_TRUE(master && opt_out);
  KeyRing ring;
  ZoneMapping zones;
  ASSERT_TRUE(zones.Add("ap-1", core::ZoneId{"entrance"}).has_value());

  Bytes exported;
  const core::Timestamp start = *core::ParseRfc3339("2026-11-21T09:00:00Z");
  for (int day = 0; day < 3; ++day) {
    const core::Timestamp ts = start + std::chrono::days{day};
    for (const auto& mac : kMacs) {
      for (const char separator : {':', '-'}) {
        const std::string spelling = MacText(mac, separator);
        auto presence = AnonymisePresence(
            RawPresence{core::StoreId{"store_001"}, ts, spelling, "ap-1", -70}, zones, ring);
        ASSERT_TRUE(presence.has_value());
        Append(exported, presence->device_token);
        Append(exported, presence->zone.value());
      }
    }
    auto opaque = ring.Tokenise(kOpaqueId, ts);
    ASSERT_TRUE(opaque.has_value());
    Append(exported, *opaque);
  }
  ASSERT_TRUE(opt_out->Add(MacText(kMacs[0], ':')).has_value());
  ASSERT_TRUE(opt_out->Add(kOpaqueId).has_value());
  ASSERT_TRUE(ring.DestroyKeysBefore(UtcDayOf(start) + std::chrono::days{1}).has_value());

  // Errors are logged and dead-lettered, so they are scanned too.
  auto late = ring.Tokenise(MacText(kMacs[1], ':'), start);
  ASSERT_FALSE(late.has_value());
  Append(exported, late.error().message);
  auto unknown_zone = AnonymisePresence(
      RawPresence{core::StoreId{"store_001"}, start, MacText(kMacs[2], '-'), "ap-9", -50}, zones,
      ring);
  ASSERT_FALSE(unknown_zone.has_value());
  Append(exported, unknown_zone.error().message);

  auto state = ring.Export(*master);
  ASSERT_TRUE(state.has_value());
  ASSERT_EQ(state->keys.size(), 2U);
  for (const SealedDayKey& key : state->keys) {
    Append(exported, FormatUtcDay(key.day));
    exported.insert(exported.end(), key.sealed.begin(), key.sealed.end());
  }
  for (const std::string& entry : opt_out->ExportEntries()) {
    Append(exported, entry);
  }
  auto sealed_opt_out_key = opt_out->ExportSealedKey(*master);
  ASSERT_TRUE(sealed_opt_out_key.has_value());
  exported.insert(exported.end(), sealed_opt_out_key->begin(), sealed_opt_out_key->end());

  EXPECT_GT(exported.size(), 1000U);
  ExpectNoNeedle(exported, "exported privacy state");
}

TEST(NoIdentifierLeaves, TheScanFindsAnIdentifierWhenOneIsPresent) {
  // Guards the test above against a scanner that can never fail.
  for (const auto& mac : kMacs) {
    for (const Bytes& needle : Needles(mac)) {
      Bytes haystack(40, 0x55);
      haystack.insert(haystack.begin() + 10, needle.begin(), needle.end());
      const auto found =
          std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end());
      EXPECT_NE(found, haystack.end());
    }
  }
  EXPECT_EQ(Needles(kMacs[0]).size(), 14U);
}

}  // namespace
}  // namespace storeops::privacy
