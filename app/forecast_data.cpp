// SPDX-License-Identifier: Apache-2.0
#include "forecast_data.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "storeops/core/time.hpp"

namespace storeops::app {
namespace {

using core::ErrorCode;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string_view> SplitCsv(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    std::string_view field =
        line.substr(start, comma == std::string_view::npos ? line.npos : comma - start);
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
      field = field.substr(1, field.size() - 2);
    }
    fields.push_back(field);
    if (comma == std::string_view::npos) {
      break;
    }
    start = comma + 1;
  }
  return fields;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IsMissing(std::string_view text) {
  const std::string lower = Lower(text);
  return lower.empty() || lower == "na" || lower == "nan" || lower == "null";
}

// Numbers, with TRUE/FALSE as 1/0 (the Walmart files' holiday columns).
bool ParseNumber(std::string_view text, double& out) {
  const std::string lower = Lower(text);
  if (lower == "true") {
    out = 1;
    return true;
  }
  if (lower == "false") {
    out = 0;
    return true;
  }
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

// "2012-02-03" -> days since 1970-01-01.
bool ParseDate(std::string_view text, int64_t& days) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return false;
  }
  auto number = [&](size_t at, size_t length, auto& out) {
    auto [ptr, ec] = std::from_chars(text.data() + at, text.data() + at + length, out);
    return ec == std::errc() && ptr == text.data() + at + length;
  };
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day)) {
    return false;
  }
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                         std::chrono::day{day}};
  if (!date.ok()) {
    return false;
  }
  days = std::chrono::sys_days(date).time_since_epoch().count();
  return true;
}

// An integer period index, a date (as seconds) or an RFC 3339 time (as seconds).
bool ParseTimestamp(std::string_view text, int64_t& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec == std::errc() && ptr == text.data() + text.size()) {
    return true;
  }
  int64_t days = 0;
  if (ParseDate(text, days)) {
    out = days * 86400;
    return true;
  }
  auto ts = core::ParseRfc3339(text);
  if (ts) {
    out = core::ToEpochMs(*ts) / 1000;
    return true;
  }
  return false;
}

core::Result<std::ifstream> Open(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    return core::Fail(ErrorCode::kNotFound, path + ": no such file");
  }
  std::ifstream in(path);
  if (!in) {
    return core::Fail(ErrorCode::kUnavailable, path + ": cannot open");
  }
  return in;
}

void TrimLine(std::string& line) {
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
}

struct Row {
  int64_t timestamp = 0;
  double value = 0;
  double holiday = 0;
  std::vector<double> exogenous;
  int64_t line = 0;
};

// Groups rows (already per series) into the dataset, sorted by time; stable so duplicates keep
// file order and validation reports the second one's line.
void AddSeries(forecast::Dataset& dataset, const std::string& id, std::vector<Row>& rows,
               bool holidays) {
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.timestamp < b.timestamp; });
  forecast::Series series;
  series.id = id;
  series.exogenous.resize(dataset.exogenous_names.size());
  for (const Row& row : rows) {
    series.timestamps.push_back(row.timestamp);
    series.values.push_back(row.value);
    series.source_rows.push_back(row.line);
    if (holidays) {
      series.holiday.push_back(row.holiday != 0 ? 1 : 0);
    }
    for (size_t c = 0; c < row.exogenous.size(); ++c) {
      series.exogenous[c].push_back(row.exogenous[c]);
    }
  }
  dataset.series.push_back(std::move(series));
}

}  // namespace

