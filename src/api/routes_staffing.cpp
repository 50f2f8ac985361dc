// SPDX-License-Identifier: Apache-2.0
// Staff deployment over HTTP (issue #6): the brief's deployment prediction, week schedules
// (built as jobs, read, edited and re-scored), employees with their availability and the
// store's labour standards. JSON shapes are documented in docs/openapi.json.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "storeops/core/ids.hpp"
#include "storeops/core/time.hpp"
#include "storeops/service/staffing_service.hpp"

#include "field_errors.hpp"
#include "request_parsing.hpp"
#include "routes.hpp"
#include "routes_jobs.hpp"
#include "staffing_json.hpp"

namespace storeops::api::internal {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::string_view kScheduleKind = "schedule";

template <class Json>
Response Json200(const Json& body) {
  Response response = JsonResponse(200, body.dump());
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

std::string Clock(int minute) { return fmt::format("{:02}:{:02}", minute / 60, minute % 60); }

// "HH:MM" (24:00 allowed when `allow_end`) or whole minutes.
std::optional<int> ParseClock(const json& value, bool allow_end) {
  if (value.is_number_integer()) {
    const auto minutes = value.get<int64_t>();
    if (minutes < 0 || minutes > (allow_end ? 1440 : 1439)) {
      return std::nullopt;
    }
    return static_cast<int>(minutes);
  }
  if (!value.is_string()) {
    return std::nullopt;
  }
  const std::string text = value.get<std::string>();
  if (text.size() != 5 || text[2] != ':') {
    return std::nullopt;
  }
  for (size_t i : {0U, 1U, 3U, 4U}) {
    if (text[i] < '0' || text[i] > '9') {
      return std::nullopt;
    }
  }
  const int hh = (text[0] - '0') * 10 + (text[1] - '0');
  const int mm = (text[3] - '0') * 10 + (text[4] - '0');
  if (mm > 59 || hh > 24 || (hh == 24 && (mm != 0 || !allow_end))) {
    return std::nullopt;
  }
  return hh * 60 + mm;
}

std::string DateText(std::chrono::sys_days day) {
  const std::chrono::year_month_day date(day);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

std::optional<std::chrono::sys_days> ParseDate(const json& value) {
  if (!value.is_string()) {
    return std::nullopt;
  }
  const std::string text = value.get<std::string>();
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  int parts[3] = {0, 0, 0};
  size_t at = 0;
  for (int part = 0; part < 3; ++part) {
    const size_t width = part == 0 ? 4 : 2;
    for (size_t i = 0; i < width; ++i, ++at) {
      if (text[at] < '0' || text[at] > '9') {
        return std::nullopt;
      }
      parts[part] = parts[part] * 10 + (text[at] - '0');
    }
    ++at;  // '-'
  }
  const std::chrono::year_month_day date{std::chrono::year(parts[0]),
                                         std::chrono::month(static_cast<unsigned>(parts[1])),
                                         std::chrono::day(static_cast<unsigned>(parts[2]))};
  if (!date.ok()) {
    return std::nullopt;
  }
  return std::chrono::sys_days(date);
}

std::optional<int> ParseWeekday(const json& value) {
  static constexpr std::array<std::string_view, 7> kNames = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  if (value.is_number_integer()) {
    const auto day = value.get<int64_t>();
    return day >= 0 && day <= 6 ? std::optional<int>(static_cast<int>(day)) : std::nullopt;
  }
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    for (size_t i = 0; i < kNames.size(); ++i) {
      if (text == kNames[i]) {
        return static_cast<int>(i);
      }
    }
  }
  return std::nullopt;
}

// A non-negative number of hours as whole minutes; `field` names it in errors.
void ReadHours(const json& object, std::string_view key, const std::string& field, int32_t& minutes,
               FieldErrors& errors) {
  const auto found = object.find(std::string(key));
  if (found == object.end() || found->is_null()) {
    return;
  }
  if (!found->is_number() || !std::isfinite(found->get<double>()) || found->get<double>() < 0 ||
      found->get<double>() > 168) {
    errors.Add(field, "must be a number of hours from 0 to 168");
    return;
  }
  minutes = static_cast<int32_t>(std::lround(found->get<double>() * 60.0));
}

// The employee document (see docs/openapi.json, Employee) into the stored form. The service
// checks the values (ranges, duplicates); this checks the JSON types and formats.
core::Result<service::Employee> ParseEmployee(const json& body, const core::StoreId& store,
                                              std::optional<std::string_view> path_id) {
  FieldErrors errors;
  service::Employee employee;
  employee.store_id = store;
  const auto id = body.find("id");
  if (id != body.end() && !id->is_null()) {
    if (!id->is_string()) {
      errors.Add("id", "must be a string");
    } else {
      employee.id = core::EmployeeId{id->get<std::string>()};
    }
  }
  if (path_id) {
    if (!employee.id.empty() && employee.id.value() != *path_id) {
      errors.Add("id", fmt::format("must match the path ('{}')", *path_id));
    }
    employee.id = core::EmployeeId{std::string(*path_id)};
  } else if (employee.id.empty() && errors.empty()) {
    errors.Add("id", "is required");
  }
  if (const auto name = body.find("name"); name != body.end() && !name->is_null()) {
    if (!name->is_string()) {
      errors.Add("name", "must be a string");
    } else {
      employee.name = name->get<std::string>();
    }
  }
  if (const auto skills = body.find("skills"); skills != body.end() && !skills->is_null()) {
    if (!skills->is_array()) {
      errors.Add("skills", "must be an array of strings");
    } else {
      for (size_t i = 0; i < skills->size(); ++i) {
        if (!(*skills)[i].is_string()) {
          errors.Add(fmt::format("skills[{}]", i), "must be a string");
        } else {
          employee.skills.push_back((*skills)[i].get<std::string>());
        }
      }
    }
  }
  if (const auto contract = body.find("contract"); contract != body.end() && !contract->is_null()) {
    if (!contract->is_object()) {
      errors.Add("contract", "must be an object");
    } else {
      ReadHours(*contract, "min_hours", "contract.min_hours", employee.min_weekly_minutes, errors);
      ReadHours(*contract, "max_hours", "contract.max_hours", employee.max_weekly_minutes, errors);
      ReadHours(*contract, "max_shift_hours", "contract.max_shift_hours",
                employee.max_shift_minutes, errors);
      if (const auto days = contract->find("max_consecutive_days");
          days != contract->end() && !days->is_null()) {
        if (!days->is_number_integer()) {
          errors.Add("contract.max_consecutive_days", "must be a whole number");
        } else {
          employee.max_consecutive_days =
              static_cast<int32_t>(std::clamp<int64_t>(days->get<int64_t>(), -1, 1000));
        }
      }
    }
  }
  if (const auto minor = body.find("minor"); minor != body.end() && !minor->is_null()) {
    if (!minor->is_boolean()) {
      errors.Add("minor", "must be true or false");
    } else {
      employee.minor = minor->get<bool>();
    }
  }
  if (const auto cost = body.find("hourly_cost"); cost != body.end() && !cost->is_null()) {
    if (!cost->is_number() || !std::isfinite(cost->get<double>()) || cost->get<double>() < 0 ||
        cost->get<double>() > 1e5) {
      errors.Add("hourly_cost", "must be a number from 0 to 100000");
    } else {
      employee.hourly_cost_cents = std::llround(cost->get<double>() * 100.0);
    }
  }
  if (const auto availability = body.find("availability");
      availability != body.end() && !availability->is_null()) {
    if (!availability->is_object()) {
      errors.Add("availability", "must be an object");
    } else {
      if (const auto windows = availability->find("unavailable");
          windows != availability->end() && !windows->is_null()) {
        if (!windows->is_array()) {
          errors.Add("availability.unavailable", "must be an array");
        } else {
          for (size_t i = 0; i < windows->size(); ++i) {
            const json& item = (*windows)[i];
            const std::string at = fmt::format("availability.unavailable[{}]", i);
            if (!item.is_object()) {
              errors.Add(at, "must be an object");
              continue;
            }
            storage::StoredUnavailability window;
            const auto weekday = ParseWeekday(item.value("weekday", json()));
            if (!weekday) {
              errors.Add(at + ".weekday", "must be 0 (Monday) to 6 or a lower-case day name");
            } else {
              window.weekday = *weekday;
            }
            const auto from = ParseClock(item.value("from", json("00:00")), false);
            if (!from) {
              errors.Add(at + ".from", "must be a time \"HH:MM\"");
            } else {
              window.start_minute = *from;
            }
            const auto to = ParseClock(item.value("to", json("24:00")), true);
            if (!to) {
              errors.Add(at + ".to", "must be a time \"HH:MM\" (24:00 allowed)");
            } else {
              window.end_minute = *to;
            }
            const json hard = item.value("hard", json(true));
            const json weight = item.value("weight", json(1.0));
            if (!hard.is_boolean()) {
              errors.Add(at + ".hard", "must be true or false");
            } else {
              window.hard = hard.get<bool>();
            }
            if (!weight.is_number()) {
              errors.Add(at + ".weight", "must be a number");
            } else {
              window.weight = weight.get<double>();
            }
            employee.unavailable.push_back(window);
          }
        }
      }
      if (const auto days = availability->find("days_off");
          days != availability->end() && !days->is_null()) {
        if (!days->is_array()) {
          errors.Add("availability.days_off", "must be an array");
        } else {
          for (size_t i = 0; i < days->size(); ++i) {
            const json& item = (*days)[i];
            const std::string at = fmt::format("availability.days_off[{}]", i);
            if (!item.is_object()) {
              errors.Add(at, "must be an object");
              continue;
            }
            storage::StoredDayOff off;
            const auto date = ParseDate(item.value("date", json()));
            if (!date) {
              errors.Add(at + ".date", "must be a date \"YYYY-MM-DD\"");
            } else {
              off.date = *date;
            }
            const json hard = item.value("hard", json(false));
            const json weight = item.value("weight", json(5.0));
            if (!hard.is_boolean()) {
              errors.Add(at + ".hard", "must be true or false");
            } else {
              off.hard = hard.get<bool>();
            }
            if (!weight.is_number()) {
              errors.Add(at + ".weight", "must be a number");
            } else {
              off.weight = weight.get<double>();
            }
            employee.days_off.push_back(off);
          }
        }
      }
    }
  }
  if (!errors.empty()) {
    return core::Fail(errors.Error());
  }
  return employee;
}

ordered_json EmployeeJson(const service::Employee& employee) {
  ordered_json unavailable = ordered_json::array();
  for (const auto& window : employee.unavailable) {
    unavailable.push_back({{"weekday", window.weekday},
                           {"from", Clock(window.start_minute)},
                           {"to", Clock(window.end_minute)},
                           {"hard", window.hard},
                           {"weight", window.weight}});
  }
  ordered_json days_off = ordered_json::array();
  for (const auto& off : employee.days_off) {
    days_off.push_back({{"date", DateText(off.date)}, {"hard", off.hard}, {"weight", off.weight}});
  }
  return {{"id", employee.id.value()},
          {"store_id", employee.store_id.value()},
          {"name", employee.name},
          {"skills", employee.skills},
          {"contract",
           {{"min_hours", employee.min_weekly_minutes / 60.0},
            {"max_hours", employee.max_weekly_minutes / 60.0},
            {"max_shift_hours", employee.max_shift_minutes / 60.0},
            {"max_consecutive_days", employee.max_consecutive_days}}},
          {"minor", employee.minor},
          {"hourly_cost", static_cast<double>(employee.hourly_cost_cents) / 100.0},
          {"availability", {{"unavailable", unavailable}, {"days_off", days_off}}},
          {"created", core::FormatRfc3339(employee.created)},
          {"updated", core::FormatRfc3339(employee.updated)}};
}

ordered_json FiniteOrNull(double value) {
  return std::isfinite(value) ? ordered_json(value) : ordered_json(nullptr);
}

ordered_json ViolationJson(const staffing::Violation& violation) {
  return {{"rule", violation.rule},
          {"employee",
           violation.employee.empty() ? ordered_json(nullptr) : ordered_json(violation.employee)},
          {"day", violation.day < 0 ? ordered_json(nullptr) : ordered_json(violation.day)},
          {"hard", violation.hard},
          {"penalty", violation.penalty},
          {"message", violation.message}};
}

ordered_json RuleScoresJson(const std::vector<staffing::RuleScore>& rules) {
  ordered_json out = ordered_json::array();
  for (const auto& rule : rules) {
    out.push_back({{"rule", rule.rule}, {"penalty", rule.penalty}, {"count", rule.count}});
  }
  return out;
}

ordered_json EmployeeScoresJson(const std::vector<staffing::EmployeeScore>& employees) {
  ordered_json out = ordered_json::array();
  for (const auto& e : employees) {
    out.push_back({{"employee", e.employee},
                   {"shifts", e.shifts},
                   {"paid_minutes", e.paid_minutes},
                   {"cost", static_cast<double>(e.cost_cents) / 100.0},
                   {"penalty", e.penalty},
                   {"hard_violations", e.hard_violations}});
  }
  return out;
}

ordered_json ViolationsJson(const std::vector<staffing::Violation>& violations) {
  ordered_json out = ordered_json::array();
  for (const auto& violation : violations) {
    out.push_back(ViolationJson(violation));
  }
  return out;
}

ordered_json ScheduleJson(const service::ScheduleView& view) {
  const auto& roster = view.roster;
  ordered_json assignments = ordered_json::array();
  for (const auto& a : roster.assignments) {
    assignments.push_back({{"employee", a.employee_id},
                           {"day", a.day},
                           {"date", DateText(roster.week_start + std::chrono::days(a.day))},
                           {"shift_id", a.shift_id},
                           {"start", Clock(a.start_minute)},
                           {"length_minutes", a.length_minutes},
                           {"skill", a.skill}});
  }
  ordered_json coverage = ordered_json::array();
  for (const auto& c : view.coverage) {
    coverage.push_back({{"day", c.day},
                        {"start", Clock(c.start_minute)},
                        {"end", Clock(c.end_minute)},
                        {"skill", c.skill},
                        {"required", c.required},
                        {"scheduled", c.scheduled}});
  }
  return {{"id", roster.id},
          {"store_id", roster.store_id.value()},
          {"week_start", DateText(roster.week_start)},
          {"status", roster.status},
          {"feasible", view.score.feasible},
          {"gap", FiniteOrNull(roster.gap)},
          {"solve_seconds", FiniteOrNull(roster.seconds)},
          {"score",
           {{"total", FiniteOrNull(view.score.total)},
            {"by_rule", RuleScoresJson(view.score.by_rule)},
            {"by_employee", EmployeeScoresJson(view.score.by_employee)}}},
          {"violations", ViolationsJson(view.score.violations)},
          {"assignments", std::move(assignments)},
          {"coverage", std::move(coverage)},
          {"created", core::FormatRfc3339(roster.created)},
          {"updated", core::FormatRfc3339(roster.updated)}};
}

ordered_json SummaryJson(const storage::RosterSummary& summary) {
  return {{"id", summary.id},
          {"store_id", summary.store_id.value()},
          {"week_start", DateText(summary.week_start)},
          {"status", summary.status},
          {"score_total", FiniteOrNull(summary.score_total)},
          {"feasible", summary.feasible},
          {"assignments", summary.assignments},
          {"created", core::FormatRfc3339(summary.created)},
          {"updated", core::FormatRfc3339(summary.updated)},
          {"url", fmt::format("/api/v1/staff/schedules/{}", summary.id)}};
}

// The edited roster: {"assignments":[{"employee","day","shift_id"} | {"employee","day","start",
// "length_minutes","skill"?}]}.
core::Result<std::vector<service::AssignmentEdit>> ParseEdit(const json& body) {
  FieldErrors errors;
  const auto list = body.find("assignments");
  if (list == body.end() || !list->is_array()) {
    errors.Add("assignments", "is required (an array of assignments)");
    return core::Fail(errors.Error());
  }
  std::vector<service::AssignmentEdit> edits;
  for (size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    const std::string at = fmt::format("assignments[{}]", i);
    if (!item.is_object()) {
      errors.Add(at, "must be an object");
      continue;
    }
    service::AssignmentEdit edit;
    const json employee = item.value("employee", json());
    if (!employee.is_string()) {
      errors.Add(at + ".employee", "is required (an employee id)");
    } else {
      edit.employee = employee.get<std::string>();
    }
    const json day = item.value("day", json());
    if (!day.is_number_integer()) {
      errors.Add(at + ".day", "is required (0 = week_start ... 6)");
    } else {
      edit.day = static_cast<int>(std::clamp<int64_t>(day.get<int64_t>(), -1, 7));
    }
    const json shift = item.value("shift_id", json());
    if (shift.is_string()) {
      edit.shift_id = shift.get<std::string>();
    } else if (!shift.is_null()) {
      errors.Add(at + ".shift_id", "must be a string");
    }
    if (const auto start = item.find("start"); start != item.end() && !start->is_null()) {
      if (auto minute = ParseClock(*start, false); minute) {
        edit.start_minute = *minute;
      } else {
        errors.Add(at + ".start", "must be a time \"HH:MM\"");
      }
    }
    if (const auto length = item.find("length_minutes");
        length != item.end() && !length->is_null()) {
      if (!length->is_number_integer()) {
        errors.Add(at + ".length_minutes", "must be a whole number of minutes");
      } else {
        edit.length_minutes =
            static_cast<int>(std::clamp<int64_t>(length->get<int64_t>(), -1, 100000));
      }
    }
    if (const auto skill = item.find("skill"); skill != item.end() && !skill->is_null()) {
      if (!skill->is_string()) {
        errors.Add(at + ".skill", "must be a string");
      } else {
        edit.skill = skill->get<std::string>();
      }
    }
    edits.push_back(std::move(edit));
  }
  if (!errors.empty()) {
    return core::Fail(errors.Error());
  }
  return edits;
}

std::vector<std::string> SplitCommas(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    while (!part.empty() && part.front() == ' ') {
      part.remove_prefix(1);
    }
    while (!part.empty() && part.back() == ' ') {
      part.remove_suffix(1);
    }
    if (!part.empty()) {
      out.emplace_back(part);
    }
    if (comma == std::string_view::npos) {
      break;
    }
    text.remove_prefix(comma + 1);
  }
  return out;
}

// Query parameters first; a JSON body in the brief's form ({"store_id","time_horizon",
// "departments":[...]}) fills what the query leaves out.
core::Result<service::DeploymentRequest> ParseDeploymentRequest(const Request& request) {
  json body = json::object();
  if (!request.body.empty()) {
    auto parsed = JsonObjectBody(request);
    if (!parsed) {
      return core::Fail(parsed.error());
    }
    body = std::move(*parsed);
  }
  FieldErrors errors;
  service::DeploymentRequest out;
  auto store = QueryParam(request.query, "store_id");
  if (!store) {
    return core::Fail(store.error());
  }
  std::optional<std::string> store_text = *store;
  if (!store_text && body.contains("store_id")) {
    if (!body["store_id"].is_string()) {
      errors.Add("store_id", "must be a string");
    } else {
      store_text = body["store_id"].get<std::string>();
    }
  }
  if (!store_text) {
    if (errors.empty()) {
      errors.Add("store_id", "is required");
    }
  } else if (auto id = ParseStoreId(*store_text, "store_id"); !id) {
    return core::Fail(id.error());
  } else {
    out.store_id = *id;
  }
  auto horizon = QueryParam(request.query, "time_horizon");
  if (!horizon) {
    return core::Fail(horizon.error());
  }
  std::optional<std::string> horizon_text = *horizon;
  if (!horizon_text && body.contains("time_horizon")) {
    if (body["time_horizon"].is_string()) {
      horizon_text = body["time_horizon"].get<std::string>();
    } else {
      errors.Add("time_horizon", "must be a string");
    }
  }
  if (horizon_text) {
    if (auto parsed = service::ParseDeploymentHorizon(*horizon_text); parsed) {
      out.horizon = *parsed;
    } else {
      errors.Add("time_horizon", "must be next_4_hours, next_24_hours or next_7_days");
    }
  }
  auto departments = QueryParam(request.query, "departments");
  if (!departments) {
    return core::Fail(departments.error());
  }
  if (*departments) {
    out.departments = SplitCommas(**departments);
  } else if (body.contains("departments")) {
    const json& list = body["departments"];
    if (!list.is_array()) {
      errors.Add("departments", "must be an array of department ids");
    } else {
      for (size_t i = 0; i < list.size(); ++i) {
        if (!list[i].is_string()) {
          errors.Add(fmt::format("departments[{}]", i), "must be a string");
        } else {
          out.departments.push_back(list[i].get<std::string>());
        }
      }
    }
  }
  if (!errors.empty()) {
    return core::Fail(errors.Error());
  }
  return out;
}

std::string_view HorizonName(service::DeploymentHorizon horizon) {
  switch (horizon) {
    case service::DeploymentHorizon::kNext4Hours:
      return "next_4_hours";
    case service::DeploymentHorizon::kNext24Hours:
      return "next_24_hours";
    case service::DeploymentHorizon::kNext7Days:
      return "next_7_days";
  }
  return "next_4_hours";
}

ordered_json PredictionJson(const service::DeploymentPrediction& p) {
  ordered_json skills = ordered_json::array();
  ordered_json by_skill = ordered_json::object();
  for (const auto& [skill, staff] : p.staff_by_skill) {
    skills.push_back(skill);
    by_skill[skill] = staff;
  }
  ordered_json item = {{"time_slot", p.time_slot},
                       {"start", core::FormatRfc3339(p.start)},
                       {"department", p.department},
                       {"recommended_staff", p.recommended_staff},
                       {"rostered_staff", p.rostered_staff},
                       {"skill_requirements", std::move(skills)},
                       {"staff_by_skill", std::move(by_skill)},
                       {"predicted_customers", p.predicted_customers},
                       {"customers_p80", p.customers_p80},
                       {"customers_p95", p.customers_p95},
                       {"confidence", p.confidence},
                       {"source", service::DemandOriginName(p.source)}};
  if (!p.queue_levels.empty()) {
    ordered_json levels = ordered_json::array();
    for (const auto& level : p.queue_levels) {
      levels.push_back({{"staff", level.agents},
                        {"service_level", level.service_level},
                        {"waiting_probability", level.waiting_probability},
                        {"average_wait_seconds", FiniteOrNull(level.average_wait_seconds)},
                        {"occupancy", level.occupancy}});
    }
    item["queue"] = {{"model", "erlang_c"}, {"levels", std::move(levels)}};
  }
  return item;
}

// GET /api/v1/staff/deployment/tradeoff?store_id=&date=YYYY-MM-DD&department=checkout
core::Result<service::TradeoffRequest> ParseTradeoffRequest(const Request& request) {
  FieldErrors errors;
  service::TradeoffRequest out;
  auto store = QueryParam(request.query, "store_id");
  if (!store) {
    return core::Fail(store.error());
  }
  if (!*store) {
    errors.Add("store_id", "is required");
  } else if (auto id = ParseStoreId(**store, "store_id"); !id) {
    return core::Fail(id.error());
  } else {
    out.store_id = *id;
  }
  auto date = QueryParam(request.query, "date");
  if (!date) {
    return core::Fail(date.error());
  }
  if (*date) {
    if (auto day = ParseDate(json(**date)); day) {
      out.date = *day;
    } else {
      errors.Add("date", "must be a date \"YYYY-MM-DD\" (the store's local date)");
    }
  }
  auto department = QueryParam(request.query, "department");
  if (!department) {
    return core::Fail(department.error());
  }
  if (*department) {
    if ((*department)->empty()) {
      errors.Add("department", "must not be empty");
    } else {
      out.department = **department;
    }
  }
  if (!errors.empty()) {
    return core::Fail(errors.Error());
  }
  return out;
}

ordered_json TradeoffJson(const service::StaffingTradeoff& tradeoff) {
  bool any_forecast = false;
  bool any_history = false;
  double customers = 0;
  for (const auto& interval : tradeoff.intervals) {
    any_forecast |= interval.source == service::DemandOrigin::kForecast;
    any_history |= interval.source != service::DemandOrigin::kForecast;
    customers += interval.customers;
  }
  ordered_json points = ordered_json::array();
  for (const auto& point : tradeoff.front.points) {
    ordered_json lanes = ordered_json::array();
    for (size_t i = 0; i < point.lanes.size() && i < tradeoff.intervals.size(); ++i) {
      lanes.push_back({{"start", core::FormatRfc3339(tradeoff.intervals[i].start)},
                       {"time_slot", tradeoff.intervals[i].time_slot},
                       {"lanes", point.lanes[i]}});
    }
    points.push_back({{"labour_hours", point.labour_hours},
                      {"labour_cost", point.labour_cost},
                      {"average_wait_seconds", FiniteOrNull(point.average_wait_seconds)},
                      {"worst_wait_seconds", FiniteOrNull(point.worst_wait_seconds)},
                      {"service_level", point.service_level},
                      {"meets_target", point.meets_target},
                      {"lanes", std::move(lanes)}});
  }
  return {
      {"store_id", tradeoff.store_id.value()},
      {"date", DateText(tradeoff.date)},
      {"department", tradeoff.department},
      {"currency", tradeoff.currency},
      {"wage_per_hour", tradeoff.wage_per_hour},
      {"wage_source", tradeoff.wage_from_employees ? "employees" : "default"},
      {"shrinkage", tradeoff.shrinkage},
      {"interval_minutes", tradeoff.interval_minutes},
      {"max_lanes", tradeoff.max_lanes},
      {"aht_seconds", tradeoff.aht_seconds},
      {"customers", customers},
      {"demand_source", any_forecast && any_history ? "mixed"
                        : any_forecast              ? "forecast"
                                                    : "history_average"},
      {"target",
       {{"service_level", tradeoff.target.service_level},
        {"within_seconds", tradeoff.target.within_seconds}}},
      {"points", std::move(points)},
      {"recommended_index", tradeoff.front.recommended ? ordered_json(*tradeoff.front.recommended)
                                                       : ordered_json(nullptr)}};
}

using JsonResult = core::Result<ordered_json>;

// A JSON array of `items`, each through `to_json`.
template <class T, class ToJson>
ordered_json JsonArray(const std::vector<T>& items, ToJson to_json) {
  ordered_json out = ordered_json::array();
  for (const auto& item : items) {
    out.push_back(to_json(item));
  }
  return out;
}

// A handler's result as the client gets it: an error in the one error shape (error_mapping.cpp),
// a JSON body as 200 (never cached), a Status as 204, or a response of the handler's own (201).
template <class HandlerResult>
Response Answer(HandlerResult result, const Request& request) {
  if (!result) {
    return ErrorResponse(result.error(), request.request_id);
  }
  if constexpr (std::is_same_v<HandlerResult, core::Status>) {
    Response response;
    response.status = 204;
    response.body.clear();
    return response;
  } else if constexpr (std::is_same_v<HandlerResult, core::Result<Response>>) {
    return std::move(*result);
  } else {
    return Json200(*result);
  }
}

// Adds a staffing route whose handler states only what differs: what it reads (after the
// request, its parameters ask for the store of the path's {id}, then the JSON body object; each
// refused as usual when malformed), what it asks the service and the JSON it answers (see
// Answer). Every staffing route touches storage, so all run on the worker pool.
template <class Handler>
void Handle(Router& router, Method method, std::string pattern, Handler handler) {
  constexpr bool kStoreAndBody =
      std::is_invocable_v<Handler, const Request&, const core::StoreId&, const json&>;
  constexpr bool kStore =
      kStoreAndBody || std::is_invocable_v<Handler, const Request&, const core::StoreId&>;
  constexpr bool kBody = kStoreAndBody || std::is_invocable_v<Handler, const Request&, const json&>;
  router.Add(
      method, std::move(pattern),
      [handler = std::move(handler)](const Request& request) -> Response {
        core::StoreId store;
        if constexpr (kStore) {
          auto id = ParseStoreId(request.Param("id"), "id");
          if (!id) {
            return ErrorResponse(id.error(), request.request_id);
          }
          store = std::move(*id);
        }
        json body;
        if constexpr (kBody) {
          auto parsed = JsonObjectBody(request);
          if (!parsed) {
            return ErrorResponse(parsed.error(), request.request_id);
          }
          body = std::move(*parsed);
        }
        if constexpr (kStoreAndBody) {
          return Answer(handler(request, store, body), request);
        } else if constexpr (kStore) {
          return Answer(handler(request, store), request);
        } else if constexpr (kBody) {
          return Answer(handler(request, body), request);
        } else {
          return Answer(handler(request), request);
        }
      },
      /*blocking=*/true);
}

// POST /api/v1/staff/schedules {store_id, week_start, time_limit_seconds?, departments?}.
core::Result<service::ScheduleRequest> ParseScheduleRequest(const json& body) {
  FieldErrors errors;
  service::ScheduleRequest schedule;
  const json store = body.value("store_id", json());
  if (!store.is_string()) {
    errors.Add("store_id", "is required (a string)");
  } else if (auto id = ParseStoreId(store.get<std::string>(), "store_id"); !id) {
    return core::Fail(id.error());
  } else {
    schedule.store_id = *id;
  }
  if (auto week = ParseDate(body.value("week_start", json())); week) {
    schedule.week_start = *week;
  } else {
    errors.Add("week_start", "is required (a date \"YYYY-MM-DD\")");
  }
  if (const auto limit = body.find("time_limit_seconds");
      limit != body.end() && !limit->is_null()) {
    if (!limit->is_number()) {
      errors.Add("time_limit_seconds", "must be a number of seconds");
    } else {
      schedule.time_limit_seconds = limit->get<double>();
    }
  }
  if (const auto list = body.find("departments"); list != body.end() && !list->is_null()) {
    if (!list->is_array()) {
      errors.Add("departments", "must be an array of department ids");
    } else {
      for (size_t i = 0; i < list->size(); ++i) {
        if (!(*list)[i].is_string()) {
          errors.Add(fmt::format("departments[{}]", i), "must be a string");
        } else {
          schedule.departments.push_back((*list)[i].get<std::string>());
        }
      }
    }
  }
  if (!errors.empty()) {
    return core::Fail(errors.Error());
  }
  return schedule;
}

}  // namespace

