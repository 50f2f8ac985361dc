// SPDX-License-Identifier: Apache-2.0
// STOREOPS_ASSERT(cond, "why") guards invariants that only a bug can break. It aborts with the
// file, line and reason in every build type. User input must never be able to trigger it: bad input
// is a core::Result error instead.
#pragma once

namespace storeops::core::internal {

[[noreturn]] void AssertionFailed(const char* condition, const char* why, const char* file,
                                  int line);

}  // namespace storeops::core::internal

#define STOREOPS_ASSERT(condition, why)                                                 \
  do {                                                                                  \
    if (!(condition)) [[unlikely]] {                                                    \
      ::storeops::core::internal::AssertionFailed(#condition, why, __FILE__, __LINE__); \
    }                                                                                   \
  } while (false)
