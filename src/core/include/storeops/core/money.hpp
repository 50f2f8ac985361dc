// SPDX-License-Identifier: Apache-2.0
// Money as integer cents, so sums of many till lines never drift the way doubles do.
//
//   auto price = core::Money::FromCents(349);   // $3.49
//   auto line = price * 2;                       // $6.98
//   double shown = line.ToDouble();              // 6.98, only at the edges (JSON, charts)
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>
#include <optional>

namespace storeops::core {

class Money {
 public:
  constexpr Money() = default;

  [[nodiscard]] static constexpr Money FromCents(int64_t cents) { return Money(cents); }

  /// Rounds to the nearest cent (half away from zero). Empty when the amount is not finite or does
  /// not fit in 64-bit cents, so a caller can name the bad field instead of storing garbage.
  [[nodiscard]] static std::optional<Money> FromDouble(double amount) {
    if (!std::isfinite(amount) || std::fabs(amount) > 9.0e16) {
      return std::nullopt;
    }
    return Money(std::llround(amount * 100.0));
  }

  [[nodiscard]] constexpr int64_t cents() const { return cents_; }

  [[nodiscard]] constexpr double ToDouble() const { return static_cast<double>(cents_) / 100.0; }

  constexpr Money& operator+=(Money other) {
    cents_ += other.cents_;
    return *this;
  }

  constexpr Money& operator-=(Money other) {
    cents_ -= other.cents_;
    return *this;
  }

  friend constexpr Money operator+(Money a, Money b) { return Money(a.cents_ + b.cents_); }

  friend constexpr Money operator-(Money a, Money b) { return Money(a.cents_ - b.cents_); }

  friend constexpr Money operator*(Money a, int64_t quantity) { return Money(a.cents_ * quantity); }

  friend constexpr auto operator<=>(Money, Money) = default;

 private:
  constexpr explicit Money(int64_t cents) : cents_(cents) {}

  int64_t cents_ = 0;
};

}  // namespace storeops::core
