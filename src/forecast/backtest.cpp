// SPDX-License-Identifier: Apache-2.0
// Holdout backtest over many series (FPP3 5.8 "time series cross-validation", one origin per
// series for the outer test), with:
// - an inner validation on the training part only: every model is also fitted on the training part
//   minus its last H_in points and scored there (scaled by the in-sample seasonal naive MAE); the
//   held-out test points are never seen by any choice below;
// - an ensemble of the best members by that inner score, weighted by its inverse (Bates & Granger
//   1969 style inverse-error weights, pooled over series: per-series weights from one short
//   validation window are too noisy);
// - split conformal intervals: for each model and step h, quantiles of the inner |error| / scale
//   pooled over series, so coverage is calibrated without assuming a distribution (FPP3 5.5 notes
//   how optimistic model-based intervals can be).
// Work is spread over a std::thread pool; each series' results go to its own slot and are reduced
// in series order afterwards, so the report does not depend on the thread count. Global models
// (gbm) run after the per-series ones, twice (inner and final fit) over all series at once, with
// the same thread count handed to the library; their runs then enter the ensemble like any other.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <new>
#include <numeric>
#include <thread>

#include "storeops/forecast/forecast.hpp"
#include "storeops/forecast/reconcile.hpp"

namespace storeops::forecast {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kMinPerStep = 30;  // fewer scores than this per step: pool all steps

struct SeriesPlan {
  std::span<const double> train;
  std::span<const double> test;
  std::span<const uint8_t> test_holiday;
  size_t inner_horizon = 0;
  double inner_scale = kNaN;  // seasonal naive MAE of the inner training part
  double scale = kNaN;        // seasonal naive MAE of the training part
};

struct ModelRun {
  std::string name;
  std::vector<double> mean;        // series x H
  std::vector<double> inner;       // series x H (NaN beyond the inner horizon)
  std::vector<double> sigma;       // per series: RMS of in-sample residuals
  std::vector<std::string> notes;  // per series
  double seconds = 0;
  std::vector<std::string> members;
  std::vector<double> weights;
};

double Seconds(const core::Clock* clock, core::Timestamp since) {
  if (clock == nullptr) {
    return 0;
  }
  return static_cast<double>(core::ToEpochMs(clock->Now()) - core::ToEpochMs(since)) / 1000.0;
}

core::Timestamp Now(const core::Clock* clock) {
  return clock == nullptr ? core::Timestamp{} : clock->Now();
}

// Runs fn(i) for i in [0, count) on `threads` threads; the first exception is rethrown.
template <class Fn>
void ParallelFor(size_t count, size_t threads, Fn&& fn) {
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    try {
      for (size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) {
        fn(i);
      }
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) {
        failure = std::current_exception();
      }
      next.store(count);
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) {
    pool.emplace_back(worker);
  }
  worker();
  for (auto& thread : pool) {
    thread.join();
  }
  if (failure) {
    std::rethrow_exception(failure);
  }
}

// The split conformal quantile: the ceil((n + 1) q)-th smallest score (Vovk et al. 2005).
double ConformalQuantile(std::vector<double> scores, double q) {
  if (scores.empty()) {
    return kNaN;
  }
  std::sort(scores.begin(), scores.end());
  const auto n = static_cast<double>(scores.size());
  const auto k = static_cast<size_t>(std::min(n, std::ceil((n + 1) * q)));
  return scores[std::max<size_t>(k, 1) - 1];
}

double InnerScore(const ModelRun& run, const std::vector<SeriesPlan>& plans, size_t horizon) {
  double total = 0;
  size_t count = 0;
  for (size_t i = 0; i < plans.size(); ++i) {
    const SeriesPlan& plan = plans[i];
    if (plan.inner_horizon == 0 || !(plan.inner_scale > 0)) {
      continue;
    }
    const size_t inner_end = plan.train.size();
    const size_t origin = inner_end - plan.inner_horizon;
    double sum = 0;
    for (size_t h = 0; h < plan.inner_horizon; ++h) {
      sum += std::abs(plan.train[origin + h] - run.inner[i * horizon + h]);
    }
    total += sum / static_cast<double>(plan.inner_horizon) / plan.inner_scale;
    ++count;
  }
  return count == 0 ? kNaN : total / static_cast<double>(count);
}

