// SPDX-License-Identifier: Apache-2.0
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "storeops/core/time.hpp"

#include "request_parsing.hpp"
#include "routes.hpp"

namespace storeops::api::internal {
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
