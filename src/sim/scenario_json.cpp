// SPDX-License-Identifier: Apache-2.0
// Scenario and basket-model JSON. Every field is optional (defaults from DefaultScenario()), every
// unknown key is an error (a typo must not silently run the default), and every problem names its
// JSON path so a manager editing a scenario sees exactly which value is wrong.
#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "storeops/sim/scenario.hpp"

namespace storeops::sim {
namespace {

using nlohmann::json;

constexpr size_t kMaxReported = 100;
constexpr std::array<const char*, 9> kConditions = {"clear", "cloudy", "rain", "snow", "sleet",
                                                    "storm", "fog",    "wind", "other"};

class Reader {
 public:
  void Add(std::string field, std::string reason) {
    ++total_;
    if (problems_.size() < kMaxReported) {
      problems_.push_back({std::move(field), std::move(reason)});
    }
  }

  [[nodiscard]] bool Ok() const { return total_ == 0; }

  [[nodiscard]] core::Error ToError(const std::string& what) const {
    std::string message =
        what + ": " +
        (problems_.front().field.empty() ? std::string() : problems_.front().field + " ") +
        problems_.front().reason;
    if (total_ > 1) {
      message += " (and " + std::to_string(total_ - 1) + " more)";
    }
    return core::Error{core::ErrorCode::kInvalidArgument, std::move(message), problems_};
  }

  // Reports keys of `object` not in `known`.
  void OnlyKeys(const json& object, const std::string& path,
                std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : object.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        Add(Path(path, key), "is not a known field");
      }
    }
  }

  bool Object(const json& value, const std::string& path) {
    if (!value.is_object()) {
      Add(path, "must be an object");
      return false;
    }
    return true;
  }

  // Reads object[key] into `out` when present; range [low, high].
  void Number(const json& object, std::string_view key, const std::string& path, double low,
              double high, double& out) {
    const auto it = object.find(key);
    if (it == object.end()) {
      return;
    }
    NumberValue(*it, Path(path, key), low, high, out);
  }

  void NumberValue(const json& value, const std::string& field, double low, double high,
                   double& out) {
    if (!value.is_number()) {
      Add(field, "must be a number");
      return;
    }
    const double v = value.get<double>();
    if (!std::isfinite(v) || v < low || v > high) {
      Add(field, "must be between " + Text(low) + " and " + Text(high));
      return;
    }
    out = v;
  }

  void Integer(const json& object, std::string_view key, const std::string& path, int64_t low,
               int64_t high, int32_t& out) {
    const auto it = object.find(key);
    if (it == object.end()) {
      return;
    }
    if (!it->is_number_integer()) {
      Add(Path(path, key), "must be a whole number");
      return;
    }
    const int64_t v = it->get<int64_t>();
    if (v < low || v > high) {
      Add(Path(path, key),
          "must be between " + std::to_string(low) + " and " + std::to_string(high));
      return;
    }
    out = static_cast<int32_t>(v);
  }

  void Bool(const json& object, std::string_view key, const std::string& path, bool& out) {
    const auto it = object.find(key);
    if (it == object.end()) {
      return;
    }
    if (!it->is_boolean()) {
      Add(Path(path, key), "must be true or false");
      return;
    }
    out = it->get<bool>();
  }

  bool String(const json& value, const std::string& field, std::string& out) {
    if (!value.is_string()) {
      Add(field, "must be a string");
      return false;
    }
    out = value.get<std::string>();
    return true;
  }

  template <size_t N>
  void Array(const json& object, std::string_view key, const std::string& path, double low,
             double high, std::array<double, N>& out) {
    const auto it = object.find(key);
    if (it == object.end()) {
      return;
    }
    const std::string field = Path(path, key);
    if (!it->is_array() || it->size() != N) {
      Add(field, "must be an array of " + std::to_string(N) + " numbers");
      return;
    }
    for (size_t i = 0; i < N; ++i) {
      NumberValue((*it)[i], field + "[" + std::to_string(i) + "]", low, high, out[i]);
    }
  }

