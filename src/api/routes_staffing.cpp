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
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "storeops/core/ids.hpp"
#include "storeops/core/time.hpp"
#include "storeops/service/staffing_service.hpp"

#include "request_parsing.hpp"
#include "routes.hpp"
#include "routes_jobs.hpp"

namespace storeops::api::internal {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::string_view kScheduleKind = "schedule";

// Collects every bad field of one document, so a client fixes them all in one round.
class FieldErrors {
 public:
  void Add(std::string field, std::string reason) {
    details_.push_back({std::move(field), std::move(reason)});
  }

  [[nodiscard]] bool empty() const { return details_.empty(); }

  [[nodiscard]] core::Error Error() const {
    std::string message = fmt::format("{}: {}", details_.front().field, details_.front().reason);
    if (details_.size() > 1) {
      message += fmt::format(" (and {} more)", details_.size() - 1);
    }
    return core::Error{core::ErrorCode::kInvalidArgument, std::move(message), details_};
  }

 private:
  std::vector<core::FieldError> details_;
};

core::Error BadField(std::string field, std::string reason) {
  FieldErrors errors;
  errors.Add(std::move(field), std::move(reason));
  return errors.Error();
}

Response Json200(const ordered_json& body) {
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
  const auto list = body.find("assignments");
  if (list == body.end() || !list->is_array()) {
    return core::Fail(BadField("assignments", "is required (an array of assignments)"));
  }
  FieldErrors errors;
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

// The labour standards document (docs/openapi.json, LabourStandardsInput) into the service's
// input; this checks JSON types, the service the values. Unknown keys are ignored.
core::Result<service::LabourStandardsInput> ParseLabourStandards(const json& body,
                                                                 const core::StoreId& store) {
  FieldErrors errors;
  service::LabourStandardsInput input;
  input.store_id = store;
  const auto number = [&errors](const json& object, std::string_view key, const std::string& field,
                                std::optional<double>& out) {
    const auto found = object.find(std::string(key));
    if (found == object.end() || found->is_null()) {
      return;
    }
    if (!found->is_number()) {
      errors.Add(field, "must be a number");
      return;
    }
    out = found->get<double>();
  };
  number(body, "shrinkage", "shrinkage", input.shrinkage);
  const auto departments = body.find("departments");
  if (departments == body.end() || departments->is_null()) {
    // No departments: only the shrinkage is the store's own.
  } else if (!departments->is_array()) {
    errors.Add("departments", "must be an array of department standards");
  } else {
    for (size_t i = 0; i < departments->size(); ++i) {
      const json& item = (*departments)[i];
      const std::string at = fmt::format("departments[{}]", i);
      if (!item.is_object()) {
        errors.Add(at, "must be an object");
        continue;
      }
      service::DepartmentStandardInput department;
      if (const auto id = item.find("department"); id == item.end() || !id->is_string()) {
        errors.Add(at + ".department", "is required (a department id, or checkout)");
      } else {
        department.department = id->get<std::string>();
      }
      for (const auto key : {"kind", "skill"}) {
        const auto found = item.find(key);
        if (found == item.end() || found->is_null()) {
          continue;
        }
        if (!found->is_string()) {
          errors.Add(fmt::format("{}.{}", at, key), "must be a string");
        } else if (std::string_view(key) == "kind") {
          department.kind = found->get<std::string>();
        } else {
          department.skill = found->get<std::string>();
        }
      }
      number(item, "aht_seconds", at + ".aht_seconds", department.aht_seconds);
      number(item, "service_level", at + ".service_level", department.service_level);
      number(item, "within_seconds", at + ".within_seconds", department.within_seconds);
      number(item, "patience_seconds", at + ".patience_seconds", department.patience_seconds);
      number(item, "service_minutes_per_customer", at + ".service_minutes_per_customer",
             department.service_minutes_per_customer);
      number(item, "items_per_customer", at + ".items_per_customer", department.items_per_customer);
      number(item, "items_per_minute", at + ".items_per_minute", department.items_per_minute);
      number(item, "utilisation_target", at + ".utilisation_target", department.utilisation_target);
      number(item, "shrinkage", at + ".shrinkage", department.shrinkage);
      if (const auto minimum = item.find("minimum_staff");
          minimum != item.end() && !minimum->is_null()) {
        if (!minimum->is_number_integer()) {
          errors.Add(at + ".minimum_staff", "must be a whole number");
        } else {
          department.minimum_staff =
              static_cast<int>(std::clamp<int64_t>(minimum->get<int64_t>(), -1, 100000));
        }
      }
      input.departments.push_back(std::move(department));
    }
  }
  if (!errors.empty()) {
    return core::Fail(errors.Error());
  }
  return input;
}

ordered_json LabourStandardsJson(const service::LabourStandards& standards) {
  ordered_json departments = ordered_json::array();
  for (const auto& [standard, from_store] : standards.departments) {
    ordered_json item = {
        {"department", standard.department},
        {"kind", standard.kind == staffing::DepartmentKind::kQueue ? "queue" : "workload"},
        {"skill", standard.skill},
        {"source", from_store ? "store" : "default"}};
    if (standard.kind == staffing::DepartmentKind::kQueue) {
      item["aht_seconds"] = standard.aht_seconds;
      item["service_level"] = standard.target.service_level;
      item["within_seconds"] = standard.target.within_seconds;
      item["patience_seconds"] =
          standard.patience_seconds ? ordered_json(*standard.patience_seconds) : nullptr;
    } else {
      item["service_minutes_per_customer"] = standard.service_minutes_per_customer;
      item["items_per_customer"] = standard.items_per_customer;
      item["items_per_minute"] = standard.items_per_minute;
      item["utilisation_target"] = standard.utilisation_target;
    }
    item["minimum_staff"] = standard.minimum_staff;
    item["shrinkage"] = standard.shrinkage ? ordered_json(*standard.shrinkage) : nullptr;
    departments.push_back(std::move(item));
  }
  return {{"store_id", standards.store_id.value()},
          {"source", standards.from_store ? "store" : "default"},
          {"shrinkage", standards.shrinkage},
          {"updated",
           standards.updated ? ordered_json(core::FormatRfc3339(*standards.updated)) : nullptr},
          {"departments", std::move(departments)}};
}

Response Answer(const core::Status& status, const Request& request, int code = 204) {
  if (!status) {
    return ErrorResponse(status.error(), request.request_id);
  }
  Response response;
  response.status = code;
  response.body.clear();
  return response;
}

}  // namespace

void AddStaffingRoutes(Router& router, service::StaffingService& staffing,
                       service::JobRunner& jobs) {
  router.Add(
      Method::kGet, "/api/v1/staff/deployment/predict",
      [&staffing](const Request& request) {
        auto parsed = ParseDeploymentRequest(request);
        if (!parsed) {
          return ErrorResponse(parsed.error(), request.request_id);
        }
        auto predictions = staffing.PredictDeployment(*parsed);
        if (!predictions) {
          return ErrorResponse(predictions.error(), request.request_id);
        }
        ordered_json list = ordered_json::array();
        for (const auto& prediction : *predictions) {
          list.push_back(PredictionJson(prediction));
        }
        return Json200({{"store_id", parsed->store_id.value()},
                        {"time_horizon", HorizonName(parsed->horizon)},
                        {"predictions", std::move(list)}});
      },
      /*blocking=*/true);

  router.Add(
      Method::kGet, "/api/v1/staff/deployment/tradeoff",
      [&staffing](const Request& request) {
        auto parsed = ParseTradeoffRequest(request);
        if (!parsed) {
          return ErrorResponse(parsed.error(), request.request_id);
        }
        auto tradeoff = staffing.Tradeoff(*parsed);
        if (!tradeoff) {
          return ErrorResponse(tradeoff.error(), request.request_id);
        }
        return Json200(TradeoffJson(*tradeoff));
      },
      /*blocking=*/true);

  router.Add(
      Method::kPost, "/api/v1/staff/schedules",
      [&staffing](const Request& request) {
        auto body = JsonObjectBody(request);
        if (!body) {
          return ErrorResponse(body.error(), request.request_id);
        }
        FieldErrors errors;
        service::ScheduleRequest schedule;
        const json store = body->value("store_id", json());
        if (!store.is_string()) {
          errors.Add("store_id", "is required (a string)");
        } else if (auto id = ParseStoreId(store.get<std::string>(), "store_id"); !id) {
          return ErrorResponse(id.error(), request.request_id);
        } else {
          schedule.store_id = *id;
        }
        if (auto week = ParseDate(body->value("week_start", json())); week) {
          schedule.week_start = *week;
        } else {
          errors.Add("week_start", "is required (a date \"YYYY-MM-DD\")");
        }
        if (const auto limit = body->find("time_limit_seconds");
            limit != body->end() && !limit->is_null()) {
          if (!limit->is_number()) {
            errors.Add("time_limit_seconds", "must be a number of seconds");
          } else {
            schedule.time_limit_seconds = limit->get<double>();
          }
        }
        if (const auto list = body->find("departments"); list != body->end() && !list->is_null()) {
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
          return ErrorResponse(errors.Error(), request.request_id);
        }
        auto job_id = staffing.SubmitSchedule(schedule);
        return JobAccepted(
            job_id, job_id ? fmt::format("/api/v1/staff/schedules/{}", *job_id) : std::string(),
            request.request_id);
      },
      /*blocking=*/true);

  router.Add(
      Method::kGet, "/api/v1/staff/schedules",
      [&staffing](const Request& request) {
        auto id = RequiredStoreIdQuery(request);
        if (!id) {
          return ErrorResponse(id.error(), request.request_id);
        }
        auto list = staffing.ListSchedules(*id);
        if (!list) {
          return ErrorResponse(list.error(), request.request_id);
        }
        ordered_json schedules = ordered_json::array();
        for (const auto& summary : *list) {
          schedules.push_back(SummaryJson(summary));
        }
        return Json200({{"schedules", std::move(schedules)}});
      },
      /*blocking=*/true);

  // A job id (what POST answered) shows the build's progress; once it succeeded, its result
  // names the schedule. A schedule id shows the roster.
  router.Add(
      Method::kGet, "/api/v1/staff/schedules/{id}",
      [&staffing, &jobs](const Request& request) {
        const std::string id(request.Param("id"));
        if (id.starts_with("job_")) {
          auto job = jobs.Get(id);
          if (!job || job->kind != kScheduleKind) {
            return ErrorResponse({core::ErrorCode::kNotFound,
                                  fmt::format("schedule job '{}' does not exist", id),
                                  {}},
                                 request.request_id);
          }
          nlohmann::json snapshot = JobSnapshotJson(*job);
          if (snapshot.contains("result") && snapshot["result"].is_object() &&
              snapshot["result"].contains("schedule_id")) {
            snapshot["schedule_url"] = fmt::format(
                "/api/v1/staff/schedules/{}", snapshot["result"]["schedule_id"].get<std::string>());
          }
          Response response = JsonResponse(200, snapshot.dump());
          response.headers.emplace_back("Cache-Control", "no-store");
          return response;
        }
        auto view = staffing.GetSchedule(id);
        if (!view) {
          return ErrorResponse(view.error(), request.request_id);
        }
        return Json200(ScheduleJson(*view));
      },
      /*blocking=*/true);

  router.Add(
      Method::kPut, "/api/v1/staff/schedules/{id}",
      [&staffing](const Request& request) {
        auto body = JsonObjectBody(request);
        if (!body) {
          return ErrorResponse(body.error(), request.request_id);
        }
        auto edits = ParseEdit(*body);
        if (!edits) {
          return ErrorResponse(edits.error(), request.request_id);
        }
        auto result = staffing.EditSchedule(std::string(request.Param("id")), *edits);
        if (!result) {
          return ErrorResponse(result.error(), request.request_id);
        }
        ordered_json out = ScheduleJson(result->schedule);
        out["previous_score"] = FiniteOrNull(result->previous_total);
        out["delta"] = {{"total", FiniteOrNull(result->delta.total)},
                        {"by_rule", RuleScoresJson(result->delta.by_rule)},
                        {"by_employee", EmployeeScoresJson(result->delta.by_employee)},
                        {"added", ViolationsJson(result->delta.added)},
                        {"removed", ViolationsJson(result->delta.removed)}};
        return Json200(out);
      },
      /*blocking=*/true);

  router.Add(
      Method::kGet, "/api/v1/stores/{id}/labour-standards",
      [&staffing](const Request& request) {
        auto store = ParseStoreId(request.Param("id"), "id");
        if (!store) {
          return ErrorResponse(store.error(), request.request_id);
        }
        auto standards = staffing.GetLabourStandards(*store);
        if (!standards) {
          return ErrorResponse(standards.error(), request.request_id);
        }
        return Json200(LabourStandardsJson(*standards));
      },
      /*blocking=*/true);

  router.Add(
      Method::kPut, "/api/v1/stores/{id}/labour-standards",
      [&staffing](const Request& request) {
        auto store = ParseStoreId(request.Param("id"), "id");
        if (!store) {
          return ErrorResponse(store.error(), request.request_id);
        }
        auto body = JsonObjectBody(request);
        if (!body) {
          return ErrorResponse(body.error(), request.request_id);
        }
        auto input = ParseLabourStandards(*body, *store);
        if (!input) {
          return ErrorResponse(input.error(), request.request_id);
        }
        auto standards = staffing.SetLabourStandards(*input);
        if (!standards) {
          return ErrorResponse(standards.error(), request.request_id);
        }
        return Json200(LabourStandardsJson(*standards));
      },
      /*blocking=*/true);

  router.Add(
      Method::kDelete, "/api/v1/stores/{id}/labour-standards",
      [&staffing](const Request& request) {
        auto store = ParseStoreId(request.Param("id"), "id");
        if (!store) {
          return ErrorResponse(store.error(), request.request_id);
        }
        return Answer(staffing.ResetLabourStandards(*store), request);
      },
      /*blocking=*/true);

  router.Add(
      Method::kGet, "/api/v1/stores/{id}/employees",
      [&staffing](const Request& request) {
        auto store = ParseStoreId(request.Param("id"), "id");
        if (!store) {
          return ErrorResponse(store.error(), request.request_id);
        }
        auto employees = staffing.ListEmployees(*store);
        if (!employees) {
          return ErrorResponse(employees.error(), request.request_id);
        }
        ordered_json list = ordered_json::array();
        for (const auto& employee : *employees) {
          list.push_back(EmployeeJson(employee));
        }
        return Json200({{"employees", std::move(list)}});
      },
      /*blocking=*/true);

  router.Add(
      Method::kPost, "/api/v1/stores/{id}/employees",
      [&staffing](const Request& request) {
        auto store = ParseStoreId(request.Param("id"), "id");
        if (!store) {
          return ErrorResponse(store.error(), request.request_id);
        }
        auto body = JsonObjectBody(request);
        if (!body) {
          return ErrorResponse(body.error(), request.request_id);
        }
        auto employee = ParseEmployee(*body, *store, std::nullopt);
        if (!employee) {
          return ErrorResponse(employee.error(), request.request_id);
        }
        auto created = staffing.CreateEmployee(std::move(*employee));
        if (!created) {
          return ErrorResponse(created.error(), request.request_id);
        }
        Response response = JsonResponse(201, EmployeeJson(*created).dump());
        response.headers.emplace_back("Location", fmt::format("/api/v1/stores/{}/employees/{}",
                                                              store->value(), created->id.value()));
        return response;
      },
      /*blocking=*/true);

  router.Add(
      Method::kGet, "/api/v1/stores/{id}/employees/{employee_id}",
      [&staffing](const Request& request) {
        auto store = ParseStoreId(request.Param("id"), "id");
        if (!store) {
          return ErrorResponse(store.error(), request.request_id);
        }
        auto employee =
            staffing.GetEmployee(*store, core::EmployeeId{request.Param("employee_id")});
        if (!employee) {
          return ErrorResponse(employee.error(), request.request_id);
        }
        return Json200(EmployeeJson(*employee));
      },
      /*blocking=*/true);

  router.Add(
      Method::kPut, "/api/v1/stores/{id}/employees/{employee_id}",
      [&staffing](const Request& request) {
        auto store = ParseStoreId(request.Param("id"), "id");
        if (!store) {
          return ErrorResponse(store.error(), request.request_id);
        }
        auto body = JsonObjectBody(request);
        if (!body) {
          return ErrorResponse(body.error(), request.request_id);
        }
        auto employee = ParseEmployee(*body, *store, request.Param("employee_id"));
        if (!employee) {
          return ErrorResponse(employee.error(), request.request_id);
        }
        auto updated = staffing.UpdateEmployee(std::move(*employee));
        if (!updated) {
          return ErrorResponse(updated.error(), request.request_id);
        }
        return Json200(EmployeeJson(*updated));
      },
      /*blocking=*/true);

  router.Add(
      Method::kDelete, "/api/v1/stores/{id}/employees/{employee_id}",
      [&staffing](const Request& request) {
        auto store = ParseStoreId(request.Param("id"), "id");
        if (!store) {
          return ErrorResponse(store.error(), request.request_id);
        }
        return Answer(
            staffing.DeleteEmployee(*store, core::EmployeeId{request.Param("employee_id")}),
            request);
      },
      /*blocking=*/true);
}

}  // namespace storeops::api::internal
