// SPDX-License-Identifier: Apache-2.0
#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "storeops/core/time.hpp"

#include "routes.hpp"

namespace storeops::api::internal {
namespace {

// Reads `name=value` from a raw query string as a whole number; empty when absent.
core::Result<std::optional<int64_t>> QueryInteger(std::string_view query, std::string_view name) {
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) {
      end = query.size();
    }
    std::string_view pair = query.substr(start, end - start);
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=') {
      std::string_view text = pair.substr(name.size() + 1);
      int64_t value = 0;
      const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc() || ptr != text.data() + text.size()) {
        return core::Fail(core::ErrorCode::kInvalidArgument,
                          fmt::format("query parameter {} must be a whole number", name),
                          {{std::string(name), "must be a whole number"}});
      }
      return std::optional<int64_t>(value);
    }
    start = end + 1;
  }
  return std::optional<int64_t>();
}

}  // namespace

void AddEventRoutes(Router& router, service::IngestService& ingest) {
  // Blocking: the reply waits until the batch is durable (group commit).
  router.Add(
      Method::kPost, "/api/v1/events",
      [&ingest](const Request& request) {
        auto reply = ingest.Ingest(request.body, "http");
        if (!reply) {
          return ErrorResponse(reply.error(), request.request_id);
        }
        nlohmann::ordered_json rejected = nlohmann::ordered_json::array();
        for (const auto& rejection : reply->rejected) {
          rejected.push_back({{"index", rejection.index},
                              {"field", rejection.field},
                              {"reason", rejection.reason}});
        }
        return JsonResponse(
            200,
            nlohmann::ordered_json{{"accepted", reply->accepted}, {"rejected", std::move(rejected)}}
                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      },
      /*blocking=*/true);

  router.Add(
      Method::kGet, "/api/v1/dead-letter",
      [&ingest](const Request& request) {
        auto limit = QueryInteger(request.query, "limit");
        auto before = QueryInteger(request.query, "before");
        if (!limit || !before) {
          return ErrorResponse(!limit ? limit.error() : before.error(), request.request_id);
        }
        auto letters = ingest.ListDeadLetters(limit->value_or(100), *before);
        if (!letters) {
          return ErrorResponse(letters.error(), request.request_id);
        }
        nlohmann::ordered_json items = nlohmann::ordered_json::array();
        for (const auto& letter : *letters) {
          items.push_back({{"id", letter.id},
                           {"received_at", core::FormatRfc3339(letter.received_at)},
                           {"source", letter.source},
                           {"index", letter.index},
                           {"field", letter.field},
                           {"reason", letter.reason},
                           {"payload", letter.payload}});
        }
        nlohmann::ordered_json body = {{"dead_letters", std::move(items)}};
        if (!letters->empty()) {
          body["next_before"] = letters->back().id;
        }
        return JsonResponse(200,
                            body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      },
      /*blocking=*/true);
}

}  // namespace storeops::api::internal
