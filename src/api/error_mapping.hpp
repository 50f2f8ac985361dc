// SPDX-License-Identifier: Apache-2.0
// Private: error bodies for failures that have no core::ErrorCode of their own (405, 413, 431).
#pragma once

#include <string_view>
#include <vector>

#include "storeops/api/router.hpp"

namespace storeops::api::internal {

/// {"error":{"code":code_name,"message":...,"details":[...],"request_id":...}} with `status`.
[[nodiscard]] Response ProtocolErrorResponse(int status, std::string_view code_name,
                                             std::string_view message, std::string_view request_id,
                                             const std::vector<core::FieldError>& details = {});

}  // namespace storeops::api::internal