core::Result<forecast::Dataset> ReadLongCsv(const std::string& path,
                                            const std::vector<std::string>& exogenous) {
  auto in = Open(path);
  if (!in) {
    return core::Fail(in.error());
  }
  std::string line;
  if (!std::getline(*in, line)) {
    return core::Fail(ErrorCode::kInvalidArgument, path + ": empty file (a header is required)");
  }
  TrimLine(line);
  const auto header = SplitCsv(line);
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < header.size(); ++i) {
    column.emplace(Lower(header[i]), i);
  }
  auto find = [&](const std::string& name) -> core::Result<size_t> {
    auto it = column.find(Lower(name));
    if (it == column.end()) {
      return core::Fail(ErrorCode::kInvalidArgument,
                        fmt::format("{}: line 1: no column '{}' in the header", path, name));
    }
    return it->second;
  };
  auto id_col = find("series_id");
  auto time_col = find("timestamp");
  auto value_col = find("value");
  if (!id_col || !time_col || !value_col) {
    return core::Fail(!id_col ? id_col.error()
                              : (!time_col ? time_col.error() : value_col.error()));
  }
  std::vector<size_t> exog_cols;
  for (const auto& name : exogenous) {
    auto c = find(name);
    if (!c) {
      return core::Fail(c.error());
    }
    exog_cols.push_back(*c);
  }
  std::optional<size_t> holiday_col;
  for (const char* name : {"holiday", "is_holiday", "isholiday"}) {
    if (auto it = column.find(name); it != column.end()) {
      holiday_col = it->second;
    }
  }

  forecast::Dataset dataset;
  dataset.exogenous_names = exogenous;
  std::vector<std::string> order;
  std::unordered_map<std::string, std::vector<Row>> rows;
  int64_t line_number = 1;
  while (std::getline(*in, line)) {
    ++line_number;
    TrimLine(line);
    if (line.empty()) {
      continue;
    }
    const auto fields = SplitCsv(line);
    if (fields.size() != header.size()) {
      return core::Fail(ErrorCode::kInvalidArgument,
                        fmt::format("{}: line {}: {} fields, the header has {}", path, line_number,
                                    fields.size(), header.size()));
    }
    const std::string id(fields[*id_col]);
    if (id.empty()) {
      return core::Fail(ErrorCode::kInvalidArgument,
                        fmt::format("{}: line {}: empty series_id", path, line_number));
    }
    auto where = [&] { return fmt::format("{}: line {} (series '{}')", path, line_number, id); };
    Row row;
    row.line = line_number;
    if (!ParseTimestamp(fields[*time_col], row.timestamp)) {
      return core::Fail(ErrorCode::kInvalidArgument,
                        fmt::format("{}: timestamp '{}' is not an integer, a date (YYYY-MM-DD) or "
                                    "RFC 3339",
                                    where(), fields[*time_col]));
    }
    if (IsMissing(fields[*value_col])) {
      row.value = kNaN;  // the engine names the series and row
    } else if (!ParseNumber(fields[*value_col], row.value)) {
      return core::Fail(ErrorCode::kInvalidArgument,
                        fmt::format("{}: value '{}' is not a number", where(), fields[*value_col]));
    }
    for (size_t c = 0; c < exog_cols.size(); ++c) {
      double v = kNaN;
      const auto text = fields[exog_cols[c]];
      if (!IsMissing(text) && !ParseNumber(text, v)) {
        return core::Fail(ErrorCode::kInvalidArgument,
                          fmt::format("{}: {} '{}' is not a number", where(), exogenous[c], text));
      }
      row.exogenous.push_back(v);
    }
    if (holiday_col && !ParseNumber(fields[*holiday_col], row.holiday)) {
      return core::Fail(
          ErrorCode::kInvalidArgument,
          fmt::format("{}: holiday '{}' is not TRUE/FALSE/0/1", where(), fields[*holiday_col]));
    }
    auto [it, inserted] = rows.try_emplace(id);
    if (inserted) {
      order.push_back(id);
    }
    it->second.push_back(std::move(row));
  }
  if (order.empty()) {
    return core::Fail(ErrorCode::kInvalidArgument, path + ": no data rows");
  }
  for (const auto& id : order) {
    AddSeries(dataset, id, rows[id], holiday_col.has_value());
  }
  return dataset;
}

