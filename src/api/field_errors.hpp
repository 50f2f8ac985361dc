// SPDX-License-Identifier: Apache-2.0
// Private: the kInvalidArgument errors route files answer bad input with, naming each bad field
// in `details` (the client fixes them all in one round).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "storeops/core/result.hpp"

namespace storeops::api::internal {

/// One bad field: "field reason" as the message, {field, reason} as the one detail.
[[nodiscard]] inline core::Error BadField(std::string field, std::string reason) {
  return {
      core::ErrorCode::kInvalidArgument, fmt::format("{} {}", field, reason), {{field, reason}}};
}

/// Collects every bad field of one document. The error's message names the first ("field:
/// reason (and N more)"); its details list them all, in the order added.
class FieldErrors {
 public:
  void Add(std::string field, std::string reason) {
    details_.push_back({std::move(field), std::move(reason)});
  }

  [[nodiscard]] bool empty() const { return details_.empty(); }

  /// Precondition: !empty().
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

}  // namespace storeops::api::internal
