// SPDX-License-Identifier: Apache-2.0
// Private: reading what a client sent — query parameters, JSON bodies, ids — with errors that
// name the bad field, shared by every route file so each answers bad input the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "storeops/api/router.hpp"
#include "storeops/core/ids.hpp"
#include "storeops/core/result.hpp"

namespace storeops::api::internal {

/// The percent-decoded value ('+' is a space) of `name` in a raw query string; nullopt when the
/// parameter is absent. kInvalidArgument naming it for malformed percent escapes.
[[nodiscard]] core::Result<std::optional<std::string>> QueryParam(std::string_view query,
                                                                  std::string_view name);

/// `name` as a whole number; nullopt when absent; kInvalidArgument naming it otherwise.
[[nodiscard]] core::Result<std::optional<int64_t>> QueryInteger(std::string_view query,
                                                                std::string_view name);

/// application/json, application/*+json, or no Content-Type at all.
[[nodiscard]] bool IsJsonContentType(std::string_view content_type);

/// The request body as a JSON object. kInvalidArgument naming "Content-Type" or "body" (with the
/// parser's position) otherwise.
[[nodiscard]] core::Result<nlohmann::json> JsonObjectBody(const Request& request);

/// `text` as a JSON object, with JsonObjectBody's errors naming "body" (a request body or a file
/// holding one).
[[nodiscard]] core::Result<nlohmann::json> JsonObjectText(std::string_view text);

/// A store id from a path or query value; kInvalidArgument naming `field` when it is malformed.
[[nodiscard]] core::Result<core::StoreId> ParseStoreId(std::string_view text,
                                                       std::string_view field);

/// The required `store_id` query parameter; kInvalidArgument naming "store_id" when it is
/// absent or malformed.
[[nodiscard]] core::Result<core::StoreId> RequiredStoreIdQuery(const Request& request);

}  // namespace storeops::api::internal
