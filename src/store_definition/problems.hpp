// SPDX-License-Identifier: Apache-2.0
// Collects every problem found in a definition so one round trip shows the author all of them,
// while keeping the error itself bounded (the first 100 in full, then a count).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "storeops/core/result.hpp"

namespace storeops::store_definition::internal {

inline constexpr size_t kMaxReportedProblems = 100;

class Problems {
 public:
  void Add(std::string field, std::string reason);

  /// True once further details would only be counted; lets callers skip costly reasons.
  [[nodiscard]] bool Full() const { return details_.size() >= kMaxReportedProblems; }

  [[nodiscard]] bool Empty() const { return total_ == 0; }

  [[nodiscard]] size_t Count() const { return total_; }

  /// kInvalidArgument with a one-line summary and the details (plus "N more" past the cap).
  [[nodiscard]] core::Error ToError() const;

 private:
  std::vector<core::FieldError> details_;
  size_t total_ = 0;
};

/// JSON paths as they appear in FieldError::field: Member("zones[3]", "area_m2") is
/// "zones[3].area_m2"; Member("", "name") is "name"; Element("zones", 3) is "zones[3]".
[[nodiscard]] std::string Member(std::string_view parent, std::string_view key);
[[nodiscard]] std::string Element(std::string_view parent, size_t index);

}  // namespace storeops::store_definition::internal