  // "HH:MM" -> minutes after local midnight; "24:00" allowed when `end` is true.
  bool Time(const json& value, const std::string& field, bool end, int32_t& out) {
    std::string text;
    if (!String(value, field, text)) {
      return false;
    }
    const bool shape = text.size() == 5 && text[2] == ':' && std::isdigit(text[0]) != 0 &&
                       std::isdigit(text[1]) != 0 && std::isdigit(text[3]) != 0 &&
                       std::isdigit(text[4]) != 0;
    const int hour = shape ? (text[0] - '0') * 10 + (text[1] - '0') : -1;
    const int minute = shape ? (text[3] - '0') * 10 + (text[4] - '0') : -1;
    const bool valid = shape && minute < 60 && (hour < 24 || (end && hour == 24 && minute == 0));
    if (!valid) {
      Add(field, end ? "must be a local time \"HH:MM\" (00:00-24:00)"
                     : "must be a local time \"HH:MM\" (00:00-23:59)");
      return false;
    }
    out = hour * 60 + minute;
    return true;
  }

  bool Date(const json& value, const std::string& field, std::chrono::sys_days& out) {
    std::string text;
    if (!String(value, field, text)) {
      return false;
    }
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    char tail = 0;
    const bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                       std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) == 3;
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                          std::chrono::day{d}};
    if (!shape || !ymd.ok() || y < 1970 || y > 2200) {
      Add(field, "must be a date \"YYYY-MM-DD\"");
      return false;
    }
    out = std::chrono::sys_days{ymd};
    return true;
  }

  void CategoryFactorMap(const json& value, const std::string& field, CategoryFactors& out) {
    if (!Object(value, field)) {
      return;
    }
    out.clear();
    for (const auto& [key, factor] : value.items()) {
      double f = 1;
      NumberValue(factor, Path(field, key), 0, 100, f);
      out.emplace_back(core::CategoryId{key}, f);
    }
  }

  static std::string Path(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
  }

  static std::string Element(const std::string& parent, size_t index) {
    return parent + "[" + std::to_string(index) + "]";
  }

 private:
  static std::string Text(double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') {
      s.pop_back();
    }
    return s;
  }

  std::vector<core::FieldError> problems_;
  size_t total_ = 0;
};

void ReadLevel(Reader& r, const json& object, const std::string& path, StaffingLevel& level) {
  r.Integer(object, "staffed_lanes", path, 0, 1000, level.staffed_lanes);
  r.Integer(object, "express_lanes", path, 0, 1000, level.express_lanes);
  r.Integer(object, "self_checkout_stations", path, 0, 10000, level.self_checkout_stations);
}

void ReadTraffic(Reader& r, const json& v, Traffic& t) {
  const std::string p = "traffic";
  if (!r.Object(v, p)) {
    return;
  }
  r.OnlyKeys(v, p, {"daily_shoppers", "weekday_factors", "hourly_weights", "monthly_factors"});
  r.Number(v, "daily_shoppers", p, 0, 1e6, t.daily_shoppers);
  r.Array(v, "weekday_factors", p, 0, 100, t.weekday_factors);
  r.Array(v, "hourly_weights", p, 0, 1e6, t.hourly_weights);
  r.Array(v, "monthly_factors", p, 0, 100, t.monthly_factors);
}

void ReadStaffing(Reader& r, const json& v, StaffingPlan& plan) {
  const std::string p = "staffing";
  if (!r.Object(v, p)) {
    return;
  }
  r.OnlyKeys(v, p, {"staffed_lanes", "express_lanes", "self_checkout_stations", "intervals"});
  ReadLevel(r, v, p, plan.base);
  const auto it = v.find("intervals");
  if (it == v.end()) {
    return;
  }
  const std::string ip = p + ".intervals";
  if (!it->is_array()) {
    r.Add(ip, "must be an array");
    return;
  }
  plan.intervals.clear();
  for (size_t i = 0; i < it->size(); ++i) {
    const json& e = (*it)[i];
    const std::string ep = Reader::Element(ip, i);
    if (!r.Object(e, ep)) {
      continue;
    }
    r.OnlyKeys(e, ep, {"from", "to", "staffed_lanes", "express_lanes", "self_checkout_stations"});
    StaffingInterval interval;
    interval.level = plan.base;
    bool ok = e.contains("from") && e.contains("to");
    if (!ok) {
      r.Add(ep, "needs \"from\" and \"to\"");
    } else {
      ok = r.Time(e["from"], ep + ".from", false, interval.from_minute) &&
           r.Time(e["to"], ep + ".to", true, interval.to_minute);
      if (ok && interval.to_minute <= interval.from_minute) {
        r.Add(ep + ".to", "must be after \"from\"");
      }
    }
    ReadLevel(r, e, ep, interval.level);
    plan.intervals.push_back(interval);
  }
}

