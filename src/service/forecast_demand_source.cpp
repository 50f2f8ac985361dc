// SPDX-License-Identifier: Apache-2.0
#include "storeops/service/forecast_demand_source.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace storeops::service {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

// One forecast hour, already turned into staffing quantiles.
struct HourDemand {
  double customers = 0;
  double p80 = 0;
  double p95 = 0;
};

// The hours [first, end) the champion's stored forecast covers; nullopt without a champion.
core::Result<std::optional<std::pair<core::Timestamp, core::Timestamp>>> ForecastRange(
    ForecastService& forecasts, const core::StoreId& store) {
  auto champion = forecasts.Champion(store);
  if (!champion) {
    if (champion.error().code == core::ErrorCode::kNotFound) {
      return std::nullopt;
    }
    return core::Fail(std::move(champion.error()));
  }
  int forecast_days = TrainOptions{}.forecast_days;
  const auto settings = nlohmann::json::parse(champion->settings_json, nullptr, false);
  if (settings.is_object()) {
    if (const auto days = settings.find("forecast_days");
        days != settings.end() && days->is_number_integer()) {
      forecast_days = days->get<int>();
    }
  }
  const core::Timestamp first = std::chrono::floor<hours>(champion->data_to);
  return std::pair{first, first + hours(24) * std::max(forecast_days, 0)};
}

// Cashiers serve baskets, not department lines: the sum of the departments' transactions counts
// a basket once per department it touches (about 3x in the sample store). So the tills get the
// store's customers forecast times the baskets a cashier served per customer, measured over the
// hours just before the forecast (the roll-ups' assisted baskets over the forecast service's
// actual customers, up to kRatioHours of them). nullopt when that cannot be measured (no
// customers model or no customers then, or no basket roll-ups: a database older than schema 6).
constexpr int kRatioHours = 14 * 24;

core::Result<std::optional<double>> AssistedBasketsPerCustomer(
    ForecastService& forecasts, storage::AggregateRepository& aggregates,
    const core::StoreId& store, std::pair<core::Timestamp, core::Timestamp> range) {
  ForecastQuery query;
  query.store_id = store;
  query.metric = "customers";
  query.granularity = "hour";
  query.horizon =
      std::clamp(static_cast<int>((range.second - range.first) / hours(1)), 1, kRatioHours);
  query.from = range.first;
  auto forecast = forecasts.Forecast(query);
  if (!forecast) {
    const core::ErrorCode code = forecast.error().code;
    if (code == core::ErrorCode::kNotFound || code == core::ErrorCode::kInvalidArgument) {
      return std::nullopt;
    }
    return core::Fail(std::move(forecast.error()));
  }
  if (forecast->history.empty()) {
    return std::nullopt;
  }
  const core::Timestamp from = forecast->history.front().first;
  const core::Timestamp to = forecast->history.back().first + hours(1);
  auto rows = aggregates.LoadAggregates(store, from, to);
  if (!rows) {
    return core::Fail(std::move(rows.error()));
  }
  if (rows->baskets.empty()) {
    return std::nullopt;
  }
  // Only the hours since the basket roll-up began (rows are ordered by hour): a database
  // migrated to schema 6 inside the window has customers but no baskets before that.
  double customers = 0;
  for (const auto& [hour, value] : forecast->history) {
    if (hour >= rows->baskets.front().hour) {
      customers += value;
    }
  }
  double assisted = 0;
  for (const auto& row : rows->baskets) {
    assisted += static_cast<double>(row.assisted_baskets());
  }
  if (customers <= 0) {
    return std::nullopt;
  }
  return assisted / customers;
}

