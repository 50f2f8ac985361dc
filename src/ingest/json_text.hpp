// SPDX-License-Identifier: Apache-2.0
// Writing JSON text by hand on the hot paths of this library (dead-letter payloads, CSV rows):
// cheaper than building a document, and the inputs are flat.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>

namespace storeops::ingest::internal {

/// Appends `text` as a JSON string literal. Bytes are copied as they are, so invalid UTF-8 stays
/// invalid and the JSON parser refuses it with its own precise reason.
inline void AppendJsonString(std::string_view text, std::string& out) {
  out.push_back('"');
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20) {
      out += fmt::format("\\u{:04x}", byte);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

}  // namespace storeops::ingest::internal
