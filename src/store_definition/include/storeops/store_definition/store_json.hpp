// SPDX-License-Identifier: Apache-2.0
// Store definitions as JSON (format in docs/STORE_FORMAT.md): parse with precise errors that name
// each bad field by its JSON path, validate the definition as a whole, and write it back.
//
//   auto store = store_definition::ParseStoreJson(text);
//   if (!store) for (auto& d : store.error().details) std::cerr << d.field << ": " << d.reason;
//   std::string json = store_definition::WriteStoreJson(*store);
#pragma once

#include <string>
#include <string_view>

#include "storeops/core/result.hpp"
#include "storeops/core/store.hpp"

namespace storeops::store_definition {

/// Parses and validates a store definition. kInvalidArgument when the text is not JSON, a field
/// has the wrong type or value, or the definition is inconsistent; `details` lists every problem
/// found (up to 100), each with its JSON path ("zones[3].area_m2") and the reason.
[[nodiscard]] core::Result<core::Store> ParseStoreJson(std::string_view json_text);

/// Reads and parses a store definition file. kNotFound when the file cannot be read.
[[nodiscard]] core::Result<core::Store> ReadStoreFile(const std::string& path);

/// Checks a definition as a whole: unique ids, references that resolve (adjacency, departments,
/// categories, home zones, lane zones), positive areas and distances, sane opening hours, a known
/// IANA time zone, at least one entrance. Errors as in ParseStoreJson.
[[nodiscard]] core::Status ValidateStore(const core::Store& store);

/// The JSON text of a definition; ParseStoreJson(WriteStoreJson(s)) == s for any valid s.
[[nodiscard]] std::string WriteStoreJson(const core::Store& store, bool pretty = false);

}  // namespace storeops::store_definition
