// SPDX-License-Identifier: Apache-2.0
#include "storeops/core/time.hpp"

#include <charconv>
#include <stdexcept>

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

namespace storeops::core {
namespace {

// Reads exactly `width` digits at `pos`; strictness here is what keeps "2026-1-3" out.
bool ReadDigits(std::string_view text, size_t& pos, size_t width, int& out) {
  if (pos + width > text.size()) {
    return false;
  }
  int value = 0;
  for (size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') {
      return false;
    }
    value = value * 10 + (c - '0');
  }
  pos += width;
  out = value;
  return true;
}

bool Expect(std::string_view text, size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

Weekday ToWeekday(date::weekday wd) {
  // date::weekday counts Sunday as 0; ours is ISO (Monday first).
  return static_cast<Weekday>((wd.c_encoding() + 6) % 7);
}

}  // namespace

Result<Timestamp> ParseRfc3339(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Fail(
        ErrorCode::kInvalidArgument,
        fmt::format("not an RFC 3339 timestamp ({}): expected e.g. 2026-11-23T14:05:00Z", why));
  };
  size_t pos = 0;
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!ReadDigits(text, pos, 4, year) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, month) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, day)) {
    return bad("date must be YYYY-MM-DD");
  }
  if (!(Expect(text, pos, 'T') || Expect(text, pos, 't') || Expect(text, pos, ' '))) {
    return bad("missing 'T' between date and time");
  }
  if (!ReadDigits(text, pos, 2, hour) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, minute) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, second)) {
    return bad("time must be HH:MM:SS");
  }
  int millis = 0;
  if (Expect(text, pos, '.')) {
    size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) {
        millis = millis * 10 + (text[pos] - '0');
      }
      ++digits;
      ++pos;
    }
    if (digits == 0) {
      return bad("empty fraction of a second");
    }
    for (size_t i = digits; i < 3; ++i) {
      millis *= 10;
    }
  }
  int offset_minutes = 0;
  if (Expect(text, pos, 'Z') || Expect(text, pos, 'z')) {
    // UTC
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int off_h = 0;
    int off_m = 0;
    if (!ReadDigits(text, pos, 2, off_h) || !Expect(text, pos, ':') ||
        !ReadDigits(text, pos, 2, off_m) || off_h > 23 || off_m > 59) {
      return bad("offset must be Z or +HH:MM");
    }
    offset_minutes = sign * (off_h * 60 + off_m);
  } else {
    return bad("missing time zone offset (Z or +HH:MM)");
  }
  if (pos != text.size()) {
    return bad("unexpected characters after the offset");
  }
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) {
    return bad("no such calendar date");
  }
  if (hour > 23 || minute > 59 || second > 60) {
    return bad("time of day out of range");
  }
  // A leap second (:60) is folded onto the next second, as POSIX time does.
  const auto local = date::sys_days(ymd) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
                     std::chrono::seconds(second) + std::chrono::milliseconds(millis);
  return Timestamp(std::chrono::duration_cast<std::chrono::milliseconds>(
      local.time_since_epoch() - std::chrono::minutes(offset_minutes)));
}

std::string FormatRfc3339(Timestamp ts) {
  const auto day = date::floor<date::days>(ts);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::milliseconds> tod{ts - day};
  const auto ms = tod.subseconds().count();
  std::string out =
      fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  tod.hours().count(), tod.minutes().count(), tod.seconds().count());
  if (ms != 0) {
    out += fmt::format(".{:03d}", ms);
  }
  out += 'Z';
  return out;
}

Timestamp SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

Result<StoreCalendar> StoreCalendar::ForTimeZone(std::string_view iana_name) {
  try {
    const date::time_zone* zone = date::locate_zone(iana_name);
    return StoreCalendar(zone, std::string(iana_name));
  } catch (const std::exception&) {
    return Fail(
        ErrorCode::kInvalidArgument,
        fmt::format("unknown time zone '{}': use an IANA name such as America/Chicago", iana_name));
  }
}

LocalDateTime StoreCalendar::ToLocal(Timestamp ts) const {
  const auto* zone = static_cast<const date::time_zone*>(zone_);
  const auto local = zone->to_local(ts);
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::milliseconds> tod{local - day};
  LocalDateTime out;
  out.year = static_cast<int>(ymd.year());
  out.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  out.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  out.hour = static_cast<int>(tod.hours().count());
  out.minute = static_cast<int>(tod.minutes().count());
  out.second = static_cast<int>(tod.seconds().count());
  out.weekday = ToWeekday(date::weekday{day});
  return out;
}

Timestamp StoreCalendar::ToUtc(const LocalDateTime& local) const {
  const auto* zone = static_cast<const date::time_zone*>(zone_);
  const date::year_month_day ymd{date::year{local.year},
                                 date::month{static_cast<unsigned>(local.month)},
                                 date::day{static_cast<unsigned>(local.day)}};
  const auto wall = date::local_days(ymd) + std::chrono::hours(local.hour) +
                    std::chrono::minutes(local.minute) + std::chrono::seconds(local.second);
  const auto info = zone->get_info(wall);
  std::chrono::seconds offset = info.first.offset;
  if (info.result == date::local_info::nonexistent) {
    // In the spring-forward gap: read the wall time with the offset from before the gap, which
    // lands the same distance past the jump.
    offset = info.first.offset;
  }
  const auto utc = date::sys_seconds(wall.time_since_epoch() - offset);
  return std::chrono::time_point_cast<std::chrono::milliseconds>(utc);
}

}  // namespace storeops::core