ModelMetrics Score(const ModelRun& run, const std::vector<SeriesPlan>& plans, size_t horizon,
                   int season) {
  // Interval half-widths in scaled units, per step, from the inner validation errors.
  std::vector<std::vector<double>> per_step(horizon);
  std::vector<double> pooled;
  for (size_t i = 0; i < plans.size(); ++i) {
    const SeriesPlan& plan = plans[i];
    if (plan.inner_horizon == 0 || !(plan.inner_scale > 0)) {
      continue;
    }
    const size_t origin = plan.train.size() - plan.inner_horizon;
    for (size_t h = 0; h < plan.inner_horizon; ++h) {
      const double score =
          std::abs(plan.train[origin + h] - run.inner[i * horizon + h]) / plan.inner_scale;
      per_step[h].push_back(score);
      pooled.push_back(score);
    }
  }
  std::vector<double> q80(horizon);
  std::vector<double> q95(horizon);
  const double pooled80 = ConformalQuantile(pooled, 0.8);
  const double pooled95 = ConformalQuantile(pooled, 0.95);
  for (size_t h = 0; h < horizon; ++h) {
    const bool enough = per_step[h].size() >= kMinPerStep;
    q80[h] = enough ? ConformalQuantile(per_step[h], 0.8) : pooled80;
    q95[h] = enough ? ConformalQuantile(per_step[h], 0.95) : pooled95;
  }

  ModelMetrics m;
  m.name = run.name;
  m.seconds = run.seconds;
  m.ensemble_members = run.members;
  m.ensemble_weights = run.weights;
  double abs_sum = 0;
  double sq_sum = 0;
  double actual_sum = 0;
  double weighted_sum = 0;
  double weight_total = 0;
  size_t inside80 = 0;
  size_t inside95 = 0;
  size_t points = 0;
  double mase_sum = 0;
  double rmsse_sum = 0;
  size_t scaled_series = 0;
  for (size_t i = 0; i < plans.size(); ++i) {
    const SeriesPlan& plan = plans[i];
    const std::span<const double> predicted(run.mean.data() + i * horizon, horizon);
    for (size_t h = 0; h < horizon; ++h) {
      const double y = plan.test[h];
      const double e = y - predicted[h];
      abs_sum += std::abs(e);
      sq_sum += e * e;
      actual_sum += std::abs(y);
      const double w = !plan.test_holiday.empty() && plan.test_holiday[h] != 0 ? 5.0 : 1.0;
      weighted_sum += w * std::abs(e);
      weight_total += w;
      // Without any inner validation (all series too short), fall back to a Gaussian interval
      // from the in-sample residuals growing like a random walk.
      double width80 = 0;
      double width95 = 0;
      if (std::isfinite(q80[h])) {
        const double scale = plan.scale > 0 ? plan.scale : 0.0;
        width80 = q80[h] * scale;
        width95 = q95[h] * scale;
      } else if (std::isfinite(run.sigma[i])) {
        const double spread = run.sigma[i] * std::sqrt(static_cast<double>(h + 1));
        width80 = 1.2816 * spread;
        width95 = 1.96 * spread;
      }
      inside80 += std::abs(e) <= width80 ? 1U : 0U;
      inside95 += std::abs(e) <= width95 ? 1U : 0U;
      ++points;
    }
    const double mase = Mase(plan.test, predicted, plan.train, season);
    const double rmsse = Rmsse(plan.test, predicted, plan.train, season);
    if (std::isfinite(mase) && std::isfinite(rmsse)) {
      mase_sum += mase;
      rmsse_sum += rmsse;
      ++scaled_series;
    }
  }
  const auto n = static_cast<double>(points);
  m.mae = abs_sum / n;
  m.rmse = std::sqrt(sq_sum / n);
  m.wmape = actual_sum > 0 ? abs_sum / actual_sum : kNaN;
  m.wmae = weighted_sum / weight_total;
  m.mase = scaled_series > 0 ? mase_sum / static_cast<double>(scaled_series) : kNaN;
  m.rmsse = scaled_series > 0 ? rmsse_sum / static_cast<double>(scaled_series) : kNaN;
  m.coverage80 = static_cast<double>(inside80) / n;
  m.coverage95 = static_cast<double>(inside95) / n;
  return m;
}