core::Result<WalmartData> ReadWalmart(const std::string& dir) {
  const std::string features_path = (std::filesystem::path(dir) / "features.csv").string();
  const std::string train_path = (std::filesystem::path(dir) / "train.csv").string();
  static const std::vector<std::string> kExogenous = {"Temperature", "Fuel_Price", "MarkDown1",
                                                      "MarkDown2",   "MarkDown3",  "MarkDown4",
                                                      "MarkDown5",   "CPI",        "Unemployment"};
  // features.csv: Store,Date,Temperature,Fuel_Price,MarkDown1-5,CPI,Unemployment,IsHoliday
  std::map<std::pair<int64_t, int64_t>, std::vector<double>> features;
  {
    auto in = Open(features_path);
    if (!in) {
      return core::Fail(in.error());
    }
    std::string line;
    std::getline(*in, line);
    int64_t line_number = 1;
    while (std::getline(*in, line)) {
      ++line_number;
      TrimLine(line);
      const auto fields = SplitCsv(line);
      double store = 0;
      int64_t day = 0;
      if (fields.size() != 12 || !ParseNumber(fields[0], store) || !ParseDate(fields[1], day)) {
        return core::Fail(ErrorCode::kInvalidArgument,
                          fmt::format("{}: line {}: expected Store,Date,... with 12 fields",
                                      features_path, line_number));
      }
      std::vector<double> values;
      for (size_t c = 2; c < 11; ++c) {
        double v = kNaN;
        const bool markdown = c >= 4 && c <= 8;
        if (IsMissing(fields[c])) {
          v = markdown ? 0.0 : kNaN;  // no markdown recorded = none; other gaps stay NaN
        } else if (!ParseNumber(fields[c], v)) {
          return core::Fail(ErrorCode::kInvalidArgument,
                            fmt::format("{}: line {}: '{}' is not a number", features_path,
                                        line_number, fields[c]));
        }
        values.push_back(v);
      }
      features[{static_cast<int64_t>(store), day}] = std::move(values);
    }
  }
  // train.csv: Store,Dept,Date,Weekly_Sales,IsHoliday
  std::map<std::pair<int64_t, int64_t>, std::vector<Row>> rows;
  std::map<int64_t, bool> weeks;
  {
    auto in = Open(train_path);
    if (!in) {
      return core::Fail(in.error());
    }
    std::string line;
    std::getline(*in, line);
    int64_t line_number = 1;
    while (std::getline(*in, line)) {
      ++line_number;
      TrimLine(line);
      const auto fields = SplitCsv(line);
      double store = 0;
      double dept = 0;
      int64_t day = 0;
      Row row;
      row.line = line_number;
      if (fields.size() != 5 || !ParseNumber(fields[0], store) || !ParseNumber(fields[1], dept) ||
          !ParseDate(fields[2], day) || !ParseNumber(fields[3], row.value) ||
          !ParseNumber(fields[4], row.holiday)) {
        return core::Fail(
            ErrorCode::kInvalidArgument,
            fmt::format("{}: line {}: expected Store,Dept,Date,Weekly_Sales,IsHoliday", train_path,
                        line_number));
      }
      row.timestamp = day * 86400;
      auto feature = features.find({static_cast<int64_t>(store), day});
      row.exogenous = feature != features.end() ? feature->second
                                                : std::vector<double>(kExogenous.size(), kNaN);
      weeks[day] = true;
      rows[{static_cast<int64_t>(store), static_cast<int64_t>(dept)}].push_back(std::move(row));
    }
  }
  WalmartData data;
  data.weeks = weeks.size();
  data.dataset.exogenous_names = kExogenous;
  for (auto& [key, series_rows] : rows) {
    if (series_rows.size() != data.weeks) {
      ++data.incomplete_series;
      continue;
    }
    AddSeries(data.dataset, fmt::format("{}-{}", key.first, key.second), series_rows, true);
    data.dataset.series.back().parent = fmt::format("store{}", key.first);
  }
  return data;
}

}  // namespace storeops::app