void ReadCategoryList(Reader& r, const json& v, const std::string& p,
                      std::vector<core::CategoryId>& out) {
  if (!v.is_array()) {
    r.Add(p, "must be an array of category ids");
    return;
  }
  out.clear();
  for (size_t i = 0; i < v.size(); ++i) {
    std::string id;
    if (r.String(v[i], Reader::Element(p, i), id)) {
      out.emplace_back(id);
    }
  }
}

void ReadLayout(Reader& r, const json& v, Layout& layout) {
  const std::string p = "layout";
  if (!r.Object(v, p)) {
    return;
  }
  r.OnlyKeys(v, p, {"categories", "endcaps", "front_displays", "entrances"});
  if (const auto it = v.find("categories"); it != v.end()) {
    const std::string cp = p + ".categories";
    if (r.Object(*it, cp)) {
      for (const auto& [category, zone] : it->items()) {
        std::string z;
        if (r.String(zone, Reader::Path(cp, category), z)) {
          layout.category_zones.emplace_back(core::CategoryId{category}, core::ZoneId{z});
        }
      }
    }
  }
  if (const auto it = v.find("endcaps"); it != v.end()) {
    ReadCategoryList(r, *it, p + ".endcaps", layout.endcaps);
  }
  if (const auto it = v.find("front_displays"); it != v.end()) {
    ReadCategoryList(r, *it, p + ".front_displays", layout.front_displays);
  }
  if (const auto it = v.find("entrances"); it != v.end()) {
    const std::string ep = p + ".entrances";
    if (r.Object(*it, ep)) {
      for (const auto& [zone, weight] : it->items()) {
        double w = 0;
        r.NumberValue(weight, Reader::Path(ep, zone), 0, 1e6, w);
        layout.entrances.emplace_back(core::ZoneId{zone}, w);
      }
    }
  }
}

void ReadStock(Reader& r, const json& v, StockPolicy& stock) {
  const std::string p = "stock";
  if (!r.Object(v, p)) {
    return;
  }
  r.OnlyKeys(
      v, p,
      {"initial_fill", "restock_times", "threshold_restock", "threshold", "restock_delay_minutes"});
  r.Number(v, "initial_fill", p, 0, 1, stock.initial_fill);
  r.Bool(v, "threshold_restock", p, stock.threshold_restock);
  r.Number(v, "threshold", p, 0, 1, stock.threshold);
  r.Integer(v, "restock_delay_minutes", p, 0, 7 * 1440, stock.restock_delay_minutes);
  if (const auto it = v.find("restock_times"); it != v.end()) {
    const std::string tp = p + ".restock_times";
    if (!it->is_array()) {
      r.Add(tp, "must be an array of local times \"HH:MM\"");
      return;
    }
    stock.restock_minutes.clear();
    for (size_t i = 0; i < it->size(); ++i) {
      int32_t minute = 0;
      if (r.Time((*it)[i], Reader::Element(tp, i), false, minute)) {
        stock.restock_minutes.push_back(minute);
      }
    }
  }
}

void ReadWeatherValue(Reader& r, const json& v, const std::string& p, Weather& w) {
  if (const auto it = v.find("condition"); it != v.end()) {
    std::string condition;
    if (r.String(*it, p + ".condition", condition)) {
      if (std::find(kConditions.begin(), kConditions.end(), condition) == kConditions.end()) {
        r.Add(p + ".condition",
              "must be one of clear, cloudy, rain, snow, sleet, storm, fog, wind, other");
      } else {
        w.condition = condition;
      }
    }
  }
  r.Number(v, "temp_c", p, -90, 60, w.temperature_c);
  r.Number(v, "precip_mm", p, 0, 500, w.precipitation_mm);
}

