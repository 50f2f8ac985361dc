// SPDX-License-Identifier: Apache-2.0
// The per-series models. Each is a pure function of (history, season, horizon) wrapped in the
// Model interface; the choices are explained next to each one.
#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <new>
#include <numbers>
#include <numeric>
#include <string>
#include <vector>

#include "storeops/forecast/model.hpp"

#include "decompose.hpp"
#include "ets.hpp"

namespace storeops::forecast {
namespace {

using internal::Deseasonalise;
using internal::SeasonalAt;
using internal::SeasonalSplit;

using FitFunction = ModelFit (*)(std::span<const double>, int, int);

std::string ShortNote(size_t n, int season) {
  return "history of " + std::to_string(n) + " points is not longer than one season of " +
         std::to_string(season) + ": non-seasonal fallback";
}

// Seasonal naive (FPP3 5.2): each step repeats the value one season earlier. With a history no
// longer than one season it degrades to the naive method (last value).
ModelFit SeasonalNaive(std::span<const double> y, int season, int horizon) {
  ModelFit fit;
  const size_t n = y.size();
  auto m = static_cast<size_t>(std::max(season, 1));
  if (n <= m) {
    if (m > 1) {
      fit.note = ShortNote(n, season);
    }
    m = 1;
  }
  for (int h = 1; h <= horizon; ++h) {
    const auto steps = static_cast<size_t>(h);
    const size_t back = ((steps + m - 1) / m) * m;  // the first whole number of seasons >= h
    fit.mean.push_back(y[n + steps - 1 - back]);
  }
  for (size_t t = m; t < n; ++t) {
    fit.residuals.push_back(y[t] - y[t - m]);
  }
  fit.method = m > 1 ? "seasonal naive" : "naive";
  return fit;
}

// Seasonal naive shifted by the change in level: last season's pattern plus (mean of the last
// quarter season - mean of the same weeks one season before). Captures year-on-year growth that
// plain seasonal naive misses, while keeping the exact shape of last year's holidays.
ModelFit SeasonalNaiveLevel(std::span<const double> y, int season, int horizon) {
  ModelFit fit = SeasonalNaive(y, season, horizon);
  const size_t n = y.size();
  const auto m = static_cast<size_t>(std::max(season, 1));
  const size_t window = std::max<size_t>(1, m / 4);
  if (m < 2 || n < m + window) {
    return fit;
  }
  double shift = 0;
  for (size_t t = n - window; t < n; ++t) {
    shift += (y[t] - y[t - m]) / static_cast<double>(window);
  }
  for (double& v : fit.mean) {
    v += shift;
  }
  fit.method = "seasonal naive + level shift";
  return fit;
}

// The mean of the same phase over the last two seasons: halves the noise of seasonal naive when
// the pattern repeats (FPP3 5.2 "average method", applied per phase).
ModelFit SeasonalMean(std::span<const double> y, int season, int horizon) {
  constexpr size_t kCycles = 2;
  const size_t n = y.size();
  const auto m = static_cast<size_t>(std::max(season, 1));
  if (m < 2 || n <= m) {
    return SeasonalNaive(y, season, horizon);
  }
  ModelFit fit;
  auto at = [&](size_t target, size_t first_back) {
    double sum = 0;
    size_t count = 0;
    for (size_t c = 0; c < kCycles; ++c) {
      const size_t back = first_back + c * m;
      if (back <= target) {
        sum += y[target - back];
        ++count;
      }
    }
    return sum / static_cast<double>(count);
  };
  for (int h = 1; h <= horizon; ++h) {
    const auto steps = static_cast<size_t>(h);
    fit.mean.push_back(at(n + steps - 1, ((steps + m - 1) / m) * m));
  }
  for (size_t t = m; t < n; ++t) {
    fit.residuals.push_back(y[t] - at(t, m));
  }
  fit.method = "seasonal mean of 2 cycles";
  return fit;
}

ModelFit Ets(std::span<const double> y, int season, int horizon) {
  return internal::AutoEts(y, season, horizon);
}

// Simple exponential smoothing started at y[0], alpha in [0.01, 0.99] by golden-section search
// on the one-step squared error (one-dimensional and unimodal in practice).
struct SimpleSmoothing {
  double alpha = 0;
  double level = 0;  ///< After the last observation: the flat forecast.
  double sse = 0;
};

SimpleSmoothing FitSimpleSmoothing(std::span<const double> y, std::vector<double>* residuals) {
  auto sse_for = [&](double alpha, std::vector<double>* errors, double* level_out) {
    double level = y[0];
    double sse = 0;
    for (size_t t = 1; t < y.size(); ++t) {
      const double e = y[t] - level;
      sse += e * e;
      if (errors != nullptr) {
        errors->push_back(e);
      }
      level += alpha * e;
    }
    if (level_out != nullptr) {
      *level_out = level;
    }
    return sse;
  };
  double lo = 0.01;
  double hi = 0.99;
  const double ratio = (std::sqrt(5.0) - 1) / 2;
  for (int i = 0; i < 40; ++i) {
    const double a = hi - ratio * (hi - lo);
    const double b = lo + ratio * (hi - lo);
    if (sse_for(a, nullptr, nullptr) < sse_for(b, nullptr, nullptr)) {
      hi = b;
    } else {
      lo = a;
    }
  }
  SimpleSmoothing fit;
  fit.alpha = (lo + hi) / 2;
  fit.sse = sse_for(fit.alpha, residuals, &fit.level);
  return fit;
}

// Theta method as SES with drift equal to half the OLS slope (Hyndman & Billah 2003), on the
// seasonally adjusted series (FPP3 5.7) and reseasonalised.
ModelFit Theta(std::span<const double> values, int season, int horizon) {
  ModelFit fit;
  const size_t n = values.size();
  const SeasonalSplit split = Deseasonalise(values, season);
  if (season > 1 && !split.seasonal) {
    fit.note = ShortNote(n, season);
  }
  const std::vector<double>& y = split.adjusted;
  const SimpleSmoothing smoothing = FitSimpleSmoothing(y, &fit.residuals);
  const double alpha = smoothing.alpha;
  const double level = smoothing.level;
  double slope = 0;
  if (n >= 2) {
    const double mean_t = static_cast<double>(n - 1) / 2;
    const double mean_y = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(n);
    double sxy = 0;
    double sxx = 0;
    for (size_t t = 0; t < n; ++t) {
      sxy += (static_cast<double>(t) - mean_t) * (y[t] - mean_y);
      sxx += (static_cast<double>(t) - mean_t) * (static_cast<double>(t) - mean_t);
    }
    slope = sxx > 0 ? sxy / sxx : 0.0;
  }
  const double decay = std::pow(1 - alpha, static_cast<double>(n)) / alpha;
  for (int h = 1; h <= horizon; ++h) {
    const double drift = slope / 2 * (static_cast<double>(h - 1) + 1 / alpha - decay);
    fit.mean.push_back(level + drift + SeasonalAt(split, n + static_cast<size_t>(h) - 1));
  }
  fit.method = split.seasonal ? "theta on deseasonalised" : "theta";
  return fit;
}

// Harmonic regression (FPP3 7.4 and 12.1): intercept, optional linear trend and K Fourier pairs,
// with K and the trend chosen by AICc. Handles any season length with few parameters.
ModelFit Fourier(std::span<const double> y, int season, int horizon) {
  const size_t n = y.size();
  const auto m = static_cast<size_t>(std::max(season, 1));
  ModelFit fit;
  size_t max_k = m >= 2 && n >= m + 2 ? std::min<size_t>(m / 2, 12) : 0;
  if (m >= 2 && max_k == 0) {
    fit.note = ShortNote(n, season);
  }
  auto column = [&](size_t t, size_t c, bool trend) -> double {
    const auto td = static_cast<double>(t);
    if (c == 0) {
      return 1.0;
    }
    if (trend && c == 1) {
      return td / static_cast<double>(n);
    }
    const size_t j = c - (trend ? 2 : 1);
    const auto k = static_cast<double>(j / 2 + 1);
    const double angle = 2 * std::numbers::pi * k * td / static_cast<double>(m);
    return j % 2 == 0 ? std::cos(angle) : std::sin(angle);
  };
  double best_aicc = std::numeric_limits<double>::infinity();
  std::vector<double> best_beta;
  size_t best_cols = 0;
  size_t best_k = 0;
  bool best_trend = false;
  for (bool trend : {false, true}) {
    for (size_t k = 0; k <= max_k; ++k) {
      // The sine of the Nyquist harmonic (k = m/2) is identically zero: drop it.
      const size_t pairs_cols = 2 * k - (m % 2 == 0 && k == m / 2 && k > 0 ? 1 : 0);
      const size_t cols = 1 + (trend ? 1 : 0) + pairs_cols;
      if (n <= cols + 2) {
        continue;
      }
      std::vector<double> x(n * cols);
      for (size_t c = 0; c < cols; ++c) {
        for (size_t t = 0; t < n; ++t) {
          x[c * n + t] = column(t, c, trend);
        }
      }
      auto beta = internal::LeastSquares(x, n, cols, y);
      if (beta.empty()) {
        continue;
      }
      double sse = 0;
      for (size_t t = 0; t < n; ++t) {
        double fitted = 0;
        for (size_t c = 0; c < cols; ++c) {
          fitted += x[c * n + t] * beta[c];
        }
        sse += (y[t] - fitted) * (y[t] - fitted);
      }
      const auto nd = static_cast<double>(n);
      const auto kd = static_cast<double>(cols + 1);
      const double aicc =
          nd * std::log(std::max(sse, 1e-20) / nd) + 2 * kd + 2 * kd * (kd + 1) / (nd - kd - 1);
      if (aicc < best_aicc) {
        best_aicc = aicc;
        best_beta = std::move(beta);
        best_cols = cols;
        best_k = k;
        best_trend = trend;
      }
    }
  }
  if (best_beta.empty()) {
    return SeasonalNaive(y, 1, horizon);
  }
  auto predict = [&](size_t t) {
    double value = 0;
    for (size_t c = 0; c < best_cols; ++c) {
      value += column(t, c, best_trend) * best_beta[c];
    }
    return value;
  };
  for (size_t t = 0; t < n; ++t) {
    fit.residuals.push_back(y[t] - predict(t));
  }
  for (int h = 1; h <= horizon; ++h) {
    fit.mean.push_back(predict(n + static_cast<size_t>(h) - 1));
  }
  fit.method = "fourier K=" + std::to_string(best_k) + (best_trend ? " + trend" : "");
  return fit;
}

// Harmonic regression with ARMA-like errors (in the spirit of R's auto.arima(xreg = fourier(...)),
// FPP3 10.5 and 12.1): the Fourier fit above, then its residuals modelled by the best of none,
// AR(1) and simple exponential smoothing (= ARIMA(0,1,1)) by AICc, and that model's forecast of
// the residuals added. AR(1) lets a recent departure from the seasonal shape fade; SES keeps it
// (a level shift).
ModelFit FourierArma(std::span<const double> y, int season, int horizon) {
  ModelFit fit = Fourier(y, season, horizon);
  const std::vector<double>& r = fit.residuals;
  const size_t n = r.size();
  if (n < 8 || fit.mean.size() != static_cast<size_t>(horizon)) {
    return fit;
  }
  const auto nd = static_cast<double>(n - 1);
  auto aicc = [&](double sse, double k) {
    return nd * std::log(std::max(sse, 1e-20) / nd) + 2 * k + 2 * k * (k + 1) / (nd - k - 1);
  };
  double sse_none = 0;
  for (size_t t = 1; t < n; ++t) {
    sse_none += r[t] * r[t];
  }
  // AR(1) without a mean (the regression has an intercept).
  double sxy = 0;
  double sxx = 0;
  for (size_t t = 1; t < n; ++t) {
    sxy += r[t] * r[t - 1];
    sxx += r[t - 1] * r[t - 1];
  }
  const double phi = sxx > 0 ? std::clamp(sxy / sxx, -0.98, 0.98) : 0.0;
  double sse_ar = 0;
  for (size_t t = 1; t < n; ++t) {
    sse_ar += (r[t] - phi * r[t - 1]) * (r[t] - phi * r[t - 1]);
  }
  const SimpleSmoothing smoothing = FitSimpleSmoothing(r, nullptr);
  const double level = smoothing.level;
  const double sse_ses = smoothing.sse;
  const double score_none = aicc(sse_none, 0);
  const double score_ar = aicc(sse_ar, 1);
  const double score_ses = aicc(sse_ses, 1);
  if (score_ar <= score_none && score_ar <= score_ses) {
    double correction = r[n - 1];
    for (auto& mean : fit.mean) {
      correction *= phi;
      mean += correction;
    }
    fit.method += " + AR(1)";
  } else if (score_ses < score_none) {
    for (auto& mean : fit.mean) {
      mean += level;
    }
    fit.method += " + SES";
  }
  return fit;
}

// Croston's method (FPP3 13.2) for intermittent demand: smooth the non-zero sizes and the
// intervals between them separately (alpha = 0.1, the customary value); forecast size / interval.
ModelFit Croston(std::span<const double> y, int /*season*/, int horizon) {
  constexpr double kAlpha = 0.1;
  ModelFit fit;
  double size = 0;
  double interval = 0;
  bool started = false;
  size_t since = 1;
  for (double v : y) {
    const double forecast = started ? size / interval : 0.0;
    fit.residuals.push_back(v - forecast);
    if (v != 0) {
      if (!started) {
        size = v;
        interval = static_cast<double>(since);
        started = true;
      } else {
        size += kAlpha * (v - size);
        interval += kAlpha * (static_cast<double>(since) - interval);
      }
      since = 1;
    } else {
      ++since;
    }
  }
  fit.mean.assign(static_cast<size_t>(horizon), started ? size / interval : 0.0);
  fit.method = "croston";
  return fit;
}

// Teunter–Syntetos–Babai: like Croston but smooths the probability of demand every period, so the
// forecast decays towards zero when demand stops (obsolescence), unlike Croston's.
ModelFit Tsb(std::span<const double> y, int /*season*/, int horizon) {
  constexpr double kAlphaSize = 0.1;
  constexpr double kBetaProbability = 0.1;
  ModelFit fit;
  double nonzero = 0;
  double total = 0;
  for (double v : y) {
    if (v != 0) {
      nonzero += 1;
      total += v;
    }
  }
  double probability = nonzero / static_cast<double>(y.size());
  double size = nonzero > 0 ? total / nonzero : 0.0;
  for (double v : y) {
    fit.residuals.push_back(v - probability * size);
    const double occurred = v != 0 ? 1.0 : 0.0;
    probability += kBetaProbability * (occurred - probability);
    if (v != 0) {
      size += kAlphaSize * (v - size);
    }
  }
  fit.mean.assign(static_cast<size_t>(horizon), probability * size);
  fit.method = "tsb";
  return fit;
}

class FunctionModel final : public Model {
 public:
  FunctionModel(std::string_view name, FitFunction function) : name_(name), function_(function) {}

