// SPDX-License-Identifier: Apache-2.0
#include "storeops/core/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace storeops::core::internal {

void AssertionFailed(const char* condition, const char* why, const char* file, int line) {
  // stderr and abort rather than the logger: the process state is already suspect.
  std::fprintf(stderr, "storeops: assertion failed at %s:%d: %s (%s)\n", file, line, condition,
               why);
  std::fflush(stderr);
  std::abort();
}

}  // namespace storeops::core::internal