void ReadWeather(Reader& r, const json& v, Scenario& s) {
  const std::string p = "weather";
  if (!r.Object(v, p)) {
    return;
  }
  r.OnlyKeys(v, p, {"default", "days"});
  if (const auto it = v.find("default"); it != v.end()) {
    if (r.Object(*it, p + ".default")) {
      r.OnlyKeys(*it, p + ".default", {"condition", "temp_c", "precip_mm"});
      ReadWeatherValue(r, *it, p + ".default", s.default_weather);
    }
  }
  if (const auto it = v.find("days"); it != v.end()) {
    const std::string dp = p + ".days";
    if (!it->is_array()) {
      r.Add(dp, "must be an array");
      return;
    }
    for (size_t i = 0; i < it->size(); ++i) {
      const json& e = (*it)[i];
      const std::string ep = Reader::Element(dp, i);
      if (!r.Object(e, ep)) {
        continue;
      }
      r.OnlyKeys(e, ep, {"date", "condition", "temp_c", "precip_mm"});
      WeatherDay day;
      day.weather = s.default_weather;
      if (!e.contains("date")) {
        r.Add(ep + ".date", "is required");
      } else {
        r.Date(e["date"], ep + ".date", day.date);
      }
      ReadWeatherValue(r, e, ep, day.weather);
      s.weather.push_back(day);
    }
  }
}

void ReadWeatherEffects(Reader& r, const json& v, std::vector<WeatherEffect>& effects) {
  const std::string p = "weather_effects";
  if (!r.Object(v, p)) {
    return;
  }
  for (const auto& [condition, e] : v.items()) {
    const std::string ep = Reader::Path(p, condition);
    if (std::find(kConditions.begin(), kConditions.end(), condition) == kConditions.end()) {
      r.Add(ep, "is not a weather condition");
      continue;
    }
    if (!r.Object(e, ep)) {
      continue;
    }
    r.OnlyKeys(e, ep, {"traffic_factor", "category_factors"});
    auto it = std::find_if(effects.begin(), effects.end(),
                           [&](const WeatherEffect& w) { return w.condition == condition; });
    if (it == effects.end()) {
      effects.push_back({condition, 1, {}});
      it = effects.end() - 1;
    }
    r.Number(e, "traffic_factor", ep, 0, 10, it->traffic_factor);
    if (const auto f = e.find("category_factors"); f != e.end()) {
      r.CategoryFactorMap(*f, ep + ".category_factors", it->category_factors);
    }
  }
}

void ReadEvents(Reader& r, const json& v, std::vector<DayEvent>& events) {
  const std::string p = "events";
  if (!v.is_array()) {
    r.Add(p, "must be an array");
    return;
  }
  for (size_t i = 0; i < v.size(); ++i) {
    const json& e = v[i];
    const std::string ep = Reader::Element(p, i);
    if (!r.Object(e, ep)) {
      continue;
    }
    r.OnlyKeys(e, ep, {"date", "name", "traffic_factor", "closed", "category_factors"});
    DayEvent event;
    if (!e.contains("date")) {
      r.Add(ep + ".date", "is required");
    } else {
      r.Date(e["date"], ep + ".date", event.date);
    }
    if (const auto it = e.find("name"); it != e.end()) {
      r.String(*it, ep + ".name", event.name);
    }
    r.Number(e, "traffic_factor", ep, 0, 20, event.traffic_factor);
    r.Bool(e, "closed", ep, event.closed);
    if (const auto it = e.find("category_factors"); it != e.end()) {
      r.CategoryFactorMap(*it, ep + ".category_factors", event.category_factors);
    }
    events.push_back(std::move(event));
  }
}

