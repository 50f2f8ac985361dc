// SPDX-License-Identifier: Apache-2.0
// FPP3 5.8: MASE scales by the in-sample seasonal naive MAE; RMSSE (the M5 competition's measure)
// by its mean squared error, so both are comparable across series of different size.
#include "storeops/forecast/metrics.hpp"

#include <cmath>
#include <limits>

namespace storeops::forecast {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool Usable(std::span<const double> actual, std::span<const double> predicted) {
  return !actual.empty() && actual.size() == predicted.size();
}

double Ratio(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : kNaN;
}

size_t NaiveLag(size_t n, int season) {
  return season > 1 && n > static_cast<size_t>(season) ? static_cast<size_t>(season) : 1;
}

}  // namespace

double Mae(std::span<const double> actual, std::span<const double> predicted) {
  if (!Usable(actual, predicted)) {
    return kNaN;
  }
  double sum = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    sum += std::abs(actual[i] - predicted[i]);
  }
  return sum / static_cast<double>(actual.size());
}

double Rmse(std::span<const double> actual, std::span<const double> predicted) {
  if (!Usable(actual, predicted)) {
    return kNaN;
  }
  double sum = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    sum += (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
  }
  return std::sqrt(sum / static_cast<double>(actual.size()));
}

double Wmape(std::span<const double> actual, std::span<const double> predicted) {
  if (!Usable(actual, predicted)) {
    return kNaN;
  }
  double errors = 0;
  double total = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    errors += std::abs(actual[i] - predicted[i]);
    total += std::abs(actual[i]);
  }
  return Ratio(errors, total);
}

double Wmae(std::span<const double> actual, std::span<const double> predicted,
            std::span<const uint8_t> holiday) {
  if (!Usable(actual, predicted) || (!holiday.empty() && holiday.size() != actual.size())) {
    return kNaN;
  }
  double sum = 0;
  double weights = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    const double w = !holiday.empty() && holiday[i] != 0 ? 5.0 : 1.0;
    sum += w * std::abs(actual[i] - predicted[i]);
    weights += w;
  }
  return sum / weights;
}

double SeasonalNaiveMae(std::span<const double> history, int season) {
  const size_t lag = NaiveLag(history.size(), season);
  if (history.size() <= lag) {
    return kNaN;
  }
  double sum = 0;
  for (size_t t = lag; t < history.size(); ++t) {
    sum += std::abs(history[t] - history[t - lag]);
  }
  return sum / static_cast<double>(history.size() - lag);
}

double SeasonalNaiveMse(std::span<const double> history, int season) {
  const size_t lag = NaiveLag(history.size(), season);
  if (history.size() <= lag) {
    return kNaN;
  }
  double sum = 0;
  for (size_t t = lag; t < history.size(); ++t) {
    sum += (history[t] - history[t - lag]) * (history[t] - history[t - lag]);
  }
  return sum / static_cast<double>(history.size() - lag);
}

double Mase(std::span<const double> actual, std::span<const double> predicted,
            std::span<const double> history, int season) {
  return Ratio(Mae(actual, predicted), SeasonalNaiveMae(history, season));
}

double Rmsse(std::span<const double> actual, std::span<const double> predicted,
             std::span<const double> history, int season) {
  const double rmse = Rmse(actual, predicted);
  return std::sqrt(Ratio(rmse * rmse, SeasonalNaiveMse(history, season)));
}

double Coverage(std::span<const double> actual, std::span<const double> lower,
                std::span<const double> upper) {
  if (actual.empty() || lower.size() != actual.size() || upper.size() != actual.size()) {
    return kNaN;
  }
  size_t inside = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    inside += actual[i] >= lower[i] && actual[i] <= upper[i] ? 1U : 0U;
  }
  return static_cast<double>(inside) / static_cast<double>(actual.size());
}

}  // namespace storeops::forecast
