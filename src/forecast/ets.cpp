// SPDX-License-Identifier: Apache-2.0
// Automatic ETS, following FPP3 chapter 8 and Hyndman et al. (2008), "Forecasting with Exponential
// Smoothing: The State Space Approach".
//
// - Point recursions are the same for additive and multiplicative errors once the innovation is
//   written in data units (d = y - yhat); only the likelihood differs (FPP3 8.5), so one loop
//   serves both.
// - Candidates: error {A, M} x trend {N, A, Ad} x season {N, A, M}, without the unstable
//   ETS(A,*,M) combinations and without multiplicative trend (FPP3 8.6 advises against it).
//   Multiplicative error or season only when every value is positive.
// - Smoothing parameters and the initial level/slope are estimated by maximising the concentrated
//   likelihood with Nelder–Mead under the usual bounds (alpha in [1e-4, 0.9999], beta <= alpha,
//   gamma <= 1 - alpha, phi in [0.8, 0.98]); initial seasonal states come from the first two
//   cycles and stay fixed, which keeps the search to at most 6 dimensions.
// - Seasons longer than 24 periods (weekly data with S = 52): a seasonal state of 52 values cannot
//   be estimated from two years, and R's ets refuses S > 24 for the same reason. We remove additive
//   seasonal indices (decompose.hpp), fit non-seasonal ETS to the adjusted series and add the
//   indices back: FPP3 5.7 "forecasting with decomposition".
#include "ets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "decompose.hpp"
#include "nelder_mead.hpp"