// The inverse-score weighted mean of the `size` best-ranked runs (equal weights when a member has
// no inner score).
ModelRun Combine(const std::vector<ModelRun>& runs,
                 const std::vector<std::pair<double, size_t>>& ranked, size_t size) {
  const size_t members = std::min(ranked.size(), size);
  const size_t cells = runs.front().mean.size();
  const size_t count = runs.front().sigma.size();
  ModelRun ensemble;
  ensemble.name = "ensemble";
  ensemble.mean.assign(cells, 0.0);
  ensemble.inner.assign(cells, 0.0);
  ensemble.sigma.assign(count, 0.0);
  std::vector<double> weights;
  for (size_t k = 0; k < members; ++k) {
    const double score = ranked[k].first;
    weights.push_back(std::isfinite(score) && score > 0 ? 1.0 / score : 1.0);
  }
  const bool any_infinite =
      std::any_of(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(members),
                  [](const auto& p) { return !std::isfinite(p.first); });
  if (any_infinite) {
    std::fill(weights.begin(), weights.end(), 1.0);
  }
  const double weight_sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  for (size_t k = 0; k < members; ++k) {
    const ModelRun& member = runs[ranked[k].second];
    const double w = weights[k] / weight_sum;
    ensemble.members.push_back(member.name);
    ensemble.weights.push_back(w);
    for (size_t j = 0; j < cells; ++j) {
      ensemble.mean[j] += w * member.mean[j];
      ensemble.inner[j] += w * member.inner[j];
    }
    for (size_t i = 0; i < count; ++i) {
      ensemble.sigma[i] += w * member.sigma[i];
    }
    ensemble.seconds += member.seconds;
  }
  return ensemble;
}

// Makes every series' fallback forecast: seasonal naive, which cannot fail on a validated series.
ModelFit SeasonalNaiveFit(std::span<const double> history, int season, size_t steps) {
  auto fit = MakeModel("snaive")->FitPredict({history, season}, static_cast<int>(steps));
  return std::move(*fit);
}

// Views of every series (those in `which`) cut at `history_length(i)` points, with the covariates
// of that history and `horizon` more steps.
template <class Length>
std::vector<GlobalSeriesView> GlobalViews(const Dataset& dataset, const std::vector<size_t>& which,
                                          size_t horizon, Length history_length) {
  std::vector<GlobalSeriesView> views;
  for (size_t i : which) {
    const Series& s = dataset.series[i];
    const size_t n = history_length(i);
    const size_t covered = n + horizon;
    GlobalSeriesView view;
    view.values = std::span<const double>(s.values.data(), n);
    if (!s.timestamps.empty()) {
      view.timestamps = std::span<const int64_t>(s.timestamps.data(), covered);
    }
    if (!s.holiday.empty()) {
      view.holiday = std::span<const uint8_t>(s.holiday.data(), covered);
    }
    for (const auto& column : s.exogenous) {
      view.exogenous.emplace_back(column.data(), covered);
    }
    views.push_back(std::move(view));
  }
  return views;
}

