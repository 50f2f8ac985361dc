// SPDX-License-Identifier: Apache-2.0
// The only place that turns error codes into HTTP statuses and error bodies (STYLE.md 4.2).
#include "error_mapping.hpp"

#include <string>

#include <nlohmann/json.hpp>

namespace storeops::api {

int HttpStatusFor(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kInvalidArgument:
      return 400;
    case core::ErrorCode::kNotFound:
      return 404;
    case core::ErrorCode::kAlreadyExists:
    case core::ErrorCode::kFailedPrecondition:
      return 409;
    case core::ErrorCode::kUnavailable:
      return 503;
    case core::ErrorCode::kDeadlineExceeded:
      return 504;
    case core::ErrorCode::kCancelled:
      return 499;
    case core::ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response JsonResponse(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

Response ErrorResponse(const core::Error& error, std::string_view request_id) {
  return internal::ProtocolErrorResponse(HttpStatusFor(error.code), core::ErrorCodeName(error.code),
                                         error.message, request_id, error.details);
}

namespace internal {

Response ProtocolErrorResponse(int status, std::string_view code_name, std::string_view message,
                               std::string_view request_id,
                               const std::vector<core::FieldError>& details) {
  nlohmann::ordered_json detail_list = nlohmann::ordered_json::array();
  for (const auto& detail : details) {
    detail_list.push_back({{"field", detail.field}, {"reason", detail.reason}});
  }
  nlohmann::ordered_json error = {
      {"code", code_name}, {"message", message}, {"details", std::move(detail_list)}};
  if (!request_id.empty()) {
    error["request_id"] = request_id;
  }
  // Replacement of invalid UTF-8 matters: messages may quote the caller's bad input.
  return JsonResponse(status, nlohmann::ordered_json{{"error", std::move(error)}}.dump(
                                  -1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace internal
}  // namespace storeops::api
