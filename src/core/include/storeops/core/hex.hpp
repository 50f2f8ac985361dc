// SPDX-License-Identifier: Apache-2.0
// Hexadecimal digits, shared by URL percent-decoding (api/) and key and token text (privacy/).
//
//   int value = core::HexDigitValue('b');   // 11; -1 for anything that is not a hex digit
#pragma once

namespace storeops::core {

/// The value 0-15 of a hexadecimal digit in either case, or -1 for any other character.
[[nodiscard]] constexpr int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

}  // namespace storeops::core