// One global model's run: an inner fit on every series with an inner window, then the final fit.
// When the model fails as a whole, or gives a non-finite forecast for a series, seasonal naive
// takes that place and the note says so.
ModelRun RunGlobal(const GlobalModel& model, const Dataset& dataset,
                   const std::vector<SeriesPlan>& plans, size_t horizon, int season,
                   const GlobalFitOptions& fit_options) {
  const size_t count = plans.size();
  ModelRun run;
  run.name = std::string(model.Name());
  run.mean.assign(count * horizon, kNaN);
  run.inner.assign(count * horizon, kNaN);
  run.sigma.assign(count, kNaN);
  run.notes.assign(count, {});
  auto accept = [&](const core::Result<std::vector<ModelFit>>& fits, size_t k, size_t steps) {
    return fits && (*fits)[k].mean.size() >= steps &&
           std::all_of((*fits)[k].mean.begin(),
                       (*fits)[k].mean.begin() + static_cast<std::ptrdiff_t>(steps),
                       [](double v) { return std::isfinite(v); });
  };
  auto failure = [](const core::Result<std::vector<ModelFit>>& fits) {
    return fits ? std::string("non-finite forecast: seasonal naive used")
                : fits.error().message + ": seasonal naive used";
  };

  std::vector<size_t> with_inner;
  for (size_t i = 0; i < count; ++i) {
    if (plans[i].inner_horizon > 0) {
      with_inner.push_back(i);
    }
  }
  if (!with_inner.empty()) {
    const auto views = GlobalViews(dataset, with_inner, horizon, [&](size_t i) {
      return plans[i].train.size() - plans[i].inner_horizon;
    });
    const auto fits = model.FitPredict(views, fit_options);
    for (size_t k = 0; k < with_inner.size(); ++k) {
      const size_t i = with_inner[k];
      const size_t steps = plans[i].inner_horizon;
      const auto history = plans[i].train.first(plans[i].train.size() - steps);
      const ModelFit fallback =
          accept(fits, k, steps) ? ModelFit{} : SeasonalNaiveFit(history, season, steps);
      const auto& mean = accept(fits, k, steps) ? (*fits)[k].mean : fallback.mean;
      std::copy(mean.begin(), mean.begin() + static_cast<std::ptrdiff_t>(steps),
                run.inner.begin() + static_cast<std::ptrdiff_t>(i * horizon));
    }
  }

  std::vector<size_t> all(count);
  std::iota(all.begin(), all.end(), size_t{0});
  const auto views =
      GlobalViews(dataset, all, horizon, [&](size_t i) { return plans[i].train.size(); });
  const auto fits = model.FitPredict(views, fit_options);
  for (size_t i = 0; i < count; ++i) {
    ModelFit fit;
    if (accept(fits, i, horizon)) {
      fit = (*fits)[i];
    } else {
      fit = SeasonalNaiveFit(plans[i].train, season, horizon);
      run.notes[i] = failure(fits);
    }
    std::copy(fit.mean.begin(), fit.mean.begin() + static_cast<std::ptrdiff_t>(horizon),
              run.mean.begin() + static_cast<std::ptrdiff_t>(i * horizon));
    if (!fit.residuals.empty()) {
      double sum = 0;
      for (double r : fit.residuals) {
        sum += r * r;
      }
      run.sigma[i] = std::sqrt(sum / static_cast<double>(fit.residuals.size()));
    }
  }
  return run;
}

// Every model's pass (runs) and the ensemble over one data set.
struct Passes {
  std::vector<SeriesPlan> plans;
  std::vector<ModelRun> runs;
  ModelRun ensemble;
};

