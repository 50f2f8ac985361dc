// SPDX-License-Identifier: Apache-2.0
// Store definitions as JSON (format in docs/STORE_FORMAT.md): parse with precise errors that name
// each bad field by its JSON path, validate the definition as a whole, and write it back.
// Every function here is pure (no shared state), so all are safe to call concurrently.
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
/// found (up to 100), each with its JSON path ("zones[3].area_m2") and the reason. Problems with
/// the document as a whole (not JSON, over 64 MiB, nested too deeply) have the field "".
/// kInternal only if the JSON library fails in a way it should not. Never throws except
/// std::bad_alloc.
[[nodiscard]] core::Result<core::Store> ParseStoreJson(std::string_view json_text);

/// Reads and parses a store definition file. kNotFound when the file cannot be read (the message
/// names the path); otherwise the errors of ParseStoreJson, unchanged, so the caller adds the path
/// once. A file over 64 MiB is rejected before it is read.
[[nodiscard]] core::Result<core::Store> ReadStoreFile(const std::string& path);

/// Checks a definition as a whole: unique ids, references that resolve (adjacency, departments,
/// categories, home zones, lane zones), positive areas and distances, sane opening hours, a known
/// IANA time zone, at least one entrance, every zone reachable from one, size limits. Errors as in
/// ParseStoreJson; fields are the JSON paths the values would have in WriteStoreJson's output.
[[nodiscard]] core::Status ValidateStore(const core::Store& store);

/// The JSON text of a definition; ParseStoreJson(WriteStoreJson(s)) == s for any valid s. Keys in
/// the documented order, so output is byte-for-byte stable; `pretty` indents by 2 spaces. Never
/// fails: an invalid store is still written (invalid UTF-8 replaced), for ValidateStore to reject.
[[nodiscard]] std::string WriteStoreJson(const core::Store& store, bool pretty = false);

}  // namespace storeops::store_definition
