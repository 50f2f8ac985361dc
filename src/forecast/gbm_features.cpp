// SPDX-License-Identifier: Apache-2.0
// The feature table of the global gradient-boosted model. Direct multi-step forecasting with the
// horizon as a feature (one model for all steps, as in several M5 winning solutions): a row is
// (series, forecast origin o, target t = o + h) and every feature is computed from values at or
// before o, plus covariates known in advance at t. A lag L shorter than h would need a value after
// the origin, so it is missing (NaN) in that row; xgboost learns a default direction for missing
// values, so the same trees serve short horizons (recent lags) and long ones (seasonal lags only).
// There is no recursion, so errors do not feed back into later steps.
//
// Values are divided by the series scale (mean |value| of its history) so that one model fits
// departments selling 10 and 100,000 a week; the scale's log is a feature, and the training weight
// is the scale so that the squared loss cares about large series as the absolute metrics do.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>

#include "gbm.hpp"

namespace storeops::forecast::internal {
namespace {

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();
constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 86400;
constexpr int64_t kWeek = 7 * kDay;

enum class Calendar { kNone, kHourly, kDaily, kWeekly };

// Calendar features only when the stamps look like epoch seconds with a known step.
Calendar DetectCalendar(std::span<const GlobalSeriesView> series) {
  for (const auto& s : series) {
    if (s.timestamps.size() >= 2) {
      const int64_t step = s.timestamps[1] - s.timestamps[0];
      if (step == kHour) {
        return Calendar::kHourly;
      }
      if (step == kDay) {
        return Calendar::kDaily;
      }
      if (step == kWeek) {
        return Calendar::kWeekly;
      }
      return Calendar::kNone;
    }
  }
  return Calendar::kNone;
}

uint64_t Mix(uint64_t z) {  // splitmix64 finaliser: a portable, seedable hash
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Everything about the feature layout that is the same for all rows of one fit.
struct Layout {
  int horizon = 1;
  int season = 1;
  Calendar calendar = Calendar::kNone;
  size_t exogenous = 0;
  std::vector<int> lags;
  std::vector<int> windows;
  std::vector<std::string> names;
};

Layout MakeLayout(std::span<const GlobalSeriesView> series, const GlobalFitOptions& options) {
  Layout layout;
  layout.horizon = options.horizon;
  layout.season = options.season;
  layout.calendar = DetectCalendar(series);
  layout.exogenous = series.empty() ? 0 : series.front().exogenous.size();
  const int s = options.season;
  layout.lags = {1, 2, 3};
  if (s > 1) {
    for (int lag : {s - 1, s, s + 1, 2 * s}) {
      layout.lags.push_back(lag);
    }
  }
  if (layout.calendar == Calendar::kHourly && s == 24) {
    layout.lags.push_back(168);  // same hour last week
  }
  std::sort(layout.lags.begin(), layout.lags.end());
  layout.lags.erase(std::unique(layout.lags.begin(), layout.lags.end()), layout.lags.end());
  layout.windows = {4};
  if (s > 1) {
    layout.windows.push_back(std::max(2, s / 4));
    layout.windows.push_back(s);
  }
  std::sort(layout.windows.begin(), layout.windows.end());
  layout.windows.erase(std::unique(layout.windows.begin(), layout.windows.end()),
                       layout.windows.end());

  auto& n = layout.names;
  n = {"horizon", "log_scale", "last"};
  for (int lag : layout.lags) {
    n.push_back("lag" + std::to_string(lag));
  }
  if (s > 1) {
    n.push_back("seasonal_smooth");
    n.push_back("seasonal_level");
  }
  for (int w : layout.windows) {
    n.push_back("mean" + std::to_string(w));
    if (s > 1) {
      n.push_back("mean" + std::to_string(w) + "_season_ago");
    }
  }
  n.push_back("phase");
  if (layout.calendar != Calendar::kNone) {
    n.push_back("week_of_year");
    n.push_back("month");
  }
  if (layout.calendar == Calendar::kDaily || layout.calendar == Calendar::kHourly) {
    n.push_back("day_of_week");
  }
  if (layout.calendar == Calendar::kHourly) {
    n.push_back("hour");
  }
  for (const char* name : {"holiday", "holiday_next", "holiday_previous"}) {
    n.push_back(name);
  }
  for (size_t c = 0; c < layout.exogenous; ++c) {
    n.push_back("exogenous" + std::to_string(c));
  }
  return layout;
}

float Cell(double v) { return std::isfinite(v) ? static_cast<float>(v) : kMissing; }

// Appends one row for target t with origin o = t - h of series `s`, values divided by `scale`.
void AppendRow(const Layout& layout, const GlobalSeriesView& s, double scale, size_t t, int h,
               std::vector<float>& out) {
  const auto o = static_cast<ptrdiff_t>(t) - h;  // the origin: last value the row may use
  const auto& y = s.values;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto z = [&](ptrdiff_t i) { return i >= 0 && i <= o ? y[static_cast<size_t>(i)] / scale : nan; };
  auto mean = [&](ptrdiff_t last, int w) {  // mean of z over (last - w, last]
    if (last - w + 1 < 0 || last > o) {
      return nan;
    }
    double sum = 0;
    for (ptrdiff_t i = last - w + 1; i <= last; ++i) {
      sum += y[static_cast<size_t>(i)];
    }
    return sum / static_cast<double>(w) / scale;
  };
  const auto ti = static_cast<ptrdiff_t>(t);
  const int season = layout.season;
  out.push_back(static_cast<float>(h));
  out.push_back(static_cast<float>(std::log(scale)));
  out.push_back(Cell(z(o)));
  for (int lag : layout.lags) {
    out.push_back(Cell(z(ti - lag)));
  }
  if (season > 1) {
    // The seasonal lag smoothed over its neighbours, and shifted by the change in level (the
    // snaive_level idea): trees approximate sums poorly, so the sum is given as a feature.
    const double smooth = (z(ti - season - 1) + z(ti - season) + z(ti - season + 1)) / 3;
    out.push_back(Cell(smooth));
    const int w = std::max(1, season / 4);
    out.push_back(Cell(z(ti - season) + mean(o, w) - mean(o - season, w)));
  }
  for (int w : layout.windows) {
    out.push_back(Cell(mean(o, w)));
    if (season > 1) {
      out.push_back(Cell(mean(o - season, w)));
    }
  }
  // Phase within the season, aligned on the stamps when there are any.
  int64_t index = ti;
  if (s.timestamps.size() >= 2) {
    const int64_t step = s.timestamps[1] - s.timestamps[0];
    index = step != 0 ? s.timestamps[t] / step : ti;
  }
  const int64_t period = std::max(season, 1);
  out.push_back(static_cast<float>(((index % period) + period) % period));
  if (layout.calendar != Calendar::kNone) {
    if (s.timestamps.size() > t) {
      const int64_t seconds = s.timestamps[t];
      const int64_t days = seconds >= 0 ? seconds / kDay : (seconds - kDay + 1) / kDay;
      const std::chrono::sys_days day{std::chrono::days{days}};
      const std::chrono::year_month_day ymd{day};
      const std::chrono::sys_days new_year{ymd.year() / std::chrono::January / 1};
      out.push_back(static_cast<float>((day - new_year).count() / 7));
      out.push_back(static_cast<float>(static_cast<unsigned>(ymd.month())));
      if (layout.calendar == Calendar::kDaily || layout.calendar == Calendar::kHourly) {
        out.push_back(static_cast<float>(std::chrono::weekday{day}.c_encoding()));
      }
      if (layout.calendar == Calendar::kHourly) {
        out.push_back(static_cast<float>(((seconds % kDay) + kDay) % kDay / kHour));
      }
    } else {
      const size_t missing = layout.calendar == Calendar::kWeekly  ? 2
                             : layout.calendar == Calendar::kDaily ? 3
                                                                   : 4;
      out.insert(out.end(), missing, kMissing);
    }
  }
  auto flag = [&](size_t i) {
    return i < s.holiday.size() ? static_cast<float>(s.holiday[i] != 0 ? 1 : 0) : kMissing;
  };
  out.push_back(flag(t));
  out.push_back(flag(t + 1));
  out.push_back(t > 0 ? flag(t - 1) : kMissing);
  for (size_t c = 0; c < layout.exogenous; ++c) {
    const auto& column = s.exogenous[c];
    out.push_back(t < column.size() ? Cell(column[t]) : kMissing);
  }
}

// The seasonal naive forecast of target t from origin t - h (see FeatureTable::base).
double SeasonalBase(std::span<const double> y, int season, size_t t, int h) {
  const auto origin = static_cast<ptrdiff_t>(t) - h;
  if (season > 1) {
    const auto s = static_cast<ptrdiff_t>(season);
    const ptrdiff_t back = ((h + s - 1) / s) * s;  // whole seasons reaching the origin
    const ptrdiff_t at = static_cast<ptrdiff_t>(t) - back;
    if (at >= 0) {
      return y[static_cast<size_t>(at)];
    }
  }
  return y[static_cast<size_t>(std::max<ptrdiff_t>(origin, 0))];
}

}  // namespace

double SeriesScale(std::span<const double> values) {
  double sum = 0;
  for (double v : values) {
    sum += std::abs(v);
  }
  const double scale = values.empty() ? 0.0 : sum / static_cast<double>(values.size());
  return scale > 0 && std::isfinite(scale) ? scale : 1.0;
}

FeatureTable TrainingRows(std::span<const GlobalSeriesView> series, const GlobalFitOptions& options,
                          const GbmSettings& settings) {
  const Layout layout = MakeLayout(series, options);
  FeatureTable table;
  table.names = layout.names;
  table.columns = layout.names.size();
  const int horizon = options.horizon;
  const int per_target = std::clamp(settings.horizons_per_target, 1, horizon);
  for (size_t i = 0; i < series.size(); ++i) {
    const GlobalSeriesView& s = series[i];
    const double scale = SeriesScale(s.values);
    const size_t n = s.values.size();
    // Targets from one season on (so the seasonal lag exists, as it will when forecasting) when
    // the history leaves enough of them; otherwise from the second point.
    const auto season = static_cast<size_t>(std::max(options.season, 1));
    const size_t first = season > 1 && n >= season + 8 ? season : 1;
    for (size_t t = first; t < n; ++t) {
      const int reachable = static_cast<int>(std::min<size_t>(t, static_cast<size_t>(horizon)));
      for (int r = 0; r < per_target; ++r) {
        // Horizons spread evenly over 1..reachable with a seeded random offset per target.
        const uint64_t draw = Mix(options.seed ^ Mix((static_cast<uint64_t>(i) << 32) ^ t));
        const auto offset = static_cast<int>(draw % static_cast<uint64_t>(reachable));
        const int h = 1 + (offset + r * reachable / per_target) % reachable;
        AppendRow(layout, s, scale, t, h, table.cells);
        const double base = SeasonalBase(s.values, options.season, t, h);
        table.base.push_back(base);
        table.labels.push_back(static_cast<float>((s.values[t] - base) / scale));
        const double holiday = t < s.holiday.size() && s.holiday[t] != 0 ? 5.0 : 1.0;
        table.weights.push_back(static_cast<float>(scale * holiday));
        table.series.push_back(i);
        table.target.push_back(t);
      }
    }
  }
  if (!table.weights.empty()) {
    const double total = std::accumulate(table.weights.begin(), table.weights.end(), 0.0);
    const double factor = static_cast<double>(table.weights.size()) / total;
    for (float& w : table.weights) {
      w = static_cast<float>(w * factor);
    }
  }
  return table;
}

FeatureTable PredictionRows(std::span<const GlobalSeriesView> series,
                            const GlobalFitOptions& options) {
  const Layout layout = MakeLayout(series, options);
  FeatureTable table;
  table.names = layout.names;
  table.columns = layout.names.size();
  for (size_t i = 0; i < series.size(); ++i) {
    const GlobalSeriesView& s = series[i];
    const double scale = SeriesScale(s.values);
    const size_t n = s.values.size();
    for (int h = 1; h <= options.horizon; ++h) {
      const size_t t = n - 1 + static_cast<size_t>(h);
      AppendRow(layout, s, scale, t, h, table.cells);
      table.base.push_back(SeasonalBase(s.values, options.season, t, h));
      table.series.push_back(i);
      table.target.push_back(t);
    }
  }
  return table;
}

}  // namespace storeops::forecast::internal
