// SPDX-License-Identifier: Apache-2.0
#include "storeops/service/forecast_service.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <exception>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "storeops/core/store.hpp"
#include "storeops/forecast/forecast.hpp"
#include "storeops/forecast/metrics.hpp"
#include "storeops/forecast/model.hpp"
#include "storeops/storage/database.hpp"

namespace storeops::service {
namespace {

using core::ErrorCode;
using nlohmann::json;
using std::chrono::hours;

constexpr std::string_view kSales = "sales";
constexpr std::string_view kTransactions = "transactions";
constexpr std::string_view kCustomers = "customers";
constexpr std::array<std::string_view, 3> kGranularityNames = {"hour", "day", "week"};
constexpr std::array<int, 3> kGranularityHours = {1, 24, 168};
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---------------------------------------------------------------------------------------------
// Hourly series from the roll-ups.

struct HourlySeries {
  std::string department{};  // empty = store total
  std::string metric{};
  std::vector<double> values{};
};

std::string SeriesName(const core::StoreId& store, std::string_view department,
                       std::string_view metric) {
  return fmt::format("{}/{}/{}", store.value(), department.empty() ? "total" : department, metric);
}

size_t HourIndex(core::Timestamp start, core::Timestamp hour) {
  return static_cast<size_t>(std::chrono::floor<hours>(hour - start).count());
}

// Zones whose footfall counts customers: the entrance zones of the definition, else every zone.
std::set<std::string> CustomerZones(const core::Store* store) {
  std::set<std::string> zones;
  if (store != nullptr) {
    for (const auto& zone : store->zones) {
      if (zone.type == core::ZoneType::kEntrance) {
        zones.insert(zone.id.value());
      }
    }
  }
  return zones;
}

// The store's series over `hours_count` hours from `start`: sales and transactions per department
// (sorted by department), then customers when there is footfall. Rows outside the window are
// ignored.
std::vector<HourlySeries> BuildSeries(const storage::HourlyAggregates& rows,
                                      const core::Store* store, core::Timestamp start,
                                      size_t hours_count) {
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> departments;
  for (const auto& row : rows.sales) {
    if (row.hour < start) {
      continue;
    }
    const size_t at = HourIndex(start, row.hour);
    if (at >= hours_count) {
      continue;
    }
    auto& [sales, transactions] = departments[row.department.value()];
    sales.resize(hours_count, 0.0);
    transactions.resize(hours_count, 0.0);
    sales[at] += static_cast<double>(row.sales_cents) / 100.0;
    transactions[at] += static_cast<double>(row.transactions);
  }
  std::vector<HourlySeries> out;
  for (auto& [department, pair] : departments) {
    out.push_back({department, std::string(kSales), std::move(pair.first)});
  }
  for (auto& [department, pair] : departments) {
    out.push_back({department, std::string(kTransactions), std::move(pair.second)});
  }
  const std::set<std::string> entrance = CustomerZones(store);
  std::vector<double> by_camera(hours_count, 0.0);
  std::vector<double> by_devices(hours_count, 0.0);
  bool any_footfall = false;
  bool any_camera = false;
  for (const auto& row : rows.footfall) {
    if (row.hour < start || (!entrance.empty() && !entrance.contains(row.zone.value()))) {
      continue;
    }
    const size_t at = HourIndex(start, row.hour);
    if (at >= hours_count) {
      continue;
    }
    any_footfall = true;
    any_camera = any_camera || row.camera_in > 0;
    by_camera[at] += static_cast<double>(row.camera_in);
    by_devices[at] += static_cast<double>(row.distinct_devices);
  }
  if (any_footfall) {
    out.push_back({"", std::string(kCustomers), any_camera ? by_camera : by_devices});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fitting: one engine model or the engine's weighted ensemble.

struct Method {
  std::string name{};  // "ensemble" or a model name
  std::vector<std::unique_ptr<forecast::Model>> models{};
  std::vector<double> weights{};  // sum to 1
  std::vector<std::string> members{};
};

core::Result<std::vector<double>> FitPredict(const Method& method, std::span<const double> history,
                                             int season, int horizon) {
  std::vector<double> mean(static_cast<size_t>(horizon), 0.0);
  for (size_t k = 0; k < method.models.size(); ++k) {
    auto fit = method.models[k]->FitPredict({.values = history, .season = season}, horizon);
    if (!fit) {
      return core::Fail(std::move(fit.error()));
    }
    if (fit->mean.size() != mean.size()) {
      return core::Fail(ErrorCode::kInternal,
                        fmt::format("model '{}' returned {} points for a horizon of {}",
                                    method.models[k]->Name(), fit->mean.size(), horizon));
    }
    for (size_t i = 0; i < mean.size(); ++i) {
      const double value = std::isfinite(fit->mean[i]) ? fit->mean[i] : 0.0;
      mean[i] += method.weights[k] * value;
    }
  }
  // Demand is not negative: clip (the sum over departments is taken after clipping, so the
  // store total stays the sum of its parts).
  for (double& value : mean) {
    value = std::max(0.0, value);
  }
  return mean;
}

// The engine's ensemble when every member can be refitted here, else the lowest-WMAPE single
// model that can.
core::Result<Method> ChooseMethod(const forecast::BacktestReport& report) {
  for (const auto& model : report.models) {
    if (model.name != "ensemble" || model.ensemble_members.empty() ||
        model.ensemble_members.size() != model.ensemble_weights.size()) {
      continue;
    }
    Method method{.name = "ensemble"};
    const double total =
        std::accumulate(model.ensemble_weights.begin(), model.ensemble_weights.end(), 0.0);
    bool ok = total > 0 && std::isfinite(total);
    for (size_t k = 0; ok && k < model.ensemble_members.size(); ++k) {
      auto made = forecast::MakeModel(model.ensemble_members[k]);
      ok = made != nullptr;
      if (ok) {
        method.models.push_back(std::move(made));
        method.weights.push_back(model.ensemble_weights[k] / total);
        method.members.push_back(model.ensemble_members[k]);
      }
    }
    if (ok) {
      if (method.members.size() == 1) {
        method.name = method.members.front();  // a one-member ensemble is that model
      }
      return method;
    }
  }
  const forecast::ModelMetrics* best = nullptr;
  for (const auto& model : report.models) {
    if (model.name == "ensemble" || forecast::MakeModel(model.name) == nullptr) {
      continue;
    }
    const double wmape = std::isfinite(model.wmape) ? model.wmape : 1e300;
    if (best == nullptr || wmape < (std::isfinite(best->wmape) ? best->wmape : 1e300)) {
      best = &model;
    }
  }
  if (best == nullptr) {
    return core::Fail(ErrorCode::kInternal, "the backtest reported no model that can be refitted");
  }
  Method method{.name = best->name};
  method.models.push_back(forecast::MakeModel(best->name));
  method.weights.push_back(1.0);
  method.members.push_back(best->name);
  return method;
}

// ---------------------------------------------------------------------------------------------
// Interval calibration (split conformal on absolute errors).

// The ceil((m + 1) p)-th smallest of `scores` (the largest when that is past the end); NaN when
// empty.
double ConformalQuantile(std::vector<double> scores, double p) {
  if (scores.empty()) {
    return kNaN;
  }
  std::sort(scores.begin(), scores.end());
  const auto rank = static_cast<size_t>(std::ceil((static_cast<double>(scores.size()) + 1) * p));
  return scores[std::min(std::max<size_t>(rank, 1), scores.size()) - 1];
}

// |sum| of every window of `k` consecutive errors of each error block.
std::vector<double> WindowScores(const std::vector<std::vector<double>>& blocks, size_t k) {
  std::vector<double> scores;
  for (const auto& errors : blocks) {
    if (errors.size() < k) {
      continue;
    }
    double sum = std::accumulate(errors.begin(), errors.begin() + static_cast<ptrdiff_t>(k), 0.0);
    scores.push_back(std::abs(sum));
    for (size_t i = k; i < errors.size(); ++i) {
      sum += errors[i] - errors[i - k];
      scores.push_back(std::abs(sum));
    }
  }
  return scores;
}

struct Widths {
  std::array<std::array<double, 2>, 3> half{};  // [granularity][0 = 80%, 1 = 95%]
};

// Half-widths per granularity from the error blocks. A bucket longer than every block uses the
// hourly width times sqrt(hours per bucket).
Widths Calibrate(const std::vector<std::vector<double>>& blocks) {
  Widths widths;
  for (size_t g = 0; g < kGranularityHours.size(); ++g) {
    const auto k = static_cast<size_t>(kGranularityHours[g]);
    const auto scores = WindowScores(blocks, k);
    for (size_t level = 0; level < 2; ++level) {
      const double p = level == 0 ? 0.8 : 0.95;
      double width = ConformalQuantile(scores, p);
      if (!std::isfinite(width) && g > 0) {
        width = widths.half[0][level] * std::sqrt(static_cast<double>(k));
      }
      widths.half[g][level] = std::isfinite(width) ? width : 0.0;
    }
  }
  return widths;
}

double HourlyCoverage(const std::vector<double>& errors, double half_width) {
  if (errors.empty()) {
    return kNaN;
  }
  const auto inside = std::count_if(errors.begin(), errors.end(),
                                    [&](double e) { return std::abs(e) <= half_width; });
  return static_cast<double>(inside) / static_cast<double>(errors.size());
}

json Number(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

double FromJson(const json& value) { return value.is_number() ? value.get<double>() : kNaN; }

ForecastBacktest BacktestFromJson(const json& object) {
  ForecastBacktest backtest;
  if (!object.is_object()) {
    return {kNaN, kNaN, kNaN, kNaN, 0};
  }
  backtest.wmape = FromJson(object.value("wmape", json()));
  backtest.mase = FromJson(object.value("mase", json()));
  backtest.coverage80 = FromJson(object.value("coverage80", json()));
  backtest.coverage95 = FromJson(object.value("coverage95", json()));
  backtest.horizon_hours = object.value("horizon_hours", 0);
  return backtest;
}

json BacktestToJson(const ForecastBacktest& backtest) {
  return {{"wmape", Number(backtest.wmape)},
          {"mase", Number(backtest.mase)},
          {"coverage80", Number(backtest.coverage80)},
          {"coverage95", Number(backtest.coverage95)},
          {"horizon_hours", backtest.horizon_hours}};
}

// ---------------------------------------------------------------------------------------------
// One trained node (a department series, or a store total).

struct Node {
  std::string department{};
  std::string metric{};
  std::vector<double> actual_test{};  // last H actual values
  std::vector<double> pred_test{};
  std::vector<double> errors_inner{};   // actual - predicted, window [n-2H, n-H)
  std::vector<double> errors_test{};    // window [n-H, n)
  std::vector<double> history_train{};  // values[0, n-H), for the MASE scale
  std::vector<double> forecast{};       // next F hours
};

struct NodeResult {
  ForecastBacktest backtest;
  Widths widths;
};

NodeResult Evaluate(const Node& node, int season, int horizon) {
  NodeResult result;
  const Widths inner = Calibrate({node.errors_inner});
  result.backtest.wmape = forecast::Wmape(node.actual_test, node.pred_test);
  result.backtest.mase =
      forecast::Mase(node.actual_test, node.pred_test, node.history_train, season);
  result.backtest.coverage80 = HourlyCoverage(node.errors_test, inner.half[0][0]);
  result.backtest.coverage95 = HourlyCoverage(node.errors_test, inner.half[0][1]);
  result.backtest.horizon_hours = horizon;
  result.widths = Calibrate({node.errors_inner, node.errors_test});
  return result;
}

json WidthsToJson(const Widths& widths) {
  json out = json::object();
  for (size_t g = 0; g < kGranularityNames.size(); ++g) {
    out[std::string(kGranularityNames[g])] = {widths.half[g][0], widths.half[g][1]};
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Time buckets.

core::Timestamp FloorBucket(core::Timestamp ts, int granularity) {
  if (granularity == 0) {
    return std::chrono::floor<hours>(ts);
  }
  const auto day = std::chrono::floor<std::chrono::days>(ts);
  if (granularity == 1) {
    return day;
  }
  // 1970-01-01 was a Thursday: Monday-based weekday index = (days + 3) mod 7.
  const int64_t days = day.time_since_epoch().count();
  const int64_t since_monday = ((days + 3) % 7 + 7) % 7;
  return day - std::chrono::days(since_monday);
}

core::Timestamp CeilBucket(core::Timestamp ts, int granularity) {
  const auto floor = FloorBucket(ts, granularity);
  return floor == ts ? ts : floor + hours(kGranularityHours[static_cast<size_t>(granularity)]);
}

int GranularityIndex(std::string_view name) {
  for (size_t g = 0; g < kGranularityNames.size(); ++g) {
    if (kGranularityNames[g] == name) {
      return static_cast<int>(g);
    }
  }
  return -1;
}

core::Error InvalidParameter(std::string field, std::string message) {
  std::string reason = message;
  return core::Error{
      ErrorCode::kInvalidArgument, std::move(message), {{std::move(field), std::move(reason)}}};
}

ModelVersionInfo InfoFrom(const storage::ForecastModelVersion& version) {
  ModelVersionInfo info;
  info.version = version.id;
  info.store_id = version.store_id;
  info.data_from = version.data_from;
  info.data_to = version.data_to;
  info.model_name = version.model_name;
  info.settings_json = version.settings_json;
  info.metrics_json = version.metrics_json;
  info.seconds = version.seconds;
  info.created = version.created;
  info.champion = version.champion;
  info.series = static_cast<int>(version.series_count);
  const json metrics = json::parse(version.metrics_json, nullptr, false);
  info.backtest = BacktestFromJson(metrics.is_object() ? metrics.value("store", json()) : json());
  return info;
}

core::Status ValidateOptions(const TrainOptions& options) {
  if (options.history_days < 1 || options.history_days > 3660) {
    return core::Fail(InvalidParameter("history_days", "history_days must be between 1 and 3660"));
  }
  if (options.min_history_days < 1) {
    return core::Fail(InvalidParameter("min_history_days", "min_history_days must be at least 1"));
  }
  if (options.backtest_hours < 1) {
    return core::Fail(InvalidParameter("backtest_hours", "backtest_hours must be at least 1"));
  }
  if (options.keep_versions < 1) {
    return core::Fail(InvalidParameter("keep_versions", "keep_versions must be at least 1"));
  }
  if (options.forecast_days < 1 || options.forecast_days > 366) {
    return core::Fail(InvalidParameter("forecast_days", "forecast_days must be between 1 and 366"));
  }
  for (const auto& name : options.models) {
    if (forecast::MakeModel(name) == nullptr) {
      return core::Fail(InvalidParameter("models", fmt::format("unknown model '{}'", name)));
    }
  }
  return core::Ok();
}

json SettingsJson(const TrainOptions& options, int season, int horizon) {
  json settings = {{"history_days", options.history_days},
                   {"min_history_days", options.min_history_days},
                   {"backtest_hours", horizon},
                   {"forecast_days", options.forecast_days},
                   {"season", season},
                   {"models", options.models},
                   {"champion_rule", "lower mean store-total WMAPE over the metrics"}};
  if (options.as_of) {
    settings["as_of"] = core::FormatRfc3339(*options.as_of);
  }
  return settings;
}

}  // namespace

struct ForecastService::Impl {
  storage::Database& db;
  const core::Clock& clock;

  core::Result<ModelVersionInfo> Train(const core::StoreId& store_id, const TrainOptions& options,
                                       const TrainProgress& progress);
  core::Result<ForecastResult> Forecast(const ForecastQuery& query);
};

core::Result<ModelVersionInfo> ForecastService::Impl::Train(const core::StoreId& store_id,
                                                            const TrainOptions& options,
                                                            const TrainProgress& progress) {
  const auto started = clock.Now();
  auto report = [&](double fraction, std::string_view message) {
    if (progress) {
      progress(std::clamp(fraction, 0.0, 1.0), message);
    }
  };
  if (!core::IsValidIdText(store_id.value())) {
    return core::Fail(InvalidParameter("store_id",
                                       "store_id must be 1-64 characters of "
                                       "[A-Za-z0-9._-]"));
  }
  if (auto valid = ValidateOptions(options); !valid) {
    return core::Fail(std::move(valid.error()));
  }
  report(0.0, "loading hourly aggregates");
  core::Timestamp data_to;
  if (options.as_of) {
    data_to = std::chrono::floor<hours>(*options.as_of);
  } else {
    auto watermark = db.aggregates().Watermark(store_id);
    if (!watermark) {
      return core::Fail(std::move(watermark.error()));
    }
    if (!*watermark) {
      return core::Fail(
          ErrorCode::kNotFound,
          fmt::format("store '{}' has no hourly aggregates yet: ingest its events and "
                      "let the retention job roll them up (`storeops maintenance "
                      "retention`, or `serve`) before training",
                      store_id.value()));
    }
    data_to = std::chrono::floor<hours>(**watermark);
  }
  const core::Timestamp window_from = data_to - hours(24) * options.history_days;
  auto rows = db.aggregates().LoadAggregates(store_id, window_from, data_to);
  if (!rows) {
    return core::Fail(std::move(rows.error()));
  }
  std::optional<core::Store> store;
  if (auto loaded = db.stores().LoadStore(store_id); loaded) {
    store = std::move(*loaded);
  } else if (loaded.error().code != ErrorCode::kNotFound) {
    return core::Fail(std::move(loaded.error()));
  }
  std::optional<core::Timestamp> first;
  for (const auto& row : rows->sales) {
    first = std::min(first.value_or(row.hour), row.hour);
  }
  for (const auto& row : rows->footfall) {
    first = std::min(first.value_or(row.hour), row.hour);
  }
  if (!first) {
    return core::Fail(
        ErrorCode::kNotFound,
        fmt::format("store '{}' has no sales or footfall aggregates in the {} days "
                    "before {}: nothing to train on",
                    store_id.value(), options.history_days, core::FormatRfc3339(data_to)));
  }
  const core::Timestamp data_from = std::chrono::floor<hours>(*first);
  const size_t n = HourIndex(data_from, data_to);
  auto series = BuildSeries(*rows, store ? &*store : nullptr, data_from, n);
  const size_t min_hours = static_cast<size_t>(options.min_history_days) * 24;
  if (n < min_hours) {
    std::vector<std::string> names;
    for (const auto& one : series) {
      names.push_back(fmt::format("'{}'", SeriesName(store_id, one.department, one.metric)));
    }
    const size_t shown = std::min<size_t>(names.size(), 3);
    return core::Fail(
        ErrorCode::kFailedPrecondition,
        fmt::format("history too short: series {}{} {} {} hourly points ({} to {}); at least {} "
                    "({} days) are needed to train",
                    fmt::join(names.begin(), names.begin() + static_cast<ptrdiff_t>(shown), ", "),
                    names.size() > shown ? fmt::format(" and {} more", names.size() - shown) : "",
                    names.size() == 1 ? "has" : "have", n, core::FormatRfc3339(data_from),
                    core::FormatRfc3339(data_to), min_hours, options.min_history_days),
        {{"history", fmt::format("{} hours, need {}", n, min_hours)}});
  }
  const int horizon = std::max(1, std::min(options.backtest_hours, static_cast<int>(n / 4)));
  const size_t h = static_cast<size_t>(horizon);
  const int season = n >= 2 * h + 2 * 168 ? 168 : 24;
  const int forecast_hours = options.forecast_days * 24;
  std::vector<std::string> models = options.models;
  if (models.empty()) {
    models = forecast::ModelNames();
  }

  // Per metric: backtest with the engine, then fit the chosen method three times per series
  // (inner calibration window, test window, final) and add the store total.
  std::vector<std::string> metric_order;
  for (const auto& one : series) {
    if (std::find(metric_order.begin(), metric_order.end(), one.metric) == metric_order.end()) {
      metric_order.push_back(one.metric);
    }
  }
  std::vector<storage::StoredForecastSeries> stored;
  json metrics_json = {{"horizon_hours", horizon},
                       {"season", season},
                       {"metrics", json::object()},
                       {"series", json::array()}};
  std::vector<ForecastBacktest> totals;
  std::string version_model;
  const double share = 1.0 / static_cast<double>(metric_order.size());
  for (size_t m = 0; m < metric_order.size(); ++m) {
    const std::string& metric = metric_order[m];
    const double base = share * static_cast<double>(m);
    forecast::Dataset dataset;
    std::vector<const HourlySeries*> members;
    for (const auto& one : series) {
      if (one.metric == metric) {
        members.push_back(&one);
        dataset.series.push_back(
            {.id = SeriesName(store_id, one.department, one.metric), .values = one.values});
      }
    }
    report(base, fmt::format("backtesting {} ({} series)", metric, members.size()));
    forecast::BacktestOptions backtest_options{.horizon = horizon,
                                               .season = season,
                                               .models = models,
                                               .threads = options.threads,
                                               .progress = {},
                                               .clock = &clock};
    backtest_options.progress = [&](size_t done, size_t total) {
      report(base + share * 0.6 * static_cast<double>(done) /
                        static_cast<double>(std::max<size_t>(total, 1)),
             fmt::format("backtesting {}", metric));
    };
    auto backtest = forecast::Backtest(dataset, backtest_options);
    if (!backtest) {
      return core::Fail(std::move(backtest.error()));
    }
    auto method = ChooseMethod(*backtest);
    if (!method) {
      return core::Fail(std::move(method.error()));
    }
    if (version_model.empty()) {
      version_model = method->name;
    } else if (version_model != method->name) {
      version_model = "mixed";
    }
    json engine = json::array();
    for (const auto& model : backtest->models) {
      engine.push_back({{"name", model.name},
                        {"wmape", Number(model.wmape)},
                        {"mase", Number(model.mase)},
                        {"coverage80", Number(model.coverage80)},
                        {"coverage95", Number(model.coverage95)},
                        {"seconds", Number(model.seconds)}});
    }
    metrics_json["metrics"][metric] = {{"method", method->name},
                                       {"members", method->members},
                                       {"weights", method->weights},
                                       {"engine_models", engine}};

    std::vector<Node> nodes;
    for (size_t s = 0; s < members.size(); ++s) {
      const auto& values = members[s]->values;
      report(
          base + share * (0.6 + 0.4 * static_cast<double>(s) / static_cast<double>(members.size())),
          fmt::format("fitting {}", SeriesName(store_id, members[s]->department, metric)));
      const std::span<const double> all(values);
      auto inner = FitPredict(*method, all.first(n - 2 * h), season, horizon);
      auto test = FitPredict(*method, all.first(n - h), season, horizon);
      auto final_fit = FitPredict(*method, all, season, forecast_hours);
      for (auto* fit : {&inner, &test, &final_fit}) {
        if (!*fit) {
          core::Error error = std::move(fit->error());
          error.message =
              fmt::format("fitting series '{}': {}",
                          SeriesName(store_id, members[s]->department, metric), error.message);
          return core::Fail(std::move(error));
        }
      }
      Node node{.department = members[s]->department, .metric = metric};
      node.actual_test.assign(values.end() - horizon, values.end());
      node.pred_test = std::move(*test);
      for (size_t i = 0; i < h; ++i) {
        node.errors_inner.push_back(values[n - 2 * h + i] - (*inner)[i]);
        node.errors_test.push_back(node.actual_test[i] - node.pred_test[i]);
      }
      node.history_train.assign(values.begin(), values.end() - horizon);
      node.forecast = std::move(*final_fit);
      nodes.push_back(std::move(node));
    }
    // The store total: bottom-up sums (customers are already a store total).
    if (metric != kCustomers) {
      Node total{.department = "", .metric = metric};
      total.actual_test.assign(h, 0.0);
      total.pred_test.assign(h, 0.0);
      total.errors_inner.assign(h, 0.0);
      total.errors_test.assign(h, 0.0);
      total.history_train.assign(n - h, 0.0);
      total.forecast.assign(static_cast<size_t>(forecast_hours), 0.0);
      for (const auto& node : nodes) {
        for (size_t i = 0; i < h; ++i) {
          total.actual_test[i] += node.actual_test[i];
          total.pred_test[i] += node.pred_test[i];
          total.errors_inner[i] += node.errors_inner[i];
          total.errors_test[i] += node.errors_test[i];
        }
        for (size_t i = 0; i < n - h; ++i) {
          total.history_train[i] += node.history_train[i];
        }
        for (size_t i = 0; i < total.forecast.size(); ++i) {
          total.forecast[i] += node.forecast[i];
        }
      }
      nodes.push_back(std::move(total));
    }
    for (const auto& node : nodes) {
      const NodeResult result = Evaluate(node, season, horizon);
      if (node.department.empty()) {
        totals.push_back(result.backtest);
      }
      json params = {{"method", method->name},
                     {"members", method->members},
                     {"weights", method->weights},
                     {"season", season},
                     {"widths", WidthsToJson(result.widths)},
                     {"backtest", BacktestToJson(result.backtest)}};
      json row = BacktestToJson(result.backtest);
      row["department"] = node.department;
      row["metric"] = node.metric;
      metrics_json["series"].push_back(std::move(row));
      stored.push_back({.department = node.department,
                        .metric = node.metric,
                        .model_name = method->name,
                        .start = data_to,
                        .step = hours(1),
                        .values = node.forecast,
                        .params_json = params.dump()});
    }
  }
  // Store level: the mean over metrics of the store totals.
  ForecastBacktest store_level{0, 0, 0, 0, horizon};
  for (const auto& total : totals) {
    store_level.wmape += total.wmape / static_cast<double>(totals.size());
    store_level.mase += total.mase / static_cast<double>(totals.size());
    store_level.coverage80 += total.coverage80 / static_cast<double>(totals.size());
    store_level.coverage95 += total.coverage95 / static_cast<double>(totals.size());
  }
  metrics_json["store"] = BacktestToJson(store_level);
  report(0.99, "saving the model version");

  storage::ForecastModelVersion version;
  version.store_id = store_id;
  version.data_from = data_from;
  version.data_to = data_to;
  version.model_name = version_model;
  version.settings_json = SettingsJson(options, season, horizon).dump();
  version.metrics_json = metrics_json.dump();
  version.score = store_level.wmape;
  version.created = clock.Now();
  version.seconds = std::chrono::duration<double>(version.created - started).count();
  auto saved = db.forecasts().SaveVersion(version, stored);
  if (!saved) {
    return core::Fail(std::move(saved.error()));
  }
  std::string done = saved->champion ? "done: new champion" : "done: champion kept";
  // A failed prune loses nothing: the new version is saved, and the next training prunes again.
  if (auto pruned = db.forecasts().PruneVersions(store_id, options.keep_versions); !pruned) {
    done += fmt::format(" (old versions not pruned: {})", pruned.error().message);
  }
  report(1.0, done);
  return InfoFrom(*saved);
}

core::Result<ForecastResult> ForecastService::Impl::Forecast(const ForecastQuery& query) {
  if (!core::IsValidIdText(query.store_id.value())) {
    return core::Fail(InvalidParameter("store_id",
                                       "store_id must be 1-64 characters of "
                                       "[A-Za-z0-9._-]"));
  }
  if (query.metric != kSales && query.metric != kTransactions && query.metric != kCustomers) {
    return core::Fail(InvalidParameter(
        "metric",
        fmt::format("unknown metric '{}': use sales, customers or transactions", query.metric)));
  }
  const int granularity = GranularityIndex(query.granularity);
  if (granularity < 0) {
    return core::Fail(InvalidParameter(
        "granularity",
        fmt::format("unknown granularity '{}': use hour, day or week", query.granularity)));
  }
  if (query.horizon < 1 || query.horizon > 10000) {
    return core::Fail(InvalidParameter("horizon", "horizon must be between 1 and 10000"));
  }
  if (!query.department.empty() && !core::IsValidIdText(query.department)) {
    return core::Fail(InvalidParameter("department",
                                       "department must be 1-64 characters of "
                                       "[A-Za-z0-9._-]"));
  }
  if (query.metric == kCustomers && !query.department.empty()) {
    return core::Fail(InvalidParameter(
        "department", "customers are forecast for the store total only: leave department empty"));
  }
  auto champion = db.forecasts().Champion(query.store_id);
  if (!champion) {
    return core::Fail(std::move(champion.error()));
  }
  if (!*champion) {
    return core::Fail(ErrorCode::kNotFound,
                      fmt::format("no forecast model has been trained for store '{}' yet: run "
                                  "`storeops forecast train --store {}` (`serve` also trains "
                                  "every store nightly)",
                                  query.store_id.value(), query.store_id.value()));
  }
  const auto& version = **champion;
  auto series = db.forecasts().LoadSeries(version.id, query.department, query.metric);
  if (!series) {
    if (series.error().code == ErrorCode::kNotFound) {
      return core::Fail(core::Error{
          ErrorCode::kNotFound,
          fmt::format("model version {} of store '{}' has no {} forecast for {}: it only "
                      "knows departments with sales in its training data",
                      version.id, query.store_id.value(), query.metric,
                      query.department.empty() ? "the store total"
                                               : "department '" + query.department + "'"),
          {{"department", "no forecast for this department and metric"}}});
    }
    return core::Fail(std::move(series.error()));
  }
  const json params = json::parse(series->params_json, nullptr, false);
  if (!params.is_object()) {
    return core::Fail(ErrorCode::kInternal,
                      fmt::format("model version {} has unreadable parameters", version.id));
  }
  const auto bucket = hours(kGranularityHours[static_cast<size_t>(granularity)]);
  const core::Timestamp start = series->start;
  const core::Timestamp end = start + series->step * static_cast<int64_t>(series->values.size());
  const core::Timestamp first =
      query.from ? FloorBucket(*query.from, granularity) : CeilBucket(start, granularity);
  if (first < start) {
    return core::Fail(InvalidParameter(
        "from", fmt::format("from {} is before the stored forecast starts ({}): the model's "
                            "data ends there",
                            core::FormatRfc3339(first), core::FormatRfc3339(start))));
  }
  const core::Timestamp last_end = first + bucket * query.horizon;
  if (last_end > end) {
    return core::Fail(InvalidParameter(
        "horizon",
        fmt::format("{} {}(s) from {} reach past the stored forecast, which ends at {}: ask for "
                    "fewer, or train again",
                    query.horizon, query.granularity, core::FormatRfc3339(first),
                    core::FormatRfc3339(end))));
  }
  std::array<double, 2> half{0, 0};
  if (const auto widths = params.value("widths", json()); widths.is_object()) {
    const auto pair = widths.value(std::string(query.granularity), json());
    if (pair.is_array() && pair.size() == 2) {
      half = {FromJson(pair[0]), FromJson(pair[1])};
    }
  }
  ForecastResult result;
  result.store_id = query.store_id;
  result.department = query.department;
  result.metric = query.metric;
  result.granularity = query.granularity;
  result.model_version = version.id;
  result.model_name = series->model_name;
  result.backtest = BacktestFromJson(params.value("backtest", json()));
  const auto step = series->step;
  for (int p = 0; p < query.horizon; ++p) {
    const core::Timestamp from = first + bucket * p;
    const auto begin = static_cast<size_t>((from - start) / step);
    const auto count = static_cast<size_t>(bucket / step);
    double mean = 0;
    for (size_t i = begin; i < begin + count; ++i) {
      mean += series->values[i];
    }
    result.points.push_back({.start = from,
                             .mean = mean,
                             .lo80 = std::max(0.0, mean - half[0]),
                             .hi80 = mean + half[0],
                             .lo95 = std::max(0.0, mean - half[1]),
                             .hi95 = mean + half[1]});
  }

  // Recent actuals: whole buckets before the first point that the roll-up has finished.
  auto watermark = db.aggregates().Watermark(query.store_id);
  if (!watermark) {
    return core::Fail(std::move(watermark.error()));
  }
  const core::Timestamp history_end = std::min(first, watermark->value_or(version.data_to));
  const core::Timestamp history_from = first - bucket * query.horizon;
  if (history_from < history_end) {
    auto rows = db.aggregates().LoadAggregates(query.store_id, history_from, history_end);
    if (!rows) {
      return core::Fail(std::move(rows.error()));
    }
    std::optional<core::Store> store;
    if (auto loaded = db.stores().LoadStore(query.store_id); loaded) {
      store = std::move(*loaded);
    }
    const size_t n = HourIndex(history_from, first);
    const auto all = BuildSeries(*rows, store ? &*store : nullptr, history_from, n);
    std::vector<double> values(n, 0.0);
    for (const auto& one : all) {
      if (one.metric == query.metric &&
          (query.department.empty() || one.department == query.department)) {
        for (size_t i = 0; i < n; ++i) {
          values[i] += one.values[i];
        }
      }
    }
    const auto per_bucket =
        static_cast<size_t>(kGranularityHours[static_cast<size_t>(granularity)]);
    for (int b = 0; b < query.horizon; ++b) {
      const core::Timestamp from = history_from + bucket * b;
      if (from + bucket > history_end) {
        break;
      }
      const size_t begin = static_cast<size_t>(b) * per_bucket;
      result.history.emplace_back(
          from, std::accumulate(values.begin() + static_cast<ptrdiff_t>(begin),
                                values.begin() + static_cast<ptrdiff_t>(begin + per_bucket), 0.0));
    }
  }
  return result;
}

ForecastService::ForecastService(storage::Database& db, const core::Clock& clock)
    : impl_(std::make_unique<Impl>(Impl{db, clock})) {}

ForecastService::ForecastService() = default;
ForecastService::~ForecastService() = default;

core::Result<ModelVersionInfo> ForecastService::Train(const core::StoreId& store_id,
                                                      const TrainOptions& options,
                                                      const TrainProgress& progress) {
  try {
    return impl_->Train(store_id, options, progress);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& error) {
    return core::Fail(ErrorCode::kInternal,
                      fmt::format("training store '{}': {}", store_id.value(), error.what()));
  }
}

core::Result<ForecastResult> ForecastService::Forecast(const ForecastQuery& query) {
  try {
    return impl_->Forecast(query);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& error) {
    return core::Fail(ErrorCode::kInternal, fmt::format("forecasting store '{}': {}",
                                                        query.store_id.value(), error.what()));
  }
}

core::Result<std::vector<ModelVersionInfo>> ForecastService::Versions(
    const core::StoreId& store_id) {
  auto versions = impl_->db.forecasts().ListVersions(store_id);
  if (!versions) {
    return core::Fail(std::move(versions.error()));
  }
  std::vector<ModelVersionInfo> out;
  out.reserve(versions->size());
  for (const auto& version : *versions) {
    out.push_back(InfoFrom(version));
  }
  return out;
}

core::Result<ModelVersionInfo> ForecastService::Champion(const core::StoreId& store_id) {
  auto champion = impl_->db.forecasts().Champion(store_id);
  if (!champion) {
    return core::Fail(std::move(champion.error()));
  }
  if (!*champion) {
    return core::Fail(ErrorCode::kNotFound,
                      fmt::format("no forecast model has been trained for store '{}' yet: run "
                                  "`storeops forecast train --store {}`",
                                  store_id.value(), store_id.value()));
  }
  return InfoFrom(**champion);
}

core::Result<ModelVersionInfo> ForecastService::Rollback(const core::StoreId& store_id,
                                                         int64_t version) {
  auto champion = impl_->db.forecasts().SetChampion(store_id, version);
  if (!champion) {
    return core::Fail(std::move(champion.error()));
  }
  return InfoFrom(*champion);
}

}  // namespace storeops::service

namespace storeops::service {

std::string ForecastResultJson(const ForecastResult& result) {
  json history = json::array();
  for (const auto& [ts, value] : result.history) {
    history.push_back({{"ts", core::FormatRfc3339(ts)}, {"value", Number(value)}});
  }
  json points = json::array();
  for (const auto& point : result.points) {
    points.push_back({{"ts", core::FormatRfc3339(point.start)},
                      {"mean", Number(point.mean)},
                      {"lo80", Number(point.lo80)},
                      {"hi80", Number(point.hi80)},
                      {"lo95", Number(point.lo95)},
                      {"hi95", Number(point.hi95)}});
  }
  const json out = {{"store_id", result.store_id.value()},
                    {"department", result.department},
                    {"metric", result.metric},
                    {"granularity", result.granularity},
                    {"model_version", result.model_version},
                    {"model", result.model_name},
                    {"backtest", BacktestToJson(result.backtest)},
                    {"history", std::move(history)},
                    {"points", std::move(points)}};
  return out.dump();
}

std::string ModelVersionJson(const ModelVersionInfo& info) {
  json settings = json::parse(info.settings_json, nullptr, false);
  json metrics = json::parse(info.metrics_json, nullptr, false);
  const json out = {{"version", info.version},
                    {"store_id", info.store_id.value()},
                    {"champion", info.champion},
                    {"model", info.model_name},
                    {"data_from", core::FormatRfc3339(info.data_from)},
                    {"data_to", core::FormatRfc3339(info.data_to)},
                    {"created", core::FormatRfc3339(info.created)},
                    {"seconds", Number(info.seconds)},
                    {"series", info.series},
                    {"backtest", BacktestToJson(info.backtest)},
                    {"settings", settings.is_discarded() ? json::object() : settings},
                    {"metrics", metrics.is_discarded() ? json::object() : metrics}};
  return out.dump();
}

core::Timestamp NextNightlyTraining(core::Timestamp now, int hour_utc,
                                    std::optional<core::Timestamp> last_run) {
  const core::Timestamp today = std::chrono::floor<std::chrono::days>(now);
  core::Timestamp due = today + std::chrono::hours(hour_utc);  // today's slot
  if (due > now) {
    due -= std::chrono::days(1);  // the latest slot at or before now
  }
  if (last_run.has_value() && *last_run < due) {
    return now;  // missed
  }
  return due + std::chrono::days(1);
}

}  // namespace storeops::service