core::Result<Passes> RunPasses(const Dataset& dataset, const BacktestOptions& options) {
  if (options.horizon < 1) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "horizon must be at least 1");
  }
  if (options.season < 1) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "season must be at least 1");
  }
  if (options.ensemble_size < 0) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "ensemble size must not be negative");
  }
  std::vector<std::string> names = options.models;
  if (names.empty()) {
    names = ModelNames();
    for (auto& name : GlobalModelNames()) {
      names.push_back(std::move(name));
    }
  }
  std::vector<std::unique_ptr<Model>> models;
  std::vector<std::unique_ptr<GlobalModel>> global_models;
  for (const auto& name : names) {
    if (auto model = MakeModel(name)) {
      models.push_back(std::move(model));
    } else if (auto global = MakeGlobalModel(name)) {
      global_models.push_back(std::move(global));
    } else {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        "unknown model '" + name + "' (ensemble is always run)");
    }
  }
  const auto horizon = static_cast<size_t>(options.horizon);
  if (auto valid = ValidateDataset(dataset, horizon + 3); !valid) {
    return core::Fail(valid.error());
  }
  const core::Clock* clock = options.clock;
  const int season = options.season;
  const size_t count = dataset.series.size();

  std::vector<SeriesPlan> plans(count);
  for (size_t i = 0; i < count; ++i) {
    const Series& s = dataset.series[i];
    const size_t n_train = s.values.size() - horizon;
    SeriesPlan& plan = plans[i];
    plan.train = std::span<const double>(s.values.data(), n_train);
    plan.test = std::span<const double>(s.values.data() + n_train, horizon);
    if (!s.holiday.empty()) {
      plan.test_holiday = std::span<const uint8_t>(s.holiday.data() + n_train, horizon);
    }
    // Keep at least a season + 2 points for the inner fit when possible, so seasonal models stay
    // seasonal there; otherwise keep 3.
    const size_t keep = season > 1 ? static_cast<size_t>(season) + 2 : 3;
    size_t inner = n_train > keep ? std::min(horizon, n_train - keep) : 0;
    if (inner == 0 && n_train > 3) {
      inner = std::min(horizon, n_train - 3);
    }
    plan.inner_horizon = inner;
    plan.scale = SeasonalNaiveMae(plan.train, season);
    if (inner > 0) {
      plan.inner_scale = SeasonalNaiveMae(plan.train.first(n_train - inner), season);
    }
  }

  const size_t all_threads = options.threads > 0
                                 ? static_cast<size_t>(options.threads)
                                 : std::max<size_t>(1, std::thread::hardware_concurrency());
  const size_t threads = std::min(all_threads, count);
  std::mutex progress_mutex;
  size_t done = 0;
  const size_t total = count * (models.size() + global_models.size());

  std::vector<ModelRun> runs;
  for (const auto& model : models) {
    ModelRun run;
    run.name = std::string(model->Name());
    run.mean.assign(count * horizon, kNaN);
    run.inner.assign(count * horizon, kNaN);
    run.sigma.assign(count, kNaN);
    run.notes.assign(count, {});
    const core::Timestamp pass_start = Now(clock);
    ParallelFor(count, threads, [&](size_t i) {
      const SeriesPlan& plan = plans[i];
      // A model that fails on one series (numerical trouble) is replaced there by seasonal naive,
      // and the note says so, rather than losing the whole backtest.
      auto fit_or_fallback = [&](std::span<const double> history, size_t steps, std::string& note) {
        auto fit = model->FitPredict({history, season}, static_cast<int>(steps));
        if (fit && fit->mean.size() == steps &&
            std::all_of(fit->mean.begin(), fit->mean.end(),
                        [](double v) { return std::isfinite(v); })) {
          if (!fit->note.empty()) {
            note = fit->note;
          }
          return std::move(*fit);
        }
        note = fit ? "non-finite forecast: seasonal naive used" : fit.error().message;
        auto fallback = MakeModel("snaive")->FitPredict({history, season}, static_cast<int>(steps));
        return std::move(*fallback);
      };
      std::string ignored;
      if (plan.inner_horizon > 0) {
        const ModelFit inner = fit_or_fallback(
            plan.train.first(plan.train.size() - plan.inner_horizon), plan.inner_horizon, ignored);
        std::copy(inner.mean.begin(), inner.mean.end(),
                  run.inner.begin() + static_cast<std::ptrdiff_t>(i * horizon));
      }
      const ModelFit fit = fit_or_fallback(plan.train, horizon, run.notes[i]);
      std::copy(fit.mean.begin(), fit.mean.end(),
                run.mean.begin() + static_cast<std::ptrdiff_t>(i * horizon));
      if (!fit.residuals.empty()) {
        double sum = 0;
        for (double r : fit.residuals) {
          sum += r * r;
        }
        run.sigma[i] = std::sqrt(sum / static_cast<double>(fit.residuals.size()));
      }
      if (options.progress) {
        std::lock_guard lock(progress_mutex);
        options.progress(++done, total);
      }
    });
    run.seconds = Seconds(clock, pass_start);
    runs.push_back(std::move(run));
  }
  const GlobalFitOptions fit_options{.horizon = options.horizon,
                                     .season = season,
                                     .threads = static_cast<int>(all_threads),
                                     .seed = options.seed};
  for (const auto& model : global_models) {
    const core::Timestamp pass_start = Now(clock);
    ModelRun run = RunGlobal(*model, dataset, plans, horizon, season, fit_options);
    run.seconds = Seconds(clock, pass_start);
    runs.push_back(std::move(run));
    if (options.progress) {
      done += count;
      options.progress(done, total);
    }
  }

  // The ensemble: best members by inner score, inverse-score weights.
  const core::Timestamp ensemble_start = Now(clock);
  std::vector<std::pair<double, size_t>> ranked;
  for (size_t r = 0; r < runs.size(); ++r) {
    const double score = InnerScore(runs[r], plans, horizon);
    ranked.emplace_back(std::isfinite(score) ? score : std::numeric_limits<double>::infinity(), r);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  // Fixed size, or (0) the size whose combination scores best in the inner validation: still only
  // training data, and ties go to the smaller ensemble.
  ModelRun ensemble;
  if (options.ensemble_size > 0) {
    ensemble = Combine(runs, ranked, static_cast<size_t>(options.ensemble_size));
  } else {
    constexpr size_t kMaxMembers = 5;
    double best = std::numeric_limits<double>::infinity();
    for (size_t k = 1; k <= std::min(kMaxMembers, ranked.size()); ++k) {
      ModelRun candidate = Combine(runs, ranked, k);
      const double score = InnerScore(candidate, plans, horizon);
      if (k == 1 || score < best) {
        best = score;
        ensemble = std::move(candidate);
      }
    }
  }
  // Choosing the members needs every model's pass, so the ensemble costs all of them.
  ensemble.seconds = Seconds(clock, ensemble_start);
  for (const ModelRun& run : runs) {
    ensemble.seconds += run.seconds;
  }
  return Passes{std::move(plans), std::move(runs), std::move(ensemble)};
}

