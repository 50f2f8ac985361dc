// SPDX-License-Identifier: Apache-2.0
// Errors as values. Every expected failure (bad input, not found, conflict, database down) is
// returned as `core::Result<T>`; bugs use STOREOPS_ASSERT instead (storeops/core/assert.hpp).
//
//   core::Result<Store> LoadStore(const StoreId& id) {
//     if (!Exists(id)) return core::Fail(ErrorCode::kNotFound, "store 'x' does not exist");
//     ...
//   }
//
// Only the part of tl::expected that std::expected shares is used, so C++23 is a one-line change.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace storeops::core {

/// The canonical error codes (same rule as absl::StatusCode: use the most specific one).
/// api/error_mapping.cpp is the only place that turns them into HTTP statuses.
enum class ErrorCode {
  kInvalidArgument,     ///< The caller's input is wrong; retrying the same input fails again.
  kNotFound,            ///< The named thing does not exist.
  kAlreadyExists,       ///< Creating something that exists.
  kFailedPrecondition,  ///< The system is not in a state that allows the call (e.g. conflict).
  kUnavailable,         ///< A dependency (database, broker) cannot be reached; retry may help.
  kDeadlineExceeded,    ///< The work did not finish in its time budget.
  kCancelled,           ///< The caller gave up (client went away, shutdown).
  kInternal,            ///< A bug or an unexpected failure of a third-party library.
};

/// One problem with one field of the input, e.g. {"zones[3].area_m2", "must be positive"}.
struct FieldError {
  std::string field;
  std::string reason;

  friend bool operator==(const FieldError&, const FieldError&) = default;
};

/// An expected failure: a code, a message for people and, for bad input, each offending field.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldError> details;
};

template <class T>
using Result = tl::expected<T, Error>;

using Status = Result<void>;

/// The stable upper-case name of a code, as it appears in API error bodies ("NOT_FOUND").
[[nodiscard]] std::string_view ErrorCodeName(ErrorCode code);

/// Builds the unexpected value of any Result: `return core::Fail(ErrorCode::kNotFound, "...");`
[[nodiscard]] inline tl::unexpected<Error> Fail(ErrorCode code, std::string message,
                                                std::vector<FieldError> details = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(details)});
}

/// Propagates an error from one Result type into another unchanged.
[[nodiscard]] inline tl::unexpected<Error> Fail(Error error) {
  return tl::unexpected<Error>(std::move(error));
}

/// The success value of a `Status`.
[[nodiscard]] inline Status Ok() { return {}; }

}  // namespace storeops::core
