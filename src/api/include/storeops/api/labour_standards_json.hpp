// SPDX-License-Identifier: Apache-2.0
// The labour standards document (docs/openapi.json, LabourStandards and LabourStandardsInput;
// docs/STAFFING.md, "Labour standards") as text, so the command line reads and prints exactly
// what `GET/PUT /api/v1/stores/{id}/labour-standards` do:
//
//   auto input = api::ParseLabourStandardsDocument(file_text, core::StoreId{"store_001"});
//   auto standards = staffing.SetLabourStandards(*input);  // the service checks the values
//   std::puts(api::LabourStandardsDocument(*standards).c_str());
#pragma once

#include <string>
#include <string_view>

#include "storeops/core/ids.hpp"
#include "storeops/core/result.hpp"
#include "storeops/service/staffing_service.hpp"

namespace storeops::api {

/// A PUT body (`{"shrinkage","departments":[{"department","aht_seconds",...}]}`) for `store`.
/// Checks JSON types only (the values are StaffingService::SetLabourStandards' to check);
/// unknown keys are ignored. kInvalidArgument naming "body" when the text is not a JSON
/// object, else one detail per bad field ("departments[0].aht_seconds": "must be a number").
[[nodiscard]] core::Result<service::LabourStandardsInput> ParseLabourStandardsDocument(
    std::string_view json_text, const core::StoreId& store);

/// The standards in effect as the GET answers them (one line of JSON, no newline).
[[nodiscard]] std::string LabourStandardsDocument(const service::LabourStandards& standards);

}  // namespace storeops::api
