// SPDX-License-Identifier: Apache-2.0
// Private: the one way this library reports bad input, so every message names its first field.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "storeops/core/result.hpp"

namespace storeops::staffing::internal {

/// kInvalidArgument "<what>: <first field> <reason>" carrying every problem as a FieldError.
/// The message is built before `problems` is moved: argument evaluation order is unspecified.
[[nodiscard]] inline core::Error InvalidInput(const std::string& what,
                                              std::vector<core::FieldError> problems) {
  std::string message = what + ": " + problems.front().field + " " + problems.front().reason;
  if (problems.size() > 1) {
    message += " (and " + std::to_string(problems.size() - 1) + " more)";
  }
  return core::Error{core::ErrorCode::kInvalidArgument, std::move(message), std::move(problems)};
}

}  // namespace storeops::staffing::internal
