// SPDX-License-Identifier: Apache-2.0
#include "problems.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

namespace storeops::store_definition::internal {
namespace {

// The message is read in logs and toasts; the full list is in the details.
constexpr size_t kProblemsInMessage = 3;

}  // namespace

void Problems::Add(std::string field, std::string reason) {
  ++total_;
  if (details_.size() < kMaxReportedProblems) {
    details_.push_back(core::FieldError{std::move(field), std::move(reason)});
  }
}

core::Error Problems::ToError() const {
  std::string message =
      fmt::format("store definition has {} problem{}: ", total_, total_ == 1 ? "" : "s");
  const size_t shown = std::min(details_.size(), kProblemsInMessage);
  for (size_t i = 0; i < shown; ++i) {
    const auto& detail = details_[i];
    if (i > 0) {
      message += "; ";
    }
    message += detail.field.empty() ? detail.reason : detail.field + ": " + detail.reason;
  }
  if (total_ > shown) {
    message += "; ...";
  }
  std::vector<core::FieldError> details = details_;
  if (total_ > details_.size()) {
    const size_t more = total_ - details_.size();
    details.push_back(core::FieldError{
        "", fmt::format("{} more problem{} not shown", more, more == 1 ? "" : "s")});
  }
  return core::Error{core::ErrorCode::kInvalidArgument, std::move(message), std::move(details)};
}

std::string Member(std::string_view parent, std::string_view key) {
  if (parent.empty()) {
    return std::string(key);
  }
  return fmt::format("{}.{}", parent, key);
}

std::string Element(std::string_view parent, size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

}  // namespace storeops::store_definition::internal
