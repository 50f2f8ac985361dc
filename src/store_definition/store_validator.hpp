// SPDX-License-Identifier: Apache-2.0
// The whole-definition rules behind ValidateStore: ids, references, geometry, hours, limits and
// reachability from an entrance.
#pragma once

#include "storeops/core/store.hpp"

#include "problems.hpp"

namespace storeops::store_definition::internal {

/// Adds one problem per broken rule; paths name the JSON field the value came from.
void ValidateInto(const core::Store& store, Problems& problems);

}  // namespace storeops::store_definition::internal