// The parents' totals as a data set (children summed per parent, holiday = any child's,
// exogenous columns of the first child), in first-appearance order; `parent_of[i]` is series
// i's parent index.
Dataset ParentTotals(const Dataset& dataset, std::vector<size_t>& parent_of) {
  Dataset totals;
  totals.exogenous_names = dataset.exogenous_names;
  std::map<std::string, size_t> index;
  parent_of.clear();
  for (const Series& s : dataset.series) {
    auto [it, inserted] = index.try_emplace(s.parent, totals.series.size());
    if (inserted) {
      Series total;
      total.id = s.parent;
      total.timestamps = s.timestamps;
      total.values.assign(s.values.size(), 0.0);
      total.holiday.assign(s.holiday.size(), 0);
      total.exogenous = s.exogenous;
      totals.series.push_back(std::move(total));
    }
    Series& total = totals.series[it->second];
    const size_t n = std::min(total.values.size(), s.values.size());
    for (size_t t = 0; t < n; ++t) {
      total.values[t] += s.values[t];
    }
    for (size_t t = 0; t < std::min(total.holiday.size(), s.holiday.size()); ++t) {
      total.holiday[t] = total.holiday[t] != 0 || s.holiday[t] != 0 ? 1 : 0;
    }
    parent_of.push_back(it->second);
  }
  return totals;
}

// A run's forecasts summed per parent (mean and inner; sigma unknown).
ModelRun SumToParents(const ModelRun& run, const std::vector<size_t>& parent_of, size_t parents,
                      size_t horizon) {
  ModelRun sum;
  sum.name = run.name + " bottom-up";
  sum.mean.assign(parents * horizon, 0.0);
  sum.inner.assign(parents * horizon, 0.0);
  sum.sigma.assign(parents, kNaN);
  for (size_t i = 0; i < parent_of.size(); ++i) {
    for (size_t h = 0; h < horizon; ++h) {
      sum.mean[parent_of[i] * horizon + h] += run.mean[i * horizon + h];
      sum.inner[parent_of[i] * horizon + h] += run.inner[i * horizon + h];
    }
  }
  sum.seconds = run.seconds;
  return sum;
}

// The inner validation errors (actual - forecast) of series i, or empty without inner window.
std::vector<double> InnerErrors(const ModelRun& run, const SeriesPlan& plan, size_t i,
                                size_t horizon) {
  std::vector<double> errors;
  const size_t origin = plan.train.size() - plan.inner_horizon;
  for (size_t h = 0; h < plan.inner_horizon; ++h) {
    errors.push_back(plan.train[origin + h] - run.inner[i * horizon + h]);
  }
  return errors;
}