namespace storeops::forecast::internal {
namespace {

enum class Trend { kNone, kAdditive, kDamped };
enum class Season { kNone, kAdditive, kMultiplicative };

struct Spec {
  bool multiplicative_error = false;
  Trend trend = Trend::kNone;
  Season season = Season::kNone;
};

std::string SpecName(const Spec& spec) {
  std::string name = "ETS(";
  name += spec.multiplicative_error ? "M," : "A,";
  name += spec.trend == Trend::kNone ? "N," : (spec.trend == Trend::kAdditive ? "A," : "Ad,");
  name += spec.season == Season::kNone ? "N)" : (spec.season == Season::kAdditive ? "A)" : "M)");
  return name;
}

struct Params {
  double alpha = 0.2;
  double beta = 0;
  double gamma = 0;
  double phi = 1;
  double level = 0;
  double slope = 0;
};

struct EndState {
  double level = 0;
  double slope = 0;
  std::vector<double> seasonal;
};

constexpr double kInfeasible = 1e12;

// Runs the recursions; returns n*log(SSE/n) (+ 2*sum log|yhat| for multiplicative errors), the
// part of -2 log-likelihood that differs between models fitted to the same data.
double Run(const Spec& spec, std::span<const double> y, size_t m, const Params& p,
           std::span<const double> seasonal0, EndState* end, std::vector<double>* residuals) {
  double level = p.level;
  double slope = spec.trend == Trend::kNone ? 0.0 : p.slope;
  std::vector<double> seasonal(seasonal0.begin(), seasonal0.end());
  double sse = 0;
  double log_sum = 0;
  // sum log(yhat) as the log of running products: one log per 32 steps instead of one per step
  // (fitted values are scaled to about 1, so 32 of them cannot overflow).
  double product = 1;
  for (size_t t = 0; t < y.size(); ++t) {
    const double damped = spec.trend == Trend::kNone ? 0.0 : p.phi * slope;
    const double base = level + damped;
    double s = spec.season == Season::kMultiplicative ? 1.0 : 0.0;
    if (spec.season != Season::kNone) {
      s = seasonal[t % m];
    }
    double fitted = base + s;
    if (spec.season == Season::kMultiplicative) {
      if (!(base > 0) || !(s > 0)) {
        return kInfeasible;
      }
      fitted = base * s;
    } else if (spec.season == Season::kNone) {
      fitted = base;
    }
    if (spec.multiplicative_error && !(fitted > 0)) {
      return kInfeasible;
    }
    const double d = y[t] - fitted;
    if (residuals != nullptr) {
      residuals->push_back(d);
    }
    if (spec.season == Season::kMultiplicative) {
      level = base + p.alpha * d / s;
      slope = damped + p.beta * d / s;
      seasonal[t % m] = s + p.gamma * d / base;
    } else {
      level = base + p.alpha * d;
      slope = damped + p.beta * d;
      if (spec.season == Season::kAdditive) {
        seasonal[t % m] = s + p.gamma * d;
      }
    }
    if (spec.trend == Trend::kNone) {
      slope = 0;
    }
    if (spec.multiplicative_error) {
      sse += (d / fitted) * (d / fitted);
      product *= fitted;
      if (t % 32 == 31) {
        log_sum += std::log(product);
        product = 1;
      }
    } else {
      sse += d * d;
    }
  }
  log_sum += std::log(product);
  if (!std::isfinite(sse) || !std::isfinite(level) || !std::isfinite(slope)) {
    return kInfeasible;
  }
  if (end != nullptr) {
    *end = {level, slope, std::move(seasonal)};
  }
  const auto n = static_cast<double>(y.size());
  // A perfect fit (a constant series) would give log(0); the floor makes all such fits tie, so
  // AICc's parameter penalty picks the simplest.
  sse = std::max(sse, n * 1e-20);
  return n * std::log(sse / n) + 2.0 * log_sum;
}

struct Candidate {
  Spec spec;
  Params params;
  std::vector<double> seasonal0;
  double aicc = std::numeric_limits<double>::infinity();
};

// Least squares line through the first few points: the initial level and slope (Hyndman 2008 §2.6.1
// uses the same idea on the seasonally adjusted start).
void StartLine(std::span<const double> y, double& intercept, double& slope) {
  const size_t k = std::min<size_t>(y.size(), 10);
  double mean_t = 0;
  double mean_y = 0;
  for (size_t t = 0; t < k; ++t) {
    mean_t += static_cast<double>(t) / static_cast<double>(k);
    mean_y += y[t] / static_cast<double>(k);
  }
  double sxy = 0;
  double sxx = 0;
  for (size_t t = 0; t < k; ++t) {
    sxy += (static_cast<double>(t) - mean_t) * (y[t] - mean_y);
    sxx += (static_cast<double>(t) - mean_t) * (static_cast<double>(t) - mean_t);
  }
  slope = sxx > 0 ? sxy / sxx : 0.0;
  intercept = mean_y - slope * mean_t;
}

bool Fit(std::span<const double> y, size_t m, Candidate& candidate) {
  const Spec& spec = candidate.spec;
  const bool has_trend = spec.trend != Trend::kNone;
  const bool damped = spec.trend == Trend::kDamped;
  const bool has_season = spec.season != Season::kNone;
  const size_t n = y.size();
  // Parameters: smoothing, initial level (+ slope) (+ m - 1 free seasonal states) + the variance.
  const size_t k = 1 + (has_trend ? 1U : 0U) + (has_season ? 1U : 0U) + (damped ? 1U : 0U) + 1 +
                   (has_trend ? 1U : 0U) + (has_season ? m - 1 : 0U) + 1;
  if (n <= k + 1) {
    return false;
  }
  Params start;
  if (has_season) {
    const double mean1 =
        std::accumulate(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(m), 0.0) /
        static_cast<double>(m);
    const double mean2 = std::accumulate(y.begin() + static_cast<std::ptrdiff_t>(m),
                                         y.begin() + static_cast<std::ptrdiff_t>(2 * m), 0.0) /
                         static_cast<double>(m);
    const double slope = has_trend ? (mean2 - mean1) / static_cast<double>(m) : 0.0;
    candidate.seasonal0.assign(m, 0.0);
    double total = 0;
    for (size_t j = 0; j < m; ++j) {
      const double trend =
          mean1 + (static_cast<double>(j) - static_cast<double>(m - 1) / 2) * slope;
      if (spec.season == Season::kMultiplicative) {
        if (!(trend > 0)) {
          return false;
        }
        candidate.seasonal0[j] = y[j] / trend;
      } else {
        candidate.seasonal0[j] = y[j] - trend;
      }
      total += candidate.seasonal0[j];
    }
    for (double& s : candidate.seasonal0) {
      s = spec.season == Season::kMultiplicative ? s / (total / static_cast<double>(m))
                                                 : s - total / static_cast<double>(m);
    }
    start.level = mean1 - (static_cast<double>(m - 1) / 2 + 1) * slope;
    start.slope = slope;
  } else {
    double intercept = 0;
    double slope = 0;
    StartLine(y, intercept, slope);
    start.level = has_trend ? intercept - slope : intercept;
    start.slope = has_trend ? slope : 0.0;
    if (!has_trend) {
      start.level = y[0];
    }
  }
  start.alpha = 0.2;
  start.beta = 0.02;
  start.gamma = 0.04;
  start.phi = 0.97;

  // x = alpha, [beta], [gamma], [phi], level, [slope]
  std::vector<double> x{start.alpha};
  std::vector<double> step{0.1};
  if (has_trend) {
    x.push_back(start.beta);
    step.push_back(0.01);
  }
  if (has_season) {
    x.push_back(start.gamma);
    step.push_back(0.02);
  }
  if (damped) {
    x.push_back(start.phi);
    step.push_back(0.005);
  }
  x.push_back(start.level);
  step.push_back(0.1);
  if (has_trend) {
    x.push_back(start.slope);
    step.push_back(0.01);
  }
  auto unpack = [&](std::span<const double> v) {
    Params p;
    size_t i = 0;
    p.alpha = v[i++];
    p.beta = has_trend ? v[i++] : 0.0;
    p.gamma = has_season ? v[i++] : 0.0;
    p.phi = damped ? v[i++] : 1.0;
    p.level = v[i++];
    p.slope = has_trend ? v[i++] : 0.0;
    return p;
  };
  auto objective = [&](std::span<const double> v) {
    const Params p = unpack(v);
    if (p.alpha < 1e-4 || p.alpha > 0.9999) {
      return kInfeasible;
    }
    if (has_trend && (p.beta < 1e-4 || p.beta > p.alpha)) {
      return kInfeasible;
    }
    if (has_season && (p.gamma < 1e-4 || p.gamma > 1 - p.alpha)) {
      return kInfeasible;
    }
    if (damped && (p.phi < 0.8 || p.phi > 0.98)) {
      return kInfeasible;
    }
    return Run(spec, y, m, p, candidate.seasonal0, nullptr, nullptr);
  };
  NelderMeadOptions options;
  options.max_evaluations = 120 * static_cast<int>(x.size());
  const auto best = NelderMead(objective, x, step, options);
  if (!(best.value < kInfeasible)) {
    return false;
  }
  candidate.params = unpack(best.x);
  const auto kd = static_cast<double>(k);
  const auto nd = static_cast<double>(n);
  candidate.aicc = best.value + 2 * kd + 2 * kd * (kd + 1) / (nd - kd - 1);
  return true;
}

std::vector<double> Project(const Candidate& c, const EndState& end, size_t n, size_t m,
                            int horizon) {
  std::vector<double> mean;
  mean.reserve(static_cast<size_t>(horizon));
  double damp_sum = 0;
  double damp_power = 1;
  for (int h = 1; h <= horizon; ++h) {
    if (c.spec.trend == Trend::kDamped) {
      damp_power *= c.params.phi;
      damp_sum += damp_power;
    } else if (c.spec.trend == Trend::kAdditive) {
      damp_sum += 1;
    }
    const double base = end.level + damp_sum * end.slope;
    const size_t phase = (n + static_cast<size_t>(h) - 1) % std::max<size_t>(m, 1);
    switch (c.spec.season) {
      case Season::kNone:
        mean.push_back(base);
        break;
      case Season::kAdditive:
        mean.push_back(base + end.seasonal[phase]);
        break;
      case Season::kMultiplicative:
        mean.push_back(base * end.seasonal[phase]);
        break;
    }
  }
  return mean;
}

// Fits every candidate on `y` (already scaled to about 1) and returns the best by AICc.
bool SelectBest(std::span<const double> y, size_t m, bool seasonal, Candidate& best) {
  const bool positive = std::all_of(y.begin(), y.end(), [](double v) { return v > 0; });
  std::vector<Spec> specs;
  for (bool multiplicative_error : {false, true}) {
    if (multiplicative_error && !positive) {
      continue;
    }
    for (Trend trend : {Trend::kNone, Trend::kAdditive, Trend::kDamped}) {
      specs.push_back({multiplicative_error, trend, Season::kNone});
      if (!seasonal) {
        continue;
      }
      if (!multiplicative_error) {
        specs.push_back({multiplicative_error, trend, Season::kAdditive});
      } else {
        specs.push_back({multiplicative_error, trend, Season::kAdditive});
        specs.push_back({multiplicative_error, trend, Season::kMultiplicative});
      }
    }
  }
  bool found = false;
  for (const Spec& spec : specs) {
    Candidate candidate;
    candidate.spec = spec;
    if (Fit(y, m, candidate) && candidate.aicc < best.aicc) {
      best = std::move(candidate);
      found = true;
    }
  }
  return found;
}

}  // namespace

ModelFit AutoEts(std::span<const double> values, int season, int horizon, bool seasonal) {
  ModelFit fit;
  const size_t n = values.size();
  const auto m = static_cast<size_t>(std::max(season, 1));
  const bool short_season = season > 1 && season <= 24;
  const bool full_seasonal = seasonal && short_season && n >= 2 * m + 2;
  SeasonalSplit split;
  if (seasonal && season > 1 && !full_seasonal) {
    split = Deseasonalise(values, season);
    if (!split.seasonal) {
      fit.note = "history of " + std::to_string(n) + " points is shorter than one season of " +
                 std::to_string(season) + " + 2: non-seasonal ETS";
    } else if (short_season) {
      fit.note = "history shorter than two seasons: ETS on the deseasonalised series";
    }
  }
  const std::span<const double> target =
      split.seasonal ? std::span<const double>(split.adjusted) : values;
  double scale = 0;
  for (double v : target) {
    scale += std::abs(v) / static_cast<double>(n);
  }
  if (!(scale > 0)) {
    scale = 1;
  }
  std::vector<double> y(target.begin(), target.end());
  for (double& v : y) {
    v /= scale;
  }
  Candidate best;
  EndState end;
  if (SelectBest(y, m, full_seasonal, best) &&
      Run(best.spec, y, m, best.params, best.seasonal0, &end, &fit.residuals) < kInfeasible) {
    fit.mean = Project(best, end, n, m, horizon);
    fit.method = SpecName(best.spec);
  } else {
    // Too short for any ETS model (fewer than 5 points): repeat the last value.
    fit.mean.assign(static_cast<size_t>(horizon), y.back());
    fit.residuals.clear();
    for (size_t t = 1; t < n; ++t) {
      fit.residuals.push_back(y[t] - y[t - 1]);
    }
    fit.method = "naive";
    if (fit.note.empty()) {
      fit.note = "history too short for ETS: naive";
    }
  }
  for (double& v : fit.mean) {
    v *= scale;
  }
  for (double& v : fit.residuals) {
    v *= scale;
  }
  if (split.seasonal) {
    for (size_t h = 0; h < fit.mean.size(); ++h) {
      fit.mean[h] += SeasonalAt(split, n + h);
    }
    fit.method += " on deseasonalised";
  }
  return fit;
}

}  // namespace storeops::forecast::internal
