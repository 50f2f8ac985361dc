// SPDX-License-Identifier: Apache-2.0
#include "text.hpp"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include <fmt/format.h>

namespace storeops::store_definition::internal {
namespace {

// Typos worth a suggestion are one or two keystrokes away; beyond that a suggestion is noise.
constexpr size_t kMaxSuggestionEdits = 2;
// Longer words are not typos of our short keys and ids; skipping them keeps the cost bounded.
constexpr size_t kMaxSuggestionLength = 96;
constexpr size_t kMaxQuotedBytes = 48;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int32_t TwoDigits(std::string_view text, size_t pos) {
  return (text[pos] - '0') * 10 + (text[pos + 1] - '0');
}

// Levenshtein distance, or `limit + 1` once it is certain to exceed `limit`.
size_t BoundedEditDistance(std::string_view a, std::string_view b, size_t limit) {
  const size_t length_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (length_gap > limit) {
    return limit + 1;
  }
  std::vector<size_t> previous(b.size() + 1);
  std::vector<size_t> current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    previous[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    size_t row_min = current[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > limit) {
      return limit + 1;
    }
    std::swap(previous, current);
  }
  return std::min(previous[b.size()], limit + 1);
}

}  // namespace

std::optional<int32_t> ParseClockTime(std::string_view text, bool allow_end_of_day) {
  if (text.size() != 5 || !IsDigit(text[0]) || !IsDigit(text[1]) || text[2] != ':' ||
      !IsDigit(text[3]) || !IsDigit(text[4])) {
    return std::nullopt;
  }
  const int32_t hour = TwoDigits(text, 0);
  const int32_t minute = TwoDigits(text, 3);
  if (hour == 24 && minute == 0 && allow_end_of_day) {
    return kMinutesPerDay;
  }
  if (hour > 23 || minute > 59) {
    return std::nullopt;
  }
  return hour * 60 + minute;
}

std::string FormatClockTime(int32_t minute_of_day) {
  return fmt::format("{:02d}:{:02d}", minute_of_day / 60, minute_of_day % 60);
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    uint32_t code_point = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1;
      code_point = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      extra = 2;
      code_point = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3;
      code_point = lead & 0x07u;
    } else {
      return false;
    }
    if (i + extra >= text.size()) {
      return false;
    }
    for (size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0u) != 0x80u) {
        return false;
      }
      code_point = (code_point << 6) | (next & 0x3Fu);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8 (RFC 3629).
    const bool overlong =
        (extra == 2 && code_point < 0x800) || (extra == 3 && code_point < 0x10000);
    if (overlong || (code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

size_t Utf8Length(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u;
  }));
}

std::optional<std::string_view> SuggestSimilar(std::string_view word,
                                               std::span<const std::string_view> candidates) {
  if (word.empty() || word.size() > kMaxSuggestionLength) {
    return std::nullopt;
  }
  std::optional<std::string_view> best;
  size_t best_distance = kMaxSuggestionEdits + 1;
  for (std::string_view candidate : candidates) {
    if (candidate == word) {
      continue;
    }
    size_t distance = BoundedEditDistance(word, candidate, kMaxSuggestionEdits);
    // "area_m" for "area_m2", "distance" for "distance_m": a cut-off word is a typo too.
    const bool prefix = std::min(word.size(), candidate.size()) >= 3 &&
                        (candidate.starts_with(word) || word.starts_with(candidate));
    if (prefix) {
      distance = std::min(distance, kMaxSuggestionEdits);
    }
    // One edit in a 2-letter word changes half of it: only exact-length typos of longer words.
    if (word.size() <= 3 && distance > 1) {
      continue;
    }
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string Quote(std::string_view text) {
  std::string out = "'";
  size_t end = std::min(text.size(), kMaxQuotedBytes);
  // Never cut a multi-byte character in half.
  while (end < text.size() && end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0u) == 0x80u) {
    --end;
  }
  for (size_t i = 0; i < end; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out += (c < 0x20 || c == 0x7F) ? '?' : text[i];
  }
  if (end < text.size()) {
    out += "...";
  }
  out += '\'';
  return out;
}

std::string FormatCents(int64_t cents) {
  const uint64_t magnitude =
      cents < 0 ? 0 - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  return fmt::format("{}{}.{:02d}", cents < 0 ? "-" : "", magnitude / 100, magnitude % 100);
}

}  // namespace storeops::store_definition::internal