core::Result<BacktestReport> RunBacktest(const Dataset& dataset, const BacktestOptions& options) {
  const core::Clock* clock = options.clock;
  const core::Timestamp started = Now(clock);
  auto passes = RunPasses(dataset, options);
  if (!passes) {
    return core::Fail(passes.error());
  }
  const auto& plans = passes->plans;
  const auto& runs = passes->runs;
  const auto& ensemble = passes->ensemble;
  const auto horizon = static_cast<size_t>(options.horizon);
  const int season = options.season;
  const size_t count = dataset.series.size();
  auto scored = [&](const ModelRun& run, const std::vector<SeriesPlan>& on) {
    ModelMetrics m = Score(run, on, horizon, season);
    if (options.keep_forecasts) {
      m.forecasts = run.mean;
    }
    return m;
  };

  BacktestReport report;
  report.series = count;
  for (const ModelRun& run : runs) {
    report.models.push_back(scored(run, plans));
    // One line per model and kind of note, with how many series and the first one named.
    std::map<std::string, std::pair<size_t, size_t>> kinds;  // note -> (count, first series)
    for (size_t i = 0; i < count; ++i) {
      if (!run.notes[i].empty()) {
        auto [it, inserted] = kinds.try_emplace(run.notes[i], 0, i);
        ++it->second.first;
      }
    }
    for (const auto& [note, where] : kinds) {
      report.notes.push_back(
          run.name + ": series '" + dataset.series[where.second].id + "'" +
          (where.first > 1 ? " and " + std::to_string(where.first - 1) + " more" : std::string()) +
          ": " + note);
    }
  }
  report.models.push_back(scored(ensemble, plans));

  const bool hierarchical =
      count > 0 && std::all_of(dataset.series.begin(), dataset.series.end(),
                               [](const Series& s) { return !s.parent.empty(); });
  if (hierarchical) {
    std::vector<size_t> parent_of;
    const Dataset totals = ParentTotals(dataset, parent_of);
    BacktestOptions top_options = options;
    top_options.progress = nullptr;
    auto top = RunPasses(totals, top_options);
    if (!top) {
      return core::Fail(top.error().code, "parent totals: " + top.error().message);
    }
    const size_t parents = totals.series.size();
    for (const Series& s : totals.series) {
      report.parent_ids.push_back(s.id);
    }
    for (size_t r = 0; r <= runs.size(); ++r) {
      const ModelRun& bottom = r < runs.size() ? runs[r] : ensemble;
      const ModelRun& direct = r < runs.size() ? top->runs[r] : top->ensemble;
      report.parents.push_back(
          scored(SumToParents(bottom, parent_of, parents, horizon), top->plans));
      ModelRun direct_named = direct;
      direct_named.name = bottom.name + " direct";
      report.parents.push_back(scored(direct_named, top->plans));
    }
    // MinT (shrink) of the ensemble: needs the same inner window for a parent and its children.
    ReconcileInput input;
    for (size_t i = 0; i < count; ++i) {
      input.bottom.emplace_back(
          ensemble.mean.begin() + static_cast<std::ptrdiff_t>(i * horizon),
          ensemble.mean.begin() + static_cast<std::ptrdiff_t>((i + 1) * horizon));
      input.bottom_errors.push_back(InnerErrors(ensemble, plans[i], i, horizon));
    }
    for (size_t p = 0; p < parents; ++p) {
      input.top.emplace_back(
          top->ensemble.mean.begin() + static_cast<std::ptrdiff_t>(p * horizon),
          top->ensemble.mean.begin() + static_cast<std::ptrdiff_t>((p + 1) * horizon));
      input.top_errors.push_back(InnerErrors(top->ensemble, top->plans[p], p, horizon));
    }
    input.parent = parent_of;
    if (auto mint = Reconcile(input, ReconcileMethod::kMinTShrink)) {
      // No intervals for MinT (coverage NaN below); the inner forecasts only keep Score's
      // interval code on finite numbers.
      ModelRun top_run = SumToParents(ensemble, parent_of, parents, horizon);
      top_run.name = "ensemble mint";
      top_run.mean.clear();
      for (const auto& row : mint->top) {
        top_run.mean.insert(top_run.mean.end(), row.begin(), row.end());
      }
      ModelRun bottom_run = ensemble;
      bottom_run.name = "ensemble mint";
      bottom_run.mean.clear();
      for (const auto& row : mint->bottom) {
        bottom_run.mean.insert(bottom_run.mean.end(), row.begin(), row.end());
      }
      report.parents.push_back(scored(top_run, top->plans));
      report.children_reconciled.push_back(scored(bottom_run, plans));
      for (ModelMetrics* m : {&report.parents.back(), &report.children_reconciled.back()}) {
        m->coverage80 = kNaN;
        m->coverage95 = kNaN;
      }
    } else {
      report.notes.push_back("ensemble mint: " + mint.error().message);
    }
  }
  report.seconds = Seconds(clock, started);
  return report;
}

}  // namespace

core::Result<BacktestReport> Backtest(const Dataset& dataset, const BacktestOptions& options) {
  try {
    return RunBacktest(dataset, options);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    return core::Fail(core::ErrorCode::kInternal, std::string("backtest failed: ") + e.what());
  }
}

}  // namespace storeops::forecast
