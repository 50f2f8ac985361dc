// SPDX-License-Identifier: Apache-2.0
#include "request_parsing.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "static_files.hpp"

namespace storeops::api::internal {
namespace {

// Query values use '+' for a space (HTML forms); the %XX escapes are the path's.
core::Result<std::string> DecodeQueryValue(std::string_view text, std::string_view name) {
  std::string plus_as_space(text);
  std::replace(plus_as_space.begin(), plus_as_space.end(), '+', ' ');
  std::string out;
  if (!PercentDecode(plus_as_space, out)) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("query parameter {} has a malformed %-escape", name),
                      {{std::string(name), "malformed %-escape"}});
  }
  return out;
}

}  // namespace

core::Result<std::optional<std::string>> QueryParam(std::string_view query, std::string_view name) {
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) {
      end = query.size();
    }
    const std::string_view pair = query.substr(start, end - start);
    if (pair.starts_with(name) && (pair.size() == name.size() || pair[name.size()] == '=')) {
      auto value = DecodeQueryValue(pair.substr(std::min(pair.size(), name.size() + 1)), name);
      if (!value) {
        return core::Fail(value.error());
      }
      return std::optional<std::string>(std::move(*value));
    }
    start = end + 1;
  }
  return std::optional<std::string>();
}

core::Result<std::optional<int64_t>> QueryInteger(std::string_view query, std::string_view name) {
  auto text = QueryParam(query, name);
  if (!text) {
    return core::Fail(text.error());
  }
  if (!*text) {
    return std::optional<int64_t>();
  }
  const std::string& digits = **text;
  int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size()) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("query parameter {} must be a whole number", name),
                      {{std::string(name), "must be a whole number"}});
  }
  return std::optional<int64_t>(value);
}

bool IsJsonContentType(std::string_view content_type) {
  const bool json_suffix =
      content_type.starts_with("application/") && content_type.find("+json") != std::string::npos;
  return content_type.empty() || content_type.starts_with("application/json") || json_suffix;
}

core::Result<nlohmann::json> JsonObjectBody(const Request& request) {
  if (!IsJsonContentType(request.content_type)) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("body must be application/json, got '{}'", request.content_type),
                      {{"Content-Type", "must be application/json"}});
  }
  return JsonObjectText(request.body);
}

core::Result<nlohmann::json> JsonObjectText(std::string_view text) {
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("body is not valid JSON (byte {})", e.byte),
                      {{"body", "not valid JSON"}});
  }
  if (!body.is_object()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "body must be a JSON object",
                      {{"body", "must be a JSON object"}});
  }
  return body;
}

core::Result<core::StoreId> ParseStoreId(std::string_view text, std::string_view field) {
  if (!core::IsValidIdText(text)) {
    return core::Fail(
        core::ErrorCode::kInvalidArgument, fmt::format("'{}' is not a store id", text),
        {{std::string(field), "1-64 characters of A-Z a-z 0-9 . _ - not starting with '.'"}});
  }
  return core::StoreId{text};
}

core::Result<core::StoreId> RequiredStoreIdQuery(const Request& request) {
  auto text = QueryParam(request.query, "store_id");
  if (!text) {
    return core::Fail(text.error());
  }
  if (!*text) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "store_id is required",
                      {{"store_id", "is required"}});
  }
  return ParseStoreId(**text, "store_id");
}

}  // namespace storeops::api::internal