void ReadCheckout(Reader& r, const json& v, CheckoutModel& c) {
  const std::string p = "checkout";
  if (!r.Object(v, p)) {
    return;
  }
  r.OnlyKeys(v, p,
             {"staffed_base_seconds", "staffed_per_unit_seconds", "self_base_seconds",
              "self_per_unit_seconds", "service_cv", "exponential_service", "self_checkout_share",
              "self_checkout_max_units", "mean_patience_seconds", "single_line"});
  r.Number(v, "staffed_base_seconds", p, 1, 3600, c.staffed_base_seconds);
  r.Number(v, "staffed_per_unit_seconds", p, 0, 600, c.staffed_per_unit_seconds);
  r.Number(v, "self_base_seconds", p, 1, 3600, c.self_base_seconds);
  r.Number(v, "self_per_unit_seconds", p, 0, 600, c.self_per_unit_seconds);
  r.Number(v, "service_cv", p, 0, 3, c.service_cv);
  r.Bool(v, "exponential_service", p, c.exponential_service);
  r.Number(v, "self_checkout_share", p, 0, 1, c.self_checkout_share);
  r.Integer(v, "self_checkout_max_units", p, 0, 10000, c.self_checkout_max_units);
  r.Bool(v, "single_line", p, c.single_line);
  if (const auto it = v.find("mean_patience_seconds"); it != v.end()) {
    if (it->is_null()) {
      c.mean_patience_seconds.reset();
    } else {
      double patience = 0;
      r.NumberValue(*it, p + ".mean_patience_seconds", 1, 86400, patience);
      c.mean_patience_seconds = patience;
    }
  }
}

void ReadShoppers(Reader& r, const json& v, ShopperModel& s) {
  const std::string p = "shoppers";
  if (!r.Object(v, p)) {
    return;
  }
  r.OnlyKeys(v, p,
             {"phone_share", "randomised_mac_share", "regular_customers", "walking_speed_mps",
              "seconds_per_category", "seconds_per_unit", "impulse_probability", "endcap_factor",
              "front_display_factor", "congestion_people_per_100m2", "main_entrance_share"});
  r.Number(v, "phone_share", p, 0, 1, s.phone_share);
  r.Number(v, "randomised_mac_share", p, 0, 1, s.randomised_mac_share);
  r.Integer(v, "regular_customers", p, 1, 100000000, s.regular_customers);
  r.Number(v, "walking_speed_mps", p, 0.1, 5, s.walking_speed_mps);
  r.Number(v, "seconds_per_category", p, 0, 3600, s.seconds_per_category);
  r.Number(v, "seconds_per_unit", p, 0, 600, s.seconds_per_unit);
  r.Number(v, "impulse_probability", p, 0, 1, s.impulse_probability);
  r.Number(v, "endcap_factor", p, 0, 100, s.endcap_factor);
  r.Number(v, "front_display_factor", p, 0, 100, s.front_display_factor);
  r.Number(v, "congestion_people_per_100m2", p, 0.01, 1000, s.congestion_people_per_100m2);
  r.Number(v, "main_entrance_share", p, 0, 1, s.main_entrance_share);
}

}  // namespace

Scenario DefaultScenario() { return Scenario{}; }

