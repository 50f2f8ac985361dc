// SPDX-License-Identifier: Apache-2.0
// The labour standards document in JSON: the PUT body into the service's input (JSON types here,
// values in StaffingService) and the standards in effect out, for routes_staffing.cpp and, as
// text, for the command line (storeops/api/labour_standards_json.hpp).
#include "staffing_json.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "storeops/api/labour_standards_json.hpp"

#include "field_errors.hpp"
#include "request_parsing.hpp"

namespace storeops::api {
namespace internal {

using nlohmann::json;
using nlohmann::ordered_json;

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

}  // namespace internal

core::Result<service::LabourStandardsInput> ParseLabourStandardsDocument(
    std::string_view json_text, const core::StoreId& store) {
  auto body = internal::JsonObjectText(json_text);
  if (!body) {
    return core::Fail(body.error());
  }
  return internal::ParseLabourStandards(*body, store);
}

std::string LabourStandardsDocument(const service::LabourStandards& standards) {
  return internal::LabourStandardsJson(standards).dump();
}

}  // namespace storeops::api
