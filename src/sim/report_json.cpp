// SPDX-License-Identifier: Apache-2.0
#include "storeops/sim/report_json.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace storeops::sim {
namespace {

std::string Num(double v) { return std::isfinite(v) ? fmt::format("{:.6g}", v) : "null"; }

std::string EstimateJson(const Estimate& e) {
  return fmt::format(R"({{"mean":{},"ci95":[{},{}]}})", Num(e.mean), Num(e.mean - e.half_width),
                     Num(e.mean + e.half_width));
}

std::vector<double> MeanSeries(const std::vector<Kpis>& runs, std::vector<double> Kpis::*series) {
  std::vector<double> mean;
  for (const auto& run : runs) {
    const auto& values = run.*series;
    mean.resize(std::max(mean.size(), values.size()), 0.0);
    for (size_t i = 0; i < values.size(); ++i) {
      mean[i] += values[i] / static_cast<double>(runs.size());
    }
  }
  return mean;
}

std::string ReportJsonImpl(const ScenarioReport& r, uint64_t seed) {
  // Names come from user files: quote them as JSON strings, not raw.
  std::string out = fmt::format(R"({{"scenario":{},"days":{},"replications":{},"seed":{},)",
                                nlohmann::json(r.scenario).dump(), r.days, r.replications, seed);
  out += "\"kpis\":{";
  for (size_t i = 0; i < r.kpis.size(); ++i) {
    out += fmt::format("{}\"{}\":{}", i == 0 ? "" : ",", r.kpis[i].first,
                       EstimateJson(r.kpis[i].second));
  }
  out += "},\"zones\":[";
  for (size_t i = 0; i < r.zones.size(); ++i) {
    const auto& z = r.zones[i];
    out += fmt::format(
        R"({}{{"zone":{},"footfall":{},"peak_occupancy":{},"congested_minutes":{}}})",
        i == 0 ? "" : ",", nlohmann::json(z.zone.value()).dump(), EstimateJson(z.footfall),
        EstimateJson(z.peak_occupancy), EstimateJson(z.congested_minutes));
  }
  out += "],\"department_revenue\":[";
  for (size_t i = 0; i < r.department_revenue.size(); ++i) {
    out += fmt::format(R"({}{{"department":{},"revenue":{}}})", i == 0 ? "" : ",",
                       nlohmann::json(r.department_revenue[i].first.value()).dump(),
                       EstimateJson(r.department_revenue[i].second));
  }
  auto series = [&](const char* name, const std::vector<double>& values) {
    out += fmt::format(",\"{}\":[", name);
    for (size_t i = 0; i < values.size(); ++i) {
      out += (i == 0 ? "" : ",") + Num(values[i]);
    }
    out += "]";
  };
  out += "]";
  series("daily_revenue", MeanSeries(r.runs, &Kpis::daily_revenue));
  series("basket_categories", MeanSeries(r.runs, &Kpis::basket_categories));
  std::vector<double> hours(24, 0.0);
  for (const auto& run : r.runs) {
    for (size_t h = 0; h < 24; ++h) {
      hours[h] += run.arrivals_by_hour[h] / static_cast<double>(r.runs.size());
    }
  }
  series("arrivals_by_hour", hours);
  out += "}";
  return out;
}

}  // namespace

std::string ScenarioReportJson(const ScenarioReport& report, uint64_t seed) {
  return ReportJsonImpl(report, seed);
}

std::string ComparisonJson(const Comparison& c, uint64_t seed) {
  std::string out = "{\"a\":" + ReportJsonImpl(c.a, seed) + ",\"b\":" + ReportJsonImpl(c.b, seed) +
                    ",\"difference\":{";
  for (size_t i = 0; i < c.difference.size(); ++i) {
    out += fmt::format("{}\"{}\":{}", i == 0 ? "" : ",", c.difference[i].first,
                       EstimateJson(c.difference[i].second));
  }
  return out + "}}";
}

}  // namespace storeops::sim