void AddStaffingRoutes(Router& router, service::StaffingService& staffing,
                       service::JobRunner& jobs) {
  Handle(router, Method::kGet, "/api/v1/staff/deployment/predict",
         [&staffing](const Request& request) -> JsonResult {
           auto parsed = ParseDeploymentRequest(request);
           if (!parsed) {
             return core::Fail(parsed.error());
           }
           return staffing.PredictDeployment(*parsed).transform([&parsed](const auto& predictions) {
             return ordered_json{{"store_id", parsed->store_id.value()},
                                 {"time_horizon", HorizonName(parsed->horizon)},
                                 {"predictions", JsonArray(predictions, PredictionJson)}};
           });
         });

  Handle(router, Method::kGet, "/api/v1/staff/deployment/tradeoff",
         [&staffing](const Request& request) {
           return ParseTradeoffRequest(request)
               .and_then([&staffing](const auto& parsed) { return staffing.Tradeoff(parsed); })
               .transform(TradeoffJson);
         });

  Handle(router, Method::kPost, "/api/v1/staff/schedules",
         [&staffing](const Request& request, const json& body) -> core::Result<Response> {
           auto schedule = ParseScheduleRequest(body);
           if (!schedule) {
             return core::Fail(schedule.error());
           }
           auto job_id = staffing.SubmitSchedule(*schedule);
           return JobAccepted(
               job_id, job_id ? fmt::format("/api/v1/staff/schedules/{}", *job_id) : std::string(),
               request.request_id);
         });

  Handle(router, Method::kGet, "/api/v1/staff/schedules", [&staffing](const Request& request) {
    return RequiredStoreIdQuery(request)
        .and_then([&staffing](const core::StoreId& store) { return staffing.ListSchedules(store); })
        .transform([](const auto& list) {
          return ordered_json{{"schedules", JsonArray(list, SummaryJson)}};
        });
  });

  // A job id (what POST answered) shows the build's progress; once it succeeded, its result
  // names the schedule. A schedule id shows the roster.
  Handle(router, Method::kGet, "/api/v1/staff/schedules/{id}",
         [&staffing, &jobs](const Request& request) -> core::Result<Response> {
           const std::string id(request.Param("id"));
           if (!id.starts_with("job_")) {
             return staffing.GetSchedule(id).transform(
                 [](const auto& view) { return Json200(ScheduleJson(view)); });
           }
           auto job = jobs.Get(id);
           if (!job || job->kind != kScheduleKind) {
             return core::Fail(core::ErrorCode::kNotFound,
                               fmt::format("schedule job '{}' does not exist", id));
           }
           json snapshot = JobSnapshotJson(*job);
           if (snapshot.contains("result") && snapshot["result"].is_object() &&
               snapshot["result"].contains("schedule_id")) {
             snapshot["schedule_url"] =
                 fmt::format("/api/v1/staff/schedules/{}",
                             snapshot["result"]["schedule_id"].get<std::string>());
           }
           return Json200(snapshot);
         });

  Handle(router, Method::kPut, "/api/v1/staff/schedules/{id}",
         [&staffing](const Request& request, const json& body) {
           return ParseEdit(body)
               .and_then([&](const auto& edits) {
                 return staffing.EditSchedule(std::string(request.Param("id")), edits);
               })
               .transform([](const service::ScheduleEditResult& result) {
                 ordered_json out = ScheduleJson(result.schedule);
                 out["previous_score"] = FiniteOrNull(result.previous_total);
                 out["delta"] = {{"total", FiniteOrNull(result.delta.total)},
                                 {"by_rule", RuleScoresJson(result.delta.by_rule)},
                                 {"by_employee", EmployeeScoresJson(result.delta.by_employee)},
                                 {"added", ViolationsJson(result.delta.added)},
                                 {"removed", ViolationsJson(result.delta.removed)}};
                 return out;
               });
         });

  Handle(router, Method::kGet, "/api/v1/stores/{id}/labour-standards",
         [&staffing](const Request&, const core::StoreId& store) {
           return staffing.GetLabourStandards(store).transform(LabourStandardsJson);
         });

  Handle(
      router, Method::kPut, "/api/v1/stores/{id}/labour-standards",
      [&staffing](const Request&, const core::StoreId& store, const json& body) {
        return ParseLabourStandards(body, store)
            .and_then([&staffing](const auto& input) { return staffing.SetLabourStandards(input); })
            .transform(LabourStandardsJson);
      });

  Handle(router, Method::kDelete, "/api/v1/stores/{id}/labour-standards",
         [&staffing](const Request&, const core::StoreId& store) {
           return staffing.ResetLabourStandards(store);
         });

  Handle(router, Method::kGet, "/api/v1/stores/{id}/employees",
         [&staffing](const Request&, const core::StoreId& store) {
           return staffing.ListEmployees(store).transform([](const auto& employees) {
             return ordered_json{{"employees", JsonArray(employees, EmployeeJson)}};
           });
         });

  Handle(router, Method::kPost, "/api/v1/stores/{id}/employees",
         [&staffing](const Request&, const core::StoreId& store, const json& body) {
           return ParseEmployee(body, store, std::nullopt)
               .and_then([&staffing](service::Employee employee) {
                 return staffing.CreateEmployee(std::move(employee));
               })
               .transform([&store](const service::Employee& created) {
                 Response response = JsonResponse(201, EmployeeJson(created).dump());
                 response.headers.emplace_back(
                     "Location", fmt::format("/api/v1/stores/{}/employees/{}", store.value(),
                                             created.id.value()));
                 return response;
               });
         });

  Handle(router, Method::kGet, "/api/v1/stores/{id}/employees/{employee_id}",
         [&staffing](const Request& request, const core::StoreId& store) {
           return staffing.GetEmployee(store, core::EmployeeId{request.Param("employee_id")})
               .transform(EmployeeJson);
         });

  Handle(router, Method::kPut, "/api/v1/stores/{id}/employees/{employee_id}",
         [&staffing](const Request& request, const core::StoreId& store, const json& body) {
           return ParseEmployee(body, store, request.Param("employee_id"))
               .and_then([&staffing](service::Employee employee) {
                 return staffing.UpdateEmployee(std::move(employee));
               })
               .transform(EmployeeJson);
         });

  Handle(router, Method::kDelete, "/api/v1/stores/{id}/employees/{employee_id}",
         [&staffing](const Request& request, const core::StoreId& store) {
           return staffing.DeleteEmployee(store, core::EmployeeId{request.Param("employee_id")});
         });
}

}  // namespace storeops::api::internal
