// SPDX-License-Identifier: Apache-2.0
// Size limits of a store definition (documented in docs/STORE_FORMAT.md). They bound the memory
// and time one upload can cost; the largest real stores sit well inside them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace storeops::store_definition::internal {

inline constexpr size_t kMaxDocumentBytes = size_t{64} * 1024 * 1024;
inline constexpr size_t kMaxZones = 10'000;
inline constexpr size_t kMaxSkus = 100'000;
/// Names, skills and the time zone, in characters (code points).
inline constexpr size_t kMaxTextLength = 200;
/// Any string in the document, keys and x_ extension values included. Checked on the raw text
/// before parsing, so an absurd string costs a memchr, not a trip through the JSON lexer.
inline constexpr size_t kMaxStringBytes = 64 * 1024;
/// 1,000,000,000.00 in cents: far above any shelf price, and low enough that cents / 100.0
/// converts back to the same cents exactly (JSON carries prices as decimal numbers).
inline constexpr int64_t kMaxPriceCents = int64_t{100'000'000'000};

}  // namespace storeops::store_definition::internal
