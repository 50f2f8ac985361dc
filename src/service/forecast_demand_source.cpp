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

// The forecast of [from, to) (whole hours inside the forecast range), or an empty map when the
// model cannot answer (unknown department, range disagreement): the caller falls back.
core::Result<std::map<core::Timestamp, HourDemand>> ForecastHours(ForecastService& forecasts,
                                                                  const core::StoreId& store,
                                                                  std::string_view department,
                                                                  core::Timestamp from,
                                                                  core::Timestamp to) {
  std::map<core::Timestamp, HourDemand> out;
  ForecastQuery query;
  query.store_id = store;
  query.department = department == kCheckoutDepartment ? std::string() : std::string(department);
  query.metric = "transactions";
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
    hour.customers = std::max(0.0, point.mean);
    const double half80 = std::max(0.0, point.hi80 - point.mean);
    const double half95 = std::max(0.0, point.hi95 - point.mean);
    hour.p80 = hour.customers + kP80FromHalfWidth80 * half80;
    hour.p95 = std::max(hour.p80, hour.customers + kP95FromHalfWidth95 * half95);
    out[point.start] = hour;
  }
  return out;
}

}  // namespace

ForecastDemandSource::ForecastDemandSource(ForecastService& forecasts, DemandSource& fallback)
    : forecasts_(forecasts), fallback_(fallback) {}

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
    if (begin < end) {
      auto hours_served = ForecastHours(forecasts_, store, department, begin, end);
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
