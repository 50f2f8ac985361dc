// SPDX-License-Identifier: Apache-2.0
// Private: the labour standards document in JSON (staffing_json.cpp), used by the
// routes in routes_staffing.cpp; the command line gets it as text through
// storeops/api/labour_standards_json.hpp.
#pragma once

#include <nlohmann/json.hpp>

#include "storeops/core/ids.hpp"
#include "storeops/core/result.hpp"
#include "storeops/service/staffing_service.hpp"

namespace storeops::api::internal {

/// A PUT body (docs/openapi.json, LabourStandardsInput) into the service's input. Checks JSON
/// types only; kInvalidArgument with one detail per bad field. Unknown keys are ignored.
[[nodiscard]] core::Result<service::LabourStandardsInput> ParseLabourStandards(
    const nlohmann::json& body, const core::StoreId& store);

/// The standards in effect (docs/openapi.json, LabourStandards).
[[nodiscard]] nlohmann::ordered_json LabourStandardsJson(const service::LabourStandards& standards);

}  // namespace storeops::api::internal
