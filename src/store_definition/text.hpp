// SPDX-License-Identifier: Apache-2.0
// Small text helpers shared by the reader, validator and writer: clock times, UTF-8 checks,
// "did you mean" suggestions and safe quoting of user text inside error reasons.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace storeops::store_definition::internal {

/// Keys of `opening_hours`, in the order of core::OpeningHours (Monday first).
inline constexpr std::array<std::string_view, 7> kDayKeys{"mon", "tue", "wed", "thu",
                                                          "fri", "sat", "sun"};

inline constexpr int32_t kMinutesPerDay = 24 * 60;

/// Minutes after midnight for "HH:MM" (00:00-23:59); "24:00" only when `allow_end_of_day`.
[[nodiscard]] std::optional<int32_t> ParseClockTime(std::string_view text, bool allow_end_of_day);

/// "HH:MM" for 0-1440 minutes.
[[nodiscard]] std::string FormatClockTime(int32_t minute_of_day);

[[nodiscard]] bool IsValidUtf8(std::string_view text);

/// Code points in valid UTF-8 text (what a person counts as characters, give or take combining
/// marks).
[[nodiscard]] size_t Utf8Length(std::string_view text);

/// The candidate closest to `word` when it is plausibly a typo of it (a couple of edits away, or
/// a prefix of it), otherwise empty.
[[nodiscard]] std::optional<std::string_view> SuggestSimilar(
    std::string_view word, std::span<const std::string_view> candidates);

/// `text` in single quotes for an error reason, cut to a readable length with control bytes
/// replaced, so a 10 MB or binary value can never blow up an error message.
[[nodiscard]] std::string Quote(std::string_view text);

/// "12.34" / "-0.50" for an amount in cents.
[[nodiscard]] std::string FormatCents(int64_t cents);

}  // namespace storeops::store_definition::internal