  [[nodiscard]] std::string_view Name() const override { return name_; }

  [[nodiscard]] core::Result<ModelFit> FitPredict(const SeriesView& history,
                                                  int horizon) const override {
    if (history.values.empty()) {
      return core::Fail(core::ErrorCode::kInvalidArgument, std::string(name_) + ": empty history");
    }
    if (horizon < 1) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        std::string(name_) + ": horizon must be at least 1");
    }
    try {
      return function_(history.values, history.season, horizon);
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception& e) {
      return core::Fail(core::ErrorCode::kInternal, std::string(name_) + ": " + e.what());
    }
  }

 private:
  std::string_view name_;
  FitFunction function_;
};

struct Entry {
  std::string_view name;
  FitFunction function;
};

constexpr Entry kModels[] = {
    {"snaive", SeasonalNaive},
    {"snaive_level", SeasonalNaiveLevel},
    {"seasonal_mean", SeasonalMean},
    {"ets", Ets},
    {"theta", Theta},
    {"fourier", Fourier},
    {"fourier_arma", FourierArma},
    {"croston", Croston},
    {"tsb", Tsb},
};

}  // namespace

std::vector<std::string> ModelNames() {
  std::vector<std::string> names;
  for (const auto& entry : kModels) {
    names.emplace_back(entry.name);
  }
  return names;
}

std::unique_ptr<Model> MakeModel(std::string_view name) {
  for (const auto& entry : kModels) {
    if (entry.name == name) {
      return std::make_unique<FunctionModel>(entry.name, entry.function);
    }
  }
  return nullptr;
}

}  // namespace storeops::forecast