core::Result<Scenario> ParseScenarioJson(std::string_view json_text) {
  Scenario s = DefaultScenario();
  Reader r;
  try {
    const json doc = json::parse(json_text.begin(), json_text.end(), nullptr, true, false);
    if (!r.Object(doc, "")) {
      return core::Fail(r.ToError("invalid scenario"));
    }
    r.OnlyKeys(doc, "",
               {"name", "start_date", "days", "traffic", "staffing", "layout", "stock", "weather",
                "weather_effects", "events", "checkout", "shoppers", "camera_interval_seconds"});
    if (const auto it = doc.find("name"); it != doc.end()) {
      r.String(*it, "name", s.name);
    }
    if (const auto it = doc.find("start_date"); it != doc.end()) {
      r.Date(*it, "start_date", s.start_date);
    }
    r.Integer(doc, "days", "", 1, 3660, s.days);
    r.Integer(doc, "camera_interval_seconds", "", 1, 3600, s.camera_interval_seconds);
    if (const auto it = doc.find("traffic"); it != doc.end()) {
      ReadTraffic(r, *it, s.traffic);
    }
    if (const auto it = doc.find("staffing"); it != doc.end()) {
      ReadStaffing(r, *it, s.staffing);
    }
    if (const auto it = doc.find("layout"); it != doc.end()) {
      ReadLayout(r, *it, s.layout);
    }
    if (const auto it = doc.find("stock"); it != doc.end()) {
      ReadStock(r, *it, s.stock);
    }
    if (const auto it = doc.find("weather"); it != doc.end()) {
      ReadWeather(r, *it, s);
    }
    if (const auto it = doc.find("weather_effects"); it != doc.end()) {
      ReadWeatherEffects(r, *it, s.weather_effects);
    }
    if (const auto it = doc.find("events"); it != doc.end()) {
      ReadEvents(r, *it, s.events);
    }
    if (const auto it = doc.find("checkout"); it != doc.end()) {
      ReadCheckout(r, *it, s.checkout);
    }
    if (const auto it = doc.find("shoppers"); it != doc.end()) {
      ReadShoppers(r, *it, s.shoppers);
    }
  } catch (const json::parse_error& e) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      std::string("invalid scenario: not JSON: ") + e.what(),
                      {{"", std::string("not JSON: ") + e.what()}});
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    return core::Fail(core::ErrorCode::kInternal, std::string("scenario parser: ") + e.what());
  }
  if (!r.Ok()) {
    return core::Fail(r.ToError("invalid scenario"));
  }
  return s;
}

core::Status ValidateScenario(const Scenario& s, const core::Store& store) {
  Reader r;
  auto check_category = [&](const core::CategoryId& id, const std::string& field) {
    if (store.FindCategory(id) == nullptr) {
      r.Add(field, "names category '" + id.value() + "', which the store does not have");
    }
  };
  for (const auto& [category, zone] : s.layout.category_zones) {
    const std::string field = "layout.categories." + category.value();
    check_category(category, field);
    const core::Zone* z = store.FindZone(zone);
    if (z == nullptr) {
      r.Add(field, "names zone '" + zone.value() + "', which the store does not have");
    } else if (z->type == core::ZoneType::kStockroom) {
      r.Add(field, "names a stockroom; shoppers cannot reach it");
    }
  }
  for (size_t i = 0; i < s.layout.endcaps.size(); ++i) {
    check_category(s.layout.endcaps[i], Reader::Element("layout.endcaps", i));
  }
  for (size_t i = 0; i < s.layout.front_displays.size(); ++i) {
    check_category(s.layout.front_displays[i], Reader::Element("layout.front_displays", i));
  }
  double entrance_weight = 0;
  for (const auto& [zone, weight] : s.layout.entrances) {
    const std::string field = "layout.entrances." + zone.value();
    const core::Zone* z = store.FindZone(zone);
    if (z == nullptr) {
      r.Add(field, "names zone '" + zone.value() + "', which the store does not have");
    } else if (z->type != core::ZoneType::kEntrance) {
      r.Add(field, "names a zone that is not an entrance");
    }
    entrance_weight += weight;
  }
  if (!s.layout.entrances.empty() && entrance_weight <= 0) {
    r.Add("layout.entrances", "must give at least one entrance a positive share");
  }
  for (size_t i = 0; i < s.events.size(); ++i) {
    for (const auto& [category, factor] : s.events[i].category_factors) {
      check_category(category,
                     Reader::Element("events", i) + ".category_factors." + category.value());
    }
  }
  int32_t staffed = 0;
  int32_t express = 0;
  int32_t stations = 0;
  for (const auto& lane : store.lanes) {
    if (lane.kind == core::LaneKind::kStaffed) {
      ++staffed;
    } else if (lane.kind == core::LaneKind::kExpress) {
      ++express;
    } else {
      stations += lane.stations;
    }
  }
  auto check_level = [&](const StaffingLevel& level, const std::string& path) {
    if (level.staffed_lanes > staffed) {
      r.Add(path + (path.empty() ? "" : ".") + "staffed_lanes",
            "is more than the store's " + std::to_string(staffed) + " staffed lanes");
    }
    if (level.express_lanes > express) {
      r.Add(path + (path.empty() ? "" : ".") + "express_lanes",
            "is more than the store's " + std::to_string(express) + " express lanes");
    }
    if (level.self_checkout_stations > stations) {
      r.Add(path + (path.empty() ? "" : ".") + "self_checkout_stations",
            "is more than the store's " + std::to_string(stations) + " self-checkout stations");
    }
  };
  check_level(s.staffing.base, "staffing");
  for (size_t i = 0; i < s.staffing.intervals.size(); ++i) {
    check_level(s.staffing.intervals[i].level, Reader::Element("staffing.intervals", i));
  }
  if (!r.Ok()) {
    return core::Fail(r.ToError("scenario does not fit store '" + store.id.value() + "'"));
  }
  return core::Ok();
}

