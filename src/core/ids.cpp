// SPDX-License-Identifier: Apache-2.0
#include "storeops/core/ids.hpp"

namespace storeops::core {

bool IsValidIdText(std::string_view text) {
  if (text.empty() || text.size() > 64 || text.front() == '.') {
    return false;
  }
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace storeops::core
