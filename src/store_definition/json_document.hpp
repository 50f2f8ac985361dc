// SPDX-License-Identifier: Apache-2.0
// JSON text to a nlohmann DOM, with the guards the stock parser lacks: a nesting limit and a string
// length limit checked on the raw text first, duplicate keys reported (the stock DOM silently
// keeps the last), and every failure turned into a problem with a byte offset or a path instead
// of an exception.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "problems.hpp"

namespace storeops::store_definition::internal {

/// Deeper than any store definition needs (5 levels), shallow enough that code walking the DOM
/// recursively can never exhaust the stack.
inline constexpr size_t kMaxNestingDepth = 64;

/// The document, or empty when the text is not JSON (one problem, field ""), is nested too deeply
/// (field "") or holds a string longer than kMaxStringBytes (field = its path). Duplicate keys add
/// a problem each (field = the key's path) but still yield a document, so the caller can report
/// other problems in the same pass.
[[nodiscard]] std::optional<nlohmann::json> ParseJsonDocument(std::string_view text,
                                                              Problems& problems);

}  // namespace storeops::store_definition::internal