// The forecast of [from, to) (whole hours inside the forecast range) times `scale`, or an empty
// map when the model cannot answer (unknown department, range disagreement): the caller falls
// back.
core::Result<std::map<core::Timestamp, HourDemand>> ForecastHours(
    ForecastService& forecasts, const core::StoreId& store, std::string_view department,
    std::string_view metric, double scale, core::Timestamp from, core::Timestamp to) {
  std::map<core::Timestamp, HourDemand> out;
  ForecastQuery query;
  query.store_id = store;
  query.department = department == kCheckoutDepartment ? std::string() : std::string(department);
  query.metric = std::string(metric);
  query.granularity = "hour";
  query.horizon = static_cast<int>((to - from) / hours(1));
  query.from = from;
  auto forecast = forecasts.Forecast(query);
  if (!forecast) {
    const core::ErrorCode code = forecast.error().code;
    if (code == core::ErrorCode::kNotFound || code == core::ErrorCode::kInvalidArgument) {
      return out;
    }
    return core::Fail(std::move(forecast.error()));
  }
  for (const auto& point : forecast->points) {
    HourDemand hour;
    hour.customers = std::max(0.0, point.mean) * scale;
    const double half80 = std::max(0.0, point.hi80 - point.mean) * scale;
    const double half95 = std::max(0.0, point.hi95 - point.mean) * scale;
    hour.p80 = hour.customers + kP80FromHalfWidth80 * half80;
    hour.p95 = std::max(hour.p80, hour.customers + kP95FromHalfWidth95 * half95);
    out[point.start] = hour;
  }
  return out;
}

}  // namespace

ForecastDemandSource::ForecastDemandSource(ForecastService& forecasts, DemandSource& fallback,
                                           storage::AggregateRepository& aggregates)
    : forecasts_(forecasts), fallback_(fallback), aggregates_(aggregates) {}

core::Result<std::vector<DemandPoint>> ForecastDemandSource::Demand(const core::StoreId& store,
                                                                    std::string_view department,
                                                                    core::Timestamp from,
                                                                    core::Timestamp to,
                                                                    DemandGranularity granularity) {
  if (to <= from) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "demand window is empty",
                      {{"to", "must be after from"}});
  }
  const auto step = granularity == DemandGranularity::kHour ? minutes(60) : minutes(15);
  const auto from_minute = std::chrono::floor<minutes>(from);
  const core::Timestamp first = from_minute - from_minute.time_since_epoch() % step;
  const core::Timestamp first_hour = std::chrono::floor<hours>(first);
  const core::Timestamp end_hour = std::chrono::ceil<hours>(to);

  std::map<core::Timestamp, HourDemand> forecast;
  auto range = ForecastRange(forecasts_, store);
  if (!range) {
    return core::Fail(std::move(range.error()));
  }
  if (*range) {
    const core::Timestamp begin = std::max(first_hour, (*range)->first);
    const core::Timestamp end = std::min(end_hour, (*range)->second);
    std::optional<double> scale = 1.0;
    std::string_view metric = "transactions";
    if (begin < end && department == kCheckoutDepartment) {
      auto ratio = AssistedBasketsPerCustomer(forecasts_, aggregates_, store, **range);
      if (!ratio) {
        return core::Fail(std::move(ratio.error()));
      }
      scale = *ratio;
      metric = "customers";
    }
    if (begin < end && scale) {
      auto hours_served = ForecastHours(forecasts_, store, department, metric, *scale, begin, end);
      if (!hours_served) {
        return core::Fail(std::move(hours_served.error()));
      }
      forecast = std::move(*hours_served);
    }
  }

  const double share = static_cast<double>(step.count()) / 60.0;
  std::map<core::Timestamp, DemandPoint> history;
  bool need_history = false;
  for (core::Timestamp start = first; start < to && !need_history; start += step) {
    need_history = !forecast.contains(std::chrono::floor<hours>(start));
  }
  if (need_history) {
    auto fallback = fallback_.Demand(store, department, from, to, granularity);
    if (!fallback) {
      return core::Fail(std::move(fallback.error()));
    }
    for (auto& point : *fallback) {
      point.source = DemandOrigin::kHistoryAverage;
      history.emplace(point.start, point);
    }
  }

  std::vector<DemandPoint> points;
  for (core::Timestamp start = first; start < to; start += step) {
    DemandPoint point;
    point.start = start;
    if (auto hour = forecast.find(std::chrono::floor<hours>(start)); hour != forecast.end()) {
      point.customers = hour->second.customers * share;
      point.customers_p80 = hour->second.p80 * share;
      point.customers_p95 = hour->second.p95 * share;
      point.source = DemandOrigin::kForecast;
    } else if (auto past = history.find(start); past != history.end()) {
      point = past->second;
    }
    points.push_back(point);
  }
  return points;
}

}  // namespace storeops::service
