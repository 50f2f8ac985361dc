// SPDX-License-Identifier: Apache-2.0
// The structural half of parsing: JSON DOM to core::Store, checking types, required fields,
// unknown keys and value syntax (enums, "HH:MM", money). Cross-field rules live in the validator.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "storeops/core/store.hpp"

#include "problems.hpp"

namespace storeops::store_definition::internal {

/// The store described by `document`. Every problem found is added to `problems`; when there is
/// any, the returned store is incomplete and must not be used.
[[nodiscard]] core::Store ReadStore(const nlohmann::json& document, Problems& problems);

/// The area centroid of a polygon (the vertex mean when it has no area), used when a zone gives
/// no "centre".
[[nodiscard]] core::Point PolygonCentroid(const std::vector<core::Point>& polygon);

}  // namespace storeops::store_definition::internal