core::Result<BasketModel> ParseBasketModelJson(std::string_view json_text) {
  BasketModel model;
  Reader r;
  try {
    const json doc = json::parse(json_text.begin(), json_text.end(), nullptr, true, false);
    if (!r.Object(doc, "")) {
      return core::Fail(r.ToError("invalid basket model"));
    }
    const auto cats = doc.find("categories");
    if (cats == doc.end() || !cats->is_array() || cats->empty()) {
      r.Add("categories", "must be a non-empty array");
    } else {
      for (size_t i = 0; i < cats->size(); ++i) {
        const json& c = (*cats)[i];
        const std::string p = Reader::Element("categories", i);
        BasketModel::CategorySupport support;
        std::string id;
        if (!r.Object(c, p) || !c.contains("id") || !r.String(c["id"], p + ".id", id)) {
          r.Add(p, "needs an \"id\"");
          continue;
        }
        support.id = core::CategoryId{id};
        r.Number(c, "support", p, 1e-9, 1, support.support);
        r.Bool(c, "fitted", p, support.fitted);
        model.categories.push_back(std::move(support));
      }
    }
    if (const auto pairs = doc.find("pairs"); pairs != doc.end()) {
      if (!pairs->is_array()) {
        r.Add("pairs", "must be an array");
      } else {
        for (size_t i = 0; i < pairs->size(); ++i) {
          const json& e = (*pairs)[i];
          const std::string p = Reader::Element("pairs", i);
          std::string a;
          std::string b;
          if (!r.Object(e, p) || !e.contains("a") || !e.contains("b") ||
              !r.String(e["a"], p + ".a", a) || !r.String(e["b"], p + ".b", b)) {
            r.Add(p, "needs \"a\" and \"b\"");
            continue;
          }
          BasketModel::Pair pair{core::CategoryId{a}, core::CategoryId{b}, 1};
          r.Number(e, "lift", p, 0, 1e4, pair.lift);
          model.pairs.push_back(std::move(pair));
        }
      }
    }
    const auto sizes = doc.find("basket_size");
    if (sizes == doc.end() || !sizes->is_array() || sizes->size() < 2) {
      r.Add("basket_size", "must be an array [P(0), P(1), ...] of at least 2 numbers");
    } else {
      double total = 0;
      for (size_t i = 0; i < sizes->size(); ++i) {
        double p = 0;
        r.NumberValue((*sizes)[i], Reader::Element("basket_size", i), 0, 1, p);
        model.basket_size.push_back(i == 0 ? 0.0 : p);
        total += i == 0 ? 0.0 : p;
      }
      if (total <= 0) {
        r.Add("basket_size", "must give some probability to baskets of 1 or more categories");
      }
    }
  } catch (const json::parse_error& e) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      std::string("invalid basket model: not JSON: ") + e.what(),
                      {{"", std::string("not JSON: ") + e.what()}});
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    return core::Fail(core::ErrorCode::kInternal, std::string("basket model parser: ") + e.what());
  }
  if (!r.Ok()) {
    return core::Fail(r.ToError("invalid basket model"));
  }
  return model;
}

}  // namespace storeops::sim
