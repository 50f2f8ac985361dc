// SPDX-License-Identifier: Apache-2.0
// Time in StoreOps: instants are UTC `Timestamp`s (epoch milliseconds in storage, RFC 3339 in
// JSON); schedules and "hours" are in the store's own time zone through `StoreCalendar`. Nothing
// reads the wall clock directly: code that needs "now" takes a `Clock&`, so tests and the
// retention job's --as-of can move time.
//
//   auto ts = core::ParseRfc3339("2026-11-23T14:05:00Z");
//   auto calendar = core::StoreCalendar::ForTimeZone("America/Chicago");
//   core::LocalDateTime local = calendar->ToLocal(*ts);   // 08:05 on a Monday
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "storeops/core/result.hpp"

namespace storeops::core {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

[[nodiscard]] constexpr Timestamp FromEpochMs(int64_t epoch_ms) {
  return Timestamp(std::chrono::milliseconds(epoch_ms));
}

[[nodiscard]] constexpr int64_t ToEpochMs(Timestamp ts) { return ts.time_since_epoch().count(); }

/// Parses RFC 3339 ("2026-11-23T14:05:00Z", "2026-11-23T08:05:00.250-06:00"). Fractions beyond
/// milliseconds are truncated. kInvalidArgument with the reason when the text is not RFC 3339.
[[nodiscard]] Result<Timestamp> ParseRfc3339(std::string_view text);

/// Formats as UTC RFC 3339 with milliseconds only when they are not zero: "2026-11-23T14:05:00Z".
[[nodiscard]] std::string FormatRfc3339(Timestamp ts);

/// The source of "now". Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Timestamp Now() const = 0;
};

/// The real wall clock.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] Timestamp Now() const override;
};

/// A clock that stands still until told to move: for tests and `--as-of`.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_ms_(ToEpochMs(start)) {}

  [[nodiscard]] Timestamp Now() const override { return FromEpochMs(now_ms_.load()); }

  void Set(Timestamp ts) { now_ms_.store(ToEpochMs(ts)); }

  void Advance(std::chrono::milliseconds by) { now_ms_.fetch_add(by.count()); }

 private:
  std::atomic<int64_t> now_ms_;
};

/// Day of week, Monday first (ISO 8601), matching the store definition's opening hours order.
enum class Weekday { kMonday, kTuesday, kWednesday, kThursday, kFriday, kSaturday, kSunday };

/// A wall-clock reading in a store's time zone.
struct LocalDateTime {
  int year = 1970;
  int month = 1;  ///< 1-12
  int day = 1;    ///< 1-31
  int hour = 0;   ///< 0-23
  int minute = 0;
  int second = 0;
  Weekday weekday = Weekday::kThursday;

  /// Minutes since local midnight, 0-1439.
  [[nodiscard]] int MinuteOfDay() const { return hour * 60 + minute; }

  friend bool operator==(const LocalDateTime&, const LocalDateTime&) = default;
};

/// Converts between UTC instants and a store's local time, DST included (IANA tz database from
/// the operating system). Cheap to copy; safe to share between threads.
class StoreCalendar {
 public:
  /// kInvalidArgument when `iana_name` ("Europe/London") is not a known time zone.
  [[nodiscard]] static Result<StoreCalendar> ForTimeZone(std::string_view iana_name);

  [[nodiscard]] LocalDateTime ToLocal(Timestamp ts) const;

  /// The instant a local wall-clock time names. In a DST gap the time is moved forward by the
  /// gap; in a DST overlap the earlier instant is chosen, so every local time maps to one instant.
  [[nodiscard]] Timestamp ToUtc(const LocalDateTime& local) const;

  [[nodiscard]] const std::string& time_zone_name() const { return name_; }

 private:
  StoreCalendar(const void* zone, std::string name) : zone_(zone), name_(std::move(name)) {}

  const void* zone_;  // a date::time_zone owned by the process-wide tz database
  std::string name_;
};

}  // namespace storeops::core
